"""The GOV.UK components written once as template includes render the Design System's markup."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from sendcpp.tests.test_pdf import test_templates  # noqa: F401 (the fixture, by name)


def _render(source: str, **context: object) -> str:
    return " ".join(Template(source).render(Context(context)).split())


def test_tag_with_and_without_a_colour() -> None:
    assert _render('{% include "govuk/tag.html" with text="Overdue" colour="red" %}') == (
        '<strong class="govuk-tag govuk-tag--red">Overdue</strong>'
    )
    assert _render('{% include "govuk/tag.html" with text="Open" %}') == (
        '<strong class="govuk-tag">Open</strong>'
    )


def test_back_link_defaults_to_back() -> None:
    assert _render('{% include "govuk/back_link.html" with href="/cases/" %}') == (
        '<a href="/cases/" class="govuk-back-link">Back</a>'
    )


def test_warning_text_has_its_hidden_prefix_and_hidden_icon() -> None:
    html = _render('{% include "govuk/warning_text.html" with text="No exceptions" %}')
    assert '<span class="govuk-warning-text__icon" aria-hidden="true">!</span>' in html
    assert '<span class="govuk-visually-hidden">Warning</span> No exceptions' in html


def test_success_banner_is_an_alert_and_others_a_region() -> None:
    success = _render(
        '{% include "govuk/notification_banner.html" with text="Saved" level="success" number=2 %}'
    )
    assert 'class="govuk-notification-banner govuk-notification-banner--success" role="alert"' in (
        success
    )
    assert 'aria-labelledby="banner-title-2"' in success
    assert 'id="banner-title-2">Success</h2>' in success
    info = _render('{% include "govuk/notification_banner.html" with text="Note" level="info" %}')
    assert 'role="region"' in info
    assert ">Important</h2>" in info


def test_summary_row_with_and_without_a_change_link() -> None:
    plain = _render('{% include "govuk/summary_row.html" with key="Stage" value="" %}')
    assert "govuk-summary-list__row--no-actions" in plain
    assert '<dd class="govuk-summary-list__value">Not given</dd>' in plain
    linked = _render(
        '{% include "govuk/summary_row.html" with key="Coordinator" value="A Smith" href="/c/" %}'
    )
    assert "--no-actions" not in linked
    assert (
        '<a class="govuk-link" href="/c/">Change<span class="govuk-visually-hidden"> coordinator'
        "</span></a>"
    ) in linked


def test_table_heads_each_row_with_its_first_cell() -> None:
    html = _render(
        '{% include "govuk/table.html" with caption="Cases" head=head rows=rows %}',
        head=["Child", "Stage"],
        rows=[["Ann", "Request"]],
    )
    assert '<caption class="govuk-table__caption govuk-table__caption--m">Cases</caption>' in html
    assert '<th scope="col" class="govuk-table__header">Stage</th>' in html
    assert '<th scope="row" class="govuk-table__header">Ann</th>' in html
    assert '<td class="govuk-table__cell">Request</td>' in html


def test_task_list_links_a_startable_task_to_its_status() -> None:
    html = _render(
        '{% include "govuk/task_list.html" with tasks=tasks %}',
        tasks=[
            {"title": "Advice", "href": "/a/", "status": "Incomplete", "status_colour": "blue"},
            {"title": "Plan", "status": "Cannot start yet"},
        ],
    )
    assert 'aria-describedby="task-1-status"' in html
    assert '<strong class="govuk-tag">Incomplete</strong>' in html
    assert "govuk-task-list__status--cannot-start-yet" in html
    assert "<div>Plan</div>" in html


def test_button_group_with_a_cancel_link() -> None:
    html = _render(
        '{% include "govuk/button_group.html" with submit="Send" warning=True cancel_url="/x/" %}'
    )
    assert 'class="govuk-button govuk-button--warning"' in html
    assert '<a class="govuk-link" href="/x/">Cancel</a>' in html


def test_table_rows_from_a_row_template_under_numeric_columns() -> None:
    html = _render(
        "{% load govuk %}{% columns 'Panel' 'Cases' numeric=1 as head %}"
        '{% include "govuk/table.html" with caption="Panels" caption_class="" items=items '
        'row_template="row.html" empty_text="None yet." %}',
        items=[],
    )
    assert '<caption class="govuk-table__caption">Panels</caption>' in html
    assert '<th scope="col" class="govuk-table__header">Panel</th>' in html
    assert (
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Cases</th>'
        in (html)
    )
    assert '<td class="govuk-table__cell" colspan="2">None yet.</td>' in html


def test_numeric_columns_named_when_not_last() -> None:
    html = _render(
        "{% load govuk %}{% columns 'Date' 'Score' 'Outcome' numeric='Score' as head %}"
        '{% include "govuk/table.html" with caption="Screenings" items=items '
        'row_template="row.html" empty_text="None yet." %}',
        items=[],
    )
    assert '<th scope="col" class="govuk-table__header">Date</th>' in html
    assert (
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Score</th>'
        in html
    )
    assert '<th scope="col" class="govuk-table__header">Outcome</th>' in html


def test_a_hidden_heading_is_for_screen_readers_only() -> None:
    html = _render(
        "{% load govuk %}{% columns 'Account' 'Action' hidden='Action' as head %}"
        '{% include "govuk/table.html" with caption="People" items=items row_template="row.html" %}',
        items=[],
    )
    assert '<th scope="col" class="govuk-table__header">Account</th>' in html
    assert (
        '<th scope="col" class="govuk-table__header">'
        '<span class="govuk-visually-hidden">Action</span></th>'
    ) in html


def test_a_numeric_column_that_is_not_there_is_a_mistake() -> None:
    from sendcpp.web.tables import columns

    with pytest.raises(ValueError, match="No column is headed Scor"):
        columns("Date", "Score", numeric="Scor")


def test_a_caption_captured_from_several_parts_is_escaped_once() -> None:
    html = _render(
        "{% load govuk %}{% capture as caption %} {{ n }} account{{ n|pluralize }} of "
        "{{ who }} {% endcapture %}"
        '{% include "govuk/table.html" with caption=caption items=items row_template="row.html" %}',
        n=2,
        who="Tom & Jerry",
        items=[],
    )
    assert 'aria-label="2 accounts of Tom &amp; Jerry"' in html
    assert ">2 accounts of Tom &amp; Jerry</caption>" in html


@pytest.mark.usefixtures("test_templates")
def test_table_includes_the_row_template_once_per_item() -> None:
    entry = {"name": "Ann", "role": "Chair"}
    html = _render(
        '{% include "govuk/table.html" with head=head items=items '
        'row_template="sendcpp_tests/table_row.html" empty_text="None yet." %}',
        head=["Member", "Role"],
        items=[entry, entry],
    )
    assert html.count('<td class="govuk-table__cell">Ann</td>') == 2
    assert "None yet." not in html
    assert "<caption" not in html

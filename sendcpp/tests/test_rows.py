"""The rows of the hot lists, written in Python (``sendcpp.rows``): what each cell says,
escaped, for the lists of cases, the deadlines page and its counts by coordinator."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template

from sendcpp.calendar import due_text, short_date
from sendcpp.rows import case_rows, deadline_count_rows, deadline_rows
from sendcpp.tests.factories import CaseFactory

TODAY = date(2026, 12, 9)


def _cells(html: str) -> list[list[str]]:
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', html, re.S)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]


@pytest.mark.parametrize(
    ("day", "words"),
    [(date(2026, 12, 7), "7 Dec 2026"), (date(2027, 9, 30), "30 Sep 2027")],
)
def test_a_short_date_is_written_as_the_tables_write_dates(day, words):
    from django.template.defaultfilters import date as date_filter

    assert short_date(day) == words == date_filter(day, "j M Y")


@pytest.mark.parametrize(
    ("due", "words"),
    [
        (None, "No deadline"),
        (date(2026, 12, 9), "Due today"),
        (date(2026, 12, 10), "Due in 1 day"),
        (date(2026, 12, 12), "Due in 3 days"),
        (date(2026, 12, 8), "Overdue by 1 day"),
        (date(2026, 12, 1), "Overdue by 8 days"),
    ],
)
def test_due_text_counts_the_days_either_way(due, words):
    assert due_text(due, TODAY) == words


@pytest.mark.django_db
def test_each_row_links_the_child_and_says_the_stage_and_the_next_deadline():
    case = CaseFactory(
        child__legal_first_name="Zara",
        child__preferred_name="",
        child__legal_last_name="O'Brien <b>",
        next_due_on=date(2026, 12, 1),
        next_due_label="Decide whether to assess",
        created_at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC),  # 1 July in London (BST)
    )
    (row,) = _cells(case_rows([case], TODAY))
    link, reference, stage, opened, deadline = row
    assert link == (
        f'<a class="govuk-link" href="/cases/{case.public_id}/">Zara O&#x27;Brien &lt;b&gt;</a>'
    )
    assert reference == case.reference
    assert stage == case.get_stage_display()
    assert opened == "1 Jul 2026"
    assert deadline.startswith("Decide whether to assess<br>")
    assert '<span class="app-deadline--overdue">Overdue by 8 days</span>' in deadline
    assert "(1 Dec 2026)" in deadline


@pytest.mark.django_db
def test_a_deadline_not_yet_due_is_not_marked_overdue_and_none_is_said_so():
    later = CaseFactory(next_due_on=date(2026, 12, 16), next_due_label="Issue the draft plan")
    none = CaseFactory(next_due_on=None, next_due_label="")
    due, nothing = (row[-1] for row in _cells(case_rows([later, none], TODAY)))
    assert "<span>Due in 7 days</span>" in due
    assert "overdue" not in due
    assert nothing == "No open deadline"


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("{% due day today %}", '<span class="app-deadline--overdue">Overdue by 8 days</span>'),
        (
            "{% due day today small=True %}",
            '<span class="govuk-body-s app-deadline--overdue">Overdue by 8 days</span>',
        ),
        ("{% due later today small=True %}", '<span class="govuk-body-s">Due in 7 days</span>'),
        ("{% due later today %}", "<span>Due in 7 days</span>"),
        (
            "{% deadline_words title day today %}",
            "Name &lt;the&gt; school<br>"
            '<span class="app-deadline--overdue">Overdue by 8 days</span> '
            '<span class="govuk-body-s app-nowrap">(1 Dec 2026)</span>',
        ),
        ("{% deadline_words missing.title missing.due_on today %}", "No open deadline"),
    ],
)
def test_every_template_says_how_far_off_a_date_is_with_the_same_tags(source, html):
    # The same words and marking as the rows written in Python: the panels' case summary, the
    # deadline tables of the case page, mediation and partnerships all use these two tags.
    context = {
        "day": date(2026, 12, 1),
        "later": date(2026, 12, 16),
        "today": TODAY,
        "title": "Name <the> school",
    }
    assert Template(source).render(Context(context)) == html


@pytest.mark.django_db
def test_the_coordinator_column_and_the_checkbox_when_asked_for(world):
    mine = world.case
    nobody = CaseFactory(coordinator=None)
    html = case_rows([mine, nobody], TODAY, show_coordinator=True, choose="several-letters")
    first, second = _cells(html)
    assert first[4] == mine.coordinator.display_name
    assert second[4] == "Not assigned"
    assert (
        f'id="choose-{mine.public_id}" name="case" type="checkbox" value="{mine.public_id}" '
        'form="several-letters"'
    ) in first[0]
    assert f"Choose {mine.child.full_name}, {mine.reference}" in first[0]
    assert len(_cells(case_rows([mine], TODAY))[0]) == 5  # neither column unless asked


def test_no_cases_is_one_row_saying_so():
    assert _cells(case_rows([], TODAY)) == [["No cases match."]]


@pytest.mark.django_db
def test_the_caseload_page_shows_its_rows_through_the_table(world, client_for):
    html = client_for(world.coordinator).get("/").content.decode()
    assert f'href="/cases/{world.case.public_id}/"' in html
    assert world.case.reference in html
    assert "No cases match." not in html


@pytest.mark.django_db
def test_each_deadline_row_names_the_child_the_step_the_date_and_who_coordinates(world):
    from sendcpp.deadlines import RULES
    from sendcpp.models import Deadline

    deadline = Deadline.objects.create(
        case=world.case, rule=next(iter(RULES)), due_on=date(2026, 12, 7)
    )
    deadline = Deadline.objects.select_related("case__child", "case__coordinator").get(
        pk=deadline.pk
    )
    (row,) = _cells(deadline_rows([deadline], TODAY, when="overdue"))
    child, step, due, who = row
    assert child == (
        f'<a class="govuk-link" href="/cases/{world.case.public_id}/">'
        f"{world.case.child.full_name}</a>"
        f'<br><span class="govuk-body-s">{world.case.reference}</span>'
    )
    assert step.startswith(deadline.title)
    assert deadline.rule_info.legal_basis in step
    assert due == '7 Dec 2026<br><span class="app-deadline--overdue">Overdue by 2 days</span>'
    assert who == (
        f"{world.case.coordinator.display_name}"
        f'<br><span class="govuk-body-s">{world.case.team.name}</span>'
    )


def test_no_deadlines_says_nothing_is_due_in_the_words_of_the_tab():
    assert _cells(deadline_rows([], TODAY, when="overdue")) == [["Nothing overdue."]]
    assert _cells(deadline_rows([], TODAY, when="week")) == [["Nothing due in the next 7 days."]]


def test_the_counts_by_coordinator_name_them_and_right_align_the_numbers():
    counts = [
        {
            "case__team__name": "North & West",
            "case__coordinator__first_name": "Ann",
            "case__coordinator__last_name": "Lee",
            "overdue": 3,
            "this_week": 0,
        },
        {
            "case__team__name": "South",
            "case__coordinator__first_name": None,
            "case__coordinator__last_name": None,
            "overdue": 1,
            "this_week": 2,
        },
    ]
    html = deadline_count_rows(counts)
    assert _cells(html) == [
        ["North &amp; West", "Ann Lee", "3", "0"],
        ["South", "Not assigned", "1", "2"],
    ]
    assert html.count("govuk-table__cell--numeric") == 4


@pytest.mark.django_db
def test_an_audit_read_row_says_who_viewed_what_when_and_how(world, partner_keys):
    from sendcpp.models import AccessLog
    from sendcpp.rows import audit_read_rows

    at = datetime(2026, 7, 1, 8, 5, tzinfo=UTC)  # 09:05 in London (BST)
    by_person = AccessLog.objects.create(
        at=at,
        user=world.coordinator,
        child=world.case.child,
        case=world.case,
        what="document",
        item="Advice <from> the EP",
        route="sendcpp:document",
    )
    client, _key = partner_keys["la_reader"]
    by_key = AccessLog.objects.create(
        at=at, api_client=client, child=world.case.child, what="case list", via="api"
    )
    person, key = _cells(audit_read_rows([by_person, by_key]))
    assert person[0] == key[0] == "1 Jul 2026<br>09:05"
    assert person[1] == (
        f'<p class="govuk-body govuk-!-margin-bottom-1"><strong>'
        f"{world.coordinator.display_name}</strong> viewed document: Advice &lt;from&gt; the EP</p>"
        f'<p class="govuk-body-s govuk-!-margin-bottom-1">{world.case.child.full_name} '
        f"({world.case.reference})</p>"
        '<p class="govuk-body-s govuk-!-margin-bottom-0">Web page (sendcpp:document).</p>'
    )
    assert f"<strong>Partner system: {client.name}</strong> viewed case list</p>" in key[1]
    assert f">{world.case.child.full_name}</p>" in key[1]
    assert key[1].endswith('<p class="govuk-body-s govuk-!-margin-bottom-0">Partner API.</p>')
    assert _cells(audit_read_rows([])) == [["No records viewed match."]]


def test_an_audit_change_row_lists_each_field_old_and_new_and_who():
    from sendcpp.audit import ChangeRow
    from sendcpp.rows import audit_change_rows

    change = ChangeRow(
        at=datetime(2026, 12, 7, 14, 30, tzinfo=UTC),
        record="Case",
        action="changed",
        changes=[("Stage", "Request", "Assessment <now>"), ("Notes", "", "")],
        child=None,
        case=None,
        actor="Ann Lee",
        route="Web page",
        route_name="ehcp:decide",
    )
    ((when, what),) = _cells(audit_change_rows([change]))
    assert when == "7 Dec 2026<br>14:30"
    assert "<strong>Case changed</strong>" in what
    assert ">Not about a child</p>" in what
    assert (
        '<li>Stage: Request <span aria-hidden="true">→</span>'
        '<span class="govuk-visually-hidden"> changed to</span> Assessment &lt;now&gt;</li>'
    ) in what
    assert "<li>Notes changed</li>" in what
    assert what.endswith(">By Ann Lee. Web page (ehcp:decide).</p>")
    assert _cells(audit_change_rows([])) == [["No changes match."]]

"""The audit log's "changes" tab is read a page at a time by key, newest first, from an index on
each history table: no gaps or repeats across pages (even when many changes in several tables
share one moment, as they do in one transaction), back again, a tampered cursor gives the first
page, the page never counts, and the child, person and date filters give the same changes as the
full trail."""

from __future__ import annotations

import base64
import itertools
import json
import re
from datetime import date

import pytest
from django.db import connection

from sendcpp import audit
from sendcpp.models import Case, Child
from sendcpp.tests.factories import CaseFactory


def _key(row):
    return (row[0], row[1], row[2])


def _all_pages(manager, filters, per_page=7):
    """Every page, following "next" from the first: rows, and the cursors of each page."""
    pages = [audit.changes_page(manager, filters, per_page=per_page)]
    while pages[-1].next_cursor is not None:
        assert len(pages) < 100, "paging did not end"
        pages.append(
            audit.changes_page(manager, filters, after=pages[-1].next_cursor, per_page=per_page)
        )
    return pages


@pytest.fixture
def history(world):
    """Changes in several history tables, most at the same moment (one transaction)."""
    for n in range(24):
        Case.objects.filter(pk=world.case.pk).update(next_due_label=f"Label {n}")
    for n in range(5):
        Child.objects.filter(pk=world.case.child_id).update(legal_first_name=f"Name{n}")
    for n in range(4):
        Case.objects.filter(pk=world.other_case.pk).update(next_due_label=f"Other {n}")


def test_paging_by_key_gives_every_change_once_newest_first(world, history):
    filters = audit.AuditFilters()
    everything = list(audit.changes_for(world.manager, filters))
    pages = _all_pages(world.manager, filters)
    seen = [_key(row) for page in pages for row in page]
    assert len(seen) == len(everything) > 20
    assert len(set(seen)) == len(seen)  # no repeats
    assert set(seen) == {_key(row) for row in everything}  # no gaps
    # Newest first; ties on the moment broken by the kind of record, then its history id.
    assert seen == sorted(seen, reverse=True)
    assert len({row[1] for row in everything}) >= 2  # the test crosses tables at one moment
    assert all(len(page) == 7 for page in pages[:-1])
    assert pages[0].previous_cursor is None


def test_previous_gives_back_the_page_before(world, history):
    filters = audit.AuditFilters()
    pages = _all_pages(world.manager, filters)
    assert len(pages) >= 3
    for earlier, later in itertools.pairwise(pages):
        back = audit.changes_page(world.manager, filters, before=later.previous_cursor, per_page=7)
        assert [_key(r) for r in back] == [_key(r) for r in earlier]
    first_again = audit.changes_page(
        world.manager, filters, before=pages[1].previous_cursor, per_page=7
    )
    assert first_again.previous_cursor is None  # the first page has no "Previous"


def _cursor(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "%%%",
        _cursor(["2026-01-01T00:00:00+00:00", "sendcpp.NoSuchEvent", 1]),
        _cursor(["2026-01-01T00:00:00+00:00", "sendcpp.CaseHistory", 2**70]),
        _cursor(["2026-01-01T00:00:00", "sendcpp.CaseHistory", 1]),  # no time zone
        _cursor(["yesterday", "sendcpp.CaseHistory", 1]),
        _cursor(["2026-01-01T00:00:00+00:00", "sendcpp.CaseHistory", "1; DROP TABLE"]),
        _cursor({"at": 1}),
    ],
)
def test_a_tampered_cursor_gives_the_first_page(world, history, client_for, cursor):
    filters = audit.AuditFilters()
    first = [_key(r) for r in audit.changes_page(world.manager, filters, per_page=7)]
    assert [
        _key(r) for r in audit.changes_page(world.manager, filters, after=cursor, per_page=7)
    ] == first
    assert [
        _key(r) for r in audit.changes_page(world.manager, filters, before=cursor, per_page=7)
    ] == first
    response = client_for(world.manager).get("/audit/", {"tab": "changes", "after": cursor})
    assert response.status_code == 200


def _link(page: str, rel: str) -> str | None:
    found = re.search(rf'href="([^"]*)" rel="{rel}"', page)
    return found.group(1).replace("&amp;", "&") if found else None


def test_the_changes_tab_pages_by_key_and_keeps_its_filters(world, history, client_for):
    manager = client_for(world.manager)
    query = {"tab": "changes", "child": world.case.reference}
    first = manager.get("/audit/", query).text
    assert "Page 1 of" not in first  # never counted
    next_link = _link(first, "next")
    assert next_link is not None
    assert "after=" in next_link
    assert "tab=changes" in next_link
    assert f"child={world.case.reference}" in next_link
    second = manager.get("/audit/" + next_link).text
    assert "Changes, newest first" in second
    previous = _link(second, "prev")
    assert previous is not None
    assert "before=" in previous
    assert manager.get("/audit/" + previous).status_code == 200


def test_the_changes_page_is_one_query_for_the_rows_however_many_tables(
    world, history, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        page = audit.changes_page(world.manager, audit.AuditFilters(), per_page=7)
    assert len(page) == 7


@pytest.mark.parametrize("which", ["child", "user", "since", "until", "none"])
def test_the_filters_give_the_same_changes_as_the_whole_trail(world, history, client_for, which):
    # A change by a person through a page, so the person filter has something to find.
    client_for(world.coordinator).get(f"/cases/{world.case.public_id}/")
    Case.objects.filter(pk=world.case.pk).update(next_due_label="After")
    today = connection.cursor().connection.execute("SELECT current_date").fetchone()[0]
    filters = audit.AuditFilters(
        **{
            "child": {"child": world.case.child},
            "user": {"user": world.coordinator},
            "since": {"since": today},
            "until": {"until": date(2020, 1, 1)},
            "none": {},
        }[which]
    )
    expected = {_key(r) for r in audit.changes_for(world.manager, filters)}
    got = [_key(r) for page in _all_pages(world.manager, filters, per_page=5) for r in page]
    assert len(got) == len(set(got))
    assert set(got) == expected
    if which == "until":
        assert got == []
    if which == "child":
        assert expected
        assert all(r[4] == world.case.child_id for r in audit.changes_for(world.manager, filters))


def test_another_councils_changes_are_never_on_a_page(world, client_for):
    elsewhere = CaseFactory(team__local_authority=world.other_la_manager.organisation)
    Case.objects.filter(pk=elsewhere.pk).update(next_due_label="Theirs")
    rows = [r for page in _all_pages(world.manager, audit.AuditFilters(), per_page=3) for r in page]
    assert rows
    assert elsewhere.pk not in {r[5] for r in rows}
    assert elsewhere.child_id not in {r[4] for r in rows}
    # The same shape of query, compiled once, with the other council's own values in it.
    theirs = [
        r
        for page in _all_pages(world.other_la_manager, audit.AuditFilters(), per_page=3)
        for r in page
    ]
    assert elsewhere.pk in {r[5] for r in theirs}
    assert world.case.pk not in {r[5] for r in theirs}
    # And a child filter compiled for one child pages through that child only.
    for child in (world.case.child, world.other_case.child):
        filters = audit.AuditFilters(child=child)
        paged = [r for page in _all_pages(world.manager, filters, per_page=2) for r in page]
        assert paged
        assert {r[4] for r in paged} == {child.pk}


def test_the_person_filter_is_compiled_once_and_gives_each_person_their_own(world):
    # The person filter compares an id with a JSON value in the change's context: the shape is
    # kept, and each person's page has their own changes only.
    for person, label in ((world.coordinator, "Mine"), (world.teammate, "Theirs")):
        with audit.acting("test", actor=person):
            Case.objects.filter(pk=world.case.pk).update(next_due_label=label)
    la = world.manager.organisation_id
    seen = {}
    for person in (world.coordinator, world.teammate):
        filters = audit.AuditFilters(user=person)
        rows = [r for page in _all_pages(world.manager, filters, per_page=2) for r in page]
        assert rows
        assert audit._CHANGES.is_kept((None, False, 3), audit._change_values(la, filters, None))
        seen[person.pk] = {_key(r) for r in rows}
        assert seen[person.pk] == {_key(r) for r in audit.changes_for(world.manager, filters)}
    assert not seen[world.coordinator.pk] & seen[world.teammate.pk]


def test_every_history_table_has_its_newest_first_index(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexdef FROM pg_indexes")
        indexes = {}
        for table, definition in cursor.fetchall():
            indexes.setdefault(table, []).append(definition)
    for model in audit.event_models():
        table = model._meta.db_table
        assert any(
            f"{table}_newest" in d and "(pgh_created_at DESC, pgh_id DESC)" in d
            for d in indexes[table]
        ), table


def test_the_person_filter_lists_its_options_without_a_template_each(world, client_for):
    from sendcpp.audit_forms import AuditFilterForm
    from sendcpp.web.widgets import QuickSelect

    form = AuditFilterForm(manager=world.manager)
    assert isinstance(form.fields["person"].widget, QuickSelect)
    page = client_for(world.manager).get("/audit/", {"tab": "changes"}).text
    assert f'<option value="user:{world.coordinator.public_id}">' in page
    assert '<optgroup label="Staff">' in page

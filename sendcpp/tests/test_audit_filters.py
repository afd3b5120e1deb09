"""The audit page's filters on the records-viewed tab: by child, by person or partner key and by a
date range that includes both of its days; a bad date is a GOV.UK error that shows no rows and
logs nothing. And the indexes that let each filter read a page newest first."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from sendcpp import audit
from sendcpp.models import AccessLog

LONDON = ZoneInfo("Europe/London")


def _read(who, case, when: datetime, what: str = "case") -> None:
    with time_machine.travel(when, tick=False):
        audit.record_read(who, child_id=case.child_id, case=case, what=what)


def _date(prefix: str, day: int, month: int, year: int = 2026) -> dict[str, str]:
    return {f"{prefix}-day": str(day), f"{prefix}-month": str(month), f"{prefix}-year": str(year)}


def _rows(page: str) -> list[str]:
    """What each row of the records-viewed table says was viewed (its first line), in order."""
    if "<table" not in page:
        return []
    body = page.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    rows = [re.sub(r"\s+", " ", row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]
    return [row for row in rows if "No records viewed match." not in row]


@pytest.fixture
def reads(world, partner_keys):
    key, _secret = partner_keys["la_reader"]
    _read(world.coordinator, world.case, datetime(2026, 3, 1, 0, 5, tzinfo=LONDON), "plan")
    _read(world.teammate, world.case, datetime(2026, 3, 2, 23, 55, tzinfo=LONDON), "document")
    _read(world.coordinator, world.other_case, datetime(2026, 3, 3, 9, tzinfo=LONDON), "case")
    _read(key, world.case, datetime(2026, 3, 4, 9, tzinfo=LONDON), "child record")
    return key


def test_the_child_filter_shows_only_that_childs_reads(world, client_for, reads):
    page = client_for(world.manager).get("/audit/", {"child": world.case.reference})
    rows = _rows(page.content.decode())
    assert len(rows) == 3
    assert not any(world.other_case.reference in row for row in rows)


def test_the_child_filter_takes_the_childs_id_too(world, client_for, reads):
    page = client_for(world.manager).get(
        "/audit/", {"child": str(world.other_case.child.public_id)}
    )
    assert len(_rows(page.content.decode())) == 1


def test_the_person_filter_shows_only_their_reads(world, client_for, reads):
    manager = client_for(world.manager)
    rows = _rows(manager.get("/audit/", {"person": f"user:{world.teammate.public_id}"}).text)
    assert len(rows) == 1
    assert world.teammate.display_name in rows[0]
    rows = _rows(manager.get("/audit/", {"person": f"key:{reads.public_id}"}).text)
    assert len(rows) == 1
    assert "LA warehouse" in rows[0]


def test_the_date_range_includes_the_whole_of_both_days(world, client_for, reads):
    query = {**_date("date_from", 1, 3), **_date("date_to", 2, 3)}
    rows = _rows(client_for(world.manager).get("/audit/", query).text)
    # Five past midnight on the first day and five to midnight on the last, newest first.
    assert [world.teammate.display_name in r for r in rows] == [True, False]
    assert len(rows) == 2


def test_the_filters_combine(world, client_for, reads):
    query = {
        "child": world.case.reference,
        "person": f"user:{world.coordinator.public_id}",
        **_date("date_from", 1, 3),
    }
    rows = _rows(client_for(world.manager).get("/audit/", query).text)
    assert len(rows) == 1


@pytest.mark.parametrize(
    ("query", "message", "field"),
    [
        (_date("date_from", 30, 2), "Date from must be a real date", "date_from"),
        ({"date_to-day": "x", "date_to-month": "3", "date_to-year": "2026"}, None, "date_to"),
        ({**_date("date_from", 3, 3), **_date("date_to", 2, 3)}, "Date to must be", "date_to"),
    ],
    ids=["not-a-day", "not-a-number", "range-backwards"],
)
def test_a_bad_date_is_a_govuk_error_showing_nothing_and_logging_nothing(
    world, client_for, reads, query, message, field
):
    before = AccessLog.objects.count()
    response = client_for(world.manager).get("/audit/", {"child": world.case.reference, **query})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Audit log" in page
    assert 'class="govuk-error-summary"' in page
    assert f'href="#id_{field}' in page  # the summary links to the wrong box
    if message:
        assert message in page
    assert _rows(page) == []
    assert "No records viewed match." in page
    # Nothing is logged: an invalid form reads no child's trail.
    assert AccessLog.objects.count() == before
    # And the spreadsheet is refused the same way.
    export = client_for(world.manager).get("/audit/export/", {"tab": "reads", **query})
    assert "govuk-error-summary" in export.content.decode()
    assert AccessLog.objects.count() == before


def test_paging_links_keep_the_filters_and_tabs_drop_the_position(world, client_for):
    for hour in range(30):
        _read(world.coordinator, world.case, datetime(2026, 3, 1, hour % 24, tzinfo=LONDON))
    page = client_for(world.manager).get("/audit/", {"child": world.case.reference}).text
    assert f"child={world.case.reference}" in page.split('class="govuk-pagination"')[1]
    second = client_for(world.manager).get("/audit/", {"child": world.case.reference, "page": 2})
    tabs = second.text.split("Changes</a>")[0].rsplit("href=", 1)[1]
    assert "page=" not in tabs
    assert f"child={world.case.reference}" in tabs


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("accesslog_newest", ["at", "id"]),
        ("accesslog_child_newest", ["child_id", "at", "id"]),
        ("accesslog_user_newest", ["user_id", "at", "id"]),
        ("accesslog_client_newest", ["api_client_id", "at", "id"]),
    ],
)
def test_each_filter_has_an_index_read_newest_first(db, name, columns):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, AccessLog._meta.db_table)
    assert constraints[name]["columns"] == columns
    # The filter's own column, then the time and id the page is read by, newest first.
    assert constraints[name]["orders"][-2:] == ["DESC", "DESC"]


@pytest.mark.parametrize("key", ["user", "api_client", "org"])
def test_who_acted_in_the_row_history_is_indexed(db, key):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [f"pghistory_context_{key}"]
        )
        (definition,) = cursor.fetchone()
    assert f"(metadata -> '{key}'::text)" in definition


def _link(page: str, rel: str) -> str | None:
    found = re.search(rf'href="([^"]*)" rel="{rel}"', page)
    return found.group(1).replace("&amp;", "&") if found else None


def test_the_records_viewed_page_through_by_key_without_gaps_or_repeats(world, client_for):
    for n in range(30):
        _read(world.teammate, world.case, datetime(2026, 3, 1, 9, n, tzinfo=LONDON), f"doc {n:02}")
    manager = client_for(world.manager)
    person = {"person": f"user:{world.teammate.public_id}"}

    first = manager.get("/audit/", person).text
    first_rows = _rows(first)
    assert len(first_rows) == 25
    assert "doc 29" in first_rows[0]  # newest first
    next_link = _link(first, "next")
    assert next_link is not None
    assert "after=" in next_link
    assert "page=" not in next_link

    second = manager.get("/audit/" + next_link).text
    second_rows = _rows(second)
    assert [row.split("doc ")[1][:2] for row in first_rows + second_rows] == [
        f"{n:02}" for n in range(29, -1, -1)
    ]
    assert _link(second, "next") is None
    previous = _link(second, "prev")
    assert previous is not None
    assert _rows(manager.get("/audit/" + previous).text) == first_rows

    # A cursor that was tampered with shows the first page, not an error.
    assert _rows(manager.get("/audit/", {**person, "after": "not-a-cursor"}).text) == first_rows


def test_the_person_filter_offers_the_councils_staff_with_their_roles_and_its_keys(
    world, client_for, reads
):
    page = client_for(world.manager).get("/audit/").text
    teammate = f'value="user:{world.teammate.public_id}"'
    assert teammate in page
    option = page[page.index(teammate) :].split("</option>", 1)[0]
    assert f"{world.teammate.display_name} (EHCP coordinator)" in option
    assert f'value="key:{reads.public_id}"' in page
    assert "LA warehouse" in page
    # Nobody from another council is offered.
    assert str(world.other_la_manager.public_id) not in page
    # And the other council's manager, through the same compiled queries, is offered their own.
    theirs = client_for(world.other_la_manager).get("/audit/").text
    assert f'value="user:{world.other_la_manager.public_id}"' in theirs
    assert teammate not in theirs
    assert "LA warehouse" not in theirs


def test_the_reads_are_compiled_once_per_shape_with_each_councils_and_childs_values(world, reads):
    """The records viewed are paged through a query compiled once for the filters set: the
    other council's manager, and another child, come through the same shapes with their own
    values, and paging again builds no query."""
    from sendcpp.audit_views import READ_COLUMNS
    from sendcpp.shapes import ShapedQuery
    from sendcpp.web.paging import seek_page

    def read(manager, per_page=1, **chosen):
        query = audit.reads_query(manager, audit.AuditFilters(**chosen), columns=READ_COLUMNS)
        builds = [0]

        def build(given):
            builds[0] += 1
            return query.build(given)

        counted = ShapedQuery(query.shapes, query.shape, build, query.values)
        page = seek_page(counted, after=None, before=None, per_page=per_page)
        rows = list(page)
        while page.has_next():
            page = seek_page(counted, after=page.next_cursor, before=None, per_page=per_page)
            rows += list(page)
        return [row.what for row in rows], builds[0]

    everything = ["child record", "case", "document", "plan"]
    assert read(world.manager)[0] == everything
    assert read(world.manager) == (everything, 0)
    assert read(world.other_la_manager) == ([], 0)
    assert read(world.manager, child=world.case.child)[0] == ["child record", "document", "plan"]
    assert read(world.manager, child=world.other_case.child) == (["case"], 0)
    march = {"since": datetime(2026, 3, 2).date(), "until": datetime(2026, 3, 3).date()}
    assert read(world.manager, **march)[0] == ["case", "document"]
    assert read(world.manager, user=world.coordinator, **march)[0] == ["case"]
    assert read(world.manager, user=world.coordinator, **march) == (["case"], 0)
    # Only the columns asked for are read; the rest are loaded if touched.
    query = audit.reads_query(
        world.manager, audit.AuditFilters(child=world.other_case.child), columns=READ_COLUMNS
    )
    (row,) = seek_page(query, after=None, before=None, per_page=5)
    (built,) = query.queryset()
    assert "date_of_birth" in row.child.get_deferred_fields()
    assert row.child.get_deferred_fields() == built.child.get_deferred_fields()
    assert row.case.get_deferred_fields() == built.case.get_deferred_fields()
    assert row.case.reference == world.other_case.reference

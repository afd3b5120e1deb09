"""The caseload and the list of all cases sorted by next deadline (the default), child's surname,
stage or date opened, each way, with sortable column headers, kept with the filters and saved
views, and paged by key without losing or repeating a case."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sendcpp import selectors
from sendcpp.models import Case, SavedView, Stage
from sendcpp.shapes import ShapedQuery
from sendcpp.tests.factories import CaseFactory
from sendcpp.web.paging import seek_page

TODAY = date(2026, 12, 9)
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def team_cases(world):
    """Five more cases on the coordinator's team, each with a different surname, stage, opening
    date and next deadline (one with none); two share a surname, a stage and a day opened."""
    rows = [
        ("Young", Stage.ASSESSMENT, 3, TODAY + timedelta(days=2)),
        ("Abbott", Stage.MAINTAINED, 10, None),
        ("Moss", Stage.REQUEST, 1, TODAY - timedelta(days=4)),
        ("Moss", Stage.REQUEST, 1, TODAY + timedelta(days=30)),
        ("Khan", Stage.DRAFTING, 20, TODAY + timedelta(days=9)),
    ]
    cases = []
    for surname, stage, days_ago, due in rows:
        cases.append(
            CaseFactory(
                team=world.case.team,
                coordinator=world.teammate,
                child__legal_last_name=surname,
                stage=stage,
                next_due_on=due,
                created_at=datetime(2026, 12, 9, 9, tzinfo=LONDON) - timedelta(days=days_ago),
            )
        )
    Case.objects.filter(pk=world.case.pk).update(
        created_at=datetime(2026, 1, 5, 9, tzinfo=LONDON), next_due_on=TODAY
    )
    world.case.refresh_from_db()
    return cases


def _sorted(user, **filters):
    return list(selectors.caseload(user, filters=filters, today=TODAY, whole_team=True))


def _paged(queryset, per_page=2):
    """Every row of ``queryset`` read page by page with keyset paging, forwards."""
    rows, after = [], None
    while True:
        page = seek_page(queryset, after=after, before=None, per_page=per_page)
        rows += page.object_list
        if not page.has_next():
            return rows
        after = page.next_cursor


def _paged_back(items, per_page=2):
    """Every row of ``items`` read page by page from the last page back to the first, by each
    page's "Previous" link, in the list's own order."""
    page = seek_page(items, after=None, before=None, per_page=per_page)
    while page.has_next():
        page = seek_page(items, after=page.next_cursor, before=None, per_page=per_page)
    rows = list(page.object_list)
    while page.has_previous():
        page = seek_page(items, after=None, before=page.previous_cursor, per_page=per_page)
        rows = [*page.object_list, *rows]
    return rows


def _counting_builds(query):
    """``query`` with a count of the times its queryset is built (``builds[0]``)."""
    builds = [0]

    def build(given):
        builds[0] += 1
        return query.build(given)

    return ShapedQuery(query.shapes, query.shape, build, query.values), builds


@pytest.mark.parametrize("sort", ["due", "surname", "stage", "opened"])
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_each_sort_orders_the_cases_and_pages_through_all_of_them(world, team_cases, sort, order):
    key = {
        "due": lambda case: (case.next_due_on is None, case.next_due_on or TODAY, case.pk),
        "surname": lambda case: (case.child.legal_last_name, case.pk),
        "stage": lambda case: (Stage.values.index(case.stage), case.pk),
        "opened": lambda case: (case.created_at, case.pk),
    }[sort]
    everyone = [world.case, *team_cases]
    expected = sorted(everyone, key=key, reverse=order == "desc")
    if sort == "due" and order == "desc":
        # Going down, the cases with no open deadline come first (the index read backwards).
        expected = sorted(everyone, key=key)[::-1]
    queryset = selectors.caseload(
        world.coordinator, filters={"sort": sort, "order": order}, today=TODAY, whole_team=True
    )
    assert [case.pk for case in queryset] == [case.pk for case in expected]
    # Page by page, with a stable tiebreak: nothing lost, nothing shown twice.
    assert [case.pk for case in _paged(queryset)] == [case.pk for case in expected]
    # The same pages from the list compiled once per shape (as the pages read it), both ways.
    query = selectors.caseload_query(
        world.coordinator, filters={"sort": sort, "order": order}, today=TODAY, whole_team=True
    )
    assert query.shape is not None
    assert [case.pk for case in _paged(query)] == [case.pk for case in expected]
    assert [case.pk for case in _paged_back(query)] == [case.pk for case in expected]
    for case in _paged(query):
        assert case.child.legal_last_name  # the related rows come with the case
        assert case.team_id == world.case.team_id


@pytest.mark.parametrize("sort", ["due", "stage", "opened", "surname"])
def test_a_list_is_compiled_once_per_shape_and_page_step(world, team_cases, sort):
    """Paging a second time, either way, builds no query: the cursor holds ids, dates, times or
    a surname, each a value of the page's compiled query."""
    filters = {"sort": sort}
    query = selectors.caseload_query(
        world.coordinator, filters=filters, today=TODAY, whole_team=True
    )
    first = _paged(query)
    assert _paged_back(query) == first
    again, builds = _counting_builds(query)
    assert _paged(again) == first
    assert _paged_back(again) == first
    assert builds[0] == 0


def test_each_coordinator_gets_their_own_caseload_from_one_shape(world, team_cases, client_for):
    """The teammate's cases come through the shape compiled for the coordinator's (the same
    role, team and authority), with the teammate's own ids."""
    mine = selectors.caseload_query(world.coordinator, filters={}, today=TODAY)
    theirs = selectors.caseload_query(world.teammate, filters={}, today=TODAY)
    elsewhere = selectors.caseload_query(world.other_team_coordinator, filters={}, today=TODAY)
    assert mine.shape == theirs.shape == elsewhere.shape
    assert [case.pk for case in _paged(mine)] == [world.case.pk]
    assert {case.pk for case in _paged(theirs)} == {case.pk for case in team_cases}
    assert [case.pk for case in _paged(elsewhere)] == [world.other_case.pk]
    # Through the page, as each of them reads it.
    for person, expected in ((world.coordinator, 1), (world.teammate, 5)):
        html = client_for(person).get("/").content.decode()
        assert html.count('class="govuk-table__row"') - 1 == expected


def test_a_manager_of_another_authority_gets_none_of_these_cases(world, team_cases):
    ours = selectors.all_cases_query(world.manager, filters={}, today=TODAY)
    theirs = selectors.all_cases_query(world.other_la_manager, filters={}, today=TODAY)
    assert ours.shape == theirs.shape
    assert len(_paged(ours)) == 7
    assert _paged(theirs) == []


def test_a_list_searched_by_text_is_built_afresh(world, team_cases):
    query = selectors.caseload_query(
        world.coordinator, filters={"q": "moss"}, today=TODAY, whole_team=True
    )
    assert query.shape is None
    assert [case.child.legal_last_name for case in _paged(query)] == ["Moss", "Moss"]


def test_the_default_is_the_next_deadline_soonest_first(world, team_cases):
    rows = _sorted(world.coordinator)
    assert rows == _sorted(world.coordinator, sort="due", order="asc")
    assert rows[0].next_due_on == TODAY - timedelta(days=4)
    assert rows[-1].next_due_on is None


def test_sorting_keeps_the_filters(world, team_cases):
    rows = _sorted(world.coordinator, sort="surname", order="desc", q="moss")
    assert [case.child.legal_last_name for case in rows] == ["Moss", "Moss"]
    assert rows[0].pk > rows[1].pk  # the tiebreak runs the same way


def test_the_stage_sort_follows_the_journey(world, team_cases):
    stages = [case.stage for case in _sorted(world.coordinator, sort="stage")]
    assert stages == [
        Stage.REQUEST,
        Stage.REQUEST,
        Stage.REQUEST,
        Stage.ASSESSMENT,
        Stage.DRAFTING,
        Stage.MAINTAINED,
    ]
    moved = team_cases[1]  # maintained
    Case.objects.filter(pk=moved.pk).update(stage=Stage.CLOSED)  # the database keeps the order
    assert _sorted(world.coordinator, sort="stage")[-1] == moved


def _header(html: str, label: str) -> tuple[str, str]:
    found = re.search(
        r'<th scope="col" class="govuk-table__header" aria-sort="(\w+)"><a class="govuk-link" '
        rf'href="([^"]*)">{label}',
        html,
    )
    assert found, label
    return found.group(1), found.group(2).replace("&amp;", "&")


def test_the_column_headers_say_and_change_the_sort(world, team_cases, client_for):
    client = client_for(world.coordinator)
    html = client.get("/", {"view": "team", "stage": "request"}).content.decode()
    assert _header(html, "Next deadline")[0] == "ascending"
    assert "Open cases, sorted by next deadline, soonest first" in html
    state, link = _header(html, "Child")
    assert state == "none"
    assert "sort=surname" in link
    assert "order=asc" in link
    assert "stage=request" in link
    assert "view=team" in link
    html = client.get(link).content.decode()
    assert _header(html, "Child")[0] == "ascending"
    assert "sorted by child&#x27;s surname, A to Z" in html
    state, link = _header(html, "Child")
    assert "order=desc" in link  # sorting by the same column again turns it round
    html = client.get(link).content.decode()
    assert _header(html, "Child")[0] == "descending"
    assert _header(html, "Next deadline")[0] == "none"


def test_a_header_link_starts_again_from_the_first_page(world, team_cases, client_for):
    client = client_for(world.coordinator)
    first = client.get("/", {"view": "team", "sort": "opened"}).context["page_obj"]
    assert len(first) == 6
    html = client.get("/", {"view": "team", "sort": "opened", "after": "xyz"}).content.decode()
    _state, link = _header(html, "Stage")
    assert "after=" not in link
    assert "sort=stage" in link


def test_the_sort_is_kept_in_a_saved_view(world, client_for):
    client = client_for(world.coordinator)
    client.post("/caseload/views/", {"name": "Newest", "query": "sort=opened&order=desc&after=x"})
    assert SavedView.objects.get(user=world.coordinator).query == "sort=opened&order=desc"


def test_an_unknown_sort_is_refused_and_the_default_order_shown(world, team_cases, client_for):
    response = client_for(world.coordinator).get("/", {"view": "team", "sort": "secret"})
    assert response.status_code == 200
    assert _header(response.content.decode(), "Next deadline")[0] == "ascending"
    assert "Select a valid choice" in response.content.decode()


def test_the_managers_list_of_all_cases_sorts_too(world, team_cases, client_for):
    client = client_for(world.manager)
    response = client.get("/cases/", {"sort": "surname"})
    rows = list(response.context["page_obj"])
    names = [case.child.legal_last_name for case in rows]
    assert names == sorted(names)
    assert world.other_case in rows  # every team
    assert _header(response.content.decode(), "Child")[0] == "ascending"
    assert client_for(world.coordinator).get("/cases/").status_code == 404

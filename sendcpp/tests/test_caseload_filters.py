"""The caseload's search within and filters (need, type of setting, age, coordinator), keeping
its keyset pages."""

from __future__ import annotations

from datetime import date

from sendcpp import selectors
from sendcpp.models import Organisation
from sendcpp.tests.factories import CaseFactory, OrganisationFactory
from sendcpp.web.paging import seek_page

TODAY = date(2026, 12, 9)


def _references(user, **filters):
    """The references of the cases the filters keep, checked to be the same read as a queryset
    and as the page reads them, compiled once per shape of filters (a filter's ids and dates as
    values: the same shape is used again by later calls with other ids and ages)."""
    cases = selectors.caseload(user, filters=filters, today=TODAY, whole_team=True)
    query = selectors.caseload_query(user, filters=filters, today=TODAY, whole_team=True)
    page = seek_page(query, after=None, before=None, per_page=50)
    found = {case.reference for case in cases}
    assert {case.reference for case in page} == found
    return found


def test_search_within_and_each_filter(world):
    college = OrganisationFactory(kind=Organisation.Kind.COLLEGE)
    older = CaseFactory(
        team=world.case.team,
        coordinator=world.teammate,
        child__legal_first_name="Zed",
        child__legal_last_name="Quill",
        child__primary_need="SEMH",
        child__date_of_birth=date(2010, 12, 10),  # 16 tomorrow: still 15 today
        child__setting=college,
    )
    mine = world.case.reference
    assert _references(world.coordinator, q="quil") == {older.reference}
    assert _references(world.coordinator, q=mine.lower()) == {mine}
    assert _references(world.coordinator, need="SEMH") == {older.reference}
    assert _references(world.coordinator, setting="college") == {older.reference}
    assert _references(world.coordinator, age="11-15") == {mine, older.reference}
    assert _references(world.coordinator, age="16-19") == set()
    assert _references(world.coordinator, coordinator=world.teammate) == {older.reference}
    # The same shapes again, with other values in them.
    assert _references(world.coordinator, coordinator=world.coordinator) == {mine}
    assert _references(world.coordinator, age="5-10") == set()


def test_the_managers_list_by_team_gives_each_team_its_own_cases(world):
    def references(team):
        query = selectors.all_cases_query(world.manager, filters={"team": team}, today=TODAY)
        return {case.reference for case in seek_page(query, after=None, before=None, per_page=50)}

    assert references(world.case.team) == {world.case.reference}
    assert references(world.other_case.team) == {world.other_case.reference}


def test_the_page_filters_and_offers_the_teams_coordinators(world, client_for):
    client = client_for(world.coordinator)
    html = client.get(
        "/", {"view": "team", "q": world.case.child.legal_last_name[:3]}
    ).content.decode()
    assert world.case.reference in html
    assert 'name="coordinator"' in html
    assert 'name="coordinator"' not in client.get("/").content.decode()
    html = client.get("/", {"need": "SEMH"}).content.decode()
    assert world.case.reference not in html


def test_the_coordinator_filters_name_people_by_name_a_to_z(world, client_for):
    """Both lists offer coordinators as people read them (never their sign-in names), by
    surname; the manager's offers every coordinator of the authority and no one else's."""
    import re

    from sendcpp.tests.factories import StaffFactory

    world.coordinator.first_name, world.coordinator.last_name = "Zoe", "Young"
    world.coordinator.save()
    world.teammate.first_name, world.teammate.last_name = "Adam", "Brown"
    world.teammate.save()

    def offered(user, path, query):
        html = client_for(user).get(path, query).content.decode()
        select = re.search(r'<select name="coordinator"[^>]*>(.*?)</select>', html, re.S)
        assert select is not None
        return re.findall(r"<option[^>]*>([^<]*)</option>", select[1])

    assert offered(world.coordinator, "/", {"view": "team"}) == [
        "Anyone",
        "Adam Brown",
        "Zoe Young",
    ]
    everyone = offered(world.manager, "/cases/", {})
    assert everyone[:1] == ["Anyone"]
    assert everyone.index("Adam Brown") < everyone.index("Zoe Young")
    assert "coordinator" not in everyone  # their sign-in names
    assert "teammate" not in everyone
    elsewhere = StaffFactory(organisation=world.other_la_manager.organisation)
    assert elsewhere.display_name not in offered(world.manager, "/cases/", {})


def test_saved_views_are_each_persons_own(world, client_for):
    from sendcpp.models import SavedView

    client = client_for(world.coordinator)
    response = client.post(
        "/caseload/views/", {"name": "My SEMH cases", "query": "need=SEMH&after=xyz&evil=1"}
    )
    assert response.status_code == 302
    saved = SavedView.objects.get(user=world.coordinator)
    assert saved.query == "need=SEMH"  # only the filters are kept
    html = client.get("/").content.decode()
    assert "My SEMH cases" in html
    assert "/?need=SEMH" in html
    assert "My SEMH cases" not in client_for(world.teammate).get("/").content.decode()
    client.post("/caseload/views/", {"name": " ", "query": "need=ASD"})
    assert SavedView.objects.count() == 1
    client_for(world.teammate).post(f"/caseload/views/{saved.pk}/delete/")
    assert SavedView.objects.count() == 1  # not theirs
    client.post(f"/caseload/views/{saved.pk}/delete/")
    assert not SavedView.objects.exists()
    assert client_for(world.family).post("/caseload/views/", {"name": "x"}).status_code == 404


def test_a_child_born_on_29_february_turns_16_on_their_birthday_in_a_leap_year(world):
    """The age bands count birthdays as the calendar does: in a leap year a child born on
    29 February is 16 on the 29th, not the 28th."""
    leapling = CaseFactory(
        team=world.case.team,
        coordinator=world.teammate,
        child__date_of_birth=date(2012, 2, 29),
    )

    def aged(band, today):
        query = selectors.caseload_query(
            world.coordinator, filters={"age": band}, today=today, whole_team=True
        )
        page = seek_page(query, after=None, before=None, per_page=50)
        return leapling.reference in {case.reference for case in page}

    assert aged("11-15", date(2028, 2, 28))
    assert not aged("16-19", date(2028, 2, 28))
    assert aged("16-19", date(2028, 2, 29))
    assert not aged("11-15", date(2028, 2, 29))

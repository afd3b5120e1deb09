"""Finding a child: the form is posted (with its CSRF token) and the terms — names, dates of
birth — never appear in an address, not even when paging through the results."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from django.test import Client

from conftest import sign_in
from sendcpp.tests.factories import CaseFactory
from sendcpp.views import SEARCHES_KEPT
from sendcpp.web.paging import PAGE_SIZE
from sendcpp.web.testing import date_parts

SEARCH = "/children/search/"


def _search(client: Client, *, q: str = "", date_of_birth: date | None = None):
    born = date_parts("date_of_birth", date_of_birth) if date_of_birth else {}
    return client.post(SEARCH, {"q": q, **born})


def test_a_search_is_posted_and_its_results_have_no_terms_in_the_address(world, client_for):
    client = client_for(world.coordinator)
    child = world.case.child
    response = _search(client, q=child.legal_last_name, date_of_birth=date(2015, 3, 27))
    assert response.status_code == 302
    location = response["Location"]
    assert urlsplit(location).path == SEARCH
    assert child.legal_last_name.lower() not in location.lower()
    assert "2015" not in location
    assert "q=" not in location
    assert "date_of_birth" not in location
    results = client.get(location)
    assert results.status_code == 200
    assert world.case.reference in results.content.decode()
    # The form shows what was searched for, in the page rather than the address.
    assert f'value="{child.legal_last_name}"' in results.content.decode()


def test_a_search_by_date_of_birth_alone_works(world, client_for):
    client = client_for(world.coordinator)
    world.case.child.date_of_birth = date(2014, 5, 6)
    world.case.child.save()
    page = client.get(_search(client, date_of_birth=date(2014, 5, 6))["Location"])
    assert world.case.reference in page.content.decode()
    assert "1 result" in page.content.decode()


def test_terms_in_the_address_are_not_searched(world, client_for):
    client = client_for(world.coordinator)
    response = client.get(SEARCH, {"q": world.case.child.legal_last_name})
    assert response.status_code == 200
    assert not response.context.get("searched")
    assert world.case.reference not in response.content.decode()


def test_paging_through_results_keeps_the_terms_out_of_the_address(world, client_for):
    surname = "Pagewright"
    for _ in range(PAGE_SIZE + 3):
        CaseFactory(
            team=world.case.team, coordinator=world.coordinator, child__legal_last_name=surname
        )
    client = client_for(world.coordinator)
    first = client.get(_search(client, q=surname)["Location"])
    body = first.content.decode()
    assert f"{PAGE_SIZE + 3} results" in body
    assert first.context["page_obj"].has_next()
    token = urlsplit(_search(client, q=surname)["Location"]).query
    assert surname not in token
    second = client.get(f"{SEARCH}?{token}&page=2")
    assert len(second.context["page_obj"]) == 3
    # The page links keep only the opaque token (Django's querystring tag on the request).
    body = second.content.decode()
    links = [part.split('"')[0] for part in body.split('href="?')[1:]]
    assert links
    assert all(surname not in link and "search=" in link for link in links)


def test_the_search_form_needs_its_csrf_token(world):
    client = sign_in(Client(enforce_csrf_checks=True), world.coordinator)
    assert _search(client, q=world.case.child.legal_last_name).status_code == 403
    page = client.get(SEARCH)
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    assert 'method="post"' in page.content.decode()


def test_an_empty_or_invalid_search_shows_the_errors_and_searches_nothing(world, client_for):
    client = client_for(world.coordinator)
    response = _search(client)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "Enter a name, UPN, case reference or date of birth" in response.content.decode()
    response = client.post(
        SEARCH,
        {
            "q": "",
            "date_of_birth-day": "31",
            "date_of_birth-month": "2",
            "date_of_birth-year": "2015",
        },
    )
    assert "Date of birth must be a real date" in response.content.decode()
    assert not client.session.get("sendcpp_child_searches")


def test_a_search_token_works_only_in_the_session_that_made_it(world, client_for):
    location = _search(client_for(world.coordinator), q=world.case.child.legal_last_name)[
        "Location"
    ]
    other = client_for(world.teammate).get(location)
    assert other.status_code == 200
    assert world.case.reference not in other.content.decode()
    assert "That search has ended" in other.content.decode()


def test_only_the_most_recent_searches_are_kept(world, client_for):
    client = client_for(world.coordinator)
    locations = [_search(client, q=f"name{n}")["Location"] for n in range(SEARCHES_KEPT + 1)]
    assert len(client.session["sendcpp_child_searches"]) == SEARCHES_KEPT
    assert "That search has ended" in client.get(locations[0]).content.decode()
    assert client.get(locations[-1]).context["searched"]


def test_people_who_are_not_la_staff_cannot_search(world, client_for):
    for person in (world.family, world.professional, world.setting_user):
        response = _search(client_for(person), q=world.case.child.legal_last_name)
        assert response.status_code in {403, 404}


def test_a_search_that_finds_nobody_says_so_and_how_to_search_again(world, client_for):
    client = client_for(world.coordinator)
    page = client.get(_search(client, q="Nobodyhasthisname")["Location"])
    body = page.content.decode()
    assert "No children found" in body
    assert "check the spelling" in body
    assert "<table" not in body


def test_a_misspelt_surname_finds_the_child_and_says_the_spelling_differs(world, client_for):
    child = world.case.child
    child.legal_first_name, child.legal_last_name = "Zara", "Clarke"
    child.save()
    client = client_for(world.coordinator)
    body = client.get(_search(client, q="Zara Clerke")["Location"]).content.decode()
    assert world.case.reference in body
    assert "No name matches exactly" in body
    exact = client.get(_search(client, q="Clarke, Zara")["Location"]).content.decode()
    assert world.case.reference in exact
    assert "No name matches exactly" not in exact

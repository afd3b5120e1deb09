"""``handle_form``: one GET/POST → service → banner and redirect flow for every HTML form, and the
paginator every list page uses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
import time_machine
from django import forms
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse

from sendcpp.exceptions import DomainError, TransitionNotAllowed
from sendcpp.web.dates import DateField, When
from sendcpp.web.handling import handle_action, handle_form, handle_record_form, posted
from sendcpp.web.paging import paginate
from sendcpp.web.testing import page_request


class MeetingForm(forms.Form):
    title = forms.CharField(label="Title", error_messages={"required": "Enter a title"})
    held_on = DateField(label="Date of the meeting", when=When.TODAY_OR_PAST)


def _request(
    method: str = "get", data: dict[str, str] | None = None, path: str = "/x/"
) -> HttpRequest:
    return page_request(method, path, data)


VALID = {"title": "Board", "held_on-day": "3", "held_on-month": "6", "held_on-year": "2026"}


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


class Service:
    """Stands in for one service: records what it was called with, or refuses."""

    def __init__(self, error: DomainError | None = None) -> None:
        self.calls: list[dict[str, object]] = []
        self.error = error

    def __call__(self, data: dict[str, object]) -> str:
        self.calls.append(data)
        if self.error is not None:
            raise self.error
        return "m-1"


def _handle(request: HttpRequest, service: Service) -> HttpResponse:
    return handle_form(
        request,
        MeetingForm(request.POST or None),
        call=service,
        success=lambda result: f"Meeting {result} recorded",
        next_url=lambda result: f"/meetings/{result}/",
        context={"title": "Record a meeting", "submit": "Record it"},
    )


def test_get_shows_the_form_page_without_calling_the_service() -> None:
    service = Service()
    response = _handle(_request(), service)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Record a meeting</h1>' in html
    assert ">Record it</button>" in html
    assert re.search(
        r'<div class="govuk-form-group">\s*<label class="govuk-label govuk-label--s" for="id_title">',
        html,
    )
    assert "govuk-error-summary" not in html
    assert service.calls == []


def test_a_valid_post_calls_the_service_once_then_redirects_with_a_success_banner() -> None:
    service = Service()
    request = _request("post", VALID)
    response = _handle(request, service)
    assert response.status_code == 302
    assert response["Location"] == "/meetings/m-1/"
    assert service.calls == [{"title": "Board", "held_on": date(2026, 6, 3)}]
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [
        ("success", "Meeting m-1 recorded")
    ]


def test_an_invalid_post_shows_the_errors_and_never_calls_the_service() -> None:
    service = Service()
    request = _request("post", {**VALID, "title": "", "held_on-day": "31", "held_on-month": "2"})
    response = _handle(request, service)
    assert response.status_code == 200
    assert service.calls == []
    html = response.content.decode()
    assert "<title>Error: Record a meeting" in html
    assert '<a href="#id_title">Enter a title</a>' in html
    assert '<a href="#id_held_on-day">Date of the meeting must be a real date</a>' in html
    assert list(get_messages(request)) == []


def test_a_domain_error_naming_a_field_is_shown_on_that_field() -> None:
    service = Service(DomainError("The board did not meet that day", field="held_on"))
    request = _request("post", VALID)
    response = _handle(request, service)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#id_held_on-day">The board did not meet that day</a>' in html
    assert 'id="id_held_on-error"' in html
    # a rule about the whole date marks every box
    assert html.count("govuk-date-input__input govuk-input--width-2 govuk-input--error") == 2
    assert list(get_messages(request)) == []


def test_a_domain_error_naming_no_field_of_the_form_is_shown_above_the_fields() -> None:
    service = Service(TransitionNotAllowed("The meeting is already closed", field="stage"))
    request = _request("post", VALID)
    html = _handle(request, service).content.decode()
    assert '<a href="#form-error-1">The meeting is already closed</a>' in html
    assert 'id="form-error-1"' in html
    assert 'value="Board"' in html  # what was typed is kept


def test_a_refusal_hook_shows_its_own_form_with_the_refused_status() -> None:
    service = Service(DomainError("Someone else saved it first"))
    request = _request("post", VALID)
    shown: list[DomainError] = []

    def refused(error: DomainError) -> forms.Form:
        shown.append(error)
        form = MeetingForm({**VALID, "title": "Their board"})
        form.is_valid()
        form.add_error("title", error.message)
        return form

    response = handle_form(
        request,
        MeetingForm(request.POST),
        call=service,
        success="Saved",
        next_url="/meetings/",
        context={"title": "Record a meeting"},
        refused=refused,
        refused_status=400,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert [error.message for error in shown] == ["Someone else saved it first"]
    assert 'value="Their board"' in html
    assert '<a href="#id_title">Someone else saved it first</a>' in html
    assert html.count("Someone else saved it first</a>") == 1  # not also above the fields
    assert list(get_messages(request)) == []


def test_the_refused_status_is_only_for_a_post() -> None:
    response = handle_form(
        _request(),
        MeetingForm(None),
        call=Service(),
        success="Saved",
        next_url="/meetings/",
        context={"title": "Record a meeting"},
        refused_status=400,
    )
    assert response.status_code == 200


def test_posted_is_the_data_of_any_post_even_an_empty_one() -> None:
    assert posted(_request()) is None
    empty = posted(_request("post"))
    assert empty is not None
    assert not MeetingForm(empty).is_valid()  # so an empty submission shows its errors


def test_an_action_that_succeeds_banners_and_goes_where_its_result_says() -> None:
    request = _request("post")
    response = handle_action(
        request,
        lambda: "v-2",
        success=lambda result: f"Version {result} published",
        next_url=lambda result: f"/versions/{result}/",
        refused_url="/plan/",
    )
    assert response.status_code == 302
    assert response["Location"] == "/versions/v-2/"
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [
        ("success", "Version v-2 published")
    ]


@pytest.mark.parametrize(("refused_url", "location"), [(None, "/plan/"), ("/plans/", "/plans/")])
def test_an_action_that_is_refused_says_why_on_the_page_and_changes_nothing(
    refused_url: str | None, location: str
) -> None:
    request = _request("post")
    calls: list[str] = []

    def refuse() -> None:
        calls.append("called")
        raise TransitionNotAllowed("Only a draft can be published")

    response = handle_action(
        request, refuse, success="Published", next_url="/plan/", refused_url=refused_url
    )
    assert calls == ["called"]
    assert response.status_code == 302
    assert response["Location"] == location
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [
        ("error", "Only a draft can be published")
    ]


def test_a_record_form_calls_the_service_with_the_record_the_person_and_the_fields() -> None:
    calls: list[tuple[object, object, dict[str, object]]] = []

    def service(record: str, *, by: object, title: str, held_on: date) -> str:
        calls.append((record, by, {"title": title, "held_on": held_on}))
        return f"{record}-meeting"

    request = _request("post", VALID)
    response = handle_record_form(
        request,
        "board-1",
        MeetingForm(request.POST),
        service,
        success=lambda result: f"{result} recorded",
        next_url="/meetings/",
    )
    assert response.status_code == 302
    assert calls == [("board-1", request.user, {"title": "Board", "held_on": date(2026, 6, 3)})]
    assert [str(m) for m in get_messages(request)] == ["board-1-meeting recorded"]


def test_paginate_keeps_the_filters_in_the_page_links() -> None:
    from django.template import RequestContext, Template

    request = _request(data={"stage": "assessment", "page": "2"})
    page = paginate(request, list(range(60)), per_page=25)
    assert page["page_obj"].number == 2
    assert list(page["page_obj"].object_list) == list(range(25, 50))
    html = Template('{% include "govuk/pagination.html" %}').render(RequestContext(request, page))
    assert 'href="?stage=assessment&amp;page=1" rel="prev"' in html
    assert 'href="?stage=assessment&amp;page=3" rel="next"' in html
    assert 'aria-label="Pagination"' in html


@pytest.mark.parametrize(("asked", "shown"), [("99", 3), ("nonsense", 1), (None, 1)])
def test_paginate_answers_a_page_past_the_end_or_not_a_number_with_a_real_page(
    asked: str | None, shown: int
) -> None:
    request = _request(data={"page": asked} if asked else {})
    assert paginate(request, list(range(60)))["page_obj"].number == shown

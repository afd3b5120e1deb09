"""One date input everywhere: in a form of every app a keyboard user types the same wrong dates
into the GOV.UK date input and gets the same GOV.UK-style errors: the message names what is
wrong, only the wrong boxes are marked, the error summary links to the first wrong box (and
following the link puts the cursor there). axe (all rules) on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from partnerships import services as partnership_services
from tests.browser.conftest import check_accessibility, sign_in, type_date, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass(frozen=True)
class DateForm:
    """A form of one app with a date in it: who opens it, where, and the date's legend."""

    who: str
    path: Callable[[Any], str]
    legend: str
    name: str
    submit: str
    date_of_birth: bool = False
    set_up: Callable[[Any], None] | None = None


def _board(world: Any) -> None:
    partnership_services.set_up_board(
        local_authority=world.la, name="SEND and AP Partnership", by=world.manager
    )


FORMS = {
    "sendcpp": DateForm(
        "coordinator",
        lambda world: "/children/search/",
        "Date of birth",
        "date_of_birth",
        "Search",
        date_of_birth=True,
    ),
    "ehcp": DateForm(
        "coordinator",
        lambda world: "/ehcp/requests/new/",
        "Date of birth",
        "date_of_birth",
        "Record the request",
        date_of_birth=True,
    ),
    "panels": DateForm(
        "manager", lambda world: "/panels/bands/new/", "In force from", "effective_from", "Add band"
    ),
    "placements": DateForm(
        "coordinator",
        lambda world: f"/placements/cases/{world.case.public_id}/placements/new/",
        "Start date",
        "starts_on",
        "Save placement",
    ),
    "mediation": DateForm(
        "coordinator",
        lambda world: f"/mediation/cases/{world.case.public_id}/decisions/new/",
        "Date the decision letter was sent",
        "decision_sent_on",
        "Save",
    ),
    "partnerships": DateForm(
        "manager",
        lambda world: "/partnership/meetings/schedule/",
        "Date of the first meeting",
        "first_on",
        "Schedule meetings",
        set_up=_board,
    ),
}

# What is typed (day, month, year), the message after the legend, and the boxes marked wrong.
WRONG_DATES = [
    (("31", "2", "2026"), "must be a real date", {"day"}),
    (("1", "13", "2026"), "must be a real date", {"month"}),
    (("ab", "cd", "efgh"), "must be a real date", {"day", "month", "year"}),
    (("1", "", "2026"), "must include a month", {"month"}),
    (("1", "3", "26"), "must include a year with 4 numbers", {"year"}),
]


def _check_error(page: Page, form: DateForm, message: str, wrong: set[str]) -> None:
    check_accessibility(page)
    group = page.get_by_role("group", name=form.legend, exact=True)
    expect(group.locator(".govuk-error-message")).to_have_text(f"Error: {message}")
    for part in ("day", "month", "year"):
        box = page.locator(f"#id_{form.name}-{part}")
        if part in wrong:
            expect(box).to_have_class(_has_error)
        else:
            expect(box).not_to_have_class(_has_error)
    first = next(part for part in ("day", "month", "year") if part in wrong)
    link = page.locator(".govuk-error-summary").get_by_role("link", name=message, exact=True)
    expect(link).to_have_attribute("href", f"#id_{form.name}-{first}")
    link.click()
    expect(page.locator(f"#id_{form.name}-{first}")).to_be_focused()


_has_error = re.compile(r"\bgovuk-input--error\b")


@pytest.mark.parametrize("app", list(FORMS))
def test_the_same_wrong_dates_give_the_same_errors_in_every_app(
    page: Page, world, app: str
) -> None:
    form = FORMS[app]
    if form.set_up is not None:
        form.set_up(world)
    sign_in(page, getattr(world, form.who))
    visit(page, form.path(world))
    expect(page.get_by_role("group", name=form.legend, exact=True)).to_be_visible()
    for typed, problem, wrong in WRONG_DATES:
        type_date(page, form.legend, typed)
        page.get_by_role("button", name=form.submit, exact=True).click()
        page.wait_for_load_state()
        _check_error(page, form, f"{form.legend} {problem}", wrong)
        # what was typed is still there to correct
        expect(page.locator(f"#id_{form.name}-year")).to_have_value(typed[2])
    if form.date_of_birth:
        # New Year's Day next year is in the future whatever day the test runs.
        type_date(page, form.legend, date(timezone.localdate().year + 1, 1, 1))
        page.get_by_role("button", name=form.submit, exact=True).click()
        page.wait_for_load_state()
        _check_error(
            page, form, "Date of birth must be today or in the past", {"day", "month", "year"}
        )

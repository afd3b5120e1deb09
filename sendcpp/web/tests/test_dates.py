"""The one date field: every date in every HTML form is typed in these three boxes and read by
this one rule, with the GOV.UK Design System's messages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import time_machine
from django import forms

from sendcpp.web.dates import DateField, DateProblem, When, parse_date_parts

TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


class BirthForm(forms.Form):
    date_of_birth = DateField(label="Date of birth", when=When.PAST, autocomplete="bday")
    reviewed_on = DateField(label="Date of the last review (if any)", required=False)


def _post(day: str, month: str, year: str, **extra: str) -> BirthForm:
    return BirthForm(
        {
            "date_of_birth-day": day,
            "date_of_birth-month": month,
            "date_of_birth-year": year,
            **extra,
        }
    )


def _error(form: BirthForm, name: str = "date_of_birth") -> tuple[str, tuple[str, ...]]:
    assert not form.is_valid()
    (error,) = form.errors[name].as_data()
    assert error.params is not None
    return error.messages[0], tuple(error.params["parts"])


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("27", "3", "2015", date(2015, 3, 27)),
        (" 07 ", "03", "2015", date(2015, 3, 7)),
        ("29", "2", "2024", date(2024, 2, 29)),  # a leap day
        ("1", "Sept", "2015", date(2015, 9, 1)),
        ("1", "march", "2015", date(2015, 3, 1)),
        ("1", "DEC", "2015", date(2015, 12, 1)),
        ("1", "9", "2015", date(2015, 9, 1)),
    ],
)
def test_a_real_date_in_the_past_is_accepted(
    day: str, month: str, year: str, expected: date
) -> None:
    form = _post(day, month, year)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == expected
    assert form.cleaned_data["reviewed_on"] is None


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "parts"),
    [
        ("31", "2", "2015", "Date of birth must be a real date", ("day",)),
        ("29", "2", "2025", "Date of birth must be a real date", ("day",)),
        ("1", "13", "2026", "Date of birth must be a real date", ("month",)),
        ("0", "1", "2015", "Date of birth must be a real date", ("day",)),
        ("32", "1", "2015", "Date of birth must be a real date", ("day",)),
        ("1", "1", "0000", "Date of birth must be a real date", ("year",)),
        ("ab", "cd", "2015", "Date of birth must be a real date", ("day", "month")),
        ("1", "1", "twenty", "Date of birth must be a real date", ("year",)),
        ("1.5", "1", "2015", "Date of birth must be a real date", ("day",)),
        ("-1", "1", "2015", "Date of birth must be a real date", ("day",)),
        ("1", "smarch", "2015", "Date of birth must be a real date", ("month",)),
        ("1", "1", "15", "Date of birth must include a year with 4 numbers", ("year",)),
        ("1", "1", "02015", "Date of birth must include a year with 4 numbers", ("year",)),
        ("", "3", "2015", "Date of birth must include a day", ("day",)),
        ("27", "", "2015", "Date of birth must include a month", ("month",)),
        ("27", "3", "", "Date of birth must include a year", ("year",)),
        ("", "", "2015", "Date of birth must include a day and month", ("day", "month")),
        ("", "", "", "Enter the date of birth", ("day", "month", "year")),
        ("15", "6", "2026", "Date of birth must be in the past", ("day", "month", "year")),
        ("1", "1", "2030", "Date of birth must be in the past", ("day", "month", "year")),
    ],
)
def test_a_date_that_is_not_acceptable_says_what_is_wrong_and_where(
    day: str, month: str, year: str, message: str, parts: tuple[str, ...]
) -> None:
    assert _error(_post(day, month, year)) == (message, parts)


def test_an_optional_date_may_be_left_empty_but_not_half_filled() -> None:
    form = _post("1", "1", "2015", **{"reviewed_on-month": "4"})
    assert _error(form, "reviewed_on") == (
        "Date of the last review must include a day and year",
        ("day", "year"),
    )


@pytest.mark.parametrize(
    ("when", "value", "message"),
    [
        (When.PAST, TODAY, "Date must be in the past"),
        (When.TODAY_OR_PAST, date(2026, 6, 16), "Date must be today or in the past"),
        (When.TODAY_OR_FUTURE, date(2026, 6, 14), "Date must be today or in the future"),
        (When.FUTURE, TODAY, "Date must be in the future"),
    ],
)
def test_each_side_of_today_rule_refuses_the_other_side(
    when: When, value: date, message: str
) -> None:
    result = parse_date_parts(
        str(value.day), str(value.month), str(value.year), label="Date", when=when, today=TODAY
    )
    assert isinstance(result, DateProblem)
    assert result.message == message


@pytest.mark.parametrize(
    ("when", "value"),
    [
        (When.PAST, date(2026, 6, 14)),
        (When.TODAY_OR_PAST, TODAY),
        (When.TODAY_OR_FUTURE, TODAY),
        (When.FUTURE, date(2026, 6, 16)),
        (When.ANY, date(2090, 1, 1)),
    ],
)
def test_each_side_of_today_rule_accepts_its_side(when: When, value: date) -> None:
    assert (
        parse_date_parts(
            str(value.day), str(value.month), str(value.year), label="Date", when=when, today=TODAY
        )
        == value
    )


def test_the_date_input_renders_three_boxes_in_a_fieldset_marking_only_the_wrong_one() -> None:
    form = _post("1", "13", "2015")
    form.is_valid()
    html = str(form["date_of_birth"].as_field_group())
    assert '<fieldset class="govuk-fieldset" role="group"' in html
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date of birth</legend>'
        in html
    )
    assert 'aria-describedby="id_date_of_birth-hint id_date_of_birth-error"' in html
    assert "Date of birth must be a real date" in html
    assert 'name="date_of_birth-day"' in html
    assert 'name="date_of_birth-year"' in html
    assert 'id="id_date_of_birth-month"' in html
    assert 'autocomplete="bday-month"' in html
    assert html.count("govuk-input--error") == 1
    month_box = html[
        html.index('id="id_date_of_birth-month"') - 200 : html.index('id="id_date_of_birth-month"')
    ]
    assert "govuk-input--error" in month_box
    # what was typed is shown again, so nothing is lost
    assert 'value="13"' in html


def test_an_unbound_form_shows_the_initial_date_in_the_boxes() -> None:
    form = BirthForm(initial={"date_of_birth": date(2015, 3, 27)})
    html = str(form["date_of_birth"].as_field_group())
    assert 'value="27"' in html
    assert 'value="3"' in html
    assert 'value="2015"' in html
    assert "govuk-input--error" not in html
    assert "For example, 27 3 2025" in html


def test_the_error_summary_links_to_the_first_wrong_box() -> None:
    from sendcpp.web.forms import error_summary

    form = _post("", "", "2015")
    form.is_valid()
    assert error_summary(form) == [
        {"text": "Date of birth must include a day and month", "href": "#id_date_of_birth-day"}
    ]
    form = _post("1", "1", "15")
    form.is_valid()
    assert error_summary(form)[0]["href"] == "#id_date_of_birth-year"

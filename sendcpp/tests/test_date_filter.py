"""The templates' ``date`` filter writes every date and time as Django's own does
(``calendar.format_date`` for the formats the pages use, Django's for the rest)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Engine, Template
from django.template.defaultfilters import date as django_date
from django.utils import timezone

from sendcpp.calendar import format_date

# Every format the templates give the filter.
FORMATS = [
    "j F Y",
    "j M Y",
    "l j F Y",
    "F Y",
    "j F Y, H:i",
    r"j F Y \a\t g:ia",
    r"g:ia \o\n j F Y",
    "j M",
    "j M Y H:i",
    "j F",
    "c",
    "d/m/Y",
]

DAYS = [
    dt.date(2026, 12, 7),
    dt.date(2024, 2, 29),
    dt.date(2026, 1, 1),
    dt.date(2027, 9, 30),
    dt.date(1, 1, 1),
    dt.date(999, 3, 4),
    dt.date(9999, 12, 31),
] + [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(0, 365, 13)]

LONDON = ZoneInfo("Europe/London")
MOMENTS = [
    dt.datetime(2026, 3, 29, 0, 59, 59, tzinfo=dt.UTC),  # the last second of GMT
    dt.datetime(2026, 3, 29, 1, 0, 0, tzinfo=dt.UTC),  # 02:00 in London, summer time
    dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC),  # 01:30 in London, the first time
    dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC),  # 01:30 in London, the second time
    dt.datetime(2026, 12, 31, 23, 59, tzinfo=dt.UTC),
    dt.datetime(2026, 6, 30, 23, 5, tzinfo=dt.UTC),  # already 1 July in London
    dt.datetime(2026, 7, 1, 9, 7, tzinfo=LONDON),
]


def _render(value: object, pattern: str) -> str:
    template = Template("{{ value|date:pattern }}")
    return template.render(Context({"value": value, "pattern": pattern}))


def _djangos(value: object, pattern: str) -> str:
    """What Django's own filter writes, given the value in the current time zone as the
    template engine gives it (the filter ``expects_localtime``)."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return django_date(value, pattern)


def test_the_templates_date_filter_is_the_kits():
    assert Engine.get_default().template_builtins[-2].filters["date"].__module__ == (
        "sendcpp.templatetags.govuk"
    )


TIMED = {"j F Y, H:i", r"j F Y \a\t g:ia", r"g:ia \o\n j F Y", "j M Y H:i"}


@pytest.mark.parametrize("pattern", sorted(set(FORMATS) - TIMED))
def test_dates_are_written_as_django_writes_them(pattern):
    for day in DAYS:
        assert _render(day, pattern) == _djangos(day, pattern), (day, pattern)


@pytest.mark.parametrize("pattern", FORMATS)
def test_times_are_written_in_london_as_django_writes_them(pattern):
    for moment in MOMENTS:
        assert _render(moment, pattern) == _djangos(moment, pattern), (moment, pattern)
    naive = dt.datetime(2026, 8, 9, 14, 3)
    assert _render(naive, pattern) == _djangos(naive, pattern)


def test_a_time_in_summer_is_written_as_the_clock_in_london_shows_it():
    assert _render(MOMENTS[1], "j F Y, H:i") == "29 March 2026, 02:00"
    assert _render(MOMENTS[5], "l j F Y") == "Wednesday 1 July 2026"
    assert _render(dt.date(999, 3, 4), "j M Y") == "4 Mar 0999"


@pytest.mark.parametrize("value", [None, "", "not a date", 7])
def test_what_is_not_a_date_is_left_to_django(value):
    assert _render(value, "j F Y") == _djangos(value, "j F Y")


@pytest.mark.parametrize("pattern", sorted(TIMED))
def test_a_time_of_day_asked_of_a_date_is_left_to_django(pattern):
    """Django refuses it (a mistake in a template, found by its tests), and so does the kit."""
    day = dt.date(2026, 12, 7)
    assert format_date(day, pattern) is None
    with pytest.raises(TypeError):
        _djangos(day, pattern)
    with pytest.raises(TypeError):
        _render(day, pattern)

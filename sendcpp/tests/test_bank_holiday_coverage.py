"""Bank holidays reach far enough: a date computed past them is flagged to the user, start-up
fails when fewer than two future years are loaded, and the gov.uk file loads the next years."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command

from sendcpp.calendar import (
    bank_holidays,
    check_bank_holiday_coverage,
    coverage_warning,
    forget_bank_holidays,
    last_covered_year,
    missing_future_years,
    read_bank_holidays_file,
)
from sendcpp.models import BankHoliday, Deadline


def test_the_shipped_file_reaches_two_years_beyond_2026_at_least():
    shipped = {day for day, _ in read_bank_holidays_file()}
    assert last_covered_year(shipped) >= 2028
    assert {date(2026, 12, 25), date(2027, 12, 27), date(2028, 12, 25)} <= shipped
    assert missing_future_years(shipped, date(2026, 12, 9)) == 0


def test_a_date_past_the_loaded_years_is_flagged():
    holidays = {date(2030, 12, 25)}
    assert coverage_warning(date(2030, 12, 31), holidays) == ""
    assert "only to the end of 2030" in coverage_warning(date(2031, 12, 25), holidays)
    assert "no year at all" in coverage_warning(date(2026, 1, 1), set())


def test_missing_future_years_counts_the_gap():
    assert missing_future_years({date(2027, 1, 1)}, date(2026, 12, 9)) == 1
    assert missing_future_years(set(), date(2026, 12, 9)) == 3


@pytest.mark.django_db
def test_the_start_up_check_passes_with_the_shipped_holidays():
    assert check_bank_holiday_coverage() == []


@pytest.mark.django_db
def test_the_start_up_check_fails_with_fewer_than_two_future_years():
    BankHoliday.objects.filter(date__year__gte=2028).delete()
    errors = check_bank_holiday_coverage()
    assert [error.id for error in errors] == ["sendcpp.E101"]
    assert "only to 2027" in errors[0].msg
    assert "load_bank_holidays" in errors[0].hint


@pytest.mark.django_db
def test_the_standard_file_loads_the_next_years(tmp_path):
    published = {
        "england-and-wales": {
            "division": "england-and-wales",
            "events": [
                {"title": "New Year's Day", "date": "2031-01-01", "notes": "", "bunting": True},
                {"title": "Christmas Day", "date": "2031-12-25", "notes": "", "bunting": True},
            ],
        },
        "scotland": {"division": "scotland", "events": []},
    }
    path = tmp_path / "bank-holidays.json"
    path.write_text(json.dumps(published), encoding="utf-8")
    before = last_covered_year(bank_holidays())
    call_command("load_bank_holidays", str(path))
    forget_bank_holidays()
    assert before == 2030
    assert last_covered_year(bank_holidays()) == 2031
    assert coverage_warning(date(2031, 12, 25), bank_holidays()) == ""


def test_the_deadline_table_warns_of_a_date_past_the_loaded_years(world, client_for):
    Deadline.objects.create(
        case=world.case, rule="final_plan", due_on=date(2031, 3, 3), triggers={}
    )
    page = client_for(world.coordinator).get(f"/cases/{world.case.public_id}/")
    html = page.content.decode()
    assert "Check this date" in html
    assert "only to the end of 2030" in html


def test_the_deadline_table_says_nothing_within_the_loaded_years(world, client_for):
    Deadline.objects.create(
        case=world.case, rule="final_plan", due_on=date(2027, 3, 3), triggers={}
    )
    page = client_for(world.coordinator).get(f"/cases/{world.case.public_id}/")
    assert "Check this date" not in page.content.decode()

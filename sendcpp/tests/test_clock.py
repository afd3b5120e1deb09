"""Storing, meeting and recomputing deadlines; exceptions as records beside the date."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.utils import ProgrammingError

from sendcpp import clock
from sendcpp.calendar import bank_holidays, forget_bank_holidays
from sendcpp.exceptions import DomainError
from sendcpp.models import BankHoliday, Case, CaseEvent, Deadline, DeadlineException


def test_bank_holidays_are_seeded_2014_to_2030_and_cached(db, django_assert_num_queries):
    forget_bank_holidays()
    with django_assert_num_queries(1):
        holidays = bank_holidays()
        assert bank_holidays() == holidays
    assert date(2025, 12, 25) in holidays
    assert date(2014, 1, 1) in holidays
    assert date(2030, 12, 26) in holidays
    assert BankHoliday.objects.count() == 139


def test_start_deadline_stores_the_statutory_date_and_updates_the_case(world):
    deadline = clock.start_deadline(
        world.case,
        rule="assessment_decision",
        by=world.coordinator,
        request_received_on=date(2026, 9, 1),
    )
    assert deadline.due_on == date(2026, 10, 13)  # 6 weeks
    world.case.refresh_from_db()
    assert world.case.next_due_on == date(2026, 10, 13)
    from sendcpp.deadlines import RULES

    assert world.case.next_due_label == RULES["assessment_decision"].title
    assert CaseEvent.objects.filter(case=world.case, kind="deadline_started").count() == 1


def test_starting_the_same_deadline_again_is_harmless(world):
    first = clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 9, 1)
    )
    again = clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 9, 1)
    )
    assert first.pk == again.pk
    assert Deadline.objects.count() == 1


def test_starting_a_running_deadline_from_another_date_is_refused(world):
    clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 9, 1)
    )
    with pytest.raises(DomainError):
        clock.start_deadline(
            world.case, rule="final_plan", by=None, request_received_on=date(2026, 9, 2)
        )
    assert Deadline.objects.get().due_on == date(2027, 1, 19)


def test_database_allows_only_one_open_deadline_per_rule(world):
    clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 9, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Deadline.objects.create(case=world.case, rule="final_plan", due_on=date(2027, 1, 1))


def test_several_deadlines_of_one_rule_with_subjects(world):
    for n in range(3):
        clock.start_deadline(
            world.case,
            rule="assessment_advice",
            subject=f"advice:{n}",
            by=None,
            advice_requested_on=date(2026, 9, 1),
        )
    assert Deadline.objects.filter(rule="assessment_advice").count() == 3


def test_meeting_a_deadline_late_and_next_due_moves_on(world):
    clock.start_deadline(
        world.case, rule="assessment_decision", by=None, request_received_on=date(2026, 9, 1)
    )
    clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 9, 1)
    )
    met = clock.meet_deadline(
        world.case, rule="assessment_decision", met_on=date(2026, 10, 20), by=world.coordinator
    )
    assert met.was_met_late
    world.case.refresh_from_db()
    assert world.case.next_due_on == date(2027, 1, 19)
    assert "(late)" in CaseEvent.objects.filter(kind="deadline_met").get().summary
    assert (
        clock.meet_deadline(
            world.case, rule="assessment_decision", met_on=date(2026, 10, 21), by=None
        )
        is None
    )


def test_cancelling_clears_next_due(world):
    clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 9, 1)
    )
    clock.cancel_deadline(
        world.case, rule="final_plan", reason="Request withdrawn", on=date(2026, 9, 10), by=None
    )
    world.case.refresh_from_db()
    assert world.case.next_due_on is None
    assert (
        clock.cancel_deadline(
            world.case, rule="final_plan", reason="x", on=date(2026, 9, 10), by=None
        )
        is None
    )


def test_exception_is_recorded_beside_the_unchanged_date(world):
    deadline = clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 9, 1)
    )
    clock.record_exception(
        deadline, kind="personal_circumstances", reason="Family bereavement", by=world.coordinator
    )
    deadline.refresh_from_db()
    assert deadline.due_on == date(2027, 1, 19)
    assert deadline.has_exception
    assert DeadlineException.objects.get().recorded_by == world.coordinator


@pytest.mark.parametrize(
    ("kind", "reason", "message"),
    [
        # No exception disapplies the time limit for appealing.
        ("setting_closed", "Closed", "does not apply"),
        ("not-a-kind", "Closed", "Choose a reason"),
        ("personal_circumstances", "  ", "Enter the reason"),
    ],
    ids=["exception-not-for-this-rule", "unknown-kind", "blank-reason"],
)
def test_exception_refused(world, kind, reason, message):
    deadline = clock.start_deadline(
        world.case,
        rule="appeal",
        by=None,
        decision_sent_on=date(2026, 9, 1),
        certificate_issued_on=None,
    )
    with pytest.raises(DomainError, match=message):
        clock.record_exception(deadline, kind=kind, reason=reason, by=world.coordinator)
    assert not DeadlineException.objects.exists()


def test_exceptions_cannot_be_edited(world):
    deadline = clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 9, 1)
    )
    clock.record_exception(
        deadline, kind="personal_circumstances", reason="Illness", by=world.coordinator
    )
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        DeadlineException.objects.update(reason="changed")


def test_new_bank_holiday_recomputes_open_working_day_deadlines(world):
    # Mediation certificate: 3 working days from Thu 3 Dec 2026 is Tue 8 Dec.
    deadline = clock.start_deadline(
        world.case, rule="mediation_certificate", by=None, adviser_told_on=date(2026, 12, 3)
    )
    other = clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 9, 1)
    )
    assert deadline.due_on == date(2026, 12, 8)
    BankHoliday.objects.create(date=date(2026, 12, 7), title="Extra bank holiday")
    forget_bank_holidays()
    assert clock.recompute_working_day_deadlines() == 1
    deadline.refresh_from_db()
    other.refresh_from_db()
    assert deadline.due_on == date(2026, 12, 9)
    assert other.due_on == date(2027, 1, 19)
    assert CaseEvent.objects.filter(kind="deadline_recalculated").count() == 1
    assert clock.recompute_working_day_deadlines() == 0


def test_load_bank_holidays_command(world, tmp_path):
    from django.core.management import CommandError, call_command

    clock.start_deadline(
        world.case, rule="mediation_certificate", by=None, adviser_told_on=date(2026, 12, 3)
    )
    path = tmp_path / "bank-holidays.json"
    path.write_text(
        '{"england-and-wales": {"division": "england-and-wales", "events": ['
        '{"title": "Extra bank holiday", "date": "2026-12-07", "notes": "", "bunting": true}]}}'
    )
    call_command("load_bank_holidays", str(path))
    assert Deadline.objects.get().due_on == date(2026, 12, 9)
    call_command("load_bank_holidays", str(path))  # again: nothing new
    assert BankHoliday.objects.filter(date=date(2026, 12, 7)).count() == 1
    bad = tmp_path / "bad.json"
    bad.write_text('{"scotland": {}}')
    count = BankHoliday.objects.count()
    with pytest.raises(CommandError, match="Could not load"):
        call_command("load_bank_holidays", str(bad))
    assert BankHoliday.objects.count() == count


def test_compute_due_rejects_unknown_rules():
    with pytest.raises(ValueError, match="Unknown deadline rule"):
        clock.compute_due("no_such_rule", {})


def test_timeliness_with_and_without_exceptions(world):
    from sendcpp import selectors
    from sendcpp.tests.factories import CaseFactory

    outcomes = [
        (date(2027, 1, 10), False),
        (date(2027, 1, 30), False),
        (date(2027, 1, 30), True),
        (date(2027, 1, 15), True),
    ]
    for met_on, excepted in outcomes:
        case = CaseFactory(team=world.case.team, coordinator=world.coordinator)
        deadline = clock.start_deadline(
            case, rule="final_plan", by=None, request_received_on=date(2026, 9, 1)
        )
        if excepted:
            clock.record_exception(
                deadline, kind="personal_circumstances", reason="Illness", by=world.coordinator
            )
        clock.meet_deadline(case, rule="final_plan", met_on=met_on, by=None)
    stats = selectors.timeliness(
        world.manager, rule="final_plan", met_from=date(2027, 1, 1), met_to=date(2027, 12, 31)
    )
    # 4 plans, 2 on time (10 and 15 Jan; due 19 Jan) = 50%; without the 2 excepted: 1 of 2 = 50%.
    assert stats["total"] == 4
    assert stats["on_time"] == 2
    assert stats["percent_including_exceptions"] == 50.0
    assert stats["total_without"] == 2
    assert stats["percent_excluding_exceptions"] == 50.0
    assert (
        selectors.timeliness(
            world.family, rule="final_plan", met_from=date(2027, 1, 1), met_to=date(2027, 12, 31)
        )["percent_including_exceptions"]
        is None
    )


def test_case_row_keeps_earliest_open_deadline(world):
    clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 9, 1)
    )
    clock.start_deadline(
        world.case, rule="assessment_decision", by=None, request_received_on=date(2026, 9, 1)
    )
    assert Case.objects.get(pk=world.case.pk).next_due_on == date(2026, 10, 13)
    assert connection.vendor == "postgresql"


def test_meeting_a_records_deadline_meets_only_its_own_subject(world):
    from types import SimpleNamespace

    for subject in ("window:1", "window:2"):
        clock.start_deadline(
            world.case,
            rule="assessment_decision",
            by=None,
            subject=subject,
            request_received_on=date(2026, 9, 1),
        )
    record = SimpleNamespace(case=world.case, deadline_subject="window:2")
    met = clock.meet_record_deadline(
        record, rule="assessment_decision", met_on=date(2026, 10, 1), by=world.coordinator
    )
    assert met is not None
    assert met.subject == "window:2"
    still_open = Deadline.objects.get(subject="window:1")
    assert still_open.met_on is None
    assert (
        clock.meet_record_deadline(
            record, rule="assessment_decision", met_on=date(2026, 10, 2), by=None
        )
        is None
    )

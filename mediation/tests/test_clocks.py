"""Every statutory clock this app starts, with worked dates: the services start the deadline
from the right trigger, and the date agrees with the rule in ``sendcpp.deadlines`` (the same
worked examples are in ``sendcpp/tests/test_deadlines.py``). England and Wales bank holidays
from the shipped table: 25 Dec 2026 is a Friday, so Mon 28 Dec 2026 is the Boxing Day substitute
and 1 Jan 2027 a Friday."""

from __future__ import annotations

from datetime import date

import pytest

from mediation import services
from mediation.models import MediationStatus, Outcome
from mediation.tests.conftest import appeal_in, mediation_in, open_window
from sendcpp.calendar import read_bank_holidays_file
from sendcpp.clock import compute_due
from sendcpp.deadlines import RULES
from sendcpp.models import Deadline

HOLIDAYS = frozenset(day for day, _ in read_bank_holidays_file())


def deadline(record, rule: str) -> Deadline:
    """The latest deadline of ``rule`` for ``record`` (open, met or cancelled)."""
    return Deadline.objects.filter(subject=record.deadline_subject, rule=rule).latest("id")


def test_bank_holidays_assumed_below():
    assert {date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)} <= HOLIDAYS
    assert date(2026, 12, 26) not in HOLIDAYS  # a Saturday: substituted by Monday 28th


# --- Appeal window ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "sent_on", "adviser_by", "appeal_by"),
    [
        (
            "1 Oct 2026: 2 months, no roll-over",
            date(2026, 10, 1),
            date(2026, 12, 1),
            date(2026, 12, 1),
        ),
        # 25 Oct + 2 months = Fri 25 Dec 2026, in the Christmas period: next working day after
        # 1 Jan is Mon 4 Jan 2027 (Sat 2, Sun 3). The adviser contact limit does not roll.
        ("letter ends on Christmas Day", date(2026, 10, 25), date(2026, 12, 25), date(2027, 1, 4)),
        # 1 Nov + 2 months = Fri 1 Jan 2027 (bank holiday): Mon 4 Jan 2027.
        ("letter ends on New Year's Day", date(2026, 11, 1), date(2027, 1, 1), date(2027, 1, 4)),
        # 24 Oct + 2 months = Thu 24 Dec 2026: before the period, stays.
        ("Christmas Eve stays", date(2026, 10, 24), date(2026, 12, 24), date(2026, 12, 24)),
        # 15 Jun + 2 months = Sun 15 Aug 2027: August: first working day of September, Wed 1 Sep.
        ("letter ends in August", date(2027, 6, 15), date(2027, 8, 15), date(2027, 9, 1)),
        # 30 Jun + 2 months = Mon 30 Aug 2027 (bank holiday, in August): Wed 1 Sep 2027.
        ("August bank holiday", date(2027, 6, 30), date(2027, 8, 30), date(2027, 9, 1)),
        # 31 Dec + 2 months clamps to 28 Feb 2027.
        ("end of month clamps", date(2026, 12, 31), date(2027, 2, 28), date(2027, 2, 28)),
    ],
)
def test_window_starts_adviser_and_appeal_clocks(world, _case, sent_on, adviser_by, appeal_by):
    window = open_window(world, sent_on=sent_on)
    assert deadline(window, "mediation_adviser_contact").due_on == adviser_by
    assert deadline(window, "appeal").due_on == appeal_by
    assert deadline(window, "appeal").triggers == {
        "decision_sent_on": sent_on.isoformat(),
        "certificate_issued_on": None,
    }
    assert RULES["appeal"].function(sent_on, None, HOLIDAYS) == appeal_by


@pytest.mark.parametrize(
    ("_case", "sent_on", "certificate_on", "appeal_by"),
    [
        # Spec 1.12 (IPSEA): letter 1 Oct, certificate 29 Nov: 1 Dec vs 29 Dec; 29 Dec is in the
        # Christmas period: the next working day in January 2027 is Mon 4 Jan.
        ("1.12 IPSEA in 2026", date(2026, 10, 1), date(2026, 11, 29), date(2027, 1, 4)),
        # Certificate soon after the letter: the 2 months are later and stand.
        ("2 months later", date(2026, 10, 1), date(2026, 10, 20), date(2026, 12, 1)),
        # Letter 1 May 2027 (1 Jul); certificate 15 Jun 2027 (15 Jul): the later one stands.
        (
            "1 month from the certificate is later",
            date(2027, 5, 1),
            date(2027, 6, 15),
            date(2027, 7, 15),
        ),
    ],
)
def test_certificate_restarts_the_appeal_clock(world, _case, sent_on, certificate_on, appeal_by):
    window = open_window(world, sent_on=sent_on)
    mediation = services.record_adviser_contact(
        window,
        contacted_on=sent_on,
        wants_mediation=False,
        issues=["education"],
        by=world.coordinator,
    )
    services.issue_mediation_certificate(mediation, issued_on=certificate_on, by=world.coordinator)
    appeal = deadline(window, "appeal")
    assert appeal.due_on == appeal_by
    assert appeal.is_open
    assert RULES["appeal"].function(sent_on, certificate_on, HOLIDAYS) == appeal_by
    # The first appeal deadline was cancelled, with the reason on the timeline.
    assert Deadline.objects.filter(subject=window.deadline_subject, rule="appeal").count() == 2


def test_certificate_in_august_rolls_to_september(world):
    # Letter 1 Jun 2027 (2 months: 1 Aug -> Wed 1 Sep); certificate Thu 15 Jul 2027 (1 month:
    # Sun 15 Aug -> Wed 1 Sep 2027).
    window = open_window(world, sent_on=date(2027, 6, 1))
    mediation = services.record_adviser_contact(
        window,
        contacted_on=date(2027, 6, 10),
        wants_mediation=False,
        issues=["health"],
        by=world.coordinator,
    )
    services.issue_mediation_certificate(
        mediation, issued_on=date(2027, 6, 15), by=world.coordinator
    )
    assert deadline(window, "appeal").due_on == date(2027, 9, 1)


# --- Mediation -----------------------------------------------------------------------------------


def test_certificate_when_mediation_not_wanted_skips_christmas_bank_holidays(world):
    # Adviser told Wed 23 Dec 2026: Thu 24 (1), Fri 25 and Mon 28 bank holidays, Tue 29 (2),
    # Wed 30 (3): certificate by Wed 30 Dec 2026.
    window = open_window(world, sent_on=date(2026, 12, 1))
    mediation = services.record_adviser_contact(
        window,
        contacted_on=date(2026, 12, 23),
        wants_mediation=False,
        issues=["education"],
        by=world.coordinator,
    )
    assert deadline(mediation, "mediation_certificate").due_on == date(2026, 12, 30)
    assert compute_due("mediation_certificate", {"adviser_told_on": date(2026, 12, 23)}) == date(
        2026, 12, 30
    )
    # The family's contact met the 2-month clock on the day they made it.
    assert deadline(window, "mediation_adviser_contact").met_on == date(2026, 12, 23)


def test_mediation_wanted_starts_30_days_and_health_notice(world):
    # Council told Wed 23 Dec 2026: mediation within 30 days, Fri 22 Jan 2027; health services
    # told within 3 working days, Wed 30 Dec 2026 (24, 29, 30).
    window = open_window(world, sent_on=date(2026, 12, 1))
    mediation = services.record_adviser_contact(
        window,
        contacted_on=date(2026, 12, 21),
        la_told_on=date(2026, 12, 23),
        wants_mediation=True,
        issues=["education", "health"],
        health_provision_sought="Weekly occupational therapy",
        by=world.coordinator,
    )
    assert deadline(mediation, "mediation_held").due_on == date(2027, 1, 22)
    assert deadline(mediation, "mediation_health_notice").due_on == date(2026, 12, 30)
    services.record_health_bodies_told(mediation, told_on=date(2026, 12, 29), by=world.coordinator)
    assert deadline(mediation, "mediation_health_notice").met_on == date(2026, 12, 29)


def test_no_health_notice_without_health_issues(world):
    mediation = mediation_in(world, MediationStatus.REQUESTED, issues=("education", "social_care"))
    assert not Deadline.objects.filter(rule="mediation_health_notice").exists()
    # Spec 1.12 shape: told 20 Oct 2026, held by Thu 19 Nov 2026 (30 calendar days).
    assert deadline(mediation, "mediation_held").due_on == date(2026, 11, 19)


def test_deemed_certificate_when_mediation_cannot_be_arranged(world):
    # Adviser told Thu 24 Dec 2026: Tue 29 (1), Wed 30 (2), Thu 31 (3).
    window = open_window(world, sent_on=date(2026, 11, 20))
    mediation = services.record_adviser_contact(
        window,
        contacted_on=date(2026, 11, 25),
        wants_mediation=True,
        issues=["education"],
        by=world.coordinator,
    )
    services.record_cannot_arrange(
        mediation, adviser_told_on=date(2026, 12, 24), by=world.coordinator
    )
    assert deadline(mediation, "mediation_deemed_certificate").due_on == date(2026, 12, 31)
    held = deadline(mediation, "mediation_held")
    assert held.cancelled_on == date(2026, 12, 24)


def test_certificate_after_mediation_across_christmas(world):
    # Held Tue 22 Dec 2026: Wed 23 (1), Thu 24 (2), [25, 26, 27, 28], Tue 29 (3).
    window = open_window(world, sent_on=date(2026, 11, 20))
    mediation = services.record_adviser_contact(
        window,
        contacted_on=date(2026, 11, 25),
        wants_mediation=True,
        issues=["education", "health"],
        by=world.coordinator,
    )
    services.record_mediation_held(
        mediation,
        held_on=date(2026, 12, 22),
        outcome=Outcome.PARTLY,
        attendees=["parent", "la", "health"],
        la_attendee_had_authority=True,
        by=world.coordinator,
    )
    assert deadline(mediation, "mediation_held").met_on == date(2026, 12, 22)
    assert deadline(mediation, "mediation_concluded_certificate").due_on == date(2026, 12, 29)
    # A health service that was party tells the council what was agreed within 1 week.
    assert deadline(mediation, "mediation_agreement_icb_notice").due_on == date(2026, 12, 29)


def test_agreement_terms_have_their_own_clocks(world):
    # Agreed at mediation on Tue 22 Dec 2026: a non-appealable action within 2 weeks (Tue 5 Jan
    # 2027, no Christmas roll-over); an appealable one (amend the contents) within 5 weeks
    # (Tue 26 Jan 2027), as a tribunal order would be.
    window = open_window(world, sent_on=date(2026, 11, 20))
    mediation = services.record_adviser_contact(
        window,
        contacted_on=date(2026, 11, 25),
        wants_mediation=True,
        issues=["education"],
        by=world.coordinator,
    )
    services.record_mediation_held(
        mediation,
        held_on=date(2026, 12, 22),
        outcome=Outcome.PARTLY,
        attendees=["parent", "la"],
        la_attendee_had_authority=True,
        by=world.coordinator,
    )
    visit = services.add_agreement_term(
        mediation,
        description="Arrange an educational psychologist's visit",
        responsible_body="la",
        by=world.coordinator,
    )
    amend = services.add_agreement_term(
        mediation,
        description="Specify weekly speech and language therapy in section F",
        responsible_body="la",
        appealable_step="amend_contents",
        by=world.coordinator,
    )
    agreed_later = services.add_agreement_term(
        mediation,
        description="Review the transport arrangements",
        responsible_body="la",
        agreed_due_on=date(2027, 1, 29),
        by=world.coordinator,
    )
    assert visit.due_on == deadline(visit, "mediation_agreement_action").due_on == date(2027, 1, 5)
    assert (
        amend.due_on == deadline(amend, "tribunal_order_amend_contents").due_on == date(2027, 1, 26)
    )
    assert deadline(agreed_later, "mediation_agreement_action").target_on == date(2027, 1, 29)
    services.complete_agreement_term(visit, done_on=date(2027, 1, 4), by=world.coordinator)
    assert deadline(visit, "mediation_agreement_action").met_on == date(2027, 1, 4)


# --- Tribunal ------------------------------------------------------------------------------------


def test_council_response_within_30_working_days_across_christmas(world):
    # Appeal sent to the council Mon 7 Dec 2026: 30 working days skipping 25 and 28 Dec and
    # 1 Jan: Thu 21 Jan 2027.
    window = mediation_in(world, MediationStatus.CERTIFICATE_ISSUED).window
    appeal = services.register_appeal(
        window,
        registered_on=date(2026, 12, 4),
        appeal_sent_to_la_on=date(2026, 12, 7),
        by=world.coordinator,
    )
    assert deadline(appeal, "tribunal_response").due_on == date(2027, 1, 21)
    assert deadline(window, "appeal").met_on == date(2026, 12, 4)


ORDER_SENT = date(2027, 1, 4)


@pytest.mark.parametrize(
    ("step", "due"),
    [
        ("cease", date(2027, 1, 4)),
        ("continue_to_maintain", date(2027, 1, 4)),
        ("assess_notify", date(2027, 1, 18)),
        ("assess_no_plan", date(2027, 3, 15)),
        ("assess_final_plan", date(2027, 4, 12)),
        ("make_plan_draft", date(2027, 2, 8)),
        ("make_plan_final", date(2027, 3, 22)),
        ("amend_contents", date(2027, 2, 8)),
        ("amend_setting", date(2027, 1, 18)),
    ],
)
def test_each_tribunal_order_is_a_task_with_its_deadline(world, step, due):
    appeal = appeal_in(world, "registered")
    outcome = "dismissed" if step == "cease" else "upheld"
    services.record_tribunal_decision(
        appeal,
        decided_on=date(2026, 12, 30),
        order_sent_on=ORDER_SENT,
        outcome=outcome,
        orders=[step],
        by=world.coordinator,
    )
    order = appeal.orders.get()
    assert order.due_on == due
    assert deadline(order, f"tribunal_order_{step}").due_on == due
    assert RULES[f"tribunal_order_{step}"].function(ORDER_SENT) == due


@pytest.mark.parametrize(
    ("step", "due"),
    [
        ("assess_or_review", date(2027, 1, 11)),
        ("amend_contents", date(2027, 1, 11)),
        ("amend_setting", date(2026, 12, 28)),
    ],
)
def test_conceded_appeal_starts_regulation_45_clocks(world, step, due):
    # Council tells the tribunal on Mon 14 Dec 2026 that it will not oppose: 4 weeks (Mon 11 Jan
    # 2027) or 2 weeks to change only the school named (Mon 28 Dec 2026, calendar weeks).
    appeal = appeal_in(world, "registered")
    services.concede_appeal(
        appeal, notified_on=date(2026, 12, 14), steps=[step], by=world.coordinator
    )
    order = appeal.orders.get()
    assert deadline(order, f"unopposed_appeal_{step}").due_on == due == order.due_on
    assert deadline(appeal, "tribunal_response").cancelled_on == date(2026, 12, 14)


def test_recommendations_reply_within_5_weeks(world):
    window = mediation_in(world, MediationStatus.CERTIFICATE_ISSUED).window
    appeal = services.register_appeal(
        window,
        registered_on=date(2026, 12, 4),
        appeal_sent_to_la_on=date(2026, 12, 7),
        extended_appeal=True,
        by=world.coordinator,
    )
    services.record_tribunal_decision(
        appeal,
        decided_on=date(2027, 3, 1),
        order_sent_on=date(2027, 3, 3),
        outcome="partly_upheld",
        orders=[],
        recommendations_sent_on=date(2027, 3, 3),
        by=world.coordinator,
    )
    assert deadline(appeal, "recommendation_response").due_on == date(2027, 4, 7)
    appeal.refresh_from_db()
    assert appeal.status == "decided"
    services.record_recommendation_response(
        appeal, responded_on=date(2027, 4, 1), by=world.coordinator
    )
    appeal.refresh_from_db()
    assert appeal.status == "closed"

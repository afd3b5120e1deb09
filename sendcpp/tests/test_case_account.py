"""The one account of a case: who must act, only future dates as next steps, the family's own
windows as choices (never on a coordinator's overdue list), exceptions in plain English."""

from __future__ import annotations

from datetime import date

from sendcpp import clock, selectors
from sendcpp.deadlines import FAMILY_WINDOWS, RULES, Party
from sendcpp.models import Case

TODAY = "2026-12-09"


def _today() -> date:
    return date.fromisoformat(TODAY)


def test_the_family_windows_are_exactly_the_rules_where_the_family_acts():
    assert {"draft_plan_comments", "amendment_comments", "mediation_adviser_contact", "appeal"} == (
        FAMILY_WINDOWS
    )
    for key in FAMILY_WINDOWS:
        assert RULES[key].choice.startswith(("You can", "If you want")), key
        assert RULES[key].choice.endswith("until"), key
    assert RULES["assessment_advice"].party == Party.PROFESSIONAL
    assert RULES["setting_consultation"].party == Party.PROFESSIONAL


def test_a_family_window_never_appears_in_a_coordinators_overdue_list(world):
    # The family's window to contact the mediation adviser closed weeks ago, unused; the
    # council's own deadline is not yet due.
    clock.start_deadline(
        world.case, rule="mediation_adviser_contact", by=None, decision_sent_on=date(2026, 8, 3)
    )
    clock.start_deadline(
        world.case,
        rule="appeal",
        by=None,
        decision_sent_on=date(2026, 8, 3),
        certificate_issued_on=None,
    )
    clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 10, 1)
    )
    case = Case.objects.get(pk=world.case.pk)
    assert case.next_due_label == RULES["final_plan"].title
    assert case.next_due_on > _today()
    overdue_cases = selectors.caseload(
        world.coordinator, filters={"due": "overdue"}, today=_today()
    )
    assert world.case not in overdue_cases
    overdue = selectors.deadlines_due(
        world.coordinator, today=_today(), when="overdue", mine_only=True
    )
    assert not overdue.filter(case=world.case).exists()
    counts = selectors.deadline_counts_by_coordinator(world.manager, today=_today())
    assert all(row["overdue"] == 0 for row in counts)
    for deadline in world.case.deadlines.all():
        assert not deadline.is_overdue(_today())


def test_the_councils_own_late_deadline_is_still_overdue(world):
    clock.start_deadline(
        world.case, rule="assessment_decision", by=None, request_received_on=date(2026, 9, 1)
    )
    clock.start_deadline(
        world.case, rule="mediation_adviser_contact", by=None, decision_sent_on=date(2026, 8, 3)
    )
    overdue = selectors.deadlines_due(
        world.coordinator, today=_today(), when="overdue", mine_only=True
    )
    assert [d.rule for d in overdue.filter(case=world.case)] == ["assessment_decision"]
    assert world.case in selectors.caseload(
        world.coordinator, filters={"due": "overdue"}, today=_today()
    )


def test_past_dates_never_appear_as_next_steps(world):
    clock.start_deadline(
        world.case, rule="assessment_decision", by=None, request_received_on=date(2026, 9, 1)
    )
    clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 9, 1)
    )
    clock.start_deadline(
        world.case,
        rule="appeal",
        by=None,
        decision_sent_on=date(2026, 7, 1),
        certificate_issued_on=None,
    )
    account = selectors.case_account(world.case, today=_today())
    assert account.next_steps
    assert all(step.due_on >= _today() for step in account.next_steps)
    assert all(step.party != Party.FAMILY for step in account.next_steps)
    assert [step.rule for step in account.next_steps] == ["final_plan"]
    assert [step.rule for step in account.late] == ["assessment_decision"]
    # The appeal window has closed: it is no choice now, nor a next step, nor late.
    assert not account.choices
    appeal = next(step for step in account.steps if step.rule == "appeal")
    assert appeal.state == "choice_ended"


def test_the_familys_windows_read_as_choices_and_council_tasks_name_who_acts(world):
    clock.start_deadline(
        world.case, rule="mediation_adviser_contact", by=None, decision_sent_on=date(2026, 12, 1)
    )
    clock.start_deadline(
        world.case,
        rule="assessment_advice",
        by=None,
        subject="ep",
        advice_requested_on=date(2026, 12, 1),
    )
    account = selectors.case_account(world.case, today=_today())
    [choice] = account.choices
    assert choice.text == (
        "If you want to appeal, you can contact the mediation adviser until Monday 1 February 2027."
    )
    [advice] = account.next_steps
    assert advice.who == "The professionals asked for advice"
    assert not advice.text.startswith("Give")


def test_met_late_and_exceptions_are_told_in_plain_english(world):
    deadline = clock.start_deadline(
        world.case, rule="assessment_decision", by=None, request_received_on=date(2026, 9, 1)
    )
    clock.record_exception(
        deadline, kind="setting_closed", reason="Summer closure", by=world.coordinator
    )
    clock.meet_deadline(world.case, rule="assessment_decision", met_on=date(2026, 10, 20), by=None)
    account = selectors.case_account(world.case, today=_today())
    [step] = account.steps
    assert step.state == "done_late"
    assert step.state_text == "Done late, on Tuesday 20 October 2026"
    assert step.exceptions == ("The school or college was closed for 4 weeks or more",)
    assert not account.late


def test_the_timeline_never_words_a_new_date_as_an_order_to_the_family(world):
    from sendcpp.models import CaseEvent

    clock.start_deadline(
        world.case,
        rule="assessment_advice",
        by=None,
        subject="ep",
        advice_requested_on=date(2026, 12, 1),
    )
    clock.start_deadline(
        world.case,
        rule="appeal",
        by=None,
        decision_sent_on=date(2026, 12, 1),
        certificate_issued_on=None,
    )
    summaries = list(
        CaseEvent.objects.filter(case=world.case, kind="deadline_started")
        .order_by("id")
        .values_list("summary", flat=True)
    )
    assert summaries == [
        "Date set for the professionals asked for advice: give advice for the assessment by "
        "12 January 2027",
        "You can appeal to the tribunal until 1 February 2027",
    ]


def test_each_deadline_tells_its_own_exceptions_in_the_order_recorded(world):
    """The exceptions come with each deadline in the one compiled query: two on one case's
    deadline, in the order they were recorded, and none on another case's."""
    first = clock.start_deadline(
        world.case, rule="assessment_decision", by=None, request_received_on=date(2026, 9, 1)
    )
    clock.start_deadline(
        world.other_case, rule="assessment_decision", by=None, request_received_on=date(2026, 9, 1)
    )
    for kind in ("absent_from_area", "setting_closed"):
        clock.record_exception(first, kind=kind, reason="Recorded", by=world.coordinator)
    [mine] = selectors.case_account(world.case, today=_today()).steps
    [theirs] = selectors.case_account(world.other_case, today=_today()).steps
    assert mine.exceptions == (
        "The child or family was away from the area",
        "The school or college was closed for 4 weeks or more",
    )
    assert theirs.exceptions == ()

"""Provision delivered as section F says, and exclusions: the named setting's termly
confirmation, shortfalls as coordinator tasks the family sees, and the managers' figures against
hand-computed fixtures."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from ehcp.models import PlanRow
from ehcp.tests.factories import GOOD_ROW, final_issued
from placements.models import ApTier, Placement, ReintegrationReview
from sendcpp import access
from sendcpp.evidence import panels_for
from sendcpp.exceptions import DomainError, DuplicateSubmission
from sendcpp.models import Audience, CaseEvent, Notification
from sendcpp.tests.factories import CaseFactory, ChildFactory, OrganisationFactory, UserFactory
from support import selectors, services
from support.models import (
    Delivered,
    DeliveryLine,
    DeliveryReturn,
    Exclusion,
    ExclusionKind,
    ExclusionReason,
    Layer,
    SupportPlan,
    Tier1Episode,
)
from support.services import LineInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def ehc_plan(world):
    """The world's case with a final EHC plan naming the world's school, with two rows in F."""
    version = final_issued(world.case, world.coordinator, setting=world.school)
    plan = version.plan
    PlanRow.objects.create(
        plan=plan,
        position=2,
        **{**GOOD_ROW, "area": "semh", "provision_what": "Emotional literacy sessions"},
    )
    return plan


def _lines(plan, *answers):
    rows = services.section_f_rows(plan)
    return [LineInput(row, *answer) for row, answer in zip(rows, answers, strict=True)]


def test_the_named_setting_confirms_a_term_with_one_shortfall(world, ehc_plan):
    delivery = services.confirm_delivery(
        ehc_plan,
        school_year=2026,
        term="autumn",
        lines=_lines(
            ehc_plan,
            (Delivered.FULLY, 36, 36),
            (Delivered.PARTLY, 12, 8, "The assistant was off sick for four weeks"),
        ),
        by=world.setting_user,
    )
    assert delivery.term_label == "Autumn term 2026"
    shortfall = delivery.lines.get(delivered=Delivered.PARTLY)
    assert shortfall.reason == "The assistant was off sick for four weeks"
    # The coordinator has a task and a message; the family sees it on the timeline.
    assert list(selectors.shortfalls_to_follow_up(world.coordinator)) == [shortfall]
    assert Notification.objects.filter(recipient=world.coordinator).filter(
        subject__contains="not delivered in full"
    )
    event = CaseEvent.objects.get(case=world.case, kind="support_delivery_shortfall")
    assert event.audience == Audience.FAMILY
    assert event in access.timeline_for(world.family, world.case)
    # The annual review and the family's page open with the record.
    for who, where in ((world.coordinator, "review"), (world.family, "journey")):
        [section] = panels_for(who, world.case, where)
        assert section.context["returns"] == [delivery]
    # Following it up closes the task.
    services.follow_up_shortfall(
        shortfall, note="Cover arranged from January", by=world.coordinator
    )
    assert not selectors.shortfalls_to_follow_up(world.coordinator).exists()
    with pytest.raises(DuplicateSubmission):
        services.follow_up_shortfall(shortfall, note="Again", by=world.coordinator)


def test_a_term_is_confirmed_once(world, ehc_plan):
    answers = ((Delivered.FULLY, 36, 36), (Delivered.FULLY, 12, 12))
    services.confirm_delivery(
        ehc_plan,
        school_year=2026,
        term="autumn",
        lines=_lines(ehc_plan, *answers),
        by=world.setting_user,
    )
    with pytest.raises(DuplicateSubmission):
        services.confirm_delivery(
            ehc_plan,
            school_year=2026,
            term="autumn",
            lines=_lines(ehc_plan, *answers),
            by=world.setting_user,
        )
    assert DeliveryReturn.objects.count() == 1


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ((Delivered.FULLY, 36, 30), "every session"),
        ((Delivered.PARTLY, 36, 30, ""), "why"),
        ((Delivered.NOT_AT_ALL, 36, 3, "Closed"), "no sessions"),
        ((Delivered.PARTLY, 36, 40, "More"), "more than"),
        ((Delivered.FULLY, 0, 0), "how many sessions"),
    ],
)
def test_inconsistent_answers_are_refused_and_change_nothing(world, ehc_plan, answer, message):
    with pytest.raises(DomainError, match=message):
        services.confirm_delivery(
            ehc_plan,
            school_year=2026,
            term="autumn",
            lines=_lines(ehc_plan, (Delivered.FULLY, 12, 12), answer),
            by=world.setting_user,
        )
    assert not DeliveryReturn.objects.exists()


def test_every_row_must_be_answered(world, ehc_plan):
    rows = services.section_f_rows(ehc_plan)
    with pytest.raises(DomainError, match="every row"):
        services.confirm_delivery(
            ehc_plan,
            school_year=2026,
            term="autumn",
            lines=[LineInput(rows[0], Delivered.FULLY, 10, 10)],
            by=world.setting_user,
        )
    assert not DeliveryReturn.objects.exists()


def test_only_the_named_setting_confirms(world, ehc_plan):
    other = UserFactory(
        account_type="setting", organisation=OrganisationFactory(name="Elsewhere School")
    )
    for outsider in (other, world.family, world.coordinator):
        with pytest.raises(Http404):
            services.confirm_delivery(
                ehc_plan,
                school_year=2026,
                term="autumn",
                lines=_lines(ehc_plan, (Delivered.FULLY, 1, 1), (Delivered.FULLY, 1, 1)),
                by=outsider,
            )


# --- Delivery rates against a hand-computed fixture ---------------------------------------------------


def _return(world, setting, lines, *, case=None, term="autumn"):
    case = case or CaseFactory(team=world.case.team, coordinator=world.coordinator)
    version = final_issued(case, world.coordinator, setting=setting)
    delivery = DeliveryReturn.objects.create(
        plan=version.plan,
        case=case,
        setting=setting,
        school_year=2026,
        term=term,
        confirmed_by=world.setting_user,
    )
    for area, delivered, specified, done in lines:
        DeliveryLine.objects.create(
            delivery=delivery,
            area=area,
            provision="Provision",
            delivered=delivered,
            reason="" if delivered == Delivered.FULLY else "Staff absence",
            sessions_specified=specified,
            sessions_delivered=done,
        )
    return delivery


def test_delivery_rates_by_setting_and_type_of_provision(world):
    north = OrganisationFactory(name="North Primary")
    south = OrganisationFactory(name="South Primary")
    # North: 3 rows, 2 fully; sessions 30 + 10 + 20 = 60 specified, 30 + 10 + 5 = 45 delivered.
    _return(
        world,
        north,
        [
            ("communication", Delivered.FULLY, 30, 30),
            ("semh", Delivered.FULLY, 10, 10),
            ("semh", Delivered.PARTLY, 20, 5),
        ],
    )
    # South: 1 row, not delivered; 12 specified, 0 delivered.
    _return(world, south, [("communication", Delivered.NOT_AT_ALL, 12, 0)])
    rates = selectors.delivery_rates(world.la)
    by_setting = {rate.label: rate for rate in rates["by_setting"]}
    assert (by_setting["North Primary"].rows, by_setting["North Primary"].fully) == (3, 2)
    assert by_setting["North Primary"].rows_rate == 66.7
    assert by_setting["North Primary"].sessions_rate == 75.0  # 45 of 60
    assert (by_setting["South Primary"].rows_rate, by_setting["South Primary"].sessions_rate) == (
        0.0,
        0.0,
    )
    by_area = {rate.label: rate for rate in rates["by_area"]}
    # Communication: 2 rows, 1 fully; 30 of 42 sessions. SEMH: 2 rows, 1 fully; 15 of 30.
    assert (
        by_area["Communication and interaction"].rows_rate,
        by_area["Communication and interaction"].sessions_rate,
    ) == (50.0, 71.4)
    assert (
        by_area["Social, emotional and mental health"].rows_rate,
        by_area["Social, emotional and mental health"].sessions_rate,
    ) == (50.0, 50.0)
    [overall] = rates["overall"]
    assert (
        overall.rows,
        overall.fully,
        overall.sessions_specified,
        overall.sessions_delivered,
    ) == (
        4,
        2,
        72,
        45,
    )
    # Another authority's returns never count.
    assert selectors.delivery_rates(world.other_la_manager.organisation)["overall"] == []


# --- Exclusions against a hand-computed fixture ----------------------------------------------------------


def _exclusion(child, kind, starts_on, by, **extra):
    return Exclusion.objects.create(
        child=child,
        setting=child.setting,
        kind=kind,
        starts_on=starts_on,
        ends_on=extra.pop("ends_on", starts_on),
        sessions_missed=extra.pop("sessions_missed", 2),
        reason=ExclusionReason.DISRUPTIVE,
        recorded_by=by,
    )


def test_preventable_exclusions_and_suspension_rates(world):
    senco = world.setting_user
    school = world.school
    children = [ChildFactory(responsible_la=world.la, setting=school) for _ in range(5)]
    a, b, c, d, e = children
    # Support plans active this year: a, b, c (c's closed in October, still in the period).
    for child, closed_on in ((a, None), (b, None), (c, date(2026, 10, 20))):
        SupportPlan.objects.create(
            child=child,
            setting=school,
            layer=Layer.TARGETED,
            started_on=date(2026, 9, 7),
            next_review_on=date(2026, 12, 18),
            written_by=senco,
            status="closed" if closed_on else "active",
            closed_on=closed_on,
        )
    # EHC plans in force: d and e.
    for child in (d, e):
        final_issued(CaseFactory(child=child, team=world.case.team), world.coordinator)
    # Suspensions in the period: a (twice), d; one of b's is before the period and does not count.
    _exclusion(a, ExclusionKind.SUSPENSION, date(2026, 10, 1), senco)
    _exclusion(a, ExclusionKind.SUSPENSION, date(2026, 11, 3), senco)
    _exclusion(d, ExclusionKind.SUSPENSION, date(2026, 11, 10), senco)
    _exclusion(b, ExclusionKind.SUSPENSION, date(2026, 6, 10), senco)
    # Permanent exclusions: b had tier 1 support from before; c's started only after; e had none.
    Tier1Episode.objects.create(
        child=b,
        setting=school,
        provider="AP outreach",
        starts_on=date(2026, 9, 14),
        goals="Stay in school",
        recorded_by=senco,
    )
    Tier1Episode.objects.create(
        child=c,
        setting=school,
        provider="AP outreach",
        starts_on=date(2026, 11, 20),
        goals="Stay in school",
        recorded_by=senco,
    )
    _exclusion(b, ExclusionKind.PERMANENT, date(2026, 11, 16), senco, ends_on=None)
    _exclusion(c, ExclusionKind.PERMANENT, date(2026, 11, 18), senco, ends_on=None)
    _exclusion(e, ExclusionKind.PERMANENT, date(2026, 12, 1), senco, ends_on=None)

    figures = selectors.exclusion_figures(
        world.la, starts_on=date(2026, 9, 1), ends_on=date(2026, 12, 9)
    )
    assert (figures.permanent, figures.preventable) == (3, 2)
    assert {x.child for x in figures.preventable_exclusions} == {c, e}
    # Support plans: a, b, c; suspended: a. EHC plans: d, e; suspended: d.
    assert (figures.plan_children, figures.plan_children_suspended) == (3, 1)
    assert figures.plan_suspension_rate == 33.3
    assert (figures.ehc_children, figures.ehc_children_suspended) == (2, 1)
    assert figures.ehc_suspension_rate == 50.0


def test_a_suspension_needs_its_last_day_and_sane_dates(world):
    child = world.case.child
    with pytest.raises(DomainError, match="last day"):
        services.record_exclusion(
            child,
            kind=ExclusionKind.SUSPENSION,
            starts_on=date(2026, 12, 1),
            sessions_missed=4,
            reason=ExclusionReason.DISRUPTIVE,
            by=world.setting_user,
        )
    with pytest.raises(DomainError, match="before the start"):
        services.record_exclusion(
            child,
            kind=ExclusionKind.PART_TIME,
            starts_on=date(2026, 12, 1),
            ends_on=date(2026, 11, 1),
            sessions_missed=4,
            reason=ExclusionReason.OTHER,
            by=world.setting_user,
        )
    assert not Exclusion.objects.exists()


def test_an_at_risk_flag_is_raised_once_and_cleared(world):
    child = world.case.child
    flag = services.raise_flag(child, reason="Three suspensions this term", by=world.setting_user)
    with pytest.raises(DuplicateSubmission):
        services.raise_flag(child, reason="Again", by=world.setting_user)
    with pytest.raises(Http404):
        services.clear_flag(flag, by=world.coordinator)
    services.clear_flag(flag, by=world.setting_user)
    flag.refresh_from_db()
    assert flag.cleared_on == date(2026, 12, 9)


# --- AP tier movements against a hand-computed fixture ---------------------------------------------


def test_tier_2_placements_returning_on_their_return_date(world):
    ap = OrganisationFactory(name="Compass AP", kind="ap")
    home = world.school
    made = {}

    def tier2(name, planned, *, ends_on=None, outcome=None, starts_on=date(2026, 9, 7)):
        case = CaseFactory(team=world.case.team, child__setting=home)
        placement = Placement.objects.create(
            case=case,
            setting=ap,
            starts_on=starts_on,
            ends_on=ends_on,
            ap_tier=ApTier.TIME_LIMITED,
            home_setting=home,
            planned_return_on=planned,
            next_review_on=planned,
        )
        if outcome:
            ReintegrationReview.objects.create(
                placement=placement, reviewed_on=ends_on or date(2026, 11, 1), outcome=outcome
            )
        made[name] = placement
        return placement

    review = ReintegrationReview.Outcome
    tier2("on time", date(2026, 11, 20), ends_on=date(2026, 11, 20), outcome=review.RETURN)
    tier2("late", date(2026, 10, 30), ends_on=date(2026, 11, 13), outcome=review.RETURN)
    tier2("extended", date(2026, 11, 27), outcome=review.EXTEND)
    tier2("overdue", date(2026, 12, 4))
    tier2("later", date(2027, 2, 12))
    tier2("outside", date(2027, 9, 30))  # due after the period: not counted
    # "late" had tier 1 support before the placement; "later"'s started after it.
    Tier1Episode.objects.create(
        child=made["late"].case.child,
        setting=home,
        provider="Outreach",
        starts_on=date(2026, 6, 1),
        goals="Stay",
        recorded_by=world.setting_user,
    )
    Tier1Episode.objects.create(
        child=made["later"].case.child,
        setting=home,
        provider="Outreach",
        starts_on=date(2026, 10, 1),
        goals="Stay",
        recorded_by=world.setting_user,
    )
    movements = selectors.tier_movements(
        world.la, starts_on=date(2026, 9, 1), ends_on=date(2027, 8, 31), today=date(2026, 12, 9)
    )
    assert (
        movements.due,
        movements.returned_on_time,
        movements.returned_late,
        movements.moved_on_or_extended,
        movements.overdue,
        movements.not_yet_due,
        movements.after_tier1,
    ) == (5, 1, 1, 1, 1, 1, 1)
    assert movements.on_time_rate == 20.0

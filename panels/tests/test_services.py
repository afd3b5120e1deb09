"""The panel services: configuration, meetings and agendas, decisions through the EHCP services,
letters, conflicts, quorum marking, immutability, amendments, and bands frozen at decision time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from panels import services
from panels.models import (
    AgendaItem,
    ConflictOfInterest,
    DecisionAmendment,
    DecisionKind,
    FundingBand,
    ItemStatus,
    MeetingStatus,
    MemberRole,
    PanelDecision,
    PanelKind,
    PanelMember,
    SettingType,
)
from panels.tests.conftest import TODAY, at, panel_member, with_assessment, with_request
from sendcpp.exceptions import DomainError, DuplicateSubmission, TransitionNotAllowed
from sendcpp.models import Audience, Case, CaseEvent, Deadline, Document, Stage


def on_agenda(panels, world, *, meeting=None, case=None, kind=DecisionKind.ASSESS) -> AgendaItem:
    return services.add_to_agenda(
        meeting or panels.today, case=case or world.case, decision_kind=kind, by=world.manager
    )


def at_stage(world, stage: str) -> None:
    """Put the world's case at ``stage`` (test set-up only: the EHCP services are mocked or not
    involved in the decision under test)."""
    Case.objects.filter(pk=world.case.pk).update(stage=stage)
    world.case.refresh_from_db()
    if stage == Stage.ASSESSMENT and not world.case.ehcp_assessments.exists():
        with_assessment(world.case)


def started(panels, meeting=None):
    return services.start_meeting(meeting or panels.today, by=panels.chair)


def decide(item, by, **kwargs) -> PanelDecision:
    values = {"outcome": "agreed", "reasons": "Evidence of needs", **kwargs}
    return services.record_panel_decision(item, by=by, **values)


def letter_text(document: Document) -> str:
    with document.file.open("rb") as handle:
        return handle.read().decode()


# --- Decisions through the EHCP services ---------------------------------------------------------


def test_agreeing_to_assess_moves_the_case_through_ehcp_and_sends_a_letter(panels, world):
    item = on_agenda(panels, world)
    started(panels)
    decision = decide(
        item,
        panels.chair,
        criteria=["may-have-sen", "action-and-progress"],
        next_steps="Request advice from the EP",
        next_step_owner=world.coordinator,
        next_step_due_on=date(2026, 10, 13),
    )
    world.case.refresh_from_db()
    assert world.case.stage == Stage.ASSESSMENT
    assert Deadline.objects.get(case=world.case, rule="assessment_decision").met_on == TODAY
    assert decision.is_quorate
    assert decision.quorum_problems == []
    assert decision.decided_on == TODAY
    assert [c["code"] for c in decision.criteria] == ["may-have-sen", "action-and-progress"]
    assert {p["name"] for p in decision.present if p["counted"]} == {
        panels.chair.display_name,
        panels.ep.display_name,
        panels.health.display_name,
        panels.social_care.display_name,
    }
    letter = decision.letter
    assert (letter.audience, letter.kind, letter.case) == (Audience.FAMILY, "letter", world.case)
    text = letter_text(letter)
    assert "We will carry out an education, health and care needs assessment" in text
    assert "mediation adviser" not in text
    assert "SEND Code of Practice 2015, paragraphs 9.14 to 9.15" in text
    item.refresh_from_db()
    assert item.status == ItemStatus.DECIDED
    kinds = set(CaseEvent.objects.filter(case=world.case).values_list("kind", flat=True))
    assert {"ehcp_assessment_decided", "panel_decision_recorded", "panel_letter_issued"} <= kinds
    assert world.coordinator.notifications.filter(key__startswith="panels:next-step").exists()


def test_refusing_to_assess_gives_appeal_and_mediation_rights_with_dates(panels, world):
    item = on_agenda(panels, world)
    started(panels)
    decision = decide(item, panels.chair, outcome="refused", reasons="Needs are being met")
    world.case.refresh_from_db()
    assert world.case.stage == Stage.NOT_ASSESSED
    text = letter_text(decision.letter)
    assert "We will not carry out an education, health and care needs assessment" in text
    # 2 months from the letter of 6 October 2026 (reg 33); no certificate yet for the appeal.
    assert "contact a mediation adviser by <strong>6 December 2026</strong>" in text
    assert "must reach the tribunal by 6 December 2026" in text


def test_the_chair_records_a_decision_only_through_the_relationship_clause(panels, world):
    # The chair (a panel member, not a coordinator or manager) could not move the case before
    # it was on the agenda of a meeting in progress; the EHCP service accepts them now.
    item = on_agenda(panels, world)
    with pytest.raises(TransitionNotAllowed, match="Start the meeting"):
        decide(item, panels.chair)
    started(panels)
    decide(item, panels.chair)
    assert PanelDecision.objects.count() == 1


def test_an_ehcp_refusal_rolls_everything_back(panels, world, monkeypatch):
    import ehcp.services

    item = on_agenda(panels, world)
    started(panels)

    def refuse(*args, **kwargs):
        raise DomainError("Some advice has not been received")

    monkeypatch.setattr(ehcp.services, "decide_whether_to_assess", refuse)
    with pytest.raises(DomainError, match="advice"):
        decide(item, panels.chair)
    item.refresh_from_db()
    assert item.status == ItemStatus.WAITING
    assert not PanelDecision.objects.exists()
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("kind", "outcome", "service", "expected"),
    [
        ("reassess", "agreed", "decide_reassessment", {"agree": True}),
        ("reassess", "refused", "decide_reassessment", {"agree": False}),
        ("cease", "agreed", "cease_plan", {"reason_code": "2"}),
        ("issue", "refused", "decide_whether_to_issue", {"issue": False}),
    ],
    ids=["_case reassess", "_case refuse reassess", "_case cease", "_case refuse issue"],
)
def test_each_statutory_decision_calls_its_ehcp_service(
    world, panels, monkeypatch, kind, outcome, service, expected
):
    import ehcp.services

    calls = []
    monkeypatch.setattr(
        ehcp.services, service, lambda case, **kwargs: calls.append((case.pk, kwargs)) or case
    )
    services.update_panel(panels.panel, kind=PanelKind.COMBINED, by=world.manager)
    stage = Stage.ASSESSMENT if kind == "issue" else Stage.MAINTAINED
    at_stage(world, stage)
    item = on_agenda(panels, world, kind=kind)
    started(panels)
    decision = decide(item, panels.chair, outcome=outcome, cease_reason="2")
    assert calls == [
        (
            world.case.pk,
            {**expected, "reasons": "Evidence of needs", "decided_on": TODAY, "by": panels.chair},
        )
    ]
    assert decision.kind == kind


def test_keeping_a_plan_calls_no_ehcp_service(world, panels, monkeypatch):
    import ehcp.services

    monkeypatch.setattr(ehcp.services, "cease_plan", lambda *a, **k: pytest.fail("called"))
    services.update_panel(panels.panel, kind=PanelKind.ISSUING, by=world.manager)
    at_stage(world, Stage.MAINTAINED)
    item = on_agenda(panels, world, kind="cease")
    started(panels)
    decision = decide(item, panels.chair, outcome="refused", reasons="Still needed")
    assert decision.outcome_label == "Keep maintaining the plan"
    assert "mediation adviser" not in letter_text(decision.letter)


def test_a_cease_decision_needs_a_reason(world, panels):
    services.update_panel(panels.panel, kind=PanelKind.ISSUING, by=world.manager)
    at_stage(world, Stage.MAINTAINED)
    item = on_agenda(panels, world, kind="cease")
    started(panels)
    with pytest.raises(DomainError) as error:
        decide(item, panels.chair)
    assert error.value.field == "cease_reason"


def test_a_decision_is_recorded_once(panels, world):
    item = on_agenda(panels, world)
    started(panels)
    decide(item, panels.chair)
    with pytest.raises(TransitionNotAllowed, match="already decided"):
        decide(item, panels.chair)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"reasons": "  "}, "reasons"),
        ({"criteria": ["band-matches-need"]}, "criteria"),
        ({"next_step_due_on": date(2026, 10, 1)}, "next_step_due_on"),
    ],
    ids=["_case outcome", "_case reasons", "_case criterion of another kind", "_case past date"],
)
def test_decision_input_is_checked(panels, world, values, field):
    item = on_agenda(panels, world)
    started(panels)
    with pytest.raises(DomainError) as error:
        decide(item, panels.chair, **values)
    assert error.value.field == field
    assert not PanelDecision.objects.exists()


def test_next_step_owner_must_be_council_staff(panels, world):
    item = on_agenda(panels, world)
    started(panels)
    with pytest.raises(DomainError) as error:
        decide(item, panels.chair, next_step_owner=world.family)
    assert error.value.field == "next_step_owner"


def test_only_the_chair_or_a_manager_records_decisions(panels, world):
    item = on_agenda(panels, world)
    started(panels)
    for person in (panels.ep, world.coordinator, world.other_la_manager):
        with pytest.raises(DomainError, match="chair or a SEND manager"):
            decide(item, person)
    decide(item, world.manager)


# --- Quorum and conflicts ---------------------------------------------------------------------


def test_a_decision_without_quorum_is_recorded_and_marked(panels, world):
    item = on_agenda(panels, world)
    present = {m.pk for name, m in panels.members.items() if name != "health"}
    services.record_attendance(panels.today, present_member_ids=present, by=panels.chair)
    meeting = started(panels)
    assert meeting.quorate_at_start is False
    assert any("Health" in problem for problem in meeting.quorum_problems_at_start)
    decision = decide(item, panels.chair)
    assert decision.is_quorate is False
    assert decision.quorum_problems == [
        "No one is counted for: Health: designated medical or clinical officer"
    ]
    assert "not quorate" in CaseEvent.objects.get(kind="panel_decision_recorded").summary


def test_a_conflicted_member_is_not_counted_and_loses_the_papers(panels, world):
    from sendcpp import access

    item = on_agenda(panels, world)
    assert access.can(panels.ep, "view", world.case)
    services.declare_conflict(
        item, member=panels.member(panels.ep), reason="I know the family", by=panels.ep
    )
    assert not access.can(panels.ep, "view", world.case)
    started(panels)
    decision = decide(item, panels.chair)
    assert not decision.is_quorate
    ep = next(p for p in decision.present if p["name"] == panels.ep.display_name)
    assert ep["conflicted"]
    assert not ep["counted"]


def test_a_conflicted_chair_cannot_record_but_a_manager_can(panels, world):
    item = on_agenda(panels, world)
    services.declare_conflict(
        item, member=panels.member(panels.chair), reason="My neighbour", by=world.manager
    )
    started(panels)
    with pytest.raises(DomainError):
        decide(item, panels.chair)
    decision = decide(item, world.manager)
    assert "The chair has declared a conflict of interest on this item" in decision.quorum_problems


def test_a_member_declares_only_their_own_conflict(panels, world):
    item = on_agenda(panels, world)
    with pytest.raises(DomainError):
        services.declare_conflict(
            item, member=panels.member(panels.health), reason="x", by=panels.ep
        )
    services.declare_conflict(item, member=panels.member(panels.ep), reason="x", by=panels.ep)
    with pytest.raises(DuplicateSubmission):
        services.declare_conflict(item, member=panels.member(panels.ep), reason="x", by=panels.ep)
    outsider = panel_member(world, "someone")
    other_panel = services.create_panel(
        local_authority=world.la,
        name="Other",
        kind="funding",
        papers_days_before=1,
        by=world.manager,
    )
    stranger = services.add_panel_member(
        other_panel, user=outsider, role=MemberRole.HEALTH, by=world.manager
    )
    with pytest.raises(DomainError):
        services.declare_conflict(item, member=stranger, reason="x", by=outsider)
    assert ConflictOfInterest.objects.count() == 1


# --- Immutability and amendments --------------------------------------------------------------


def test_the_database_refuses_to_change_or_delete_a_decision(panels, world):
    item = on_agenda(panels, world)
    started(panels)
    decision = decide(item, panels.chair)
    with pytest.raises(DatabaseError), transaction.atomic():
        PanelDecision.objects.filter(pk=decision.pk).update(reasons="Changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        PanelDecision.objects.filter(pk=decision.pk).delete()
    decision.refresh_from_db()
    assert decision.reasons == "Evidence of needs"


def test_a_correction_is_an_amendment_with_a_corrected_letter(panels, world):
    item = on_agenda(panels, world)
    started(panels)
    decision = decide(item, panels.chair)
    with pytest.raises(DomainError, match="Nothing has changed"):
        services.amend_panel_decision(
            decision, explanation="Typo", reasons="Evidence of needs", by=panels.chair
        )
    amendment = services.amend_panel_decision(
        decision,
        explanation="The reasons named the wrong school.",
        reasons="Evidence of needs at Riverside Primary School",
        by=panels.chair,
    )
    decision.refresh_from_db()
    assert decision.reasons == "Evidence of needs"
    assert amendment.decision == decision
    assert "This letter corrects our letter of 6 October 2026" in letter_text(amendment.letter)
    with pytest.raises(DatabaseError), transaction.atomic():
        DecisionAmendment.objects.filter(pk=amendment.pk).update(reasons="x")


def test_conflicts_are_append_only(panels, world):
    item = on_agenda(panels, world)
    conflict = services.declare_conflict(
        item, member=panels.member(panels.ep), reason="x", by=panels.ep
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        ConflictOfInterest.objects.filter(pk=conflict.pk).delete()


# --- Meetings and agendas ---------------------------------------------------------------------


def test_agenda_only_takes_cases_waiting_for_that_decision(panels, world):
    with pytest.raises(DomainError, match="does not take"):
        on_agenda(panels, world, kind=DecisionKind.FUNDING)
    with pytest.raises(TransitionNotAllowed):
        on_agenda(panels, world, kind=DecisionKind.REASSESS)
    on_agenda(panels, world)
    with pytest.raises(DuplicateSubmission, match="already on the agenda"):
        on_agenda(panels, world, meeting=panels.friday)


def test_the_chair_cannot_put_a_case_they_cannot_see_on_the_agenda(panels, world):
    with pytest.raises(DomainError, match="cannot put this case"):
        services.add_to_agenda(
            panels.today, case=world.case, decision_kind="assess", by=panels.chair
        )
    with pytest.raises(DomainError, match="chair or a SEND manager"):
        services.add_to_agenda(
            panels.today, case=world.case, decision_kind="assess", by=world.other_la_manager
        )


def test_meetings_start_on_the_day_and_close_deferring_what_is_left(panels, world):
    item = on_agenda(panels, world, meeting=panels.friday)
    with pytest.raises(TransitionNotAllowed, match="on the day"):
        started(panels, panels.friday)
    meeting = started(panels)
    with pytest.raises(TransitionNotAllowed):
        started(panels)
    other = on_agenda(panels, world, meeting=meeting, case=with_request(world.other_case))
    closed = services.close_meeting(meeting, by=panels.chair)
    assert closed.status == MeetingStatus.CLOSED
    other.refresh_from_db()
    assert (other.status, other.status_reason) == (
        ItemStatus.DEFERRED,
        "Not reached at the meeting",
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.WAITING
    with pytest.raises(TransitionNotAllowed):
        services.close_meeting(meeting, by=panels.chair)


def test_withdrawing_and_deferring_items(panels, world):
    item = on_agenda(panels, world)
    with pytest.raises(DomainError):
        services.withdraw_from_agenda(item, reason=" ", by=panels.chair)
    services.withdraw_from_agenda(item, reason="Request withdrawn", by=panels.chair)
    with pytest.raises(TransitionNotAllowed):
        services.defer_item(item, reason="x", by=panels.chair)
    again = on_agenda(panels, world, meeting=panels.friday)
    assert again.position == 1
    started(panels)
    second = on_agenda(panels, world, case=with_request(world.other_case))
    services.defer_item(second, reason="Need the EP's view", by=panels.chair)
    second.refresh_from_db()
    assert second.status == ItemStatus.DEFERRED


def test_publishing_papers_tells_the_members(panels, world):
    meeting = services.publish_papers(panels.friday, by=panels.chair)
    assert meeting.papers_are_published()
    assert panels.ep.notifications.filter(key__startswith="panels:papers").count() == 1
    with pytest.raises(DuplicateSubmission):
        services.publish_papers(panels.friday, by=panels.chair)
    with pytest.raises(DomainError):
        services.publish_papers(panels.today, by=panels.ep)


def test_scheduling_needs_a_future_date_and_the_chair_or_a_manager(panels, world):
    with pytest.raises(DomainError):
        services.schedule_meeting(panels.panel, starts_at=at(date(2026, 10, 5)), by=panels.chair)
    with pytest.raises(DomainError):
        services.schedule_meeting(panels.panel, starts_at=at(date(2026, 10, 20)), by=panels.ep)
    meeting = services.schedule_meeting(
        panels.panel, starts_at=at(date(2026, 10, 20)), by=panels.chair
    )
    assert meeting.papers_published_at == at(date(2026, 10, 17))
    assert meeting.attendance.count() == 5


def test_attendance_only_for_members_of_the_panel(panels, world):
    with pytest.raises(DomainError):
        services.record_attendance(panels.today, present_member_ids={999999}, by=panels.chair)


# --- Configuration ----------------------------------------------------------------------------


def test_panel_configuration_is_for_managers_and_administrators(world):
    with pytest.raises(DomainError):
        services.create_panel(
            local_authority=world.la,
            name="P",
            kind="issuing",
            papers_days_before=5,
            by=world.coordinator,
        )
    with pytest.raises(DomainError):
        services.create_panel(
            local_authority=world.la,
            name="P",
            kind="issuing",
            papers_days_before=5,
            by=world.other_la_manager,
        )
    panel = services.create_panel(
        local_authority=world.la,
        name="P",
        kind="issuing",
        papers_days_before=5,
        by=world.administrator,
    )
    with pytest.raises(DuplicateSubmission):
        services.create_panel(
            local_authority=world.la,
            name="p",
            kind="issuing",
            papers_days_before=5,
            by=world.manager,
        )
    for values in ({"kind": "x"}, {"papers_days_before": 40}, {"name": ""}):
        with pytest.raises(DomainError):
            services.create_panel(
                local_authority=world.la,
                **{"name": "Q", "kind": "issuing", "papers_days_before": 5, **values},
                by=world.manager,
            )
    assert panel.decision_kinds == (DecisionKind.ISSUE, DecisionKind.CEASE)


def test_membership_rules(panels, world):
    with pytest.raises(DomainError, match="panel member or SEND manager role"):
        services.add_panel_member(
            panels.panel, user=world.coordinator, role="education", by=world.manager
        )
    with pytest.raises(DuplicateSubmission):
        services.add_panel_member(panels.panel, user=panels.ep, role="ep", by=world.manager)
    with pytest.raises(DomainError, match="observer cannot chair"):
        services.make_chair(panels.member(panels.observer), by=world.manager)
    with pytest.raises(DomainError, match="before the chair leaves"):
        services.remove_panel_member(panels.member(panels.chair), by=world.manager)
    services.make_chair(panels.member(panels.ep), by=world.manager)
    assert PanelMember.objects.get(panel=panels.panel, is_chair=True).user == panels.ep
    member = services.remove_panel_member(panels.member(panels.chair), by=world.manager)
    assert member.left_on == TODAY
    assert not panels.friday.attendance.filter(member=member).exists()
    with pytest.raises(DomainError, match="already left"):
        services.remove_panel_member(member, by=world.manager)
    newcomer = services.add_panel_member(
        panels.panel, user=panels.outsider, role=MemberRole.SENCO, is_chair=True, by=world.manager
    )
    assert newcomer.is_chair
    assert panels.friday.attendance.filter(member=newcomer).exists()
    with pytest.raises(DomainError):
        services.add_panel_member(
            panels.panel,
            user=panel_member(world, "x"),
            role=MemberRole.PARENT_CARER_FORUM,
            is_chair=True,
            by=world.manager,
        )


# --- Bands and tariffs ------------------------------------------------------------------------


def funding_item(panels, world, band_panel_kind=PanelKind.FUNDING):
    services.update_panel(panels.panel, kind=band_panel_kind, by=world.manager)
    at_stage(world, Stage.DRAFTING)
    item = on_agenda(panels, world, kind=DecisionKind.FUNDING)
    services.record_attendance(
        panels.today,
        present_member_ids={m.pk for m in panels.members.values()},
        by=panels.chair,
    )
    started(panels)
    return item


def test_a_funding_decision_keeps_the_amount_in_force_when_it_was_made(panels, world, band):
    item = funding_item(panels, world)
    decision = decide(item, panels.chair, band=band)
    assert (decision.band_name, decision.annual_amount) == ("Band 3", Decimal("6000.00"))
    # The tariff changes later: a new period from next April, and even a direct edit of the row.
    services.end_funding_band(band, effective_to=date(2027, 3, 31), by=world.manager)
    services.create_funding_band(
        local_authority=world.la,
        name="Band 3",
        need_level="Moderate needs",
        annual_tariff=Decimal("6500.00"),
        effective_from=date(2027, 4, 1),
        by=world.manager,
    )
    FundingBand.objects.filter(pk=band.pk).update(annual_tariff=Decimal("9999.00"))
    decision.refresh_from_db()
    assert decision.annual_amount == Decimal("6000.00")
    assert "Band 3" in letter_text(decision.letter)
    event = CaseEvent.objects.get(kind="panel_funding_decided")
    assert (event.summary, event.audience) == ("Funding band agreed: Band 3", Audience.FAMILY)


def test_a_funding_decision_needs_a_band_in_force(panels, world, band):
    item = funding_item(panels, world)
    with pytest.raises(DomainError) as error:
        decide(item, panels.chair)
    assert error.value.field == "band"
    later = services.create_funding_band(
        local_authority=world.la,
        name="Band 4",
        need_level="High needs",
        annual_tariff=Decimal("12000"),
        effective_from=date(2027, 4, 1),
        by=world.manager,
    )
    with pytest.raises(DomainError, match="in force on 6 October 2026"):
        decide(item, panels.chair, band=later)
    decision = decide(item, panels.chair, outcome="refused", reasons="Needs met from notional SEN")
    assert decision.annual_amount is None


def test_a_placement_decision_records_the_type_of_setting(panels, world):
    services.update_panel(panels.panel, kind=PanelKind.PLACEMENT, by=world.manager)
    at_stage(world, Stage.CONSULTATION)
    item = on_agenda(panels, world, kind=DecisionKind.PLACEMENT)
    started(panels)
    with pytest.raises(DomainError) as error:
        decide(item, panels.chair)
    assert error.value.field == "placement_type"
    with pytest.raises(DomainError) as error:
        decide(item, panels.chair, placement_type=SettingType.SPECIAL, setting=world.la)
    assert error.value.field == "setting"
    decision = decide(item, panels.chair, placement_type=SettingType.SPECIAL, setting=world.school)
    assert decision.setting == world.school
    text = letter_text(decision.letter)
    assert "State-funded special school" in text
    assert "you do not have to contact a mediation adviser first" in text
    assert CaseEvent.objects.filter(kind="panel_placement_decided").exists()


def test_band_periods_never_overlap(world, band):
    with pytest.raises(DomainError, match="already has a tariff"):
        services.create_funding_band(
            local_authority=world.la,
            name="band 3",
            need_level="x",
            annual_tariff=Decimal("1"),
            effective_from=date(2027, 1, 1),
            by=world.manager,
        )
    # The database refuses it too, whoever writes.
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingBand.objects.create(
            local_authority=world.la,
            name="Band 3",
            need_level="x",
            annual_tariff=Decimal("1"),
            effective_from=date(2030, 1, 1),
        )
    services.end_funding_band(band, effective_to=date(2026, 12, 31), by=world.manager)
    services.create_funding_band(
        local_authority=world.la,
        name="Band 3",
        need_level="Moderate",
        annual_tariff=Decimal("6100"),
        effective_from=date(2027, 1, 1),
        effective_to=date(2027, 12, 31),
        by=world.manager,
    )
    assert FundingBand.objects.filter(name="Band 3").count() == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"annual_tariff": Decimal("-1")}, "annual_tariff"),
        ({"effective_to": date(2026, 1, 1)}, "effective_to"),
        ({"name": " "}, "name"),
    ],
    ids=["_case negative", "_case ends before it starts", "_case no name"],
)
def test_band_input_is_checked(world, values, field):
    with pytest.raises(DomainError) as error:
        services.create_funding_band(
            local_authority=world.la,
            **{
                "name": "Band 1",
                "need_level": "Low",
                "annual_tariff": Decimal("100"),
                "effective_from": date(2026, 4, 1),
                **values,
            },
            by=world.manager,
        )
    assert error.value.field == field


def test_ending_a_band_keeps_decisions_inside_its_period(panels, world, band):
    decide(funding_item(panels, world), panels.chair, band=band)
    with pytest.raises(DomainError, match="Decisions after"):
        services.end_funding_band(band, effective_to=date(2026, 10, 1), by=world.manager)
    with pytest.raises(DomainError):
        services.end_funding_band(band, effective_to=date(2026, 1, 1), by=world.manager)
    with pytest.raises(DomainError):
        services.end_funding_band(band, effective_to=date(2026, 12, 1), by=world.coordinator)


def test_criteria_are_configured_by_managers(world):
    with pytest.raises(DomainError):
        services.add_decision_criterion(
            code="x", title="X", reference="Y", decision_kinds=["assess"], by=world.coordinator
        )
    criterion = services.add_decision_criterion(
        code="Local-Rule",
        title="A local rule",
        reference="LA policy",
        decision_kinds=["assess"],
        by=world.manager,
    )
    assert criterion.code == "local-rule"
    with pytest.raises(DuplicateSubmission):
        services.add_decision_criterion(
            code="local-rule", title="X", reference="Y", decision_kinds=["assess"], by=world.manager
        )
    with pytest.raises(DomainError):
        services.add_decision_criterion(
            code="y", title="X", reference="Y", decision_kinds=["nope"], by=world.manager
        )
    services.set_criterion_active(criterion, is_active=False, by=world.manager)
    with pytest.raises(DomainError):
        services.set_criterion_active(criterion, is_active=True, by=world.coordinator)


def test_a_case_without_its_request_is_neither_offered_nor_put_on_the_agenda(world, panels):
    from panels import selectors
    from sendcpp.tests.factories import CaseFactory

    undecidable = CaseFactory(team=world.case.team, local_authority=world.la)
    offered = selectors.waiting_cases(world.manager, panels.today, DecisionKind.ASSESS)
    assert world.case in offered
    assert undecidable not in offered
    with pytest.raises(TransitionNotAllowed, match="cannot be decided yet"):
        on_agenda(panels, world, case=undecidable)
    assert not AgendaItem.objects.filter(case=undecidable).exists()


def test_a_case_at_assessment_without_an_assessment_is_not_offered_for_issue(world, panels):
    from panels import selectors

    services.update_panel(panels.panel, kind=PanelKind.COMBINED, by=world.manager)
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.ASSESSMENT)
    assert not selectors.waiting_cases(world.manager, panels.today, DecisionKind.ISSUE).exists()
    with_assessment(world.case)
    assert selectors.waiting_cases(world.manager, panels.today, DecisionKind.ISSUE).exists()

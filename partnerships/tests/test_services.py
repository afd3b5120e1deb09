"""The partnership's services: every rule and side effect, against the database."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.db import ProgrammingError, connection, transaction
from django.http import Http404

from partnerships import selectors, services
from partnerships.compliance import SeatStatus
from partnerships.models import (
    AttendanceStatus,
    BoardAction,
    BoardActionStatus,
    BoardActionUpdate,
    Decision,
    Meeting,
    MeetingStatus,
    MemberRole,
    PdfStatus,
    PlanPdf,
    PlanVersion,
    PlanVersionStatus,
    RequiredRole,
)
from partnerships.tests.conftest import TODAY
from partnerships.tests.factories import (
    ActionFactory,
    EngagementFactory,
    MeetingFactory,
    MemberFactory,
)
from sendcpp.exceptions import DomainError, StaleEdit, TransitionNotAllowed
from sendcpp.models import Notification
from sendcpp.notifications import notify

# --- Board and membership ------------------------------------------------------------------------


def test_a_new_board_starts_with_the_default_mandated_membership(world):
    board = services.set_up_board(local_authority=world.la, name="Board", by=world.manager)
    roles = dict(board.required_roles.values_list("role", "required_for_quorum"))
    assert set(roles) == {role for role, _m, _q in services.DEFAULT_REQUIRED_ROLES}
    assert MemberRole.SPECIAL_SCHOOLS in roles
    assert MemberRole.PARENT_CARER_FORUM in roles
    assert {role for role, quorum in roles.items() if quorum} == {
        MemberRole.LA_SEND,
        MemberRole.HEALTH,
        MemberRole.PARENT_CARER_FORUM,
    }
    seats = selectors.seat_compliance(board, today=TODAY)
    assert {seat.status for seat in seats} == {SeatStatus.VACANT}


@pytest.mark.parametrize("who", ["coordinator", "administrator", "other_la_manager"])
def test_only_the_las_manager_sets_up_its_board(world, who):
    with pytest.raises(Http404):
        services.set_up_board(local_authority=world.la, name="Board", by=getattr(world, who))


def test_a_board_is_set_up_only_once(partnership, world):
    with pytest.raises(Http404):
        services.set_up_board(local_authority=world.la, name="Again", by=world.manager)


def test_every_seat_filled_shows_no_gaps(partnership):
    seats = selectors.seat_compliance(partnership.board, today=TODAY)
    assert all(seat.status == SeatStatus.FILLED for seat in seats)


def test_ending_a_term_lapses_the_seat_and_a_new_member_fills_it(partnership, world):
    health = partnership.members[MemberRole.HEALTH]
    services.update_member(
        health,
        full_name=health.full_name,
        role=health.role,
        organisation_name="Demo ICB",
        starts_on=health.starts_on,
        ends_on=TODAY - timedelta(days=1),
        by=world.manager,
    )
    seats = {s.role: s for s in selectors.seat_compliance(partnership.board, today=TODAY)}
    assert seats[MemberRole.HEALTH].status == SeatStatus.LAPSED
    services.add_member(
        partnership.board,
        full_name="New ICB lead",
        role=MemberRole.HEALTH,
        organisation_name="Demo ICB",
        starts_on=TODAY,
        by=world.manager,
    )
    seats = {s.role: s for s in selectors.seat_compliance(partnership.board, today=TODAY)}
    assert seats[MemberRole.HEALTH].status == SeatStatus.FILLED


def test_a_required_role_can_need_more_members_and_be_removed(partnership, world):
    services.save_required_role(
        partnership.board,
        role=MemberRole.SPECIAL_SCHOOLS,
        minimum_members=2,
        required_for_quorum=False,
        by=world.manager,
    )
    seats = {s.role: s for s in selectors.seat_compliance(partnership.board, today=TODAY)}
    assert seats[MemberRole.SPECIAL_SCHOOLS].status == SeatStatus.VACANT
    assert seats[MemberRole.SPECIAL_SCHOOLS].current == 1
    required = RequiredRole.objects.get(board=partnership.board, role=MemberRole.SPECIAL_SCHOOLS)
    services.remove_required_role(required, by=world.manager)
    assert not RequiredRole.objects.filter(pk=required.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"full_name": " "}, "full_name"),
        ({"organisation_name": ""}, "organisation"),
        ({"ends_on": TODAY - timedelta(days=400)}, "ends_on"),
        ({"role": "governor"}, "role"),
    ],
    ids=["_case no name", "_case no organisation", "_case ends before it starts", "_case bad role"],
)
def test_a_member_needs_a_name_organisation_role_and_a_forward_term(
    partnership, world, changes, field
):
    fields = {
        "full_name": "A member",
        "role": MemberRole.OTHER,
        "organisation_name": "Forum",
        "starts_on": TODAY,
    }
    with pytest.raises(DomainError) as error:
        services.add_member(partnership.board, by=world.manager, **{**fields, **changes})
    assert error.value.field == field


def test_only_staff_of_the_la_can_be_linked_to_a_seat(partnership, world):
    with pytest.raises(DomainError) as error:
        services.add_member(
            partnership.board,
            full_name="A parent",
            role=MemberRole.PARENT_CARER_FORUM,
            organisation_name="Forum",
            starts_on=TODAY,
            user=world.family,
            by=world.manager,
        )
    assert error.value.field == "user"


def test_board_rules_are_configurable_within_limits(partnership, world):
    board = services.update_board_rules(
        partnership.board,
        name="Renamed",
        quorum_minimum=4,
        meeting_interval_weeks=8,
        reminder_days=10,
        by=world.manager,
    )
    board.refresh_from_db()
    assert (board.name, board.quorum_minimum, board.meeting_interval_weeks) == ("Renamed", 4, 8)
    with pytest.raises(DomainError):
        services.update_board_rules(
            board,
            name="x",
            quorum_minimum=0,
            meeting_interval_weeks=6,
            reminder_days=7,
            by=world.manager,
        )


# --- Meetings, attendance, quorum, minutes and decisions -----------------------------------------


def test_scheduling_a_series_moves_meetings_off_bank_holidays(partnership, world):
    meetings = services.schedule_meetings(
        partnership.board,
        first_on=date(2026, 11, 13),
        count=4,
        starts_at=time(14, 0),
        location="Civic Centre",
        by=world.manager,
    )
    assert [m.meets_on for m in meetings] == [
        date(2026, 11, 13),
        date(2026, 12, 29),
        date(2027, 2, 5),
        date(2027, 3, 19),
    ]
    christmas = Meeting.objects.get(planned_on=date(2026, 12, 25))
    assert christmas.meets_on == date(2026, 12, 29)
    assert "Friday 25 December 2026 (a bank holiday)" in christmas.moved_reason
    assert christmas.starts_at == time(14, 0)


def test_scheduling_over_a_meeting_already_on_that_day_is_refused(partnership, world):
    MeetingFactory(board=partnership.board, meets_on=date(2027, 2, 5))
    with pytest.raises(DomainError, match="already meets on Friday 5 February 2027"):
        services.schedule_meetings(
            partnership.board, first_on=date(2026, 11, 13), count=3, by=world.manager
        )
    assert Meeting.objects.count() == 1


def _attend(partnership, world, meeting, present_roles):
    statuses = {
        member.pk: AttendanceStatus.PRESENT if role in present_roles else AttendanceStatus.APOLOGIES
        for role, member in partnership.members.items()
    }
    return services.record_attendance(meeting, statuses=statuses, by=world.manager)


QUORATE = [
    MemberRole.LA_SEND,
    MemberRole.HEALTH,
    MemberRole.PARENT_CARER_FORUM,
    MemberRole.COLLEGES,
    MemberRole.EARLY_YEARS,
]


def test_attendance_makes_the_meeting_held_and_quorum_follows_the_rule(partnership, world):
    meeting = MeetingFactory(board=partnership.board, meets_on=TODAY)
    _attend(partnership, world, meeting, QUORATE)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    quorum = selectors.meeting_quorum(meeting)
    assert quorum.is_quorate
    assert quorum.present == 5


def test_five_members_without_health_are_not_quorate(partnership, world):
    meeting = MeetingFactory(board=partnership.board, meets_on=TODAY)
    present = [r for r in QUORATE if r != MemberRole.HEALTH] + [MemberRole.SPECIAL_SCHOOLS]
    _attend(partnership, world, meeting, present)
    quorum = selectors.meeting_quorum(meeting)
    assert not quorum.is_quorate
    assert quorum.missing_roles == (MemberRole.HEALTH,)
    with pytest.raises(DomainError, match="cannot decide"):
        services.record_decision(meeting, text="Agree the plan", by=world.manager)
    assert not Decision.objects.exists()


def test_attendance_cannot_be_recorded_before_the_meeting(partnership, world):
    meeting = MeetingFactory(board=partnership.board, meets_on=TODAY + timedelta(days=1))
    with pytest.raises(DomainError, match="on or after the day"):
        _attend(partnership, world, meeting, QUORATE)


def test_attendance_is_only_for_members_on_the_day(partnership, world):
    meeting = MeetingFactory(board=partnership.board, meets_on=TODAY)
    stranger = MemberFactory(starts_on=TODAY)
    with pytest.raises(DomainError):
        services.record_attendance(
            meeting, statuses={stranger.pk: AttendanceStatus.PRESENT}, by=world.manager
        )


def test_a_cancelled_meeting_cannot_be_held(partnership, world):
    meeting = MeetingFactory(board=partnership.board, meets_on=TODAY)
    services.cancel_meeting(meeting, by=world.manager)
    with pytest.raises(TransitionNotAllowed):
        _attend(partnership, world, meeting, QUORATE)


def test_a_decision_at_a_quorate_meeting_is_final(partnership, world):
    meeting = MeetingFactory(board=partnership.board, meets_on=TODAY)
    _attend(partnership, world, meeting, QUORATE)
    decision = services.record_decision(meeting, text="Adopt the cadence", by=world.manager)
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(text="Changed")
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).delete()
    decision.refresh_from_db()
    assert decision.text == "Adopt the cadence"


def test_a_stale_save_of_the_minutes_is_refused_and_nothing_is_lost(partnership, world):
    meeting = MeetingFactory(board=partnership.board, meets_on=TODAY)
    _attend(partnership, world, meeting, QUORATE)
    services.save_minutes(meeting, text="First", revision=0, by=world.manager)
    with pytest.raises(StaleEdit, match="saved the minutes while you were editing"):
        services.save_minutes(meeting, text="Second from an old copy", revision=0, by=world.manager)
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.minutes_revision) == ("First", 1)


def test_agenda_items_are_numbered_in_order_and_papers_are_checked(partnership, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = MeetingFactory(board=partnership.board, meets_on=TODAY + timedelta(days=7))
    first = services.add_agenda_item(meeting, title="Welcome", by=world.manager)
    second = services.add_agenda_item(meeting, title="Data pack", by=world.manager)
    assert (first.position, second.position) == (1, 2)
    paper = services.add_paper(
        meeting,
        upload=SimpleUploadedFile("pack.pdf", b"%PDF-1.4 data pack"),
        title="Data pack",
        by=world.manager,
    )
    assert paper.file.name.startswith(f"partnerships/papers/{meeting.public_id}/")
    assert paper.file.name.endswith(".pdf")
    with pytest.raises(DomainError, match="must be a PDF"):
        services.add_paper(
            meeting,
            upload=SimpleUploadedFile("run.exe", b"MZ\x90\x00 not a document"),
            title="Bad",
            by=world.manager,
        )


# --- Actions and reminders -----------------------------------------------------------------------


def test_an_action_owner_must_be_a_current_member(partnership, world):
    former = MemberFactory(
        board=partnership.board, starts_on=TODAY - timedelta(days=100), ends_on=TODAY - timedelta(1)
    )
    with pytest.raises(DomainError) as error:
        services.add_action(
            partnership.board,
            description="Review AP places",
            owner=former,
            due_on=TODAY + timedelta(days=30),
            by=world.manager,
        )
    assert error.value.field == "owner"


def test_the_owner_records_progress_and_marks_their_action_done(partnership, world):
    action = ActionFactory(board=partnership.board, owner=partnership.staff_member)
    services.update_action_progress(
        action, note="Report drafted", status=BoardActionStatus.DONE, by=world.teammate
    )
    action.refresh_from_db()
    assert action.status == BoardActionStatus.DONE
    assert action.completed_on == TODAY
    assert BoardActionUpdate.objects.get(action=action).status_after == BoardActionStatus.DONE
    services.update_action_progress(action, note="Reopened", status="open", by=world.manager)
    action.refresh_from_db()
    assert action.status == BoardActionStatus.OPEN
    assert action.completed_on is None


def test_only_a_manager_cancels_an_action(partnership, world):
    action = ActionFactory(board=partnership.board, owner=partnership.staff_member)
    with pytest.raises(DomainError, match="Only a manager"):
        services.update_action_progress(
            action, note="Not needed", status=BoardActionStatus.CANCELLED, by=world.teammate
        )
    services.update_action_progress(
        action, note="Not needed", status=BoardActionStatus.CANCELLED, by=world.manager
    )


def test_someone_else_cannot_update_an_action(partnership, world):
    action = ActionFactory(board=partnership.board, owner=partnership.members[MemberRole.HEALTH])
    with pytest.raises(Http404):
        services.update_action_progress(action, note="x", status="open", by=world.teammate)
    assert not BoardActionUpdate.objects.exists()


def test_action_reminders_are_sent_exactly_once_per_action_recipient_and_threshold(
    partnership, world, mailoutbox
):
    soon = ActionFactory(
        board=partnership.board, owner=partnership.staff_member, due_on=TODAY + timedelta(days=3)
    )
    late = ActionFactory(
        board=partnership.board,
        owner=partnership.members[MemberRole.HEALTH],  # no account: the recorder is chased
        due_on=TODAY - timedelta(days=2),
        created_by=world.manager,
    )
    ActionFactory(board=partnership.board, due_on=TODAY + timedelta(days=30))  # not yet
    ActionFactory(
        board=partnership.board, due_on=TODAY - timedelta(days=9), status="done", completed_on=TODAY
    )  # done: never chased

    assert services.sweep_action_reminders() == 2
    assert services.sweep_action_reminders() == 0
    keys = set(Notification.objects.values_list("key", "recipient__username"))
    assert keys == {
        (f"partnership-action:{soon.pk}:user:{world.teammate.pk}:due-soon", "teammate"),
        (f"partnership-action:{late.pk}:user:{world.manager.pk}:overdue", "manager"),
    }
    # When the soon one becomes overdue, its owner hears once more, once.
    later = TODAY + timedelta(days=5)
    assert services.sweep_action_reminders(today=later) == 1
    assert services.sweep_action_reminders(today=later) == 0
    assert Notification.objects.count() == 3


def test_notify_twice_with_the_same_key_makes_one_notification(partnership, world):
    key = f"partnership-action:1:user:{world.teammate.pk}:overdue"
    first = notify(key=key, recipient=world.teammate, subject="Due", body="Due")
    second = notify(key=key, recipient=world.teammate, subject="Due", body="Due")
    assert first is not None
    assert second is None
    assert Notification.objects.filter(key=key).count() == 1


def test_the_reminder_task_runs_the_sweep(partnership, world):
    from partnerships.tasks import send_action_reminders

    ActionFactory(board=partnership.board, owner=partnership.staff_member, due_on=TODAY)
    assert send_action_reminders.apply().get() == 1
    assert send_action_reminders.apply().get() == 0


# --- Engagement ---------------------------------------------------------------------------------


def test_engagement_is_recorded_as_numbers_and_groups(partnership, world):
    activity = services.record_engagement(
        partnership.board,
        held_on=TODAY,
        title="Youth forum session",
        participants_count=14,
        groups="Young people aged 14 to 19",
        what_was_asked="What helps you at college?",
        what_changed="A priority on travel training",
        by=world.manager,
    )
    assert activity.participants_count == 14
    with pytest.raises(DomainError) as error:
        services.record_engagement(
            partnership.board,
            held_on=TODAY + timedelta(days=1),
            title="x",
            participants_count=1,
            groups="x",
            what_was_asked="x",
            what_changed="x",
            by=world.manager,
        )
    assert error.value.field == "held_on"


# --- The inclusion plan: drafting, approval, publication and immutability -----------------------

SECTIONS = {
    "context": "Context text",
    "provision": "Provision text",
    "priorities": "Priorities text",
    "actions_summary": "Actions text",
    "funding": "Funding text",
    "engagement": "Engagement text",
    "governance": "Governance text",
}


@pytest.fixture
def plan(partnership, world):
    return services.start_plan(
        partnership.board,
        title="Local Area Inclusion Plan 2026 to 2029",
        covers_from=date(2026, 9, 1),
        covers_to=date(2029, 8, 31),
        by=world.manager,
    )


@pytest.fixture
def quorate_meeting(partnership, world):
    meeting = MeetingFactory(board=partnership.board, meets_on=TODAY)
    _attend(partnership, world, meeting, QUORATE)
    return meeting


def _draft(plan):
    return plan.versions.get(number=1)


def test_a_new_plan_has_an_empty_first_draft(plan):
    version = _draft(plan)
    assert (version.status, version.revision, version.context) == (PlanVersionStatus.DRAFT, 1, "")


def test_saving_a_draft_moves_its_revision_on(plan, world):
    version = services.save_plan_draft(
        _draft(plan), sections=SECTIONS, revision=1, by=world.manager
    )
    assert version.revision == 2
    assert version.context == "Context text"


def test_a_stale_draft_save_is_refused_and_the_saved_text_is_kept(plan, world):
    version = _draft(plan)
    services.save_plan_draft(
        version, sections={"context": "Ana's text"}, revision=1, by=world.manager
    )
    with pytest.raises(StaleEdit, match="while you were editing"):
        services.save_plan_draft(
            version, sections={"context": "Ben's text"}, revision=1, by=world.manager
        )
    version.refresh_from_db()
    assert (version.context, version.revision) == ("Ana's text", 2)


def test_approval_needs_every_section_written(plan, world, quorate_meeting):
    with pytest.raises(DomainError, match="Write every section"):
        services.approve_plan_version(_draft(plan), meeting=quorate_meeting, by=world.manager)
    assert not Decision.objects.exists()


def test_approval_needs_a_quorate_meeting(plan, world, partnership):
    services.save_plan_draft(_draft(plan), sections=SECTIONS, revision=1, by=world.manager)
    meeting = MeetingFactory(board=partnership.board, meets_on=TODAY)
    _attend(partnership, world, meeting, [MemberRole.LA_SEND])
    with pytest.raises(DomainError, match="cannot decide"):
        services.approve_plan_version(_draft(plan), meeting=meeting, by=world.manager)
    assert _draft(plan).status == PlanVersionStatus.DRAFT


def _approved(plan, world, meeting, partnership):
    ActionFactory(
        board=partnership.board,
        plan=plan,
        owner=partnership.staff_member,
        description="Open two resourced provisions",
        measure="Places filled",
    )
    EngagementFactory(board=partnership.board, held_on=TODAY - timedelta(days=20))
    services.save_plan_draft(_draft(plan), sections=SECTIONS, revision=1, by=world.manager)
    return services.approve_plan_version(_draft(plan), meeting=meeting, by=world.manager)


def test_approval_is_a_recorded_decision_and_freezes_actions_and_engagement(
    plan, world, quorate_meeting, partnership
):
    version = _approved(plan, world, quorate_meeting, partnership)
    assert version.status == PlanVersionStatus.APPROVED
    assert version.approval.meeting == quorate_meeting
    assert "approved Local Area Inclusion Plan 2026 to 2029, version 1" in version.approval.text
    assert [a["description"] for a in version.actions_snapshot] == ["Open two resourced provisions"]
    assert version.engagement_snapshot[0]["participants_count"] == 24
    with pytest.raises(TransitionNotAllowed):
        services.save_plan_draft(version, sections=SECTIONS, revision=2, by=world.manager)


def test_publishing_needs_approval(plan, world):
    with pytest.raises(TransitionNotAllowed, match="must approve"):
        services.publish_plan_version(_draft(plan), by=world.manager)


def test_a_published_version_is_immutable_in_the_database(
    plan, world, quorate_meeting, partnership, django_capture_on_commit_callbacks
):
    version = _approved(plan, world, quorate_meeting, partnership)
    with django_capture_on_commit_callbacks() as callbacks:
        version = services.publish_plan_version(version, by=world.manager)
    assert version.status == PlanVersionStatus.PUBLISHED
    assert len(callbacks) == 1
    assert PlanPdf.objects.get(version=version).status == PdfStatus.PENDING

    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        PlanVersion.objects.filter(pk=version.pk).update(context="Rewritten history")
    with (
        pytest.raises(ProgrammingError, match="Cannot update or delete"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM partnerships_planversion WHERE id = %s", [version.pk])
    with pytest.raises(TransitionNotAllowed):
        services.save_plan_draft(version, sections=SECTIONS, revision=2, by=world.manager)
    with pytest.raises(TransitionNotAllowed):
        services.return_to_draft(version, by=world.manager)
    version.refresh_from_db()
    assert version.context == "Context text"


def test_a_correction_is_a_new_version_and_the_old_one_stays(
    plan, world, quorate_meeting, partnership
):
    version = _approved(plan, world, quorate_meeting, partnership)
    with pytest.raises(TransitionNotAllowed, match="still open"):
        services.start_new_version(plan, by=world.manager)
    services.publish_plan_version(version, by=world.manager)
    second = services.start_new_version(plan, by=world.manager)
    assert (second.number, second.status, second.context) == (2, "draft", "Context text")
    services.save_plan_draft(second, sections={"context": "Updated"}, revision=1, by=world.manager)
    version.refresh_from_db()
    assert version.context == "Context text"
    assert selectors.get_published_version_or_404(plan.public_id).number == 1


def test_an_approved_version_can_go_back_to_draft(plan, world, quorate_meeting, partnership):
    version = _approved(plan, world, quorate_meeting, partnership)
    version = services.return_to_draft(version, by=world.manager)
    assert version.status == PlanVersionStatus.DRAFT
    assert version.approval is None
    # The approval stays on the meeting's record, followed by the note that it no longer stands.
    approval, withdrawn = Decision.objects.order_by("recorded_at", "id")
    assert withdrawn.meeting == approval.meeting == quorate_meeting
    assert "version 1, no longer stands" in withdrawn.text


def test_a_meeting_held_before_the_version_was_last_changed_cannot_approve_it(
    plan, world, partnership
):
    earlier = MeetingFactory(board=partnership.board, meets_on=TODAY - timedelta(days=30))
    _attend(partnership, world, earlier, QUORATE)
    services.save_plan_draft(_draft(plan), sections=SECTIONS, revision=1, by=world.manager)
    with pytest.raises(DomainError, match="before this version was last changed") as refused:
        services.approve_plan_version(_draft(plan), meeting=earlier, by=world.manager)
    assert refused.value.field == "meeting"
    assert _draft(plan).status == PlanVersionStatus.DRAFT
    assert not Decision.objects.exists()


def test_meetings_are_not_scheduled_past_the_loaded_bank_holidays(partnership, world):
    with pytest.raises(DomainError, match="loaded only to the end of 2030") as refused:
        services.schedule_meetings(
            partnership.board, first_on=date(2031, 12, 25), count=1, by=world.manager
        )
    assert refused.value.field == "count"
    assert not Meeting.objects.exists()


def test_only_a_manager_writes_the_plan(plan, world):
    with pytest.raises(Http404):
        services.save_plan_draft(_draft(plan), sections=SECTIONS, revision=1, by=world.teammate)
    assert _draft(plan).revision == 1


def test_a_plan_action_belongs_to_the_plan_board(plan, world):
    other_plan = services.start_plan(
        plan.board,
        title="Other",
        covers_from=TODAY,
        covers_to=TODAY + timedelta(1),
        by=world.manager,
    )
    action = services.add_action(
        plan.board,
        description="Do it",
        owner=plan.board.members.first(),
        due_on=TODAY,
        plan=other_plan,
        by=world.manager,
    )
    assert BoardAction.objects.get(pk=action.pk).plan == other_plan

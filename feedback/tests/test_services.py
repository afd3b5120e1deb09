"""Questionnaires, exactly-once invitations through the outbox, answers kept as given, screening,
reminders and declining."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, connections, transaction
from django.db.utils import ProgrammingError
from django.utils import timezone

from feedback import services
from feedback.models import (
    Answer,
    Invitation,
    InvitationStatus,
    Pattern,
    QuestionnaireStatus,
    Response,
    Touchpoint,
    Variant,
)
from feedback.tests.factories import GOOD_ANSWERS, event, questionnaire
from sendcpp.exceptions import DomainError, DuplicateSubmission, TransitionNotAllowed
from sendcpp.models import Notification
from sendcpp.tests.factories import (
    CaseFactory,
    RelationshipFactory,
    UserFactory,
    young_person_keeping_to_themself,
)


def test_a_touchpoint_event_asks_each_family_member_once(world):
    second_parent = UserFactory(username="second_parent")
    RelationshipFactory(child=world.case.child, user=second_parent)
    questionnaire(world.manager)
    event(world.case)
    assert services.sweep_invitations() == 2
    assert services.sweep_invitations() == 0  # run again: nobody asked twice
    invitations = Invitation.objects.order_by("recipient_id")
    assert {i.recipient for i in invitations} == {world.family, second_parent}
    notes = Notification.objects.filter(key__startswith="feedback:invite:")
    assert notes.count() == 2
    for note in notes:
        invitation = invitations.get(recipient=note.recipient)
        # The link carries only the opaque token: no name, no case, no id.
        assert note.link == f"/feedback/answer/{invitation.token}/"
        assert len(invitation.token) >= 40
        assert world.case.child.legal_first_name not in note.body


def test_a_parent_is_not_asked_about_a_case_the_young_person_keeps_to_themself(world):
    young_person = young_person_keeping_to_themself(world.case.child)
    questionnaire(world.manager)
    event(world.case)
    assert services.sweep_invitations() == 1
    assert Invitation.objects.get().recipient == young_person


def test_no_one_is_asked_without_a_published_questionnaire_or_for_another_council(world):
    draft = questionnaire(world.manager, publish=False)
    with time_machine.travel(timezone.now() - timedelta(minutes=1)):
        event(world.case)
    assert services.sweep_invitations() == 0
    questionnaire(world.other_la_manager)  # another council's questionnaire
    assert services.sweep_invitations() == 0
    services.publish_questionnaire(draft, by=world.manager)
    # Events from before the questionnaire was published are left alone.
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        event(world.case)
        assert services.sweep_invitations() == 1


def test_the_professional_who_answered_a_request_for_advice_is_asked(world):
    questionnaire(world.manager, touchpoint=Touchpoint.ADVICE_ANSWERED)
    from sendcpp.timeline import record_case_event

    record_case_event(case=world.case, kind="ehcp_advice_submitted", by=world.professional)
    record_case_event(case=world.case, kind="ehcp_advice_submitted", by=world.coordinator)
    assert services.sweep_invitations() == 1
    assert Invitation.objects.get().recipient == world.professional


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_ask_each_person_once(world):
    cases = [CaseFactory(team=world.case.team, coordinator=world.coordinator) for _ in range(15)]
    for case in cases:
        RelationshipFactory(child=case.child, user=UserFactory())
        event(case)  # before the questionnaire: the hook finds nothing to send
    assert not Invitation.objects.exists()
    questionnaire(world.manager)
    barrier = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(services.sweep_invitations())
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(results) == 15
    assert Invitation.objects.count() == 15
    assert Invitation.objects.values("recipient", "event").distinct().count() == 15
    invites = Notification.objects.filter(key__startswith="feedback:invite:")
    assert invites.count() == 15
    assert invites.values("recipient").distinct().count() == 15


def test_issuing_a_final_plan_asks_the_parent_once(world, django_capture_on_commit_callbacks):
    from ehcp.tests.factories import final_issued

    questionnaire(world.manager)
    with django_capture_on_commit_callbacks(execute=True):
        final_issued(world.case, world.coordinator)
    invitation = Invitation.objects.get()
    assert invitation.recipient == world.family
    assert invitation.case == world.case
    assert invitation.segment == {"plan_format": "national"}
    assert Notification.objects.filter(key__startswith="feedback:invite:").count() == 1
    assert services.sweep_invitations() == 0


def test_answers_are_kept_once_and_never_change(world):
    questionnaire(world.manager)
    event(world.case)
    services.sweep_invitations()
    invitation = Invitation.objects.get()
    response = services.submit_response(
        invitation, variant=Variant.EASY_READ, answers={**GOOD_ANSWERS, "q4": "Faster please"}
    )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ANSWERED
    assert response.variant == Variant.EASY_READ
    answers = list(response.answers.order_by("question__position"))
    assert [(a.rating, a.choices, a.text) for a in answers] == [
        (4, [], ""),
        (None, [0], ""),
        (None, [0, 2], ""),
        (None, [], "Faster please"),
    ]
    with pytest.raises(DuplicateSubmission):
        services.submit_response(
            invitation, variant=Variant.STANDARD, answers={"q1": "1", "q2": "2"}
        )
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        Answer.objects.filter(pk=answers[0].pk).update(rating=1)
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        Response.objects.filter(pk=response.pk).update(variant=Variant.STANDARD)
    with (
        pytest.raises(ProgrammingError, match="Cannot update or delete"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM feedback_answer WHERE response_id = %s", [response.pk])
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        Answer.objects.filter(pk=answers[3].pk).update(text="Something else")
    assert [
        (a.rating, a.choices, a.text) for a in response.answers.order_by("question__position")
    ] == [
        (4, [], ""),
        (None, [0], ""),
        (None, [0, 2], ""),
        (None, [], "Faster please"),
    ]


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"q2": "0"}, "q1", "Select an answer"),
        ({"q1": "7", "q2": "0"}, "q1", "Choose a rating from 1 to 5"),
        ({"q1": "3", "q2": "9"}, "q2", "Choose from the answers given"),
        ({"q1": "3", "q2": ["0", "1"]}, "q2", "Choose from the answers given"),
        ({"q1": "x", "q2": "0"}, "q1", "Choose from the answers given"),
        ({"q1": "3", "q2": "0", "q4": "a" * 5001}, "q4", "5,000 characters"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_kept(world, answers, field, message):
    questionnaire(world.manager)
    event(world.case)
    services.sweep_invitations()
    invitation = Invitation.objects.get()
    with pytest.raises(DomainError, match=message) as refused:
        services.submit_response(invitation, variant=Variant.STANDARD, answers=answers)
    assert refused.value.field == field
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT


def test_free_text_is_screened_of_the_child_and_family_names(world):
    child = world.case.child
    child.legal_first_name, child.legal_last_name, child.preferred_name = "Amara", "Okonkwo", "Mara"
    child.save()
    world.family.first_name, world.family.last_name = "Grace", "Bellamy"
    world.family.save()
    # Every name is set here: a drawn one such as "Long" would be screened out of the text too.
    child.relationships.update(full_name="Grace Bellamy")
    questionnaire(world.manager)
    event(world.case)
    services.sweep_invitations()
    text = (
        "Amara's plan was late. Mara cried. AMARA OKONKWO needs help; I'm Grace Bellamy, "
        "call 07700 900123 or grace@example.org, SW1A 1AA. Amarant is not a name here."
    )
    response = services.submit_response(
        Invitation.objects.get(), variant=Variant.STANDARD, answers={**GOOD_ANSWERS, "q4": text}
    )
    answer = response.answers.get(question__pattern=Pattern.TEXT)
    assert answer.text == text  # kept as given, for staff with access to the case
    screened = answer.screened_text
    assert screened.endswith("Amarant is not a name here.")  # whole words only
    for word in (
        "Amara ",
        "Amara'",
        "Okonkwo",
        "Mara ",
        "Grace",
        "Bellamy",
        "07700",
        "example.org",
        "SW1A",
    ):
        assert word not in screened
    assert screened.startswith("[name]'s plan was late. [name] cried. [name] [name] needs help")


def test_declining_closes_the_invitation(world):
    questionnaire(world.manager)
    event(world.case)
    services.sweep_invitations()
    invitation = services.decline(Invitation.objects.get())
    assert invitation.status == InvitationStatus.DECLINED
    with pytest.raises(DomainError, match="closed"):
        services.submit_response(invitation, variant=Variant.STANDARD, answers=GOOD_ANSWERS)
    with pytest.raises(DomainError):
        services.decline(invitation)


def test_one_reminder_then_expiry(world):
    questionnaire(world.manager)
    event(world.case)
    services.sweep_invitations()
    now = timezone.now()
    assert services.send_reminders(now=now + timedelta(days=3)) == 0
    assert services.send_reminders(now=now + timedelta(days=8)) == 1
    assert services.send_reminders(now=now + timedelta(days=9)) == 0
    assert Notification.objects.filter(key__startswith="feedback:remind:").count() == 1
    services.send_reminders(now=now + timedelta(days=30))
    assert Invitation.objects.get().status == InvitationStatus.EXPIRED


def test_a_published_questionnaire_never_changes(world):
    made = questionnaire(world.manager)
    assert made.status == QuestionnaireStatus.PUBLISHED
    with pytest.raises(DomainError, match="never change"):
        services.add_question(made, by=world.manager, pattern=Pattern.TEXT, text="More?")
    services.retire_questionnaire(made, by=world.manager)
    with pytest.raises(TransitionNotAllowed):
        services.retire_questionnaire(made, by=world.manager)


def test_publishing_retires_the_one_before_at_the_same_touchpoint(world):
    first = questionnaire(world.manager)
    second = questionnaire(world.coordinator)
    first.refresh_from_db()
    assert (first.status, second.status) == (
        QuestionnaireStatus.RETIRED,
        QuestionnaireStatus.PUBLISHED,
    )


def test_questions_are_checked_and_only_officers_build(world):
    draft = services.create_questionnaire(
        by=world.manager, title="T", reform="panels", touchpoint=Touchpoint.PANEL_DECISION
    )
    with pytest.raises(DomainError, match="at least 2 answers"):
        services.add_question(
            draft, by=world.manager, pattern=Pattern.RADIOS, text="Q", options="Only"
        )
    with pytest.raises(DomainError, match="same number of answers"):
        services.add_question(
            draft,
            by=world.manager,
            pattern=Pattern.RADIOS,
            text="Q",
            options="Yes\nNo",
            easy_read_options="Yes",
        )
    with pytest.raises(DomainError, match="Add at least one question"):
        services.publish_questionnaire(draft, by=world.manager)
    for outsider in (world.family, world.professional, world.administrator, world.other_la_manager):
        with pytest.raises(DomainError):
            services.add_question(draft, by=outsider, pattern=Pattern.TEXT, text="Q")
    assert not draft.questions.exists()


def test_those_present_at_a_partnership_meeting_are_asked_once(
    world, django_capture_on_commit_callbacks
):
    from partnerships import services as partnership_services
    from partnerships.models import AttendanceStatus
    from partnerships.tests.factories import BoardFactory, MeetingFactory, MemberFactory

    questionnaire(world.manager, touchpoint=Touchpoint.PARTNERSHIP_MEETING, reform="partnership")
    board = BoardFactory(local_authority=world.la)
    there = MemberFactory(board=board, user=UserFactory(username="board_member"))
    away = MemberFactory(board=board, user=UserFactory(username="board_member_away"))
    no_account = MemberFactory(board=board)
    meeting = MeetingFactory(board=board)
    with django_capture_on_commit_callbacks(execute=True):
        partnership_services.record_attendance(
            meeting,
            statuses={
                there.pk: AttendanceStatus.PRESENT,
                away.pk: AttendanceStatus.APOLOGIES,
                no_account.pk: AttendanceStatus.PRESENT,
            },
            by=world.manager,
        )
    invitation = Invitation.objects.get()
    assert (invitation.recipient, invitation.source) == (there.user, f"meeting:{meeting.pk}")
    assert services.sweep_invitations() == 0


def test_answers_older_than_the_retention_period_are_deleted(world, settings):
    settings.FEEDBACK_RETENTION_DAYS = 30
    questionnaire(world.manager)
    event(world.case)
    services.sweep_invitations()
    services.submit_response(
        Invitation.objects.get(), variant=Variant.STANDARD, answers=GOOD_ANSWERS
    )
    assert services.apply_retention(now=timezone.now() + timedelta(days=29)) == 0
    assert Answer.objects.exists()
    assert services.apply_retention(now=timezone.now() + timedelta(days=31)) == 1
    assert not Response.objects.exists()
    assert not Answer.objects.exists()
    assert not Invitation.objects.exists()

"""Every notification a family receives names the step and its date, and nothing personal: not
the child's names, date of birth or case reference, in the subject, the body or the link. Each
kind in ``sendcpp.notifications.FAMILY_NOTICES`` is made here through the service that sends it.
The daily digest repeats those words."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from conversations import services as conversations
from ehcp import services as ehcp
from ehcp.models import Plan
from ehcp.tests import factories as f
from feedback import services as feedback
from feedback.tests.factories import event, questionnaire
from placements import services as placements
from placements.tests.factories import SettingFactory
from sendcpp import children
from sendcpp.calendar import long_date
from sendcpp.models import Child, Notification, Relationship
from sendcpp.notifications import FAMILY_NOTICES, notify_family, send_digests
from sendcpp.tests.factories import young_person_keeping_to_themself

LONG_DATE = re.compile(
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|"
    r"December) \d{4}\b"
)


def _personal(world) -> list[str]:
    child = Child.objects.get(pk=world.case.child_id)
    born = child.date_of_birth
    return [
        child.legal_first_name,
        child.legal_last_name,
        *([child.preferred_name] if child.preferred_name else []),
        world.case.reference,
        long_date(born),
        born.isoformat(),
        f"{born:%d/%m/%Y}",
        f"{born.day}/{born.month}/{born.year}",
    ]


def _says_nothing_personal(note: Notification, world) -> None:
    text = f"{note.subject}\n{note.body}\n{note.link}".lower()
    for secret in _personal(world):
        assert secret.lower() not in text, f"{secret!r} in {note.subject!r} / {note.body!r}"


def _latest(world) -> Notification:
    return Notification.objects.filter(recipient=world.family).latest("id")


# Each makes one kind of family notification through its service on the world's case and returns
# (the words that name the step, the date it must name).
Step = Callable[[object], tuple[str, date]]


def _decision(world):
    f.agreed_to_assess(world.case, world.coordinator)
    return "We decided to carry out an EHC needs assessment", f.days_ago(50)


def _draft_plan(world):
    version = f.draft_issued(world.case, world.coordinator, served_on=timezone.localdate())
    assert version.comments_close_on > timezone.localdate()
    return "Your draft plan is ready", version.comments_close_on


def _plan_issued(world):
    f.final_issued(world.case, world.coordinator)
    return "Your final plan", f.days_ago(2)


def _review_meeting(world):
    f.final_issued(world.case, world.coordinator)
    meeting = timezone.localdate() + timedelta(weeks=3)
    ehcp.schedule_review(world.case, meeting_on=meeting, by=world.coordinator)
    return "annual review meeting", meeting


def _proposed_changes(world):
    f.final_issued(world.case, world.coordinator)
    today = timezone.localdate()
    review = ehcp.schedule_review(world.case, meeting_on=today, by=world.coordinator)
    ehcp.record_review_meeting(
        review, held_on=today, attendees="All", notes="Move", by=world.coordinator
    )
    ehcp.send_review_report(review, report="Amend", sent_on=today, by=world.coordinator)
    ehcp.decide_after_review(
        review, outcome="amend", reasons="Needs changed", decided_on=today, by=world.coordinator
    )
    notice = ehcp.issue_amendment_notice(
        Plan.objects.get(case=world.case), sent_on=today, by=world.coordinator
    )
    return "change your child's plan", notice.comments_close_on


def _tailored_list(world):
    tailored = placements.start_tailored_list(
        world.case, starts_on=date(2027, 9, 1), by=world.coordinator
    )
    placements.add_to_list(tailored, setting=SettingFactory().organisation, by=world.coordinator)
    placements.publish_tailored_list(tailored, by=world.coordinator)
    return "list of schools and colleges", timezone.localdate()


def _list_answer(world):
    tailored = placements.start_tailored_list(
        world.case, starts_on=date(2027, 9, 1), by=world.coordinator
    )
    entry = placements.ask_about_setting(
        tailored,
        setting=SettingFactory().organisation,
        question="Is there a quiet room?",
        by=world.family,
    )
    placements.answer_family_question(entry, answer="Yes, two.", by=world.coordinator)
    return "answered your question about a school or college", timezone.localdate()


def _message(world):
    conversations.send_message(world.case, body="Shall we meet?", by=world.coordinator)
    return "The SEND team sent you a message", timezone.localdate()


def _details_changed(world):
    child = Child.objects.get(pk=world.case.child_id)
    children.update_child(
        child,
        by=world.coordinator,
        version=child.version,
        reason="The family told us",
        values={"preferred_name": "Sunny"},
        today=timezone.localdate(),
    )
    return "We updated your child's details", timezone.localdate()


def _feedback(world):
    questionnaire(world.manager)
    event(world.case)
    assert feedback.sweep_invitations() == 1
    return "After a final EHC plan is issued", timezone.localdate() + timedelta(days=27)


def _feedback_reminder(world):
    _feedback(world)
    assert feedback.send_reminders(now=timezone.now() + timedelta(days=8)) == 1
    return "A reminder", timezone.localdate() + timedelta(days=27)


STEPS: dict[str, Step] = {
    "decision": _decision,
    "draft_plan": _draft_plan,
    "proposed_changes": _proposed_changes,
    "plan_issued": _plan_issued,
    "review_meeting": _review_meeting,
    "tailored_list": _tailored_list,
    "list_answer": _list_answer,
    "message": _message,
    "details_changed": _details_changed,
    "feedback": _feedback,
    "feedback_reminder": _feedback_reminder,
}


def test_every_kind_of_family_notification_is_checked_here():
    assert set(STEPS) == set(FAMILY_NOTICES)


@pytest.mark.parametrize("kind", list(STEPS))
def test_a_family_notification_names_the_step_and_date_and_nothing_personal(world, kind):
    step, on = STEPS[kind](world)
    note = _latest(world)
    words = f"{note.subject}. {note.body}"
    assert step.lower() in words.lower()
    assert long_date(on) in words
    _says_nothing_personal(note, world)
    # Every family notification the journey made says nothing personal and names a date.
    for other in Notification.objects.filter(recipient=world.family):
        _says_nothing_personal(other, world)
        assert LONG_DATE.search(f"{other.subject} {other.body}"), other.subject


def test_the_draft_plan_says_until_when_the_family_can_comment(world):
    version = f.draft_issued(world.case, world.coordinator, served_on=timezone.localdate())
    note = _latest(world)
    assert note.subject == "Your draft plan is ready"
    assert f"You can comment until {long_date(version.comments_close_on)}." in note.body
    assert str(version.plan.public_id) in note.link


def test_a_parent_the_young_person_does_not_share_with_is_not_told(world):
    young_person = young_person_keeping_to_themself(world.case.child)
    made = notify_family(
        world.case, "message", on=date(2026, 12, 9), key="test", link="/", sender="The SEND team"
    )
    assert [note.recipient for note in made] == [young_person]
    assert not Notification.objects.filter(recipient=world.family).exists()


def test_a_parent_is_not_told_of_changed_details_the_young_person_keeps_to_themself(world):
    young_person = young_person_keeping_to_themself(world.case.child)
    _details_changed(world)
    note = Notification.objects.get(key__startswith="child-details:")
    assert note.recipient == young_person
    assert note.link == f"/cases/{world.case.public_id}/"


def test_revoked_portal_access_gets_no_notification(world):
    Relationship.objects.filter(user=world.family).update(portal_access_revoked_at=timezone.now())
    conversations.send_message(world.case, body="Hello", by=world.coordinator)
    assert not Notification.objects.filter(recipient=world.family).exists()


def test_the_daily_digest_repeats_each_steps_words_and_nothing_personal(
    world, django_capture_on_commit_callbacks
):
    world.family.wants_digest = True
    world.family.save(update_fields=["wants_digest"])
    with django_capture_on_commit_callbacks(execute=True):
        version = f.draft_issued(world.case, world.coordinator, served_on=timezone.localdate())
        conversations.send_message(world.case, body="Shall we meet?", by=world.coordinator)
    assert not mail.outbox
    assert send_digests() == 1
    [email] = mail.outbox
    assert "You have 4 new updates" in email.body  # two decisions, the draft and the message
    assert f"You can comment until {long_date(version.comments_close_on)}." in email.body
    assert f"The SEND team sent you a message on {long_date(timezone.localdate())}" in email.body
    assert "Shall we meet?" not in email.body
    for secret in _personal(world):
        assert secret.lower() not in email.body.lower()

"""Deadline reminders: the right threshold, exactly once per deadline, recipient and threshold,
even when two sweeps run at once or a run fails half-way."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core import mail
from django.db import connections
from django.test import override_settings

from sendcpp import clock, notifications, reminders
from sendcpp.deadlines import RULES
from sendcpp.models import Notification
from sendcpp.tests.factories import CaseFactory


def _deadline_due(world, due_rule_trigger):
    rule, triggers = due_rule_trigger
    return clock.start_deadline(world.case, rule=rule, by=None, **triggers)


# The final plan: 20 weeks from the request (received Mon 3 Aug 2026 -> Mon 21 Dec 2026).
@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 12, 1), None),  # 14 working days before: nothing yet
        (date(2026, 12, 7), "10wd"),  # 10 working days before
        (date(2026, 12, 14), "5wd"),
        (date(2026, 12, 21), "today"),
        (date(2026, 12, 22), "overdue"),
    ],
    ids=["too-early", "ten-working-days", "five-working-days", "on-the-day", "overdue"],
)
def test_threshold_reached(world, today, expected):
    deadline = clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 8, 3)
    )
    assert deadline.due_on == date(2026, 12, 21)
    ids = reminders.sweep(today)
    keys = list(Notification.objects.values_list("key", flat=True))
    if expected is None:
        assert ids == []
        assert keys == []
    else:
        assert keys == [f"deadline:{deadline.pk}:user:{world.coordinator.pk}:{expected}"]


def test_working_day_threshold_skips_christmas(world):
    # Final plan due Tue 5 Jan 2027. The bank holidays (Fri 25 Dec, Mon 28 Dec substitute for
    # Boxing Day, Fri 1 Jan) do not count: from Wed 23 Dec, 5 working days on is Mon 4 Jan (not yet
    # the "5 working days" reminder); from Thu 24 Dec it is Tue 5 Jan, 12 calendar days ahead.
    deadline = clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 8, 18)
    )
    assert deadline.due_on == date(2027, 1, 5)
    reminders.sweep(date(2026, 12, 23))
    assert Notification.objects.get().key.endswith(":10wd")
    reminders.sweep(date(2026, 12, 24))
    assert sorted(
        k.rsplit(":", 1)[1] for k in Notification.objects.values_list("key", flat=True)
    ) == ["10wd", "5wd"]


def test_sweeping_twice_sends_each_reminder_once(world):
    clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 8, 3)
    )
    first = reminders.sweep(date(2026, 12, 14))
    second = reminders.sweep(date(2026, 12, 14))
    assert len(first) == 1
    assert second == []
    assert Notification.objects.count() == 1


def test_reminder_goes_to_the_responsible_person_and_by_email(
    world, django_capture_on_commit_callbacks
):
    clock.start_deadline(
        world.case,
        rule="final_plan",
        by=None,
        responsible=world.teammate,
        request_received_on=date(2026, 8, 3),
    )
    with django_capture_on_commit_callbacks(execute=True):
        reminders.sweep(date(2026, 12, 21))
    notification = Notification.objects.get()
    assert notification.recipient == world.teammate
    assert notification.subject.startswith("Due today: ")
    assert world.case.reference in notification.subject
    assert world.case.child.legal_last_name not in notification.subject + notification.body
    assert notification.link == f"/cases/{world.case.public_id}/"
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert [m.to for m in mail.outbox] == [[world.teammate.email]]


def test_closed_cases_and_met_deadlines_get_no_reminders(world):
    clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 8, 3)
    )
    clock.meet_deadline(world.case, rule="final_plan", met_on=date(2026, 12, 10), by=None)
    other = CaseFactory(
        team=world.case.team, coordinator=world.coordinator, closed_on=date(2026, 12, 1)
    )
    clock.start_deadline(other, rule="final_plan", by=None, request_received_on=date(2026, 8, 3))
    assert reminders.sweep(date(2026, 12, 21)) == []


def test_the_familys_own_windows_are_never_reminded_as_due_or_overdue(world):
    # Commenting on a draft, contacting the mediation adviser, appealing: the family's choices,
    # not the council's deadlines (decision 28).
    clock.start_deadline(
        world.case, rule="draft_plan_comments", by=None, draft_served_on=date(2026, 12, 7)
    )
    clock.start_deadline(
        world.case,
        rule="appeal",
        by=None,
        decision_sent_on=date(2026, 1, 5),
        certificate_issued_on=None,
    )
    for today in (date(2026, 12, 14), date(2026, 12, 21), date(2026, 12, 22)):
        assert reminders.sweep(today) == []
    assert not Notification.objects.exists()


def test_a_reminder_names_the_rule_date_and_case_reference_and_nothing_else(world):
    clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 8, 3)
    )
    reminders.sweep(date(2026, 12, 22))
    note = Notification.objects.get()
    title = RULES["final_plan"].title
    assert note.subject == f"Overdue: {title} (case {world.case.reference})"
    assert note.body == (
        f"{title} is due on 21 December 2026. Case reference {world.case.reference}."
    )
    child = world.case.child
    for secret in (
        child.legal_first_name,
        child.legal_last_name,
        f"{child.date_of_birth:%-d %B %Y}",
    ):
        assert secret not in note.subject + note.body
    assert note.link == f"/cases/{world.case.public_id}/"


def test_only_an_active_staff_account_is_reminded(world):
    # A deadline whose responsible person is not (or no longer) council staff reminds nobody:
    # the reminder carries the case reference.
    clock.start_deadline(
        world.case,
        rule="final_plan",
        by=None,
        responsible=world.family,
        request_received_on=date(2026, 8, 3),
    )
    other = CaseFactory(team=world.case.team, coordinator=world.teammate)
    clock.start_deadline(other, rule="final_plan", by=None, request_received_on=date(2026, 8, 3))
    world.teammate.is_active = False
    world.teammate.save(update_fields=["is_active"])
    assert reminders.sweep(date(2026, 12, 21)) == []


def test_notify_is_idempotent_per_key(world):
    assert (
        notifications.notify(key="k1", recipient=world.coordinator, subject="s", body="b")
        is not None
    )
    assert (
        notifications.notify(key="k1", recipient=world.coordinator, subject="s", body="b") is None
    )
    assert Notification.objects.count() == 1


def test_failed_email_stays_pending_then_is_resent(world, monkeypatch):
    notification = notifications.notify(
        key="k2", recipient=world.coordinator, subject="s", body="b"
    )

    def broken(**kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(notifications, "send_mail", broken)
    assert notifications.deliver_email(notification.pk) == "retry"
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.PENDING
    assert notification.email_error == "ConnectionError"
    monkeypatch.undo()
    assert notifications.pending_email_ids(older_than=__import__("datetime").timedelta(0)) == [
        notification.pk
    ]
    assert notifications.deliver_email(notification.pk) == "sent"
    assert notifications.deliver_email(notification.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_email_gives_up_after_max_attempts(world, monkeypatch):
    notification = notifications.notify(
        key="k3", recipient=world.coordinator, subject="s", body="b"
    )
    monkeypatch.setattr(
        notifications, "send_mail", lambda **kwargs: (_ for _ in ()).throw(OSError("down"))
    )
    Notification.objects.filter(pk=notification.pk).update(
        email_attempts=notifications.MAX_EMAIL_ATTEMPTS - 1
    )
    assert notifications.deliver_email(notification.pk) == "failed"
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.FAILED


def test_user_without_email_gets_in_app_notification_only(world):
    world.coordinator.email = ""
    world.coordinator.save()
    notification = notifications.notify(
        key="k4", recipient=world.coordinator, subject="s", body="b"
    )
    assert notification.email_status == Notification.EmailStatus.NOT_NEEDED


def test_a_sweep_that_fails_half_way_leaves_nothing_and_the_next_run_sends_all(world, monkeypatch):
    for _ in range(3):
        case = CaseFactory(team=world.case.team, coordinator=world.coordinator)
        clock.start_deadline(case, rule="final_plan", by=None, request_received_on=date(2026, 8, 3))

    import sendcpp.tasks

    def crash(ids):
        raise RuntimeError("worker died")

    monkeypatch.setattr(sendcpp.tasks.send_notification_emails, "delay_on_commit", crash)
    with pytest.raises(RuntimeError):
        reminders.sweep(date(2026, 12, 21))
    assert Notification.objects.count() == 0  # rolled back: nothing half-written
    monkeypatch.undo()
    assert len(reminders.sweep(date(2026, 12, 21))) == 3
    assert len(reminders.sweep(date(2026, 12, 21))) == 0


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_write_each_reminder_once(world):
    for _ in range(20):
        case = CaseFactory(team=world.case.team, coordinator=world.coordinator)
        clock.start_deadline(case, rule="final_plan", by=None, request_received_on=date(2026, 8, 3))
    barrier = threading.Barrier(2)
    results: list[list[int]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(reminders.sweep(date(2026, 12, 21)))
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
    assert sorted(len(r) for r in results)[1] + sorted(len(r) for r in results)[0] == 20
    assert Notification.objects.count() == 20
    assert Notification.objects.values("key").distinct().count() == 20


@override_settings(DEADLINE_REMINDER_WORKING_DAYS=[3])
def test_thresholds_are_configurable(world):
    clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 8, 3)
    )
    reminders.sweep(date(2026, 12, 14))  # 5 working days before: not yet within 3
    assert not Notification.objects.exists()
    reminders.sweep(date(2026, 12, 16))
    assert Notification.objects.get().key.endswith(":3wd")


def test_messages_page_lists_and_opens_only_your_own(world, client_for):
    mine = notifications.notify(
        key="m1", recipient=world.coordinator, subject="Due today: X", body="b", link="/deadlines/"
    )
    theirs = notifications.notify(
        key="m2", recipient=world.teammate, subject="Someone else's", body="b", link="/"
    )
    client = client_for(world.coordinator)
    page = client.get("/messages/").content.decode()
    assert "Due today: X" in page
    assert "Someone else" not in page
    assert '1<span class="govuk-visually-hidden"> unread' in client.get("/").content.decode()
    assert client.post(f"/messages/{theirs.pk}/open/").status_code == 404
    response = client.post(f"/messages/{mine.pk}/open/")
    assert response["Location"] == "/deadlines/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_message_links_never_leave_the_service(world, client_for):
    message = notifications.notify(
        key="m3", recipient=world.coordinator, subject="s", body="b", link="//evil.example/"
    )
    assert client_for(world.coordinator).post(f"/messages/{message.pk}/open/")["Location"] == "/"

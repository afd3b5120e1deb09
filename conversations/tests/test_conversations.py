"""Messages on a case between the family and their coordinator (and the SENCO, when the family
allows), the reply target, the call back, and who may not read them."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, transaction

from conversations import services
from conversations.models import CallBack, Message
from sendcpp.exceptions import DomainError
from sendcpp.models import AccessLog, Notification


def _url(case, tail=""):
    return f"/conversations/cases/{case.public_id}/{tail}"


def test_the_family_sends_a_message_and_gets_the_coordinators_reply(world, client_for):
    family = client_for(world.family)
    page = family.get(_url(world.case))
    assert page.status_code == 200
    text = page.content.decode()
    assert "There are no messages yet." in text
    # Frozen on Wednesday 9 December 2026: 3 working days on is Monday 14 December.
    assert "we will reply by Monday 14 December 2026" in text
    response = family.post(_url(world.case), {"body": "Can we meet about the draft plan?"})
    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.sent_from, message.author) == ("family", world.family)
    note = Notification.objects.get(recipient=world.coordinator)
    # The notification names no child and repeats nothing of the message.
    assert "draft plan" not in note.body
    assert world.case.child.legal_first_name not in note.body
    assert note.link == _url(world.case)
    assert "We will reply to your last message by <strong>Monday 14 December 2026" in (
        family.get(_url(world.case)).content.decode()
    )

    coordinator = client_for(world.coordinator)
    staff_page = coordinator.get(_url(world.case)).content.decode()
    assert "The family is waiting for a reply." in staff_page
    assert "Can we meet about the draft plan?" in staff_page
    coordinator.post(_url(world.case), {"body": "Yes, how about Tuesday at 10?"})
    assert Notification.objects.filter(recipient=world.family).count() == 1
    page = family.get(_url(world.case)).content.decode()
    assert "Yes, how about Tuesday at 10?" in page
    assert "(SEND team)" in page
    assert AccessLog.objects.filter(user=world.family, case=world.case).exists()


def test_an_empty_or_overlong_message_is_refused_and_nothing_is_sent(world, client_for):
    family = client_for(world.family)
    page = family.post(_url(world.case), {"body": "   "})
    assert page.status_code == 200
    assert "Enter your message" in page.content.decode()
    page = family.post(_url(world.case), {"body": "x" * (services.MAX_MESSAGE + 1)})
    assert "characters or fewer" in page.content.decode()
    assert not Message.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "who", ["other_family", "other_team_coordinator", "setting_user", "professional"]
)
def test_people_outside_the_case_get_404(world, client_for, who):
    client = client_for(getattr(world, who))
    assert client.get(_url(world.case)).status_code == 404
    assert client.post(_url(world.case), {"body": "Hello"}).status_code == 404
    assert client.get(_url(world.case, "call-back/")).status_code == 404
    assert not Message.objects.exists()


def test_the_senco_joins_only_while_the_family_allows(world, client_for):
    senco = client_for(world.setting_user)
    assert senco.get(_url(world.case)).status_code == 404
    family = client_for(world.family)
    assert family.post(_url(world.case, "who-can-read/"), {"allowed": "yes"}).status_code == 302
    assert senco.get(_url(world.case)).status_code == 200
    senco.post(_url(world.case), {"body": "Happy to help with the transition."})
    message = Message.objects.get()
    assert message.sent_from == "setting"
    assert Notification.objects.filter(recipient=world.coordinator).exists()
    assert Notification.objects.filter(recipient=world.family).exists()
    family.post(_url(world.case, "who-can-read/"), {"allowed": "no"})
    assert senco.get(_url(world.case)).status_code == 404
    # Staff cannot make the family's choice for them.
    assert client_for(world.coordinator).get(_url(world.case, "who-can-read/")).status_code == 404


def test_a_call_back_is_asked_for_checked_and_marked_once(world, client_for):
    family = client_for(world.family)
    page = family.post(_url(world.case, "call-back/"), {"phone": "call me"})
    assert "Enter a phone number" in page.content.decode()
    assert not CallBack.objects.exists()
    response = family.post(
        _url(world.case, "call-back/"), {"phone": "01632 960 001", "best_time": "Mornings"}
    )
    assert response.status_code == 302
    call_back = CallBack.objects.get()
    assert Notification.objects.filter(recipient=world.coordinator).count() == 1
    coordinator = client_for(world.coordinator)
    assert "01632 960 001" in coordinator.get(_url(world.case)).content.decode()
    done = f"/conversations/call-backs/{call_back.public_id}/done/"
    assert family.post(done).status_code == 404
    assert coordinator.post(done).status_code == 302
    first = CallBack.objects.get().done_at
    coordinator.post(done)
    assert CallBack.objects.get().done_at == first
    assert "01632 960 001" not in coordinator.get(_url(world.case)).content.decode()


def test_messages_are_kept_as_sent(world):
    message = services.send_message(world.case, body="Hello", by=world.family)
    with pytest.raises((InternalError, ProgrammingError, IntegrityError)), transaction.atomic():
        Message.objects.filter(pk=message.pk).update(body="Changed")


def test_a_service_call_by_someone_outside_the_case_is_refused(world):
    with pytest.raises(DomainError):
        services.send_message(world.case, body="Hello", by=world.other_family)
    with pytest.raises(DomainError):
        services.request_call_back(world.case, phone="01632 960 001", by=world.coordinator)


def test_the_reply_target_skips_weekends_and_bank_holidays(db):
    # Thursday 24 December 2026: Christmas Day and Boxing Day (moved to Monday 28) are skipped.
    assert services.reply_due_on(date(2026, 12, 24)) == date(2026, 12, 31)

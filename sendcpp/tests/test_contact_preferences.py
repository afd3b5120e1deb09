"""How a family is contacted: channel, language, format, interpreter, and one daily summary
instead of an email per update; emails and texts carry no personal data."""

from __future__ import annotations

from datetime import date

from django.core import mail

from sendcpp.models import Notification, Relationship
from sendcpp.notifications import DIGEST_SUBJECT, notify_family, send_digests

URL = "/how-we-contact-you/"


def test_the_family_chooses_channel_language_and_a_daily_summary(world, client_for):
    client = client_for(world.family)
    page = client.get(URL)
    assert page.status_code == 200
    response = client.post(
        URL,
        {
            "contact_format": "phone",
            "phone": "07700 900 982",
            "contact_language": "Polish",
            "needs_interpreter": "on",
            "wants_digest": "daily",
        },
    )
    assert response.status_code == 302
    relationship = Relationship.objects.get(user=world.family)
    assert (relationship.contact_format, relationship.phone) == ("phone", "07700 900 982")
    assert (relationship.contact_language, relationship.needs_interpreter) == ("Polish", True)
    world.family.refresh_from_db()
    assert world.family.wants_digest


def test_texts_need_a_number_and_nothing_changes_on_a_bad_answer(world, client_for):
    page = client_for(world.family).post(
        URL, {"contact_format": "phone", "contact_language": "English", "wants_digest": "each"}
    )
    assert "Enter a mobile phone number for text messages" in page.content.decode()
    assert Relationship.objects.get(user=world.family).contact_format == "email"


def test_only_family_members_have_this_page(world, client_for):
    assert client_for(world.coordinator).get(URL).status_code == 404


def test_a_daily_summary_lists_each_update_and_names_nothing(
    world, django_capture_on_commit_callbacks
):
    world.family.wants_digest = True
    world.family.save(update_fields=["wants_digest"])
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            notify_family(
                world.case,
                "message",
                on=date(2026, 12, 7 + number),
                key=f"test:{number}",
                link="/",
                sender="The SEND team",
            )
    assert not mail.outbox  # nothing sent one by one
    assert set(Notification.objects.values_list("email_status", flat=True)) == {"in_digest"}
    assert send_digests() == 1
    [email] = mail.outbox
    assert email.subject == DIGEST_SUBJECT
    assert "You have 3 new updates" in email.body
    # Each update's own words: the step and its date.
    assert "The SEND team sent you a message on 8 December 2026." in email.body
    assert world.case.child.legal_first_name not in email.body
    assert world.case.reference not in email.body
    assert set(Notification.objects.values_list("email_status", flat=True)) == {"sent"}
    assert send_digests() == 0  # run again: nothing more is sent
    assert len(mail.outbox) == 1

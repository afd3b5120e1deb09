"""The demo messages: a few exchanges between demo families and their coordinators, added once."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from conversations.models import CallBack, Message


def test_seed_conversations_adds_messages_once(db):
    call_command("seed_demo", cases=16, stdout=StringIO())
    out = StringIO()
    call_command("seed_conversations", stdout=out)
    assert "Added messages on 3 demo cases." in out.getvalue()
    counts = (Message.objects.count(), CallBack.objects.count())
    assert counts == (5, 1)
    assert set(Message.objects.values_list("sent_from", flat=True)) == {"family", "council"}
    call_command("seed_conversations", stdout=out)
    assert "already loaded" in out.getvalue()
    assert counts == (Message.objects.count(), CallBack.objects.count())

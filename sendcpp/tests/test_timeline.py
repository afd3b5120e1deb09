"""The case timeline's writers."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest

from sendcpp.models import Audience
from sendcpp.timeline import record_family_event


def test_an_event_about_a_record_is_shown_to_the_family_and_names_the_record(world):
    record = SimpleNamespace(case=world.case, public_id=uuid.uuid4())
    event = record_family_event(
        record, "review", kind="note_added", by=world.coordinator, summary="Seen", extra=1
    )
    assert event.case == world.case
    assert event.audience == Audience.FAMILY
    assert event.actor == world.coordinator
    assert event.summary == "Seen"
    assert event.data == {"review": str(record.public_id), "extra": 1}


def test_an_event_about_a_record_refuses_an_unknown_kind(world):
    record = SimpleNamespace(case=world.case, public_id=uuid.uuid4())
    with pytest.raises(ValueError, match="Unknown case event kind"):
        record_family_event(record, "review", kind="no_such_kind", by=None)

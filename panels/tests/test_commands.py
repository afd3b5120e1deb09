"""``seed_panels``: idempotent, and its meeting can be run as the lead will walk it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from panels import services
from panels.models import AgendaItem, FundingBand, Panel, PanelDecision, PanelMeeting, PanelMember
from sendcpp.models import Stage, User


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Panel, PanelMember, PanelMeeting, AgendaItem, FundingBand)
    )


def test_seed_panels_needs_the_demo_authority(db):
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_panels", stdout=StringIO())


def test_seed_panels_is_idempotent_and_its_meeting_can_be_run(db):
    call_command("seed_demo", cases=25, stdout=StringIO())
    call_command("seed_panels", stdout=StringIO())
    first = counts()
    call_command("seed_panels", stdout=StringIO())
    assert counts() == first
    assert first[0] == 3  # assessment-request, issuing and funding panels
    assert first[1] == 12  # manager1 (chair) and panel1-3 on each
    assert FundingBand.objects.filter(name="Band 3").count() == 2  # last year's and this year's
    meeting = PanelMeeting.objects.get()
    items = list(meeting.items.select_related("case"))
    assert items
    assert all(item.case.stage == Stage.REQUEST for item in items)
    # The walk: the chair starts the meeting (quorate) and records a decision on the first case.
    chair = User.objects.get(username="manager1")
    started = services.start_meeting(meeting, by=chair)
    assert started.quorate_at_start
    services.record_panel_decision(items[0], outcome="agreed", reasons="Evidence", by=chair)
    items[0].case.refresh_from_db()
    assert items[0].case.stage == Stage.ASSESSMENT
    assert PanelDecision.objects.get().letter is not None

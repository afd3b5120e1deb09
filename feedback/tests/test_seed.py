"""The demo feedback loads on top of the demo local authority, once."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from feedback.models import ForumRepresentative, Invitation, Response, YouSaidWeDid
from feedback.selectors import report
from sendcpp.models import StaffProfile


def test_seed_feedback_is_idempotent(db):
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_feedback")
    call_command("seed_demo", cases=30)
    call_command("seed_feedback")
    counts = (Invitation.objects.count(), Response.objects.count(), YouSaidWeDid.objects.count())
    assert counts[0] > 0
    assert 0 < counts[1] < counts[0]
    assert counts[2] == 1
    assert ForumRepresentative.objects.get().user.username == "forum1"
    call_command("seed_feedback")
    assert (
        Invitation.objects.count(),
        Response.objects.count(),
        YouSaidWeDid.objects.count(),
    ) == counts
    panel = Response.objects.filter(touchpoint="panel_decision_recorded").first().questionnaire
    result = report(panel, starts_on=panel.published_at.date(), ends_on=panel.published_at.date())
    assert [row.label for row in result.comparison] == ["One panel", "Two panels"]


def test_seed_feedback_needs_a_send_manager_to_act_as(db):
    call_command("seed_demo", cases=30)
    StaffProfile.objects.filter(role=StaffProfile.Role.MANAGER).update(
        role=StaffProfile.Role.COORDINATOR
    )
    with pytest.raises(CommandError, match="no SEND manager"):
        call_command("seed_feedback")
    assert not Invitation.objects.exists()

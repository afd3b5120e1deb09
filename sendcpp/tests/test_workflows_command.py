"""``manage.py workflows``: every transition table printed for people who review the rules."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sendcpp.workflow import registry


def test_the_command_prints_every_table_for_reviewers():
    out = StringIO()
    call_command("workflows", stdout=out)
    text = out.getvalue()
    for name, flow in registry().items():
        assert f"{name}: {flow.noun} ({flow.states.__name__})" in text
    assert "    Scheduled -> In progress (in_progress)\n" in text
    assert "    In progress -> Closed (closed)\n" in text
    assert "- in_progress: the chair has started the meeting" in text


def test_the_command_prints_one_table_by_name():
    out = StringIO()
    call_command("workflows", "placements.consultation", stdout=out)
    assert (
        out.getvalue().splitlines()[0]
        == "placements.consultation: consultation (ConsultationStatus)"
    )
    assert "  Starts at: Sent to the setting (sent)\n" in out.getvalue()
    assert "    Withdrawn -> none (it ends here)\n" in out.getvalue()
    assert (
        "  Ends at (no moves out): Council has decided (decided), Withdrawn (withdrawn)"
        in out.getvalue()
    )
    assert "ehcp.case" not in out.getvalue()


def test_the_command_refuses_an_unknown_name():
    with pytest.raises(CommandError, match=r"No workflow called nowhere\. Known: ehcp\.case"):
        call_command("workflows", "nowhere")

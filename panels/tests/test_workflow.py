"""The panel meeting and agenda item tables, pinned to the moves written out here (the shared test
in ``sendcpp/tests/test_workflow.py`` checks every (from, to) pair), and the services that move
them: from every state, exactly the moves in the table work and every other is refused without
changing anything."""

from __future__ import annotations

import pytest
from django.db import transaction

from panels import services
from panels.models import ItemStatus, MeetingStatus
from panels.tests.test_services import decide, on_agenda, started
from panels.workflow import AGENDA_ITEM, MEETING
from sendcpp.exceptions import TransitionNotAllowed

M, Item = MeetingStatus, ItemStatus

MEETING_ALLOWED = {(M.SCHEDULED, M.IN_PROGRESS), (M.IN_PROGRESS, M.CLOSED)}
ITEM_ALLOWED = {
    (Item.WAITING, Item.DECIDED),
    (Item.WAITING, Item.DEFERRED),
    (Item.WAITING, Item.WITHDRAWN),
}


def test_exactly_the_listed_moves_are_allowed():
    assert MEETING.pairs == MEETING_ALLOWED
    assert AGENDA_ITEM.pairs == ITEM_ALLOWED
    assert MEETING.terminal == {M.CLOSED}
    assert AGENDA_ITEM.terminal == {Item.DECIDED, Item.DEFERRED, Item.WITHDRAWN}


def _try_each_move(record, moves, allowed) -> None:
    """Try every move from the record's status, each in a savepoint rolled back afterwards."""
    current = record.status
    for target, move in moves.items():
        with transaction.atomic():
            if (current, target) in allowed:
                move(record)
                record.refresh_from_db()
                assert record.status == target, (current, target)
            else:
                with pytest.raises(TransitionNotAllowed):
                    move(record)
                record.refresh_from_db()
                assert record.status == current, (current, target)
            transaction.set_rollback(True)
        record.refresh_from_db()


def meeting_in(panels, status):
    meeting = panels.today
    if status != M.SCHEDULED:
        meeting = started(panels, meeting)
    if status == M.CLOSED:
        meeting = services.close_meeting(meeting, by=panels.chair)
    return meeting


@pytest.mark.parametrize("current", list(M))
def test_meeting_services_follow_the_table(panels, current):
    moves = {
        M.IN_PROGRESS: lambda m: services.start_meeting(m, by=panels.chair),
        M.CLOSED: lambda m: services.close_meeting(m, by=panels.chair),
    }
    _try_each_move(meeting_in(panels, current), moves, MEETING_ALLOWED)


@pytest.mark.parametrize("current", list(Item))
def test_agenda_item_services_follow_the_table(panels, world, current):
    started(panels)
    item = on_agenda(panels, world)
    reason = {"reason": "Not needed now", "by": panels.chair}
    moves = {
        Item.DECIDED: lambda i: decide(i, panels.chair),
        Item.DEFERRED: lambda i: services.defer_item(i, **reason),
        Item.WITHDRAWN: lambda i: services.withdraw_from_agenda(i, **reason),
    }
    if current != Item.WAITING:
        moves[current](item)
        item.refresh_from_db()
    _try_each_move(item, moves, ITEM_ALLOWED)


def test_a_refusal_keeps_the_services_own_words(panels, world):
    meeting = meeting_in(panels, M.CLOSED)
    with pytest.raises(TransitionNotAllowed, match=r"^The meeting has already started$"):
        services.start_meeting(meeting, by=panels.chair)
    with pytest.raises(TransitionNotAllowed, match=r"^Only a meeting in progress can be closed$"):
        services.close_meeting(panels.friday, by=panels.chair)

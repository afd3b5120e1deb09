"""How a panel meeting and an item on its agenda move: one ``Workflow`` each over
``panels.models.MeetingStatus`` and ``ItemStatus`` (whose docstrings describe every state). Only
``panels.services`` change a status, always through ``MEETING.check`` or ``AGENDA_ITEM.check``.

Why each move exists:
- meeting: scheduled -> in progress when the chair starts it on the day (after the quorum check;
  starting publishes the papers if they were not published yet); in progress -> closed when the
  chair ends it. Publishing the papers early is a time on the meeting, not a state.
- agenda item: waiting -> decided when the panel records its decision at a meeting in progress;
  waiting -> deferred when the panel does not decide (or the meeting closes before reaching it);
  waiting -> withdrawn when it is taken off before the meeting closes. A deferred case goes on a
  later agenda as a new item.
"""

from __future__ import annotations

from panels.models import ItemStatus, MeetingStatus
from sendcpp.workflow import Workflow

MEETING = Workflow(
    "panels.meeting",
    MeetingStatus,
    {
        MeetingStatus.SCHEDULED: {MeetingStatus.IN_PROGRESS},
        MeetingStatus.IN_PROGRESS: {MeetingStatus.CLOSED},
        MeetingStatus.CLOSED: set(),
    },
    noun="panel meeting",
    start={MeetingStatus.SCHEDULED},
)

AGENDA_ITEM = Workflow(
    "panels.agenda_item",
    ItemStatus,
    {
        ItemStatus.WAITING: {ItemStatus.DECIDED, ItemStatus.DEFERRED, ItemStatus.WITHDRAWN},
        ItemStatus.DECIDED: set(),
        ItemStatus.DEFERRED: set(),
        ItemStatus.WITHDRAWN: set(),
    },
    noun="agenda item",
    start={ItemStatus.WAITING},
)

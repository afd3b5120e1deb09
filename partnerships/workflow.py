"""How the partnership's processes move: board meetings, actions and versions of the inclusion
plan, one ``Workflow`` each over the ``TextChoices`` in ``partnerships.models`` (whose docstrings
describe every state). Services call ``MEETING.check``, ``ACTION.check`` or
``PLAN_VERSION.check`` before changing a status; terminal states are those with no moves out.

Why each move exists:
- meeting: a scheduled meeting is held (its attendance is recorded) or cancelled.
- action: an open action is done or cancelled; a done action can be reopened.
- plan version: the board approves a draft; an approved version is published, or returned to
  draft if it needs changes; a published version never changes (a correction is a new version).
"""

from __future__ import annotations

from partnerships.models import BoardActionStatus, MeetingStatus, PlanVersionStatus
from sendcpp.workflow import Workflow

MEETING = Workflow(
    "partnerships.meeting",
    MeetingStatus,
    {
        MeetingStatus.SCHEDULED: {MeetingStatus.HELD, MeetingStatus.CANCELLED},
        MeetingStatus.HELD: set(),
        MeetingStatus.CANCELLED: set(),
    },
    noun="board meeting",
    start={MeetingStatus.SCHEDULED},
)

ACTION = Workflow(
    "partnerships.action",
    BoardActionStatus,
    {
        BoardActionStatus.OPEN: {BoardActionStatus.DONE, BoardActionStatus.CANCELLED},
        BoardActionStatus.DONE: {BoardActionStatus.OPEN},
        BoardActionStatus.CANCELLED: set(),
    },
    noun="action",
    start={BoardActionStatus.OPEN},
)

PLAN_VERSION = Workflow(
    "partnerships.plan_version",
    PlanVersionStatus,
    {
        PlanVersionStatus.DRAFT: {PlanVersionStatus.APPROVED},
        PlanVersionStatus.APPROVED: {PlanVersionStatus.PUBLISHED, PlanVersionStatus.DRAFT},
        PlanVersionStatus.PUBLISHED: set(),
    },
    noun="plan version",
    start={PlanVersionStatus.DRAFT},
)

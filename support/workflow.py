"""How a support plan moves: an active plan (assess, plan, do, review) is closed when it ends;
a closed plan stays as the record of what was tried and never reopens (a new plan is written).
Services call ``SUPPORT_PLAN.check`` before changing a status."""

from __future__ import annotations

from sendcpp.workflow import Workflow
from support.models import SupportPlanStatus

SUPPORT_PLAN = Workflow(
    "support.plan",
    SupportPlanStatus,
    {
        SupportPlanStatus.ACTIVE: {SupportPlanStatus.CLOSED},
        SupportPlanStatus.CLOSED: set(),
    },
    noun="support plan",
    start={SupportPlanStatus.ACTIVE},
)

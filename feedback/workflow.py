"""The moves a questionnaire may make (``QUESTIONNAIRE``). Services call ``check`` before
writing a status; nothing else writes one."""

from __future__ import annotations

from feedback.models import InvitationStatus, QuestionnaireStatus
from sendcpp.workflow import Workflow

Q = QuestionnaireStatus

QUESTIONNAIRE = Workflow(
    "feedback.questionnaire",
    QuestionnaireStatus,
    {
        Q.DRAFT: {Q.PUBLISHED},
        Q.PUBLISHED: {Q.RETIRED},
        Q.RETIRED: set(),
    },
    noun="questionnaire",
    start={Q.DRAFT},
)

I = InvitationStatus  # noqa: E741

INVITATION = Workflow(
    "feedback.invitation",
    InvitationStatus,
    {
        I.SENT: {I.ANSWERED, I.DECLINED, I.EXPIRED},
        I.ANSWERED: set(),
        I.DECLINED: set(),
        I.EXPIRED: set(),
    },
    noun="invitation",
    start={I.SENT},
)

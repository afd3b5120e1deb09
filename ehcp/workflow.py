"""The statutory journey of a case as one transition table over ``sendcpp.models.Stage`` (whose
docstring describes each stage). Only ``ehcp.services`` change ``Case.stage``, always through
``check_transition``.

Why each move exists:
- request -> assessment / not_assessed: the decision whether to assess (reg 5);
  request/assessment/drafting/draft_issued/consultation -> closed: the request is withdrawn or the
  family moves away before a plan is made.
- assessment -> drafting / not_issued: the decision whether to issue a plan (reg 10); after a
  reassessment, assessment -> maintained when the LA decides not to change the plan.
- drafting -> draft_issued: the draft is sent (reg 13(1)); draft_issued -> consultation: settings
  are consulted on being named; draft_issued/consultation -> plan_issued: the final plan.
- plan_issued/maintained -> annual_review: a review starts; annual_review -> maintained (keep the
  plan), plan_issued (final amended plan issued) or ceased (CFA s45).
- plan_issued/maintained -> assessment: a reassessment is agreed (CFA s44(2)).
- not_assessed -> assessment, not_issued -> drafting: the decision is changed after mediation or a
  tribunal order; ceased -> maintained: the plan is reinstated for the same reasons.
- not_assessed/not_issued/ceased -> closed: the case is closed once nothing more can happen.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from sendcpp.exceptions import TransitionNotAllowed
from sendcpp.models import Stage

TRANSITIONS: Mapping[Stage, frozenset[Stage]] = MappingProxyType(
    {
        Stage.REQUEST: frozenset({Stage.ASSESSMENT, Stage.NOT_ASSESSED, Stage.CLOSED}),
        Stage.ASSESSMENT: frozenset(
            {Stage.DRAFTING, Stage.NOT_ISSUED, Stage.MAINTAINED, Stage.CLOSED}
        ),
        Stage.DRAFTING: frozenset({Stage.DRAFT_ISSUED, Stage.CLOSED}),
        Stage.DRAFT_ISSUED: frozenset({Stage.CONSULTATION, Stage.PLAN_ISSUED, Stage.CLOSED}),
        Stage.CONSULTATION: frozenset({Stage.PLAN_ISSUED, Stage.CLOSED}),
        Stage.PLAN_ISSUED: frozenset({Stage.ANNUAL_REVIEW, Stage.ASSESSMENT, Stage.CEASED}),
        Stage.MAINTAINED: frozenset({Stage.ANNUAL_REVIEW, Stage.ASSESSMENT, Stage.CEASED}),
        Stage.ANNUAL_REVIEW: frozenset({Stage.MAINTAINED, Stage.PLAN_ISSUED, Stage.CEASED}),
        Stage.NOT_ASSESSED: frozenset({Stage.ASSESSMENT, Stage.CLOSED}),
        Stage.NOT_ISSUED: frozenset({Stage.DRAFTING, Stage.CLOSED}),
        Stage.CEASED: frozenset({Stage.MAINTAINED, Stage.CLOSED}),
        Stage.CLOSED: frozenset(),
    }
)


def allowed_targets(current: str) -> frozenset[Stage]:
    """The stages a case at ``current`` may move to."""
    return TRANSITIONS[Stage(current)]


def can_transition(current: str, target: str) -> bool:
    return Stage(target) in allowed_targets(current)


def check_transition(current: str, target: str) -> None:
    """Raise ``TransitionNotAllowed`` unless a case at ``current`` may move to ``target``."""
    if not can_transition(current, target):
        raise TransitionNotAllowed(
            f"A case at “{Stage(current).label}” cannot move to “{Stage(target).label}”."
        )


def is_terminal(stage: str) -> bool:
    """A stage with no way out (derived from the table)."""
    return not allowed_targets(stage)


#: Stages with a plan in force: exactly those from which a plan can be ceased.
PLAN_IN_FORCE_STAGES = frozenset(
    stage for stage, targets in TRANSITIONS.items() if Stage.CEASED in targets
)
#: Stages from which a case can be closed.
CLOSABLE_STAGES = frozenset(
    stage for stage, targets in TRANSITIONS.items() if Stage.CLOSED in targets
)

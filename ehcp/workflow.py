"""The statutory journey of a case as one transition table over ``sendcpp.models.Stage`` (whose
docstring describes each stage), ``CASE``. Only ``ehcp.services`` change ``Case.stage``, always
through ``CASE.check``.

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

from sendcpp.models import Stage
from sendcpp.workflow import Workflow

CASE = Workflow(
    "ehcp.case",
    Stage,
    {
        Stage.REQUEST: {Stage.ASSESSMENT, Stage.NOT_ASSESSED, Stage.CLOSED},
        Stage.ASSESSMENT: {Stage.DRAFTING, Stage.NOT_ISSUED, Stage.MAINTAINED, Stage.CLOSED},
        Stage.DRAFTING: {Stage.DRAFT_ISSUED, Stage.CLOSED},
        Stage.DRAFT_ISSUED: {Stage.CONSULTATION, Stage.PLAN_ISSUED, Stage.CLOSED},
        Stage.CONSULTATION: {Stage.PLAN_ISSUED, Stage.CLOSED},
        Stage.PLAN_ISSUED: {Stage.ANNUAL_REVIEW, Stage.ASSESSMENT, Stage.CEASED},
        Stage.MAINTAINED: {Stage.ANNUAL_REVIEW, Stage.ASSESSMENT, Stage.CEASED},
        Stage.ANNUAL_REVIEW: {Stage.MAINTAINED, Stage.PLAN_ISSUED, Stage.CEASED},
        Stage.NOT_ASSESSED: {Stage.ASSESSMENT, Stage.CLOSED},
        Stage.NOT_ISSUED: {Stage.DRAFTING, Stage.CLOSED},
        Stage.CEASED: {Stage.MAINTAINED, Stage.CLOSED},
        Stage.CLOSED: set(),
    },
    noun="case",
    # A request opens a case; a plan transferred in from another LA opens it maintained.
    start={Stage.REQUEST, Stage.MAINTAINED},
)

#: Stages with a plan in force: exactly those from which a plan can be ceased.
PLAN_IN_FORCE_STAGES = CASE.sources(Stage.CEASED)

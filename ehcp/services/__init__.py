"""Every write of the EHC journey: requests, decisions, advice, the plan, reviews and PDFs.

Each service is atomic, takes the acting user as ``by``, checks access through
``sendcpp.access``, moves the case only through ``ehcp.workflow.CASE.check``, records a
timeline event, starts and meets statutory deadlines through ``sendcpp.clock``, and schedules
side effects (PDFs, emails) after commit. The HTML views, the API, the seed command, and the
panels, placements and mediation apps all call these, always as ``ehcp.services.<name>``.

Public services other apps rely on (keep their names and keyword arguments):
``record_request``, ``decide_whether_to_assess``, ``decide_whether_to_issue``,
``decide_reassessment``, ``cease_plan``, ``name_setting_in_plan``.

Every appealable decision calls ``mediation.services.open_appeal_window`` (imported inside the
function to avoid an import cycle), with ``decision`` one of "refuse_assess", "refuse_issue",
"plan_contents", "refuse_amend", "refuse_reassess" and "cease".

The package is split by sub-domain: ``decisions`` (requests and statutory decisions),
``reassessment`` (reassessment and early reviews asked for by the family),
``transfers`` (between local authorities), ``advice``, ``plans`` (editing and issuing),
``family`` (views, comments, preferences), ``reviews`` and ``pdfs``; ``casework`` holds the moves
they share.
"""

from ehcp.services.advice import (
    AdviceAsked,
    chase_advice,
    overdue_advice,
    request_advice,
    request_advice_from_several,
    save_advice_draft,
    submit_advice,
    withdraw_advice_request,
)
from ehcp.services.casework import (
    EHCP_RULES,
    PLAN_ROW_FIELDS,
    PLAN_SECTION_FIELDS,
    is_year_9_or_above,
)
from ehcp.services.decisions import (
    cease_plan,
    close_case,
    decide_whether_to_assess,
    decide_whether_to_issue,
    record_request,
    reinstate_plan,
)
from ehcp.services.family import (
    comment_on_draft,
    finish_commenting,
    record_family_view,
    state_setting_preference,
)
from ehcp.services.pdfs import retry_plan_pdf
from ehcp.services.plans import (
    begin_setting_consultation,
    delete_plan_row,
    issue_draft_plan,
    issue_final_plan,
    name_setting_in_plan,
    pull_advice_into_plan,
    save_plan_row,
    update_area_strengths,
    update_plan_section,
)
from ehcp.services.reassessment import (
    decide_reassessment,
    request_reassessment,
    request_review,
)
from ehcp.services.reviews import (
    circulate_review_papers,
    contribute_to_review,
    decide_after_review,
    decide_not_to_amend,
    issue_amendment_notice,
    record_review_meeting,
    schedule_review,
    send_review_invitations,
    send_review_report,
)
from ehcp.services.transfers import (
    record_move_out,
    record_transfer_in,
    send_transfer_notice,
    transfer_plan_out,
)

__all__ = [
    "EHCP_RULES",
    "PLAN_ROW_FIELDS",
    "PLAN_SECTION_FIELDS",
    "AdviceAsked",
    "begin_setting_consultation",
    "cease_plan",
    "chase_advice",
    "circulate_review_papers",
    "close_case",
    "comment_on_draft",
    "contribute_to_review",
    "decide_after_review",
    "decide_not_to_amend",
    "decide_reassessment",
    "decide_whether_to_assess",
    "decide_whether_to_issue",
    "delete_plan_row",
    "finish_commenting",
    "is_year_9_or_above",
    "issue_amendment_notice",
    "issue_draft_plan",
    "issue_final_plan",
    "name_setting_in_plan",
    "overdue_advice",
    "pull_advice_into_plan",
    "record_family_view",
    "record_move_out",
    "record_request",
    "record_review_meeting",
    "record_transfer_in",
    "reinstate_plan",
    "request_advice",
    "request_advice_from_several",
    "request_reassessment",
    "request_review",
    "retry_plan_pdf",
    "save_advice_draft",
    "save_plan_row",
    "schedule_review",
    "send_review_invitations",
    "send_review_report",
    "send_transfer_notice",
    "state_setting_preference",
    "submit_advice",
    "transfer_plan_out",
    "update_area_strengths",
    "update_plan_section",
    "withdraw_advice_request",
]

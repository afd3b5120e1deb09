import sendcpp.apps

#: The timeline events this app writes, with the sentence shown when no summary is given.
EVENT_KINDS = {
    "ehcp_request_recorded": "Request for an EHC needs assessment received",
    "ehcp_assessment_decided": "Decision whether to assess",
    "ehcp_issue_decided": "Decision whether to issue a plan",
    "ehcp_reassessment_requested": "Reassessment asked for",
    "ehcp_reassessment_decided": "Decision whether to reassess",
    "ehcp_review_requested": "Early review of the plan asked for",
    "ehcp_advice_requested": "Advice asked for",
    "ehcp_advice_chased": "Reminder sent for overdue advice",
    "ehcp_advice_submitted": "Advice received",
    "ehcp_advice_corrected": "Advice corrected",
    "ehcp_advice_withdrawn": "Request for advice withdrawn",
    "ehcp_plan_edited": "Plan edited",
    "ehcp_draft_issued": "Draft plan sent",
    "ehcp_consultation_started": "Schools or colleges being asked about a place",
    "ehcp_final_issued": "Final plan issued",
    "ehcp_family_view_added": "Views added",
    "ehcp_draft_commented": "Comment on the draft plan",
    "ehcp_preference_stated": "Preferred school or college given",
    "ehcp_comments_finished": "Family finished commenting on the draft plan",
    "ehcp_review_scheduled": "Annual review arranged",
    "ehcp_review_invitations_sent": "Invitations to the review meeting sent",
    "ehcp_review_papers_sent": "Papers for the review meeting sent",
    "ehcp_review_contribution": "Views for the annual review given",
    "ehcp_review_meeting_held": "Annual review meeting held",
    "ehcp_review_report_sent": "Annual review report sent",
    "ehcp_review_decided": "Annual review decision",
    "ehcp_amendment_notice_issued": "Proposed amendments sent",
    "ehcp_not_amended": "Decided not to amend the plan",
    "ehcp_plan_ceased": "Decided to stop maintaining the plan",
    "ehcp_plan_reinstated": "Plan maintained again",
    "ehcp_case_closed": "Case closed",
    "ehcp_transfer_in": "Plan transferred from another council",
    "ehcp_transfer_notice_sent": "Letter about the transferred plan sent",
    "ehcp_move_out_recorded": "Move to another council recorded",
    "ehcp_transferred_out": "Plan transferred to another council",
    "ehcp_plan_pdf_failed": "Plan PDF could not be made",
}


class EhcpConfig(sendcpp.apps.DomainAppConfig):
    name = "ehcp"
    verbose_name = "EHC needs assessments and plans"
    event_kinds = "ehcp.apps.EVENT_KINDS"
    access_clauses = "ehcp.access.CLAUSES"

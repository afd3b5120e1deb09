"""Write use-cases for appeal windows, mediation, disagreement resolution and tribunal appeals.

Each is atomic, takes the acting user as ``by``, checks access through ``sendcpp.access``,
changes status only through ``mediation.workflow``, records a timeline event and keeps the
statutory clocks through ``sendcpp.clock`` (so reminders are automatic). HTML views, the API,
management commands and other apps' services (``ehcp`` calls ``open_appeal_window``) all call
these; none of them writes these models directly. Import them from here:
``from mediation.services import open_appeal_window``.
"""

from __future__ import annotations

from mediation.services.appeals import (
    concede_appeal,
    list_hearing,
    record_appeal_response,
    record_concession,
    record_order_complied,
    record_recommendation_response,
    record_tribunal_decision,
    register_appeal,
    withdraw_appeal,
)
from mediation.services.mediations import (
    add_agreement_term,
    arrange_mediation,
    ask_for_mediation,
    complete_agreement_term,
    issue_mediation_certificate,
    record_adviser_contact,
    record_cannot_arrange,
    record_health_bodies_told,
    record_icb_told_la,
    record_mediation_held,
    withdraw_mediation,
)
from mediation.services.support import record_advice_service, record_disagreement_resolution
from mediation.services.windows import close_expired_appeal_windows, open_appeal_window

#: The timeline events this app writes (registered in ``MediationConfig.ready``).
EVENT_KINDS: dict[str, str] = {
    "appeal_window_opened": "Decision you can challenge: mediation and appeal dates",
    "appeal_window_closed": "The time to appeal has passed",
    "mediation_requested": "Mediation requested",
    "mediation_not_wanted": "Mediation not wanted",
    "mediation_health_notice": "Health service told about the mediation",
    "mediation_arranged": "Mediation arranged",
    "mediation_cannot_arrange": "Mediation could not be arranged in 30 days",
    "mediation_held": "Mediation held",
    "mediation_icb_told_la": "Health service told the council what was agreed",
    "mediation_certificate_issued": "Mediation certificate issued",
    "mediation_withdrawn": "Mediation withdrawn",
    "mediation_term_added": "Mediation agreement: action added",
    "mediation_term_done": "Mediation agreement: action done",
    "appeal_registered": "Appeal to the tribunal registered",
    "appeal_response_sent": "Council's response to the appeal sent",
    "appeal_hearing_listed": "Tribunal hearing date set",
    "appeal_decided": "Tribunal decision",
    "appeal_conceded": "Council did not oppose the appeal",
    "appeal_concession": "Council conceded part of the appeal",
    "appeal_withdrawn": "Appeal withdrawn",
    "appeal_recommendation_response": "Reply to the tribunal's recommendations",
    "appeal_closed": "Appeal closed",
    "tribunal_order_complied": "Tribunal order carried out",
    "disagreement_resolution_recorded": "Disagreement resolution meeting recorded",
    "advice_service_recorded": "Independent advice service involvement recorded",
}


__all__ = [
    "EVENT_KINDS",
    "add_agreement_term",
    "arrange_mediation",
    "ask_for_mediation",
    "close_expired_appeal_windows",
    "complete_agreement_term",
    "concede_appeal",
    "issue_mediation_certificate",
    "list_hearing",
    "open_appeal_window",
    "record_advice_service",
    "record_adviser_contact",
    "record_appeal_response",
    "record_cannot_arrange",
    "record_concession",
    "record_disagreement_resolution",
    "record_health_bodies_told",
    "record_icb_told_la",
    "record_mediation_held",
    "record_order_complied",
    "record_recommendation_response",
    "record_tribunal_decision",
    "register_appeal",
    "withdraw_appeal",
    "withdraw_mediation",
]

import sendcpp.apps

#: The timeline events this app writes, with the sentence shown when no summary is given.
EVENT_KINDS = {
    "panel_agenda_added": "Added to a panel's agenda",
    "panel_agenda_withdrawn": "Taken off a panel's agenda",
    "panel_item_deferred": "Panel deferred its decision",
    "panel_conflict_declared": "Conflict of interest declared at panel",
    "panel_decision_recorded": "Panel decision recorded",
    "panel_funding_decided": "Funding band decided",
    "panel_placement_decided": "Type of setting decided",
    "panel_letter_issued": "Decision letter sent",
    "panel_decision_amended": "Panel decision corrected",
}


class PanelsConfig(sendcpp.apps.DomainAppConfig):
    name = "panels"
    verbose_name = "Multi-agency panels"
    event_kinds = "panels.apps.EVENT_KINDS"
    access_clauses = "panels.access.CLAUSES"
    # The list of criteria belongs to no one council.
    shared_history = {"panels.DecisionCriterion": "Panel decision criterion"}

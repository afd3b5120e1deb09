from django.apps import AppConfig

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


class PanelsConfig(AppConfig):
    name = "panels"
    verbose_name = "Multi-agency panels"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from panels.access import CLAUSES
        from sendcpp import access
        from sendcpp.audit import register_history
        from sendcpp.timeline import register_event_kinds

        register_event_kinds(EVENT_KINDS)
        access.register(*CLAUSES)
        # The list of criteria belongs to no one council: shown to a council's managers when
        # their own staff changed it.
        register_history("panels.DecisionCriterion", name="Panel decision criterion", shared=True)

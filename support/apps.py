import sendcpp.apps


class SupportConfig(sendcpp.apps.DomainAppConfig):
    name = "support"
    verbose_name = "Support in schools and settings"
    access_clauses = "support.access.CLAUSES"
    event_kinds = "support.services.EVENT_KINDS"
    # The EHC pages show what this app holds about a case without importing it.
    evidence_panels = "support.selectors.EVIDENCE_PANELS"

    def ready(self) -> None:
        super().ready()
        from sendcpp.audit import register_history

        register_history("support.SupportPlan", name="Support plan")
        register_history("support.SupportPlanRow", name="Support plan row", child="plan__child")
        register_history("support.DeliveryLine", name="Section F delivery row")
        register_history("support.Tier1Episode", name="Tier 1 support")
        register_history("support.Exclusion", name="Suspension or exclusion")
        register_history("support.AtRiskFlag", name="At risk of exclusion flag")

import sendcpp.apps

#: How the audit trail names ELSEC's records, and the lookup from each to the child.
HISTORY = {
    "elsec.Pathfinder": ("Early language pathfinder", None),
    "elsec.FundingPeriod": ("Early language funding period", None),
    "elsec.PathfinderSetting": ("Early language setting", None),
    "elsec.WorkforceMember": ("Early language workforce member", None),
    "elsec.TrainingSession": ("Early language training session", None),
    "elsec.CoachingVisit": ("Early language coaching visit", None),
    "elsec.EnvironmentAudit": ("Communication-friendly setting audit", None),
    "elsec.ChildRecord": ("Early language record", "child"),
    "elsec.Consent": ("Consent for early language support", "record__child"),
    "elsec.Screening": ("Early language screening", "record__child"),
    "elsec.Episode": ("Targeted language support", "record__child"),
    "elsec.Referral": ("Referral to specialist speech and language therapy", "record__child"),
}


class ElsecConfig(sendcpp.apps.DomainAppConfig):
    name = "elsec"
    verbose_name = "Early Language Support for Every Child"
    access_clauses = "elsec.access.CLAUSES"
    evidence_panels = "elsec.evidence.PANELS"

    def ready(self) -> None:
        super().ready()
        from sendcpp.audit import register_history

        for label, (name, child) in HISTORY.items():
            register_history(label, name=name, child=child)

import sendcpp.apps


class ElsecConfig(sendcpp.apps.DomainAppConfig):
    name = "elsec"
    verbose_name = "Early Language Support for Every Child"
    access_clauses = "elsec.access.CLAUSES"
    evidence_panels = "elsec.evidence.PANELS"

import sendcpp.apps


class PartnershipsConfig(sendcpp.apps.DomainAppConfig):
    name = "partnerships"
    verbose_name = "Local inclusion partnerships"
    access_clauses = "partnerships.access.CLAUSES"

import sendcpp.apps


class MediationConfig(sendcpp.apps.DomainAppConfig):
    name = "mediation"
    verbose_name = "Mediation and appeals"
    event_kinds = "mediation.services.EVENT_KINDS"

from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "mediation"
    verbose_name = "Mediation and appeals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from mediation.services import EVENT_KINDS
        from sendcpp.timeline import register_event_kinds

        register_event_kinds(EVENT_KINDS)

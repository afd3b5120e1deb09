from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "mediation"
    verbose_name = "Mediation and appeals"
    default_auto_field = "django.db.models.BigAutoField"

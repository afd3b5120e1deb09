from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"
    verbose_name = "Multi-agency panels"
    default_auto_field = "django.db.models.BigAutoField"

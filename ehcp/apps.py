from django.apps import AppConfig


class EhcpConfig(AppConfig):
    name = "ehcp"
    verbose_name = "EHC needs assessments and plans"
    default_auto_field = "django.db.models.BigAutoField"

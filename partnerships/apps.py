from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Local inclusion partnerships"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Local inclusion partnerships"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from partnerships.access import CLAUSES
        from sendcpp import access

        access.register(*CLAUSES)

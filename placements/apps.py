from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Settings and placements"
    default_auto_field = "django.db.models.BigAutoField"

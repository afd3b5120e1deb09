from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Settings and placements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from placements.access import CLAUSES
        from placements.services import EVENT_KINDS
        from sendcpp import access
        from sendcpp.audit import register_history
        from sendcpp.timeline import register_event_kinds

        register_event_kinds(EVENT_KINDS)
        access.register(*CLAUSES)
        # The setting directory is shared: a council's managers see their own staff's changes.
        register_history("placements.Setting", name="Setting in the directory", shared=True)
        register_history("placements.SettingContact", name="Setting contact", shared=True)

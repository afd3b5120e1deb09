import sendcpp.apps


class PlacementsConfig(sendcpp.apps.DomainAppConfig):
    name = "placements"
    verbose_name = "Settings and placements"
    event_kinds = "placements.services.EVENT_KINDS"
    access_clauses = "placements.access.CLAUSES"
    # The setting directory is shared between councils.
    shared_history = {
        "placements.Setting": "Setting in the directory",
        "placements.SettingContact": "Setting contact",
    }

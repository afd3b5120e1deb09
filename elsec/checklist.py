"""The "communication-friendly setting" checklist an environment audit scores. The wording is
the service's own, written from published good practice; a setting scores one point for each
item in place."""

from __future__ import annotations

CHECKLIST: tuple[tuple[str, str], ...] = (
    ("quiet_space", "There is a quiet space for talking with children"),
    ("visual_timetable", "A visual timetable shows the day's routine"),
    ("labelled_resources", "Resources are labelled with pictures and words"),
    ("noise_managed", "Background noise is kept low"),
    ("adult_modelling", "Adults model language and comment rather than question"),
    ("wait_time", "Adults give children time to answer"),
    ("small_group_talk", "Small-group talk happens every day"),
    ("shared_reading", "Books are shared with children every day"),
    ("home_languages", "Children's home languages are welcomed and used"),
    ("parents_informed", "Parents are told how to support talk at home"),
)

ITEM_KEYS = frozenset(key for key, _ in CHECKLIST)

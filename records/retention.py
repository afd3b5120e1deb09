"""The retention schedule: how long each class of record is kept, as configuration.

No law sets a retention period for a council's EHC case files. The defaults follow the sector's
norms (see the documentation): a case in which a plan was made is kept until the child's date of
birth + 31 years (a plan can last to 25, plus the 6-year limitation period: IRMS toolkit); a
request or assessment that led to no plan until date of birth + 25 years (council schedules for
pupil records). A council changes them in ``settings.RECORDS_RETENTION`` (years per class).

Only a case that has ended (closed or ceased) is ever listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings


@dataclass(frozen=True)
class RetentionClass:
    key: str
    label: str
    years: int
    counted_from: str
    source: str


DEFAULTS: dict[str, RetentionClass] = {
    "ehc_case": RetentionClass(
        "ehc_case",
        "Case records where a plan was made",
        31,
        "the child's date of birth",
        "Information and Records Management Society toolkit: date of birth + 31 years (a plan "
        "can last to age 25, plus the 6-year limitation period)",
    ),
    "no_plan_case": RetentionClass(
        "no_plan_case",
        "Requests and assessments that did not lead to a plan",
        25,
        "the child's date of birth",
        "Council retention schedules for pupil and inclusion records: date of birth + 25 years",
    ),
}


def schedule() -> dict[str, RetentionClass]:
    """The schedule in force: the defaults with the council's configured years."""
    configured: dict[str, int] = getattr(settings, "RECORDS_RETENTION", {})
    return {
        key: RetentionClass(
            cls.key, cls.label, int(configured.get(key, cls.years)), cls.counted_from, cls.source
        )
        for key, cls in DEFAULTS.items()
    }


def add_years(day: date, years: int) -> date:
    """``day`` moved on ``years`` years (29 February becomes 1 March)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def born_on_or_before(today: date, years: int) -> date:
    """The latest date of birth whose retention of ``years`` has ended by ``today``."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return date(today.year - years, 2, 28)

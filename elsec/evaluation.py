"""Evaluation figures for the partnership and the DfE, for a period, by type of setting and age
group.

Definitions (each figure counts children once):
- settings supported: settings with a training session, coaching visit or environment audit in
  the period; staff trained: attendances at training sessions in the period;
- children screened: children with a screening in the period; identified: of those, children
  below the level expected for their age at their first screening in the period (their type of
  setting and age group are taken at that screening);
- supported at each level: universal, children screened in the period at a setting that has had
  setting-wide support by the end of the period; targeted, children with a targeted episode
  running at some time in the period; specialist, children referred to the specialist service in
  the period;
- progress: children re-screened after a targeted episode in the period, with a screening before
  the episode: the share at the expected level before and after;
- referrals: referred in the period, of those seen by the service, their waiting times (days
  from referral to being seen), and how many are still waiting.

``published`` applies the service's disclosure control (``sendcpp.disclosure``) to the figures of
children: the whole set published together is protected at once and audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from statistics import median
from typing import Any

from django.db.models import Q

from elsec.models import (
    ChildRecord,
    CoachingVisit,
    EnvironmentAudit,
    Episode,
    Pathfinder,
    Phase,
    Referral,
    ReferralStatus,
    Screening,
    TrainingSession,
)
from sendcpp import disclosure

#: Age groups (label, youngest, oldest), by age in whole years at the screening.
AGE_GROUPS: tuple[tuple[str, int, int], ...] = (
    ("under_3", 0, 2),
    ("3_to_4", 3, 4),
    ("5_to_7", 5, 7),
    ("8_and_over", 8, 99),
)
AGE_GROUP_LABELS = {
    "under_3": "Under 3",
    "3_to_4": "3 to 4",
    "5_to_7": "5 to 7",
    "8_and_over": "8 and over",
}
PHASES = [phase.value for phase in Phase]


def age_group(date_of_birth: date, on: date) -> str:
    years = (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )
    for key, youngest, oldest in AGE_GROUPS:
        if youngest <= years <= oldest:
            return key
    return AGE_GROUPS[-1][0]


@dataclass(frozen=True)
class Filters:
    starts_on: date
    ends_on: date
    phase: str = ""
    age_group: str = ""


@dataclass
class Figures:
    """The raw figures (for the partnership's own management; not for publication)."""

    filters: Filters
    settings_supported: int = 0
    training_sessions: int = 0
    staff_trained: int = 0
    audits: int = 0
    # Children screened / identified, by (phase, age group).
    screened: dict[tuple[str, str], int] = field(default_factory=dict)
    identified: dict[tuple[str, str], int] = field(default_factory=dict)
    # Children supported at each level, by phase.
    universal: dict[str, int] = field(default_factory=dict)
    targeted: dict[str, int] = field(default_factory=dict)
    specialist: dict[str, int] = field(default_factory=dict)
    # Progress cohort: (before at expected level, after at expected level) -> children.
    progress: dict[tuple[bool, bool], int] = field(default_factory=dict)
    # Referrals in the period, by phase, and the waits of those seen.
    referrals_seen: dict[str, int] = field(default_factory=dict)
    waits: list[int] = field(default_factory=list)
    still_waiting: int = 0

    def total(self, counts: dict[Any, int]) -> int:
        return sum(counts.values())

    def by_phase(self, counts: dict[tuple[str, str], int], phase: str) -> int:
        return sum(n for (p, _), n in counts.items() if p == phase)

    def by_age(self, counts: dict[tuple[str, str], int], group: str) -> int:
        return sum(n for (_, a), n in counts.items() if a == group)

    @property
    def children_screened(self) -> int:
        return self.total(self.screened)

    @property
    def children_identified(self) -> int:
        return self.total(self.identified)

    @property
    def progress_cohort(self) -> int:
        return self.total(self.progress)

    def share(self, numerator: int, denominator: int) -> Decimal | None:
        if denominator == 0:
            return None
        return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def before_share(self) -> Decimal | None:
        on_level = self.progress.get((True, True), 0) + self.progress.get((True, False), 0)
        return self.share(on_level, self.progress_cohort)

    @property
    def after_share(self) -> Decimal | None:
        on_level = self.progress.get((True, True), 0) + self.progress.get((False, True), 0)
        return self.share(on_level, self.progress_cohort)

    @property
    def median_wait(self) -> float | None:
        return median(self.waits) if self.waits else None

    @property
    def referred(self) -> int:
        return self.total(self.specialist)


def _add(counts: dict[Any, int], key: Any) -> None:
    counts[key] = counts.get(key, 0) + 1


@dataclass
class _Scope:
    """Which settings and children the filters take in."""

    pathfinder: Pathfinder
    filters: Filters
    phase_of: dict[int, str]  # setting id -> phase, for the settings taken in
    born: dict[int, date]  # record id -> date of birth

    def phase(self, record_id: int, setting_id: int, on: date) -> str | None:
        """The child's type of setting if they count under the filters on ``on``, else None."""
        phase = self.phase_of.get(setting_id)
        if phase is None:
            return None
        wanted = self.filters.age_group
        if wanted and age_group(self.born[record_id], on) != wanted:
            return None
        return phase


def _setting_support(scope: _Scope, figures: Figures) -> set[int]:
    """Fill in the setting figures; the settings supported by the end of the period."""
    start, end = scope.filters.starts_on, scope.filters.ends_on
    settings = list(scope.phase_of)
    kinds = (
        (TrainingSession, "held_on"),
        (CoachingVisit, "visited_on"),
        (EnvironmentAudit, "audited_on"),
    )
    supported: set[int] = set()
    supported_by_end: set[int] = set()
    for model, day in kinds:
        rows = model.objects.filter(setting__in=settings, **{f"{day}__lte": end})
        supported_by_end |= set(rows.values_list("setting_id", flat=True))
        supported |= set(rows.filter(**{f"{day}__gte": start}).values_list("setting_id", flat=True))
    training = TrainingSession.objects.filter(setting__in=settings, held_on__range=(start, end))
    figures.settings_supported = len(supported)
    figures.training_sessions = training.count()
    figures.staff_trained = sum(session.attendee_count for session in training)
    figures.audits = EnvironmentAudit.objects.filter(
        setting__in=settings, audited_on__range=(start, end)
    ).count()
    return supported_by_end


def _screened(scope: _Scope, figures: Figures, supported_by_end: set[int]) -> None:
    """Children screened and identified (at their first screening in the period), and those
    at settings with setting-wide support (universal)."""
    first: dict[int, Screening] = {}
    in_period = Screening.objects.filter(
        record__pathfinder=scope.pathfinder,
        screened_on__range=(scope.filters.starts_on, scope.filters.ends_on),
    )
    for screening in in_period.order_by("screened_on", "id"):
        first.setdefault(screening.record_id, screening)
    for record_id, screening in first.items():
        phase = scope.phase(record_id, screening.setting_id, screening.screened_on)
        if phase is None:
            continue
        key = (phase, age_group(scope.born[record_id], screening.screened_on))
        _add(figures.screened, key)
        if not screening.at_expected_level:
            _add(figures.identified, key)
        if screening.setting_id in supported_by_end:
            _add(figures.universal, phase)


def _targeted(scope: _Scope, figures: Figures) -> None:
    """Children with a targeted episode running at some time in the period."""
    start, end = scope.filters.starts_on, scope.filters.ends_on
    counted: set[int] = set()
    running = Episode.objects.filter(
        record__pathfinder=scope.pathfinder, starts_on__lte=end
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    for episode in running.order_by("starts_on", "id"):
        phase = scope.phase(episode.record_id, episode.setting_id, max(episode.starts_on, start))
        if phase is not None and episode.record_id not in counted:
            counted.add(episode.record_id)
            _add(figures.targeted, phase)


def _referrals(scope: _Scope, figures: Figures, today: date) -> None:
    """Children referred in the period; the waits of those seen; those still waiting."""
    counted: set[int] = set()
    referrals = Referral.objects.filter(
        record__pathfinder=scope.pathfinder,
        referred_on__range=(scope.filters.starts_on, scope.filters.ends_on),
    )
    for referral in referrals.order_by("referred_on", "id"):
        phase = scope.phase(referral.record_id, referral.setting_id, referral.referred_on)
        if phase is None:
            continue
        if referral.record_id not in counted:
            counted.add(referral.record_id)
            _add(figures.specialist, phase)
        if referral.status == ReferralStatus.SEEN:
            _add(figures.referrals_seen, phase)
            figures.waits.append(referral.waiting_days(today))
        elif referral.status == ReferralStatus.WAITING:
            figures.still_waiting += 1


def _progress(scope: _Scope, figures: Figures) -> None:
    """For each child re-screened after an episode in the period (their latest such
    re-screening), whether they were at the expected level before the episode and after it."""
    latest: dict[int, Screening] = {}
    rescreenings = Screening.objects.filter(
        record__pathfinder=scope.pathfinder,
        screened_on__range=(scope.filters.starts_on, scope.filters.ends_on),
        after_episode__isnull=False,
    ).select_related("after_episode")
    for screening in rescreenings.order_by("screened_on", "id"):
        latest[screening.record_id] = screening
    for record_id, after in latest.items():
        episode = after.after_episode
        if episode is None or scope.phase(record_id, after.setting_id, after.screened_on) is None:
            continue
        before = (
            Screening.objects.filter(record_id=record_id, screened_on__lte=episode.starts_on)
            .exclude(pk=after.pk)
            .order_by("-screened_on", "-id")
            .first()
        )
        if before is not None:
            _add(figures.progress, (before.at_expected_level, after.at_expected_level))


def compute(pathfinder: Pathfinder, filters: Filters, *, today: date) -> Figures:
    """The figures of ``pathfinder`` for ``filters``."""
    settings = pathfinder.settings.all()
    if filters.phase:
        settings = settings.filter(phase=filters.phase)
    records = ChildRecord.objects.filter(pathfinder=pathfinder)
    scope = _Scope(
        pathfinder,
        filters,
        phase_of=dict(settings.values_list("pk", "phase")),
        born=dict(records.values_list("pk", "child__date_of_birth")),
    )
    figures = Figures(filters)
    supported_by_end = _setting_support(scope, figures)
    _screened(scope, figures, supported_by_end)
    _targeted(scope, figures)
    _referrals(scope, figures, today)
    _progress(scope, figures)
    return figures


# --- Publishing ------------------------------------------------------------------------------


@dataclass
class Published:
    """The figures as published: counts of children are numbers or ``c``."""

    rows: list[tuple[str, str, Any]]  # (table, row label, value)

    def table(self, name: str) -> list[tuple[str, Any]]:
        return [(label, value) for table, label, value in self.rows if table == name]


REFERRALS = "Referrals to specialist speech and language therapy"
PROGRESS = "Progress between screenings"
BEFORE = "At the expected level before (%)"
AFTER = "At the expected level after (%)"
MEDIAN_WAIT = "Median wait in days (seen)"
PROGRESS_KEYS = ((True, True), (True, False), (False, True), (False, False))


def _label_phase(phase: str) -> str:
    return Phase(phase).label


class _Tables:
    """The counts of children published together, as one ``disclosure.FigureSet``."""

    def __init__(self) -> None:
        self.fs = disclosure.FigureSet()
        self.shown: list[tuple[str, str, int]] = []  # table, label, figure

    def add(self, table: str, label: str, members: list[int]) -> int:
        figure = self.fs.figure(f"{table}: {label}", members)
        self.shown.append((table, label, figure))
        return figure


def _children_figures(tables: _Tables, figures: Figures) -> None:
    """Children screened and identified, in total, by type of setting and by age group, over
    the finest counts: (type of setting, age group, identified or not)."""
    cells: dict[tuple[str, str, bool], int] = {}
    for phase in PHASES:
        for group, _, _ in AGE_GROUPS:
            found = figures.identified.get((phase, group), 0)
            cells[(phase, group, True)] = tables.fs.unknown(found)
            rest = figures.screened.get((phase, group), 0) - found
            cells[(phase, group, False)] = tables.fs.unknown(rest)

    def of(phase: str = "", group: str = "", identified: bool | None = None) -> list[int]:
        return [
            index
            for (p, g, found), index in cells.items()
            if phase in ("", p) and group in ("", g) and identified in (None, found)
        ]

    identified_label = "Identified with speech, language or communication needs"
    tables.add("Children", "Screened", of())
    tables.add("Children", identified_label, of(identified=True))
    for phase in PHASES:
        tables.add("Screened by type of setting", _label_phase(phase), of(phase=phase))
        tables.add(
            "Identified by type of setting", _label_phase(phase), of(phase=phase, identified=True)
        )
    for group, _, _ in AGE_GROUPS:
        label = AGE_GROUP_LABELS[group]
        tables.add("Screened by age group", label, of(group=group))
        tables.add("Identified by age group", label, of(group=group, identified=True))


def _support_figures(tables: _Tables, figures: Figures) -> int:
    """Children supported at each level, by type of setting; the figure of those seen by the
    specialist service."""
    for level, counts in (
        ("Universal", figures.universal),
        ("Targeted", figures.targeted),
        ("Specialist", figures.specialist),
    ):
        members = [tables.fs.unknown(counts.get(phase, 0)) for phase in PHASES]
        tables.add("Supported at each level", level, members)
        for phase, member in zip(PHASES, members, strict=True):
            tables.add(f"{level} support by type of setting", _label_phase(phase), [member])
    seen = [tables.fs.unknown(figures.referrals_seen.get(phase, 0)) for phase in PHASES]
    return tables.add(REFERRALS, "Seen by the service", seen)


def _progress_figures(tables: _Tables, figures: Figures) -> tuple[int, int]:
    """The re-screened cohort and the two percentages (before, after) over it."""
    fs = tables.fs
    cell = {key: fs.unknown(figures.progress.get(key, 0)) for key in PROGRESS_KEYS}
    cohort = list(cell.values())
    tables.add(PROGRESS, "Children re-screened after targeted support", cohort)
    before = fs.ratio("before", [cell[(True, True)], cell[(True, False)]], cohort)
    after = fs.ratio("after", [cell[(True, True)], cell[(False, True)]], cohort)
    return before, after


def published(figures: Figures, *, max_small: int | None = None) -> Published:
    """The figures with disclosure control: every count of children protected as one set
    (``disclosure.protect``, audited); settings and staff figures are shown as they are."""
    tables = _Tables()
    _children_figures(tables, figures)
    seen = _support_figures(tables, figures)
    before, after = _progress_figures(tables, figures)
    protected = disclosure.protect(tables.fs, max_small=max_small)
    rows: list[tuple[str, str, Any]] = _setting_rows(figures)
    rows += [(table, label, protected.published(figure)) for table, label, figure in tables.shown]
    rows.append((PROGRESS, BEFORE, protected.published_percentage(before)))
    rows.append((PROGRESS, AFTER, protected.published_percentage(after)))
    # A median of a few waits tells about those few children: shown only when the number seen
    # is shown and more than the small-count limit.
    limit = disclosure.small_count_max() if max_small is None else max_small
    seen_shown = protected.published(seen)
    wait: Any = figures.median_wait
    if wait is not None and not (isinstance(seen_shown, int) and seen_shown > limit):
        wait = disclosure.SUPPRESSED
    rows.append((REFERRALS, MEDIAN_WAIT, wait))
    return Published(rows)


def _setting_rows(figures: Figures) -> list[tuple[str, str, Any]]:
    return [
        ("Setting support", "Settings supported", figures.settings_supported),
        ("Setting support", "Training sessions", figures.training_sessions),
        ("Setting support", "Staff attendances at training", figures.staff_trained),
        ("Setting support", "Environment audits", figures.audits),
    ]


def management(figures: Figures) -> Published:
    """The same rows without disclosure control, for the partnership's own management."""
    rows: list[tuple[str, str, Any]] = [
        *_setting_rows(figures),
        ("Children", "Screened", figures.children_screened),
        (
            "Children",
            "Identified with speech, language or communication needs",
            figures.children_identified,
        ),
    ]
    for phase in PHASES:
        rows.append(
            (
                "Screened by type of setting",
                _label_phase(phase),
                figures.by_phase(figures.screened, phase),
            )
        )
        rows.append(
            (
                "Identified by type of setting",
                _label_phase(phase),
                figures.by_phase(figures.identified, phase),
            )
        )
    for group, _, _ in AGE_GROUPS:
        rows.append(
            (
                "Screened by age group",
                AGE_GROUP_LABELS[group],
                figures.by_age(figures.screened, group),
            )
        )
        rows.append(
            (
                "Identified by age group",
                AGE_GROUP_LABELS[group],
                figures.by_age(figures.identified, group),
            )
        )
    for level, counts in (
        ("Universal", figures.universal),
        ("Targeted", figures.targeted),
        ("Specialist", figures.specialist),
    ):
        rows.append(("Supported at each level", level, figures.total(counts)))
        for phase in PHASES:
            rows.append(
                (f"{level} support by type of setting", _label_phase(phase), counts.get(phase, 0))
            )
    rows.append(
        (
            "Referrals to specialist speech and language therapy",
            "Seen by the service",
            figures.total(figures.referrals_seen),
        )
    )
    rows.append(
        (
            "Progress between screenings",
            "Children re-screened after targeted support",
            figures.progress_cohort,
        )
    )
    rows.append(
        ("Progress between screenings", "At the expected level before (%)", figures.before_share)
    )
    rows.append(
        ("Progress between screenings", "At the expected level after (%)", figures.after_share)
    )
    rows.append(
        (
            "Referrals to specialist speech and language therapy",
            "Median wait in days (seen)",
            figures.median_wait,
        )
    )
    rows.append(
        (
            "Referrals to specialist speech and language therapy",
            "Still waiting",
            figures.still_waiting,
        )
    )
    return Published(rows)


def tables(published_figures: Published) -> list[tuple[str, list[tuple[str, Any]]]]:
    """The rows grouped by table, in order."""
    names: list[str] = []
    for table, _, _ in published_figures.rows:
        if table not in names:
            names.append(table)
    return [(name, published_figures.table(name)) for name in names]


def csv_rows(published_figures: Published, filters: Filters) -> Iterable[list[str]]:
    yield [
        "period_start",
        "period_end",
        "type_of_setting",
        "age_group",
        "table",
        "measure",
        "value",
    ]
    for table, label, value in published_figures.rows:
        yield [
            filters.starts_on.isoformat(),
            filters.ends_on.isoformat(),
            filters.phase or "all",
            filters.age_group or "all",
            table,
            label,
            "" if value is None else str(value),
        ]

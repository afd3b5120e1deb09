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


def compute(pathfinder: Pathfinder, filters: Filters, *, today: date) -> Figures:
    """The figures of ``pathfinder`` for ``filters``."""
    start, end = filters.starts_on, filters.ends_on
    figures = Figures(filters)
    settings = pathfinder.settings.all()
    if filters.phase:
        settings = settings.filter(phase=filters.phase)
    phase_of = dict(settings.values_list("pk", "phase"))

    training = TrainingSession.objects.filter(setting__in=settings, held_on__range=(start, end))
    visits = CoachingVisit.objects.filter(setting__in=settings, visited_on__range=(start, end))
    audits = EnvironmentAudit.objects.filter(setting__in=settings, audited_on__range=(start, end))
    supported = (
        set(training.values_list("setting_id", flat=True))
        | set(visits.values_list("setting_id", flat=True))
        | set(audits.values_list("setting_id", flat=True))
    )
    figures.settings_supported = len(supported)
    figures.training_sessions = training.count()
    figures.staff_trained = sum(session.attendee_count for session in training)
    figures.audits = audits.count()
    supported_by_end = {
        pk
        for model, day in (
            (TrainingSession, "held_on"),
            (CoachingVisit, "visited_on"),
            (EnvironmentAudit, "audited_on"),
        )
        for pk in model.objects.filter(setting__in=settings, **{f"{day}__lte": end}).values_list(
            "setting_id", flat=True
        )
    }

    records = ChildRecord.objects.filter(pathfinder=pathfinder).select_related("child")
    dob = {record.pk: record.child.date_of_birth for record in records}

    def wanted(record_id: int, setting_id: int, on: date) -> str | None:
        """The child's phase if they count under the filters, else None."""
        phase = phase_of.get(setting_id)
        if phase is None:
            return None
        if filters.age_group and age_group(dob[record_id], on) != filters.age_group:
            return None
        return phase

    first: dict[int, Screening] = {}
    for screening in Screening.objects.filter(
        record__pathfinder=pathfinder, screened_on__range=(start, end)
    ).order_by("screened_on", "id"):
        first.setdefault(screening.record_id, screening)
    universal: set[int] = set()
    for record_id, screening in first.items():
        phase = wanted(record_id, screening.setting_id, screening.screened_on)
        if phase is None:
            continue
        key = (phase, age_group(dob[record_id], screening.screened_on))
        _add(figures.screened, key)
        if not screening.at_expected_level:
            _add(figures.identified, key)
        if screening.setting_id in supported_by_end and record_id not in universal:
            universal.add(record_id)
            _add(figures.universal, phase)

    targeted: set[int] = set()
    running = Episode.objects.filter(record__pathfinder=pathfinder, starts_on__lte=end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=start)
    )
    for episode in running.order_by("starts_on", "id"):
        phase = wanted(episode.record_id, episode.setting_id, max(episode.starts_on, start))
        if phase is not None and episode.record_id not in targeted:
            targeted.add(episode.record_id)
            _add(figures.targeted, phase)

    referred: set[int] = set()
    for referral in Referral.objects.filter(
        record__pathfinder=pathfinder, referred_on__range=(start, end)
    ).order_by("referred_on", "id"):
        phase = wanted(referral.record_id, referral.setting_id, referral.referred_on)
        if phase is None:
            continue
        if referral.record_id not in referred:
            referred.add(referral.record_id)
            _add(figures.specialist, phase)
        if referral.status == ReferralStatus.SEEN:
            _add(figures.referrals_seen, phase)
            figures.waits.append(referral.waiting_days(today))
        elif referral.status == ReferralStatus.WAITING:
            figures.still_waiting += 1

    latest_after: dict[int, Screening] = {}
    for screening in Screening.objects.filter(
        record__pathfinder=pathfinder,
        screened_on__range=(start, end),
        after_episode__isnull=False,
    ).select_related("after_episode"):
        latest = latest_after.get(screening.record_id)
        if latest is None or (screening.screened_on, screening.pk) > (
            latest.screened_on,
            latest.pk,
        ):
            latest_after[screening.record_id] = screening
    for record_id, after in latest_after.items():
        phase = wanted(record_id, after.setting_id, after.screened_on)
        if phase is None:
            continue
        assert after.after_episode is not None
        before = (
            Screening.objects.filter(
                record_id=record_id, screened_on__lte=after.after_episode.starts_on
            )
            .exclude(pk=after.pk)
            .order_by("-screened_on", "-id")
            .first()
        )
        if before is not None:
            _add(figures.progress, (before.at_expected_level, after.at_expected_level))
    return figures


# --- Publishing ------------------------------------------------------------------------------


@dataclass
class Published:
    """The figures as published: counts of children are numbers or ``c``."""

    rows: list[tuple[str, str, Any]]  # (table, row label, value)

    def table(self, name: str) -> list[tuple[str, Any]]:
        return [(label, value) for table, label, value in self.rows if table == name]


def _label_phase(phase: str) -> str:
    return Phase(phase).label


def published(figures: Figures, *, max_small: int | None = None) -> Published:
    """The figures with disclosure control: every count of children protected as one set."""
    fs = disclosure.FigureSet()
    cells: dict[tuple[str, str, bool], int] = {}
    for phase in PHASES:
        for group, _, _ in AGE_GROUPS:
            key = (phase, group)
            found = figures.identified.get(key, 0)
            cells[(phase, group, True)] = fs.unknown(found)
            cells[(phase, group, False)] = fs.unknown(figures.screened.get(key, 0) - found)

    def screened_cells(
        phase: str = "", group: str = "", identified: bool | None = None
    ) -> list[int]:
        return [
            index
            for (p, g, found), index in cells.items()
            if (not phase or p == phase)
            and (not group or g == group)
            and (identified is None or found == identified)
        ]

    shown: list[tuple[str, str, int | None, int | None]] = []  # table, label, figure, ratio

    def add(table: str, label: str, members: list[int]) -> None:
        if fs.total(members) == 0 and not members:
            shown.append((table, label, None, None))
            return
        shown.append((table, label, fs.figure(f"{table}: {label}", members), None))

    add("Children", "Screened", screened_cells())
    add(
        "Children",
        "Identified with speech, language or communication needs",
        screened_cells(identified=True),
    )
    for phase in PHASES:
        add("Screened by type of setting", _label_phase(phase), screened_cells(phase=phase))
        add(
            "Identified by type of setting",
            _label_phase(phase),
            screened_cells(phase=phase, identified=True),
        )
    for group, _, _ in AGE_GROUPS:
        add("Screened by age group", AGE_GROUP_LABELS[group], screened_cells(group=group))
        add(
            "Identified by age group",
            AGE_GROUP_LABELS[group],
            screened_cells(group=group, identified=True),
        )

    for level, counts in (
        ("Universal", figures.universal),
        ("Targeted", figures.targeted),
        ("Specialist", figures.specialist),
    ):
        members = [fs.unknown(counts.get(phase, 0)) for phase in PHASES]
        add("Supported at each level", level, members)
        for phase, member in zip(PHASES, members, strict=True):
            add(f"{level} support by type of setting", _label_phase(phase), [member])

    seen = [fs.unknown(figures.referrals_seen.get(phase, 0)) for phase in PHASES]
    add("Referrals to specialist speech and language therapy", "Seen by the service", seen)

    progress = {
        key: fs.unknown(figures.progress.get(key, 0))
        for key in ((True, True), (True, False), (False, True), (False, False))
    }
    cohort = list(progress.values())
    add("Progress between screenings", "Children re-screened after targeted support", cohort)
    before = fs.ratio("before", [progress[(True, True)], progress[(True, False)]], cohort)
    after = fs.ratio("after", [progress[(True, True)], progress[(False, True)]], cohort)

    protected = disclosure.protect(fs, max_small=max_small)
    rows: list[tuple[str, str, Any]] = [
        ("Setting support", "Settings supported", figures.settings_supported),
        ("Setting support", "Training sessions", figures.training_sessions),
        ("Setting support", "Staff attendances at training", figures.staff_trained),
        ("Setting support", "Environment audits", figures.audits),
    ]
    for table, label, figure, _ in shown:
        rows.append((table, label, 0 if figure is None else protected.published(figure)))
    rows.append(
        (
            "Progress between screenings",
            "At the expected level before (%)",
            protected.published_percentage(before),
        )
    )
    rows.append(
        (
            "Progress between screenings",
            "At the expected level after (%)",
            protected.published_percentage(after),
        )
    )
    seen_figure = next(f for t, label, f, _ in shown if label == "Seen by the service")
    seen_published = protected.published(seen_figure) if seen_figure is not None else 0
    limit = disclosure.small_count_max() if max_small is None else max_small
    # A median of a few waits tells about those few children: shown only when the number seen
    # is shown and more than the small-count limit.
    wait = figures.median_wait
    median_shown: Any = (
        wait
        if isinstance(seen_published, int) and seen_published > limit
        else disclosure.SUPPRESSED
    )
    if wait is None:
        median_shown = None
    rows.append(
        (
            "Referrals to specialist speech and language therapy",
            "Median wait in days (seen)",
            median_shown,
        )
    )
    return Published(rows)


def management(figures: Figures) -> Published:
    """The same rows without disclosure control, for the partnership's own management."""
    rows: list[tuple[str, str, Any]] = [
        ("Setting support", "Settings supported", figures.settings_supported),
        ("Setting support", "Training sessions", figures.training_sessions),
        ("Setting support", "Staff attendances at training", figures.staff_trained),
        ("Setting support", "Environment audits", figures.audits),
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

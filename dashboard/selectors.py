"""Reads for the dashboard: published statistics by area, and live counts from the case records.

Live counts are aggregates only; nothing here returns a child's record. They are counted over a
local authority's cases for the public pages (with disclosure control applied by the caller,
``dashboard.figures``), and over ``access.cases_for(user, Action.EXPORT)`` for the SEN2 return.

Other apps add live measures (mediation, placements...) to ``LIVE_MEASURES`` through their own
selectors: a measure is a name and a function counting for an authority and a period.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Case as When_
from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from dashboard.models import Area, Dataset, GeographicLevel, StatisticValue
from dashboard.sen2 import PLAN_STAGES, cases_in_return
from sendcpp import access, performance
from sendcpp.access import Action, Actor
from sendcpp.models import Case, Organisation
from sendcpp.shapes import Shapes

ENGLAND = "E92000001"

# ---------------------------------------------------------------------------------------------
# Published statistics


# Every public page reads the data sets, its area and the authority it is: each query compiled
# once per process (``sendcpp.shapes``), with the area's codes as values.
_PAGES = Shapes("the dashboard's pages")


def published_datasets() -> dict[str, Dataset]:
    """Every loaded data set by key (one small query)."""
    loaded = _PAGES.objects("data sets", lambda _: Dataset.objects.order_by("pk"), {})
    return {dataset.key: dataset for dataset in loaded}


def data_version(datasets: dict[str, Dataset]) -> str:
    """Changes whenever any data set is loaded or removed: part of every cache key, so cached
    pages are never older than the figures."""
    stamps = sorted(f"{d.pk}.{d.imported_at.timestamp():.6f}" for d in datasets.values())
    # A stable digest (not hash(), which differs between processes sharing one cache).
    return hashlib.sha256("|".join(stamps).encode()).hexdigest()[:16]


def area_by_code(code: str) -> Area | None:
    """The area with this ONS code, or None (also for text no code can be, such as a NUL byte,
    which PostgreSQL cannot even compare)."""
    if not code or "\x00" in code or len(code) > Area._meta.get_field("code").max_length:
        return None
    return _PAGES.first(
        "area",
        lambda given: (
            Area.objects.select_related("region").filter(code=given["code"]).order_by("pk")[:1]
        ),
        {"code": code},
    )


def current_areas() -> QuerySet[Area]:
    """Areas with figures in the latest reporting year: today's regions and authorities (not
    those since merged or split)."""
    latest = Area.objects.aggregate(latest=Max("last_reported_year"))["latest"]
    return Area.objects.filter(last_reported_year=latest).select_related("region")


def same_authority(area: Area) -> list[int]:
    """An authority's areas under every ONS code it has published with (same DfE LA code)."""
    if not area.is_local_authority or not area.la_code:
        return [area.pk]
    return list(
        Area.objects.filter(
            level=GeographicLevel.LOCAL_AUTHORITY, la_code=area.la_code
        ).values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class Published:
    """A published figure: a number, or the publisher's symbol."""

    value: Decimal | None
    symbol: str = ""


# (dataset key, breakdown topic, indicators): what a page asks for.
Wanted = tuple[str, str, tuple[str, ...]]
# (area group, dataset key, breakdown topic, breakdown, indicator) -> period -> figure
Found = dict[tuple[str, str, str, str, str], dict[str, Published]]


def published_values(
    groups: dict[str, list[int]], wanted: Iterable[Wanted], datasets: dict[str, Dataset]
) -> Found:
    """The figures ``wanted`` for each named group of areas, in one indexed query.

    A group is the page's area (an authority under all its codes: each code covers different
    years, so they join into one series), its region or England.
    """
    conditions = Q()
    for key, topic, indicators in wanted:
        dataset = datasets.get(key)
        if dataset is not None:
            conditions |= Q(dataset_id=dataset.pk, breakdown_topic=topic, indicator__in=indicators)
    group_of = {area_id: name for name, ids in groups.items() for area_id in ids}
    key_of = {dataset.pk: key for key, dataset in datasets.items()}
    found: Found = defaultdict(dict)
    if not conditions or not group_of:
        return found
    rows = (
        StatisticValue.objects.filter(conditions, area_id__in=list(group_of))
        .values_list(
            "area_id",
            "dataset_id",
            "breakdown_topic",
            "breakdown",
            "indicator",
            "time_period",
            "value",
            "symbol",
        )
        .order_by()
    )
    for area_id, dataset_id, topic, breakdown, indicator, period, value, symbol in rows:
        key = (group_of[area_id], key_of[dataset_id], topic, breakdown, indicator)
        found[key][period] = Published(value, symbol)
    return found


# ---------------------------------------------------------------------------------------------
# Live figures from the case records


def local_authorities_with_cases() -> QuerySet[Organisation]:
    """Local authorities whose case records can be published as live figures.

    Asked, for each authority, as "its first case in the order of the authority's case index"
    (a scalar subquery with ``LIMIT 1`` in the order of ``case_la_due``), which PostgreSQL
    answers by reading one entry of that index. Asked as ``EXISTS``, it is turned into a join
    that reads every case of every authority: a sequential scan of the case table on every
    dashboard page."""
    first_case = (
        Case.objects.filter(local_authority=OuterRef("pk"))
        .order_by("next_due_on", "id")
        .values("pk")[:1]
    )
    return (
        Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY)
        .alias(a_first_case=Subquery(first_case))
        .filter(a_first_case__isnull=False)
        .order_by("name")
    )


def linked_organisation(area: Area) -> Organisation | None:
    """The authority in the case records that a published area is, by DfE LA code."""
    if not area.is_local_authority or not area.la_code:
        return None
    return _PAGES.first(
        "authority",
        lambda given: local_authorities_with_cases().filter(la_code=given["la_code"])[:1],
        {"la_code": area.la_code},
    )


@dataclass(frozen=True)
class Period:
    """A span of days counted over, inclusive."""

    start: date
    end: date
    label: str

    @classmethod
    def calendar_year(cls, year: int, *, today: date) -> Period:
        """A calendar year; the current one runs to ``today``."""
        if year < today.year:
            return cls(date(year, 1, 1), date(year, 12, 31), str(year))
        return cls(date(year, 1, 1), today, f"{year} so far (to {today:%-d %B})")


def _authority_cases(la: Organisation) -> QuerySet[Case]:
    return Case.objects.filter(local_authority=la)


def plans_maintained(la: Organisation) -> QuerySet[Case]:
    """Cases whose plan is in force now (issued, maintained or under annual review)."""
    return _authority_cases(la).filter(stage__in=PLAN_STAGES, closed_on__isnull=True)


def requests_received(la: Organisation, period: Period) -> int:
    return (
        _authority_cases(la).filter(request_received_on__range=(period.start, period.end)).count()
    )


@dataclass(frozen=True)
class Timeliness:
    issued: int
    within_20_weeks: int


def plans_issued_counts(la: Organisation, period: Period) -> performance.Counts:
    """New plans issued in the period: how many, how many within 20 weeks of the request, and the
    same leaving out the plans with a lawful exception to the time limit. The definition is
    ``sendcpp.performance.NEW_PLANS``, the same as the council's own performance reports."""
    return performance.counts(
        performance.items(
            performance.NEW_PLANS, _authority_cases(la), start=period.start, end=period.end
        )
    )


def plans_issued_timeliness(la: Organisation, period: Period) -> Timeliness:
    """New plans issued in the period, and how many within 20 weeks of the request, counting every
    plan (the "including exceptions" basis of the DfE's figures)."""
    counted = plans_issued_counts(la, period)
    return Timeliness(counted.total, counted.on_time)


def plans_issued(la: Organisation, period: Period) -> int:
    return plans_issued_timeliness(la, period).issued


AGE_GROUPS = ("Under 5", "5 to 10", "11 to 15", "16 to 19", "20 to 25")


def _birthday_cutoff(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def plans_by_need_and_age(la: Organisation, *, today: date) -> dict[tuple[str, str], int]:
    """Plans in force by the child's primary need and age group today: counts only."""
    age = When_(
        When(child__date_of_birth__gt=_birthday_cutoff(today, 5), then=Value(AGE_GROUPS[0])),
        When(child__date_of_birth__gt=_birthday_cutoff(today, 11), then=Value(AGE_GROUPS[1])),
        When(child__date_of_birth__gt=_birthday_cutoff(today, 16), then=Value(AGE_GROUPS[2])),
        When(child__date_of_birth__gt=_birthday_cutoff(today, 20), then=Value(AGE_GROUPS[3])),
        default=Value(AGE_GROUPS[4]),
    )
    rows = (
        plans_maintained(la)
        .values(age_group=age, need=F("child__primary_need"))
        .annotate(count=Count("id"))
        .order_by()
    )
    return {(row["need"], row["age_group"]): row["count"] for row in rows}


def plans_by_setting_kind(la: Organisation) -> dict[str, int]:
    """Plans in force by the kind of setting the child attends ("" when none is recorded)."""
    rows = (
        plans_maintained(la)
        .values(kind=Coalesce(F("child__setting__kind"), Value("")))
        .annotate(count=Count("id"))
        .order_by()
    )
    return {row["kind"]: row["count"] for row in rows}


@dataclass(frozen=True)
class LiveMeasure:
    """A count published live: ``count(authority, period)``. Other apps' selectors (mediation,
    placements) are added to ``LIVE_MEASURES`` as further measures."""

    key: str
    label: str
    count: Callable[[Organisation, Period], int]


LIVE_MEASURES: tuple[LiveMeasure, ...] = (
    LiveMeasure("requests", "Requests for an EHC needs assessment", requests_received),
    LiveMeasure("plans_issued", "New EHC plans issued", plans_issued),
)


# ---------------------------------------------------------------------------------------------
# The SEN2 return


def sen2_cases(user: Actor, year: int) -> QuerySet[Case]:
    """The cases the SEN2 return for ``year`` includes, among those ``user`` may export."""
    return cases_in_return(access.cases_for(user, Action.EXPORT), year)


@dataclass(frozen=True)
class AreaLink:
    code: str
    name: str


@dataclass(frozen=True)
class RegionLinks:
    region: AreaLink
    authorities: tuple[AreaLink, ...]


def navigation() -> tuple[RegionLinks, ...]:
    """Today's regions, each with its local authorities, by name: for choosing an area."""
    areas = list(current_areas().order_by("name"))
    regions = [a for a in areas if a.level == GeographicLevel.REGIONAL]
    by_region: dict[int | None, list[AreaLink]] = defaultdict(list)
    for area in areas:
        if area.is_local_authority:
            by_region[area.region_id].append(AreaLink(area.code, area.name))
    return tuple(
        RegionLinks(AreaLink(region.code, region.name), tuple(by_region.get(region.pk, ())))
        for region in regions
    )

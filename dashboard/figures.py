"""The dashboard's tables and charts, built from the selectors' figures and cached.

A ``Table`` is what a page shows, what its chart draws and what its CSV and JSON downloads hold,
so the three always agree. Pages are cached under a key that includes the loaded data sets'
version: loading new figures changes every key, so nothing stale is served.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.cache import cache

from dashboard import charts, selectors
from dashboard.datasets import (
    CEASE_COLUMNS,
    DATASETS,
    NEED_COLUMNS,
    SETTING_COLUMNS,
    SYMBOLS,
    Release,
    census_label,
    period_label,
)
from dashboard.models import Area, Dataset, GeographicLevel, SubmittedReturn
from dashboard.selectors import Found, Published
from sendcpp import disclosure
from sendcpp.models import Organisation
from sendcpp.needs import BroadArea, NeedType, broad_area_of

CACHE_SECONDS = 60 * 60
GROUP_STYLE = {"area": 0, "region": 1, "england": 2}  # see charts.SERIES_STYLES
LIVE_CACHE_SECONDS = 10 * 60
NOT_AVAILABLE = "x"


@dataclass(frozen=True)
class Cell:
    """A table cell: ``text`` as shown, ``value`` for downloads (a plain number, a symbol or a
    label), and for a symbol what it means."""

    text: str
    value: str
    symbol: str = ""
    is_header: bool = False
    is_numeric: bool = False

    @property
    def meaning(self) -> str:
        if self.symbol == disclosure.SUPPRESSED:
            return "hidden to protect individuals"
        return SYMBOLS.get(self.symbol, "")


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    chart: charts.Chart | None = None
    notes: list[str] = field(default_factory=list)
    chart_svg: str = ""

    def __post_init__(self) -> None:
        # Drawn once, when the table is built, and cached with the page.
        if self.chart is not None:
            self.chart_svg = self.chart.svg()

    @property
    def header(self) -> list[tuple[str, bool]]:
        """Column labels, each with whether the column holds numbers (right-aligned)."""
        first = self.rows[0] if self.rows else []
        return [
            (label, index < len(first) and first[index].is_numeric)
            for index, label in enumerate(self.columns)
        ]

    def csv_text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows([cell.value for cell in row] for row in self.rows)
        return out.getvalue()

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "columns": self.columns,
            "rows": [[cell.value for cell in row] for row in self.rows],
            "notes": self.notes,
            "symbols": {
                cell.symbol: cell.meaning for row in self.rows for cell in row if cell.symbol
            },
        }


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]
    introduction: str = ""


@dataclass
class AreaPage:
    code: str
    name: str
    level: str
    version: str
    sections: list[Section]
    sources: list[str]
    has_figures: bool

    def table(self, key: str) -> Table | None:
        return next((t for s in self.sections for t in s.tables if t.key == key), None)


# ---------------------------------------------------------------------------------------------
# Cells


def plain_number(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def figure_cell(figure: Published | None, *, is_percent: bool = False) -> Cell:
    if figure is None:
        return Cell(NOT_AVAILABLE, NOT_AVAILABLE, NOT_AVAILABLE, is_numeric=True)
    if figure.value is None:
        return Cell(figure.symbol, figure.symbol, figure.symbol, is_numeric=True)
    plain = plain_number(figure.value)
    if is_percent:
        text = f"{figure.value:.1f}%"
    else:
        places = len(plain.partition(".")[2])
        text = f"{figure.value:,.{places}f}"
    return Cell(text, plain, is_numeric=True)


def count_cell(published: int | str) -> Cell:
    if published == disclosure.SUPPRESSED:
        return Cell(
            disclosure.SUPPRESSED, disclosure.SUPPRESSED, disclosure.SUPPRESSED, is_numeric=True
        )
    return Cell(f"{published:,}", str(published), is_numeric=True)


def label_cell(text: str) -> Cell:
    return Cell(text, text, is_header=True)


def _number(figure: Published | None) -> Decimal | None:
    return figure.value if figure is not None else None


# ---------------------------------------------------------------------------------------------
# Published figures for an area


def area_page(
    area: Area, *, datasets: dict[str, Dataset] | None = None, version: str | None = None
) -> AreaPage:
    """The dashboard page of England, a region or a local authority (cached)."""
    if datasets is None or version is None:
        datasets = selectors.published_datasets()
        version = selectors.data_version(datasets)
    key = f"dashboard:area:{area.code}:{version}"
    page = cache.get(key)
    if page is None:
        page = _AreaPageBuilder(area, datasets, version).build()
        cache.set(key, page, CACHE_SECONDS)
    return page


def navigation(version: str) -> tuple[selectors.RegionLinks, ...]:
    """Today's regions and authorities for choosing an area (cached with the data)."""
    key = f"dashboard:navigation:{version}"
    links = cache.get(key)
    if links is None:
        links = selectors.navigation()
        cache.set(key, links, CACHE_SECONDS)
    return links


def _wanted() -> list[selectors.Wanted]:
    wanted = []
    for spec in DATASETS.values():
        if not spec.shown_on_pages:
            continue
        wanted.append((spec.key, spec.headline_topic, spec.indicator_names))
        wanted += [(spec.key, topic, names) for topic, names in spec.breakdowns.items()]
    return wanted


_AGE_NUMBER = re.compile(r"(\d+)")


def _age_order(label: str) -> tuple[int, str]:
    lowered = label.lower()
    if "under" in lowered:
        return (-1, lowered)
    match = _AGE_NUMBER.search(lowered)
    return (int(match.group(1)) if match else 999, lowered)


def _age_label(label: str) -> str:
    text = label.strip()
    text = re.sub(r"^(age|aged)\s+", "", text, flags=re.IGNORECASE)
    return text[:1].upper() + text[1:]


class _AreaPageBuilder:
    def __init__(self, area: Area, datasets: dict[str, Dataset], version: str) -> None:
        self.area = area
        self.datasets = datasets
        self.version = version
        self.groups: dict[str, list[int]] = {"area": selectors.same_authority(area)}
        self.names = {"area": area.name}
        if area.is_local_authority and area.region is not None:
            self.groups["region"] = [area.region.pk]
            self.names["region"] = area.region.name
        if area.level != GeographicLevel.NATIONAL:
            england = selectors.area_by_code(selectors.ENGLAND)
            if england is not None:
                self.groups["england"] = [england.pk]
                self.names["england"] = england.name
        self.found: Found = selectors.published_values(self.groups, _wanted(), datasets)

    # Lookups ----------------------------------------------------------------------------------

    def series(
        self,
        group: str,
        dataset: str,
        indicator: str,
        *,
        topic: str | None = None,
        breakdown: str | None = None,
    ) -> dict[str, Published]:
        spec = DATASETS[dataset]
        topic = topic or spec.headline_topic
        return self.found.get((group, dataset, topic, breakdown or topic, indicator), {})

    def periods(self, dataset: str, *, topic: str | None = None) -> list[str]:
        spec = DATASETS[dataset]
        topic = topic or spec.headline_topic
        return sorted(
            {
                period
                for (group, key, found_topic, _, _), by_period in self.found.items()
                if key == dataset and found_topic == topic
                for period in by_period
            }
        )

    def latest(self, dataset: str, *, topic: str | None = None) -> str | None:
        periods = self.periods(dataset, topic=topic)
        return periods[-1] if periods else None

    def compared_groups(self) -> list[str]:
        return [group for group in ("area", "region", "england") if group in self.groups]

    # The page ---------------------------------------------------------------------------------

    def build(self) -> AreaPage:
        sections = [
            Section(
                "headline",
                "Headline figures",
                [self.headline()],
                "The latest published figure for each measure"
                + (
                    ", compared with the region and England."
                    if len(self.groups) > 2
                    else (", compared with England." if len(self.groups) > 1 else ".")
                ),
            ),
            Section(
                "trends",
                "Trends",
                [
                    t
                    for t in (
                        self.plans_trend(),
                        self.demand_trend(),
                        self.timeliness_trend(),
                        self.appeal_rate_trend(),
                    )
                    if t is not None
                ],
            ),
            Section(
                "breakdowns",
                "Breakdowns",
                [
                    t
                    for t in (
                        self.need_table("sen_needs_all_plans", "need-all-plans", "EHC plans"),
                        self.need_table("sen_need_newplans", "need-new-plans", "New EHC plans"),
                        self.age_table(),
                        self.setting_table(),
                        self.ceased_table(),
                        self.request_outcomes_table(),
                        self.annual_reviews_table(),
                        self.personal_budgets_table(),
                    )
                    if t is not None
                ],
            ),
        ]
        sources = [
            f"{dataset.title}: {dataset.publication}, {Release(*dataset.release)}"
            for key, dataset in sorted(self.datasets.items())
            if key in DATASETS and DATASETS[key].shown_on_pages
        ]
        return AreaPage(
            code=self.area.code,
            name=self.area.name,
            level=self.area.level,
            version=self.version,
            sections=sections,
            sources=sources,
            has_figures=bool(self.found),
        )

    def _comparison_columns(self) -> list[str]:
        return [self.names[group] for group in self.compared_groups()]

    def headline(self) -> Table:
        rows = []
        measures = [
            ("caseload", "ehcplans", "EHC plans at the January census"),
            ("requests", "requests_received_in_year", None),
            ("requests", "request_assess_pc", None),
            ("requests", "request_outcome_six_weeks_pc", None),
            ("assessments", "assess_issued_pc", None),
            ("newplans", "new_ehc_plans", None),
            ("timeliness_20_week", "PC_plans_issued_20_weeks_ex", None),
            ("timeliness_20_week", "pc_plans_issued_within_20_weeks", None),
            ("ceased_plans", "total_ceased", "EHC plans ceased"),
            ("personal_budgets", "personal_budget", "EHC plans with a personal budget"),
            ("annual_reviews", "pc_decsion_4weeks", None),
            ("tribunal_appeal_rates", "appeal_rate", None),
        ]
        for dataset, indicator, label in measures:
            spec = DATASETS[dataset]
            period = self.latest(dataset)
            if period is None:
                continue
            shown = census_label(period) if dataset == "caseload" else period_label(period)
            rows.append(
                [label_cell(label or spec.label(indicator)), Cell(shown, period)]
                + [
                    figure_cell(
                        self.series(group, dataset, indicator).get(period),
                        is_percent=spec.is_percent(indicator),
                    )
                    for group in self.compared_groups()
                ]
            )
            if dataset == "caseload":
                rows.append(self._change_row(period))
        return Table(
            "headline",
            f"Latest published figures: {' compared with '.join(self._comparison_columns())}",
            ["Measure", "Period", *self._comparison_columns()],
            rows,
            notes=[
                "Counts are not comparable between areas of different sizes; percentages are.",
                "Regional figures for the tribunal appeal rate are not published.",
            ],
        )

    def _change_row(self, period: str) -> list[Cell]:
        periods = self.periods("caseload")
        previous = periods[periods.index(period) - 1] if periods.index(period) > 0 else None
        cells = [
            label_cell("Change in EHC plans on a year earlier (%)"),
            Cell(census_label(period), period),
        ]
        for group in self.compared_groups():
            by_period = self.series(group, "caseload", "ehcplans")
            now, before = _number(by_period.get(period)), _number(by_period.get(previous or ""))
            if now is None or not before:
                cells.append(figure_cell(None))
                continue
            change = ((now - before) * 100 / before).quantize(Decimal("0.1"), ROUND_HALF_UP)
            cells.append(figure_cell(Published(change), is_percent=True))
        return cells

    def plans_trend(self) -> Table | None:
        periods = self.periods("caseload")
        if not periods:
            return None
        values = self.series("area", "caseload", "ehcplans")
        labels = [census_label(p) for p in periods]
        title = f"EHC plans at the January census, {labels[0][-4:]} to {labels[-1][-4:]}"
        chart = charts.column_chart(
            "chart-plans-trend",
            f"{title}: {self.area.name}",
            [f"Jan {label[-4:]}" for label in labels],
            [_number(values.get(p)) for p in periods],
        )
        rows = [
            [label_cell(label), figure_cell(values.get(p))]
            for label, p in zip(labels, periods, strict=True)
        ]
        return Table("plans-trend", title, ["Census", f"{self.area.name}: EHC plans"], rows, chart)

    def demand_trend(self) -> Table | None:
        periods = sorted(set(self.periods("requests")) | set(self.periods("newplans")))
        if not periods:
            return None
        requests = self.series("area", "requests", "requests_received_in_year")
        new_plans = self.series("area", "newplans", "new_ehc_plans")
        labels = [period_label(p) for p in periods]
        title = (
            f"Requests for an EHC needs assessment and new EHC plans, {labels[0]} to {labels[-1]}"
        )
        chart = charts.line_chart(
            "chart-demand-trend",
            f"{title}: {self.area.name}",
            labels,
            [
                charts.Series(
                    "Requests for an assessment", [_number(requests.get(p)) for p in periods]
                ),
                charts.Series("New EHC plans", [_number(new_plans.get(p)) for p in periods]),
            ],
            is_percent=False,
        )
        rows = [
            [label_cell(label), figure_cell(requests.get(p)), figure_cell(new_plans.get(p))]
            for label, p in zip(labels, periods, strict=True)
        ]
        return Table(
            "demand-trend",
            title,
            ["Calendar year", f"{self.area.name}: requests", f"{self.area.name}: new EHC plans"],
            rows,
            chart,
        )

    def _comparison_trend(
        self, key: str, dataset: str, indicator: str, title: str, groups: Sequence[str]
    ) -> Table | None:
        periods = self.periods(dataset)
        if not periods:
            return None
        labels = [period_label(p) for p in periods]
        title = f"{title}, {labels[0]} to {labels[-1]}"
        by_group = {group: self.series(group, dataset, indicator) for group in groups}
        chart = charts.line_chart(
            f"chart-{key}",
            title,
            labels,
            [
                charts.Series(
                    self.names[group],
                    [_number(by_group[group].get(p)) for p in periods],
                    style=GROUP_STYLE[group],
                )
                for group in groups
            ],
        )
        rows = [
            [label_cell(label)]
            + [figure_cell(by_group[group].get(p), is_percent=True) for group in groups]
            for label, p in zip(labels, periods, strict=True)
        ]
        return Table(
            key,
            title,
            ["Calendar year", *(f"{self.names[group]} (%)" for group in groups)],
            rows,
            chart,
        )

    def timeliness_trend(self) -> Table | None:
        table = self._comparison_trend(
            "timeliness-trend",
            "timeliness_20_week",
            "PC_plans_issued_20_weeks_ex",
            "New EHC plans issued within 20 weeks, excluding exceptions",
            self.compared_groups(),
        )
        if table is not None:
            table.notes.append(
                "Excluding exceptions: plans where an exception to the 20-week time limit "
                "applied (SEND Regulations 2014, regulation 13(3)) are left out."
            )
        return table

    def appeal_rate_trend(self) -> Table | None:
        groups = [g for g in self.compared_groups() if g != "region"]
        if self.area.level == GeographicLevel.REGIONAL:
            groups = ["england"]
        table = self._comparison_trend(
            "appeal-rate-trend",
            "tribunal_appeal_rates",
            "appeal_rate",
            "SEND Tribunal appeals as a percentage of appealable decisions",
            groups,
        )
        if table is not None:
            table.notes.append(
                "Appealable decisions are refusals to assess, decisions not to issue a plan, plans "
                "in place in January and plans ceased because needs are met. Rates are not "
                "published for regions. Source: Ministry of Justice and DfE."
            )
        return table

    def _with_england_share(self, rows_spec, dataset: str, *, topic: str | None = None):
        """(label, area number, area %, England %) for the latest period of a breakdown."""
        period = self.latest(dataset, topic=topic)
        groups = ["area"] + (["england"] if "england" in self.groups else [])
        result = []
        for number, pc, label in rows_spec:
            result.append(
                (
                    label,
                    self.series("area", dataset, number, topic=topic).get(period or ""),
                    self.series("area", dataset, pc, topic=topic).get(period or ""),
                    self.series("england", dataset, pc, topic=topic).get(period or "")
                    if "england" in groups
                    else None,
                )
            )
        return period, groups, result

    def _share_table(
        self, key: str, title: str, first_column: str, dataset: str, rows_spec, what: str
    ) -> Table | None:
        period, groups, found = self._with_england_share(rows_spec, dataset)
        if period is None:
            return None
        when = census_label(period) if len(period) == 6 else period_label(period)
        title = f"{title}, {when}"
        series = [charts.Series(f"{self.area.name} (%)", [_number(pc) for _, _, pc, _ in found])]
        columns = [first_column, f"{self.area.name}: {what}", f"{self.area.name} (%)"]
        if "england" in groups:
            series.append(
                charts.Series("England (%)", [_number(e) for _, _, _, e in found], style=2)
            )
            columns.append("England (%)")
        chart = charts.horizontal_bar_chart(
            f"chart-{key}", title, [label for label, *_ in found], series, is_percent=True
        )
        rows = [
            [label_cell(label), figure_cell(number), figure_cell(pc, is_percent=True)]
            + ([figure_cell(england, is_percent=True)] if "england" in groups else [])
            for label, number, pc, england in found
        ]
        return Table(key, title, columns, rows, chart)

    def need_table(self, dataset: str, key: str, what: str) -> Table | None:
        table = self._share_table(
            key, f"{what} by primary type of need", "Primary need", dataset, NEED_COLUMNS, what
        )
        if table is not None:
            table.notes.append("Down syndrome is counted under other difficulty or disability.")
        return table

    def setting_table(self) -> Table | None:
        return self._share_table(
            "setting",
            "Type of setting attended by children and young people with EHC plans",
            "Type of setting",
            "caseload",
            SETTING_COLUMNS,
            "EHC plans",
        )

    def age_table(self) -> Table | None:
        topic = "Child or young persons age"
        period = self.latest("caseload", topic=topic)
        if period is None:
            return None
        breakdowns = sorted(
            {
                breakdown
                for (group, key, found_topic, breakdown, _), by_period in self.found.items()
                if group == "area"
                and key == "caseload"
                and found_topic == topic
                and period in by_period
            },
            key=_age_order,
        )
        if not breakdowns:
            return None
        title = f"Age of children and young people with EHC plans, {census_label(period)}"
        figures = [
            self.series("area", "caseload", "ehcplans", topic=topic, breakdown=b).get(period)
            for b in breakdowns
        ]
        labels = [_age_label(b) for b in breakdowns]
        chart = charts.horizontal_bar_chart(
            "chart-age",
            title,
            labels,
            [charts.Series(self.area.name, [_number(f) for f in figures])],
        )
        rows = [
            [label_cell(label), figure_cell(f)] for label, f in zip(labels, figures, strict=True)
        ]
        return Table("age", title, ["Age", f"{self.area.name}: EHC plans"], rows, chart)

    def _count_table(
        self,
        key: str,
        dataset: str,
        title: str,
        first_column: str,
        rows_spec: Sequence[tuple[str, str]],
        *,
        chart: bool,
    ) -> Table | None:
        period = self.latest(dataset)
        if period is None:
            return None
        title = f"{title}, {period_label(period)}"
        spec = DATASETS[dataset]
        figures = [self.series("area", dataset, name).get(period) for name, _ in rows_spec]
        drawn = None
        if chart:
            drawn = charts.horizontal_bar_chart(
                f"chart-{key}",
                title,
                [label for _, label in rows_spec],
                [charts.Series(self.area.name, [_number(f) for f in figures])],
            )
        rows = [
            [label_cell(label), figure_cell(f, is_percent=spec.is_percent(name))]
            for (name, label), f in zip(rows_spec, figures, strict=True)
        ]
        return Table(key, title, [first_column, self.area.name], rows, drawn)

    def ceased_table(self) -> Table | None:
        return self._count_table(
            "ceased-reasons",
            "ceased_plans",
            "Why EHC plans ceased",
            "Reason",
            CEASE_COLUMNS,
            chart=True,
        )

    def request_outcomes_table(self) -> Table | None:
        spec = DATASETS["requests"]
        names = (
            "requests_received_in_year",
            "requests_decided_to_assess",
            "requests_decided_not_to_assess",
            "requests_decision_not_made",
            "requests_withdrawn",
            "request_outcome_six_weeks",
            "mediation_related_request",
            "tribunal_related_request",
        )
        return self._count_table(
            "request-outcomes",
            "requests",
            "Outcomes of requests for an EHC needs assessment",
            "Outcome",
            [(n, spec.label(n)) for n in names],
            chart=False,
        )

    def _indicators_table(
        self, key: str, dataset: str, title: str, first_column: str
    ) -> Table | None:
        """Every indicator of ``dataset`` down the side, with its label, and no chart."""
        spec = DATASETS[dataset]
        rows_spec = [(n, spec.label(n)) for n in spec.indicator_names]
        return self._count_table(key, dataset, title, first_column, rows_spec, chart=False)

    def annual_reviews_table(self) -> Table | None:
        return self._indicators_table(
            "annual-reviews", "annual_reviews", "Annual reviews of EHC plans", "Measure"
        )

    def personal_budgets_table(self) -> Table | None:
        return self._indicators_table(
            "personal-budgets",
            "personal_budgets",
            "EHC plans with a personal budget",
            "Personal budget",
        )


# ---------------------------------------------------------------------------------------------
# Live figures from the case records, with disclosure control


@dataclass
class LivePage:
    organisation_id: str
    name: str
    counted_on: date
    tables: list[Table]
    small_count_max: int
    disclosure_report: disclosure.AuditReport = field(default_factory=disclosure.AuditReport)

    @property
    def protection(self) -> int:
        return self.disclosure_report.protection

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


def live_page(organisation: Organisation, *, today: date) -> LivePage:
    """Live figures for an authority from its case records, small numbers suppressed (cached
    for a few minutes).

    Every table of the page (and so its CSV, JSON and API) is protected at once: the tables
    share totals, so hiding numbers table by table would let a hidden number be worked out by
    subtraction from another table. ``disclosure.protect`` audits the whole set and refuses to
    publish it unless every hidden number is safe."""
    limit = disclosure.small_count_max()
    key = f"dashboard:live:{organisation.public_id}:{today.isoformat()}:{limit}"
    page = cache.get(key)
    if page is None:
        page = _LiveFigures(organisation, today, limit).page()
        submitted = submitted_table(organisation, max_small=limit)
        if submitted is not None:
            page.tables.append(submitted)
        cache.set(key, page, LIVE_CACHE_SECONDS)
    return page


_SUBMITTED_ROWS = (
    ("children", "Children and young people in the return"),
    ("requests", "Requests for an assessment received in the year"),
    ("plans_issued", "New plans issued in the year"),
    ("plans_ceased", "Plans that stopped in the year"),
    ("plans_in_force", "Plans in force on the census day"),
)


def submitted_table(organisation: Organisation, *, max_small: int) -> Table | None:
    """The headline figures of the authority's latest SEN2 return as it was submitted (frozen:
    ``SubmittedReturn``), beside the live ones. They count a past census day, not today, so no
    live figure adds up to them: each small count is hidden on its own."""
    submitted = (
        SubmittedReturn.objects.filter(local_authority=organisation).order_by("-year").first()
    )
    if submitted is None:
        return None
    rows = [
        [
            label_cell(label),
            count_cell(
                disclosure.suppress_count(int(submitted.figures.get(key, 0)), max_small=max_small)
            ),
        ]
        for key, label in _SUBMITTED_ROWS
    ]
    return Table(
        key="submitted",
        title=f"As submitted to the Department for Education: the SEN2 return for January {submitted.year}",
        columns=["Figure", "Number"],
        rows=rows,
        notes=[
            f"The return counts the calendar year {submitted.year - 1} and the census day in "
            f"January {submitted.year}. It was submitted on {submitted.created_at:%-d %B %Y} "
            "and does not change afterwards."
        ],
    )


_BROAD_AREAS = [*BroadArea.choices, ("other", "Other difficulty or not recorded")]
_NOT_RECORDED = ""


def _broad_area_key(need: str) -> str:
    area = broad_area_of(need) if need in NeedType.values else None
    return area.value if area else "other"


def _live_setting_kinds() -> list[tuple[str, str]]:
    return [
        (value, label)
        for value, label in Organisation.Kind.choices
        if value
        not in {
            Organisation.Kind.LOCAL_AUTHORITY,
            Organisation.Kind.HEALTH,
            Organisation.Kind.SOCIAL_CARE,
        }
    ] + [(_NOT_RECORDED, "No setting recorded")]


class _LiveFigures:
    """Every figure of an authority's live page as one ``disclosure.FigureSet``: unknowns are
    the plans in force by need type and age group, by type of setting (the same plans: an
    identity joins them), each headline count, and the plans issued last year within and after
    20 weeks (the timeliness percentage and its denominator)."""

    def __init__(self, organisation: Organisation, today: date, limit: int) -> None:
        self.organisation = organisation
        self.today = today
        self.limit = limit
        self.set = disclosure.FigureSet()
        self.last_year = selectors.Period.calendar_year(today.year - 1, today=today)
        self.this_year = selectors.Period.calendar_year(today.year, today=today)
        needs = [*NeedType.values, _NOT_RECORDED]
        counts: dict[tuple[str, str], int] = dict.fromkeys(
            ((need, age) for need in needs for age in selectors.AGE_GROUPS), 0
        )
        for (need, age), count in selectors.plans_by_need_and_age(
            organisation, today=today
        ).items():
            counts[(need if need in NeedType.values else _NOT_RECORDED, age)] += count
        self.plans = {cell: self.set.unknown(count) for cell, count in counts.items()}
        self.kinds = _live_setting_kinds()
        by_kind = selectors.plans_by_setting_kind(organisation)
        known = {value for value, _ in self.kinds}
        kind_counts = [by_kind.get(value, 0) for value, _ in self.kinds]
        kind_counts[-1] += sum(c for k, c in by_kind.items() if k not in known)
        self.settings = [self.set.unknown(count) for count in kind_counts]
        self.set.identity(self.settings, self.plans.values())
        # The plans issued last year split four ways, so the 20-week percentage can be published
        # including and excluding the plans with a lawful exception, from one set of counts.
        issued = selectors.plans_issued_counts(organisation, self.last_year)
        self.within_plain = self.set.unknown(issued.on_time_without)
        self.late_plain = self.set.unknown(issued.total_without - issued.on_time_without)
        self.within = [
            self.within_plain,
            self.set.unknown(issued.on_time - issued.on_time_without),
        ]
        self.late = [
            self.late_plain,
            self.set.unknown(issued.late - (issued.total_without - issued.on_time_without)),
        ]

    def page(self) -> LivePage:
        headline = self._headline()
        by_age = self._need_by_age()
        by_need = self._need()
        by_setting = self._settings()
        protected = disclosure.protect(self.set, max_small=self.limit)
        return LivePage(
            organisation_id=str(self.organisation.public_id),
            name=self.organisation.name,
            counted_on=self.today,
            tables=[build(protected) for build in (headline, by_age, by_need, by_setting)],
            small_count_max=self.limit,
            disclosure_report=protected.report,
        )

    def _plans(self, *, need=None, broad=None, age=None) -> list[int]:
        return [
            unknown
            for (n, a), unknown in self.plans.items()
            if (need is None or n == need)
            and (broad is None or _broad_area_key(n) == broad)
            and (age is None or a == age)
        ]

    def _headline(self):
        rows = [("EHC plans in force today", self.set.figure("Plans in force", self._plans()))]
        for measure in selectors.LIVE_MEASURES:
            for period in (self.last_year, self.this_year):
                label = f"{measure.label}, {period.label}"
                if measure.key == "plans_issued" and period == self.last_year:
                    # The same plans as the 20-week percentage's denominator.
                    cells = [*self.within, *self.late]
                else:
                    cells = [self.set.unknown(measure.count(self.organisation, period))]
                rows.append((label, self.set.figure(label, cells)))
        within = f"New EHC plans issued within 20 weeks, {self.last_year.label}"
        including = f"{within}, including exceptions (%)"
        excluding = f"{within}, excluding exceptions (%)"
        rates = [
            (including, self.set.ratio(including, self.within, [*self.within, *self.late])),
            (
                excluding,
                self.set.ratio(
                    excluding, [self.within_plain], [self.within_plain, self.late_plain]
                ),
            ),
        ]

        def build(protected: disclosure.ProtectedFigures) -> Table:
            table_rows = [
                [label_cell(label), count_cell(protected.published(figure))]
                for label, figure in rows
            ]
            for rate_label, ratio in rates:
                rate = protected.published_percentage(ratio)
                if rate is None:
                    rate_cell = Cell("no plans issued", "")
                elif rate == disclosure.SUPPRESSED:
                    rate_cell = count_cell(disclosure.SUPPRESSED)
                else:
                    rate_cell = Cell(f"{rate}%", plain_number(rate), is_numeric=True)
                table_rows.append([label_cell(rate_label), rate_cell])
            return Table(
                "live-headline",
                f"{self.organisation.name}: figures from our case records on "
                f"{self.today:%-d %B %Y}",
                ["Measure", "Figure"],
                table_rows,
                notes=[
                    "Including exceptions counts every plan. Excluding exceptions leaves out "
                    "the plans where a lawful exception to the 20-week time limit was recorded "
                    "(for example, the school was closed for 4 weeks or more), as the "
                    "Department for Education does."
                ],
            )

        return build

    def _need_by_age(self):
        ages = selectors.AGE_GROUPS
        grid: list[tuple[str, list[int]]] = []
        for value, label in _BROAD_AREAS:
            row = [
                self.set.figure(f"{label}, {age}", self._plans(broad=value, age=age))
                for age in ages
            ]
            row.append(self.set.figure(f"{label}, total", self._plans(broad=value)))
            grid.append((label, row))
        totals = [self.set.figure(f"Total, {age}", self._plans(age=age)) for age in ages]
        grid.append(("Total", [*totals, self.set.figure("Plans in force", self._plans())]))

        def build(protected: disclosure.ProtectedFigures) -> Table:
            rows = [
                [label_cell(label), *(count_cell(protected.published(f)) for f in figures)]
                for label, figures in grid
            ]
            return Table(
                "live-need-by-age",
                "EHC plans in force by broad area of need and age",
                ["Broad area of need", *ages, "Total"],
                rows,
            )

        return build

    def _need(self):
        labels = [*NeedType.choices, (_NOT_RECORDED, "Not recorded")]
        listed = [(label, self.set.figure(label, self._plans(need=need))) for need, label in labels]
        listed.append(("Total", self.set.figure("Plans in force", self._plans())))
        return _plan_count_table(
            listed, "live-need", "EHC plans in force by primary need", "Primary need"
        )

    def _settings(self):
        listed = [
            (label, self.set.figure(label, [unknown]))
            for (_, label), unknown in zip(self.kinds, self.settings, strict=True)
        ]
        listed.append(("Total", self.set.figure("Plans in force", self.settings)))
        return _plan_count_table(
            listed, "live-settings", "EHC plans in force by type of setting", "Type of setting"
        )


def _plan_count_table(
    listed: list[tuple[str, Any]], table_id: str, title: str, heading: str
) -> Callable[[disclosure.ProtectedFigures], Table]:
    """A live table of one count of plans a row (``listed``: label and figure), built once the
    figures are protected."""

    def build(protected: disclosure.ProtectedFigures) -> Table:
        rows = [
            [label_cell(label), count_cell(protected.published(figure))] for label, figure in listed
        ]
        return Table(table_id, title, [heading, "EHC plans"], rows)

    return build

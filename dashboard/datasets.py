"""The catalogue of published data sets the dashboard knows: their files, the breakdowns and
indicators the pages use, and plain-English labels taken from the DfE data guidance
("Education, health and care plans", reporting year 2025).

A file may carry more indicators than listed here; they are imported and served by the API too.
The listed ones are required, so a file in an older or different format is refused by name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

EHCP_PUBLICATION = "Education, health and care plans"
EHCP_URL = "https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans"
TRIBUNAL_PUBLICATION = (
    "SEND tribunal appeal rates (supporting file to Education, health and care plans)"
)

# Symbols used in open data for a figure that is not a number (GSS / DfE analysts' guide
# "Data symbols"). ``-`` and ``..`` and ``~`` appear in older spreadsheet tables.
SYMBOLS: dict[str, str] = {
    "x": "not available",
    "z": "not applicable",
    "c": "confidential (suppressed to protect individuals)",
    "low": "rounds to zero, but is not zero",
    "k": "rounds to zero, but is not zero",
    "u": "low reliability",
    ":": "not available",
    "..": "not available",
    "~": "suppressed",
    "-": "none registered",
}


@dataclass(frozen=True)
class Indicator:
    name: str
    label: str
    is_percent: bool = False


def _count(name: str, label: str) -> Indicator:
    return Indicator(name, label)


def _pc(name: str, label: str) -> Indicator:
    return Indicator(name, label, is_percent=True)


@dataclass(frozen=True)
class DatasetSpec:
    """A published data file: ``key`` is its file name without ``.csv``."""

    key: str
    title: str
    publication: str
    headline_topic: str
    indicators: tuple[Indicator, ...]
    # Breakdown topics (other than the headline one) the pages use, with the indicators used.
    # Only the latest period of these is shipped in the project's extract.
    breakdowns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    shown_on_pages: bool = True

    @property
    def indicator_names(self) -> tuple[str, ...]:
        return tuple(indicator.name for indicator in self.indicators)

    def label(self, name: str) -> str:
        for indicator in self.indicators:
            if indicator.name == name:
                return indicator.label
        return name.replace("_", " ")

    def is_percent(self, name: str) -> bool:
        return any(i.name == name and i.is_percent for i in self.indicators)


# Primary need columns as published, in the order the Code of Practice's broad areas group them.
NEED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("number_asd", "asd_pc", "Autistic spectrum disorder"),
    ("number_slcn", "slcn_pc", "Speech, language and communication needs"),
    ("number_semh", "semh_pc", "Social, emotional and mental health"),
    ("number_mld", "mld_pc", "Moderate learning difficulty"),
    ("number_sld", "sld_pc", "Severe learning difficulty"),
    ("number_pmld", "pmld_pc", "Profound and multiple learning difficulty"),
    ("number_spld", "spld_pc", "Specific learning difficulty"),
    ("number_pd", "pd_pc", "Physical disability"),
    ("number_hi", "hi_pc", "Hearing impairment"),
    ("number_vi", "vi_pc", "Vision impairment"),
    ("number_msi", "msi_pc", "Multi-sensory impairment"),
    ("number_oth", "oth_pc", "Other difficulty or disability (includes Down syndrome)"),
    ("number_need_unknown", "unknown_pc", "Primary need not recorded"),
)

SETTING_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("mainstream_total", "mainstream_total_pc", "Mainstream schools"),
    ("special_total", "special_total_pc", "Special schools"),
    ("ap_pru_total", "AP_PRU_total_pc", "Alternative provision and pupil referral units"),
    ("fe_total", "fe_total_pc", "Further education and post-16"),
    ("nm_early_years", "nm_early_years_pc", "Non-maintained early years"),
    ("ed_elsewhere", "ed_elsewhere_pc", "Educated elsewhere (including home education and NEET)"),
    ("placement_unknown", "placement_unknown_pc", "Placement not recorded"),
)

CEASE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("max_age", "Reached maximum age"),
    ("needs_met", "Needs met without a plan"),
    ("he", "Moved to higher education"),
    ("employ", "Moved to paid employment"),
    ("transfer", "Transferred to another local authority"),
    ("no_engage", "Young person no longer wishes to engage in education or training"),
    ("moved_outside_eng", "Moved outside England"),
    ("deceased", "Died"),
    ("other", "Other reason"),
    ("not_rec", "Reason not recorded"),
)

_NEEDS = tuple(
    indicator
    for number, pc, label in NEED_COLUMNS
    for indicator in (_count(number, label), _pc(pc, f"{label} (%)"))
)

DATASETS: dict[str, DatasetSpec] = {
    spec.key: spec
    for spec in (
        DatasetSpec(
            key="caseload",
            title="EHC plans at January each year",
            publication=EHCP_PUBLICATION,
            headline_topic="All EHC plans",
            indicators=(
                _count("ehcplans", "EHC plans"),
                *(
                    indicator
                    for number, pc, label in SETTING_COLUMNS
                    for indicator in (_count(number, label), _pc(pc, f"{label} (%)"))
                ),
            ),
            breakdowns={"Child or young persons age": ("ehcplans",)},
        ),
        DatasetSpec(
            key="requests",
            title="Requests for an EHC needs assessment",
            publication=EHCP_PUBLICATION,
            headline_topic="All requests for EHC needs assessments",
            indicators=(
                _count("requests_received_in_year", "Requests for an EHC needs assessment"),
                _count("requests_decided_to_assess", "Decided to assess"),
                _count("requests_decided_not_to_assess", "Decided not to assess"),
                _count("requests_decision_not_made", "Decision not yet made"),
                _count("requests_withdrawn", "Withdrawn"),
                _pc("request_assess_pc", "Requests where the LA decided to assess (%)"),
                _count("request_outcome_six_weeks", "Decided within 6 weeks"),
                _pc("request_outcome_six_weeks_pc", "Requests decided within 6 weeks (%)"),
                _count("mediation_related_request", "Requests subject to mediation"),
                _count("tribunal_related_request", "Requests subject to a tribunal appeal"),
            ),
        ),
        DatasetSpec(
            key="assessments",
            title="EHC needs assessments and their outcomes",
            publication=EHCP_PUBLICATION,
            headline_topic="All EHC needs assessments",
            indicators=(
                _count("assess_in_year", "EHC needs assessments"),
                _count("assess_issued", "Assessments where a plan was issued"),
                _pc("assess_issued_pc", "Assessments where a plan was issued (%)"),
                _count("assess_not_issued", "Assessments where a plan was not issued"),
                _pc("assess_not_issued_pc", "Assessments where a plan was not issued (%)"),
            ),
        ),
        DatasetSpec(
            key="newplans",
            title="New EHC plans in the calendar year",
            publication=EHCP_PUBLICATION,
            headline_topic="New EHC plans",
            indicators=(_count("new_ehc_plans", "New EHC plans"),),
        ),
        DatasetSpec(
            key="timeliness_20_week",
            title="EHC plans issued within the statutory 20 weeks",
            publication=EHCP_PUBLICATION,
            headline_topic="All EHC plans issued",
            indicators=(
                _count("plans_issued_den", "Plans issued (including exceptions)"),
                _count("plans_issued_den_ex", "Plans issued (excluding exceptions)"),
                _count("plans_issued_within_20_weeks", "Within 20 weeks (including exceptions)"),
                _count("plans_issued_20_weeks_ex", "Within 20 weeks (excluding exceptions)"),
                _pc(
                    "pc_plans_issued_within_20_weeks",
                    "New plans issued within 20 weeks, including exceptions (%)",
                ),
                _pc(
                    "PC_plans_issued_20_weeks_ex",
                    "New plans issued within 20 weeks, excluding exceptions (%)",
                ),
            ),
        ),
        DatasetSpec(
            key="sen_needs_all_plans",
            title="EHC plans at January by primary type of need",
            publication=EHCP_PUBLICATION,
            headline_topic="All EHC plans",
            indicators=(_count("ehc_plans", "EHC plans"), *_NEEDS),
        ),
        DatasetSpec(
            key="sen_need_newplans",
            title="New EHC plans by primary type of need",
            publication=EHCP_PUBLICATION,
            headline_topic="All EHC plans",
            indicators=(_count("ehc_plans", "New EHC plans"), *_NEEDS),
        ),
        DatasetSpec(
            key="ceased_plans",
            title="EHC plans that ceased in the calendar year",
            publication=EHCP_PUBLICATION,
            headline_topic="All ceased EHC plans",
            indicators=(
                _count("total_ceased", "Plans ceased"),
                *(_count(name, label) for name, label in CEASE_COLUMNS),
            ),
        ),
        DatasetSpec(
            key="personal_budgets",
            title="EHC plans with a personal budget",
            publication=EHCP_PUBLICATION,
            headline_topic="All personal budgets",
            indicators=(
                _count("personal_budget", "Plans with a personal budget"),
                _count("org_arrangments", "Organised arrangements"),
                _count("pb_education", "Covers education only"),
                _count("pb_health", "Covers health only"),
                _count("pb_social", "Covers social care only"),
                _count("pb_integrated", "Covers a combination"),
            ),
        ),
        DatasetSpec(
            key="annual_reviews",
            title="Annual reviews of EHC plans",
            publication=EHCP_PUBLICATION,
            headline_topic="All annual reviews",
            indicators=(
                _count("review_expected", "Annual reviews expected"),
                _count("total_review_meeting", "Review meetings held"),
                _count("outcome_amend", "Decision to amend the plan"),
                _count("outcome_maintan", "Decision to maintain the plan"),
                _count("outcome_cease", "Decision to cease the plan"),
                _count("number_decsion_4weeks", "Decision within 4 weeks of the meeting"),
                _pc("pc_decsion_4weeks", "Review decisions within 4 weeks of the meeting (%)"),
            ),
        ),
        DatasetSpec(
            key="tribunal_appeal_rates",
            title="SEND Tribunal appeal rate",
            publication=TRIBUNAL_PUBLICATION,
            headline_topic="Total",
            indicators=(
                _count("appeals_registered", "Appeals registered"),
                _count("appealable_decisions", "Appealable decisions"),
                _pc("appeal_rate", "Tribunal appeal rate (%)"),
            ),
        ),
        DatasetSpec(
            key="residential_settings",
            title="Residential placements",
            publication=EHCP_PUBLICATION,
            headline_topic="All residential placements",
            indicators=(_count("Res_tot", "Residential placements"),),
            shown_on_pages=False,
        ),
        DatasetSpec(
            key="work_based_placements",
            title="Work-based placements",
            publication=EHCP_PUBLICATION,
            headline_topic="All work based placements",
            indicators=(_count("open_wbp", "Work-based placements"),),
            shown_on_pages=False,
        ),
    )
}


def period_label(time_period: str) -> str:
    """``2024`` stays 2024; the academic year ``202425`` reads 2024/25."""
    if len(time_period) == 6:
        return f"{time_period[:4]}/{time_period[4:]}"
    return time_period


def census_label(time_period: str) -> str:
    """The January census of an academic year: ``202425`` is January 2025."""
    if len(time_period) == 6:
        return f"January {int(time_period[:4]) + 1}"
    return time_period


def reporting_year_of(time_period: str) -> int:
    """The reporting year a figure is published in: the calendar year 2024 and the January 2025
    census (academic year 202425) are both in the 2025 release."""
    return int(time_period[:4]) + 1


@dataclass(frozen=True, order=True)
class Release:
    """A publication's release: its reporting year and the day it was published."""

    reporting_year: int
    published_on: date

    def __str__(self) -> str:
        return f"{self.reporting_year} release (published {self.published_on:%-d %B %Y})"


@dataclass(frozen=True)
class ShippedExtract:
    release: Release
    files: dict[str, Path]


EXTRACT_DIR = Path(__file__).resolve().parent / "data"


@cache
def shipped_extract() -> ShippedExtract:
    """The extract of published statistics that ships in ``dashboard/data/`` (see
    ``dashboard.extract``): its release and its files by data set."""
    manifest = json.loads((EXTRACT_DIR / "manifest.json").read_text(encoding="utf-8"))
    return ShippedExtract(
        release=Release(manifest["reporting_year"], date.fromisoformat(manifest["published_on"])),
        files={key: EXTRACT_DIR / name for key, name in manifest["files"].items()},
    )

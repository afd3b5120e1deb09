"""Which settings may meet a child's needs: the proposals behind an Advisory Tailored List.

Pure functions over plain facts (no database), so every rule is table-tested and every proposal
carries the reasons it was made. A setting is proposed when it:

- is open (one proposed to close is shown with a caution);
- is of a type the family is interested in (alternative provision and mainstream independent
  schools only when the family asks for them: neither is a setting the council must consult);
- takes the child's age at the start of the school year in which they would start (a child who
  is 11 on 31 August starts secondary school that September);
- is designed for the child's primary need or its broad area (a special school must be; a
  mainstream school meets needs with the support the plan sets out);
- is within the distance asked for, in a straight line from home (unknown distance never
  excludes a setting: the list says it is unknown);
- has places free, when the family asked only for those (vacancies are shown, never decisive:
  the council can consult a full setting).

Proposals are ordered by how well they fit (need, then distance, then places free).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from placements.locations import GridPoint, miles
from placements.models import SPECIALIST_PROVISION, ProvisionType, SettingStatus
from sendcpp.needs import BroadArea, NeedType, broad_area_of

#: Young people may stay at college with a plan until 25 (CFA s46 and CoP 8.50).
COLLEGE_TOP_AGE = 25
#: Only proposed when the family asks for them.
ONLY_WHEN_ASKED = frozenset({ProvisionType.ALTERNATIVE, ProvisionType.INDEPENDENT})

# How much each kind of fit counts when ordering proposals.
SCORE_NEED_TYPE = 40
SCORE_BROAD_AREA = 25
SCORE_SECONDARY_NEED = 10
SCORE_MAINSTREAM = 10
SCORE_FAMILY_TYPE = 10
SCORE_VACANCIES = 10
SCORE_DISTANCE_RANGE_KM = 20


@dataclass(frozen=True)
class ChildFacts:
    """What matching knows about the child. ``home`` is where distances are measured from;
    ``home_is_current_setting`` says it is their current setting, not their home."""

    date_of_birth: date
    primary_need: str = ""
    secondary_need: str = ""
    home: GridPoint | None = None
    home_is_current_setting: bool = False


@dataclass(frozen=True)
class SettingFacts:
    """What matching knows about a setting in the directory."""

    key: int
    name: str
    provision_type: str
    status: str = SettingStatus.OPEN
    low_age: int | None = None
    high_age: int | None = None
    need_types: tuple[str, ...] = ()
    broad_areas: tuple[str, ...] = ()
    vacancies: int | None = None
    vacancies_on: date | None = None
    location: GridPoint | None = None


@dataclass(frozen=True)
class Criteria:
    """What the coordinator and family asked for."""

    starts_on: date
    max_distance_km: float | None = None
    provision_types: frozenset[str] = frozenset()
    only_with_vacancies: bool = False


@dataclass(frozen=True)
class Reason:
    """One reason, in words a family can read. ``positive`` is False for a caution or for the
    reason a setting was left out."""

    code: str
    text: str
    positive: bool = True

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "text": self.text, "positive": self.positive}


@dataclass(frozen=True)
class Assessment:
    """Whether a setting fits, why, and how well (for ordering)."""

    setting: SettingFacts
    fits: bool
    reasons: tuple[Reason, ...]
    score: int = 0
    distance_km: float | None = None

    @property
    def sort_key(self) -> tuple[int, float, str]:
        distance = self.distance_km if self.distance_km is not None else float("inf")
        return (-self.score, distance, self.setting.name)


@dataclass
class _Verdict:
    fits: bool = True
    score: int = 0
    reasons: list[Reason] = field(default_factory=list)

    def add(self, code: str, text: str, *, positive: bool = True, score: int = 0) -> None:
        self.reasons.append(Reason(code, text, positive))
        self.score += score

    def exclude(self, code: str, text: str) -> None:
        self.fits = False
        self.reasons.append(Reason(code, text, positive=False))


# --- Age and school year --------------------------------------------------------------------------


def school_year_starting(day: date) -> int:
    """The calendar year in which the school year containing ``day`` began (1 September)."""
    return day.year if day.month >= 9 else day.year - 1


def age_at_start_of_school_year(date_of_birth: date, starts_on: date) -> int:
    """The child's age on 31 August before the school year in which they would start: the age
    that decides their year group (a child who is 11 on 31 August is in Year 7)."""
    cutoff = date(school_year_starting(starts_on), 8, 31)
    age = cutoff.year - date_of_birth.year
    if (cutoff.month, cutoff.day) < (date_of_birth.month, date_of_birth.day):
        age -= 1
    return age


def year_group_label(age: int) -> str:
    """The year group of a child of ``age`` on 31 August (4 = Reception, 11 = Year 7)."""
    if age < 3:
        return "early years"
    if age == 3:
        return "nursery"
    if age == 4:
        return "Reception"
    if age <= 17:
        return f"Year {age - 4}"
    return "education after Year 13"


def _takes_age(low: int, high: int, provision_type: str, age: int) -> bool:
    if provision_type == ProvisionType.COLLEGE:
        high = max(high, COLLEGE_TOP_AGE + 1)
    # GIAS's statutory highest age is the age pupils leave at: a primary school (3 to 11) takes
    # children who are at most 10 on 31 August.
    return low <= age < high


def _check_age(verdict: _Verdict, child: ChildFacts, setting: SettingFacts, c: Criteria) -> None:
    age = age_at_start_of_school_year(child.date_of_birth, c.starts_on)
    year = school_year_starting(c.starts_on)
    when = f"in September {year} the child will be {age} ({year_group_label(age)})"
    if setting.low_age is None or setting.high_age is None:
        verdict.add("age", "Age range not recorded: check it with the setting", positive=False)
        return
    ages = f"Takes ages {setting.low_age} to {setting.high_age}"
    if _takes_age(setting.low_age, setting.high_age, setting.provision_type, age):
        verdict.add("age", f"{ages}: {when}")
    else:
        verdict.exclude("age", f"{ages}, but {when}")


# --- Need ---------------------------------------------------------------------------------------


def _need_label(code: str) -> str:
    return NeedType(code).label.lower()


def _area_label(area: str) -> str:
    return BroadArea(area).label.lower()


def _designed_for(setting: SettingFacts) -> str:
    labels = [_need_label(n) for n in setting.need_types]
    labels += [_area_label(a) for a in setting.broad_areas]
    return "; ".join(dict.fromkeys(labels))


def _need_fit(setting: SettingFacts, need: str) -> tuple[str, int] | None:
    """How the setting's designation fits one need: (words, score) or None."""
    if need in setting.need_types:
        return f"Designed for {_need_label(need)}", SCORE_NEED_TYPE
    area = broad_area_of(need)
    if area is not None and area in setting.broad_areas:
        return (
            f"Designed for {_area_label(area)}, which includes {_need_label(need)}",
            SCORE_BROAD_AREA,
        )
    return None


def _check_need(verdict: _Verdict, child: ChildFacts, setting: SettingFacts) -> None:
    specialist = setting.provision_type in SPECIALIST_PROVISION
    designated = bool(setting.need_types or setting.broad_areas)
    if not child.primary_need:
        verdict.add("need", "The child's primary need is not recorded yet", positive=False)
        return
    if not designated:
        if specialist:
            verdict.add(
                "need",
                "The needs it is designed for are not recorded: ask the SEND team",
                positive=False,
            )
        else:
            verdict.add(
                "need",
                "Mainstream: meets needs with the support set out in the plan",
                score=SCORE_MAINSTREAM,
            )
        return
    primary = _need_fit(setting, child.primary_need)
    if primary is not None:
        verdict.add("need", primary[0], score=primary[1])
        return
    secondary = _need_fit(setting, child.secondary_need) if child.secondary_need else None
    if secondary is not None:
        verdict.add(
            "need", f"{secondary[0]} (the child's secondary need)", score=SCORE_SECONDARY_NEED
        )
        return
    designed = f"designed for {_designed_for(setting)}, not for {_need_label(child.primary_need)}"
    if setting.provision_type in {ProvisionType.SPECIAL, ProvisionType.INDEPENDENT_SPECIAL}:
        verdict.exclude("need", f"Special school {designed}")
    elif specialist:
        # A school whose resourced provision is for other needs is still a mainstream school.
        verdict.add(
            "need", f"Mainstream school; its resourced provision is {designed}", positive=False
        )
    else:
        verdict.add("need", f"{designed[0].upper()}{designed[1:]}", positive=False)


# --- Type, distance, vacancies ----------------------------------------------------------------------


def _check_type(verdict: _Verdict, setting: SettingFacts, c: Criteria) -> None:
    label = ProvisionType(setting.provision_type).label
    if c.provision_types:
        if setting.provision_type in c.provision_types:
            verdict.add(
                "type", f"A type the family is interested in: {label}", score=SCORE_FAMILY_TYPE
            )
        else:
            verdict.exclude("type", f"Not a type the family is looking for: {label}")
    elif setting.provision_type in ONLY_WHEN_ASKED:
        verdict.exclude("type", f"{label}: listed only when the family asks for it")


def _check_distance(
    verdict: _Verdict, child: ChildFacts, setting: SettingFacts, c: Criteria
) -> float | None:
    if child.home is None:
        verdict.add(
            "distance",
            "Distance not known: we have no location for the home postcode",
            positive=False,
        )
        return None
    if setting.location is None:
        verdict.add(
            "distance", "Distance not known: we have no location for this setting", positive=False
        )
        return None
    km = child.home.km_to(setting.location)
    origin = "the child's current setting" if child.home_is_current_setting else "home"
    if km < 0.8:
        how_far = f"Under half a mile (under 1 km) from {origin} in a straight line"
    else:
        how_far = f"{miles(km):.1f} miles ({km:.1f} km) from {origin} in a straight line"
    if c.max_distance_km is not None and km > c.max_distance_km:
        verdict.exclude(
            "distance", f"{how_far}: further than the {c.max_distance_km:g} km asked for"
        )
    else:
        verdict.add(
            "distance",
            f"{how_far}, not by road",
            score=max(0, round(SCORE_DISTANCE_RANGE_KM - km)),
        )
    return km


def _check_vacancies(verdict: _Verdict, setting: SettingFacts, c: Criteria) -> None:
    as_at = f" (as at {setting.vacancies_on:%-d %B %Y})" if setting.vacancies_on else ""
    if setting.vacancies is None:
        verdict.add("vacancies", "Places free not recorded", positive=False)
    elif setting.vacancies > 0:
        plural = "place" if setting.vacancies == 1 else "places"
        verdict.add("vacancies", f"{setting.vacancies} {plural} free{as_at}", score=SCORE_VACANCIES)
    elif c.only_with_vacancies:
        verdict.exclude("vacancies", f"No places free{as_at}")
    else:
        verdict.add(
            "vacancies",
            f"No places free{as_at}: the council can still ask the setting",
            positive=False,
        )


# --- Putting it together --------------------------------------------------------------------------


def assess(child: ChildFacts, setting: SettingFacts, criteria: Criteria) -> Assessment:
    """Whether ``setting`` fits ``child`` under ``criteria``, with every reason for and against."""
    verdict = _Verdict()
    if setting.status == SettingStatus.CLOSED:
        verdict.exclude("status", "Closed")
        return Assessment(setting, False, tuple(verdict.reasons))
    if setting.status == SettingStatus.PROPOSED_TO_CLOSE:
        verdict.add("status", "Open, but proposed to close", positive=False)
    _check_type(verdict, setting, criteria)
    _check_age(verdict, child, setting, criteria)
    _check_need(verdict, child, setting)
    distance = _check_distance(verdict, child, setting, criteria)
    _check_vacancies(verdict, setting, criteria)
    return Assessment(
        setting,
        verdict.fits,
        tuple(verdict.reasons),
        score=verdict.score,
        distance_km=round(distance, 1) if distance is not None else None,
    )


def match_settings(
    child: ChildFacts,
    settings: Iterable[SettingFacts],
    criteria: Criteria,
    *,
    limit: int | None = None,
) -> list[Assessment]:
    """The settings that fit, best first, each with its reasons."""
    fitting = [a for a in (assess(child, s, criteria) for s in settings) if a.fits]
    fitting.sort(key=lambda a: a.sort_key)
    return fitting[:limit] if limit is not None else fitting

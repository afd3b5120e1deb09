"""The SEN2 statutory return: the person-level XML an English local authority sends to the DfE
each January, built from the case records, with the checks it must pass before it is sent.

Reporting year N covers the plans in force at the January census of year N and the activity of
calendar year N-1 (domain spec 3.1). Which records go in, by the DfE's rules:

- a request for assessment is reported when it was received by the end of the activity year and
  either was received in it, or was still being worked on at its end (no decision on the
  request, or an assessment without an outcome), or something about it happened in the year
  (a decision on the request or assessment, a plan issued or ceased), or its plan is in force
  at the census date;
- what happened after the activity year is not reported yet (it is next year's activity): an
  outcome decided in January N is "no decision yet" in return N;
- ``ActivePlans`` for a plan in force at the census date, with the placements held on that
  date and the latest annual review.

``ITEMS`` is the mapping table: every SEN2 item, where it sits, which record it comes from, and
how its value is worked out. The XML is built by walking it, and ``validate_structure`` checks
the result against the DfE's module structure before it is downloaded.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from dashboard.sen2_records import (
    ASSESSMENT_PLAN_ISSUED,
    PLAN_STAGES,
    REQUEST_DECIDED_TO_ASSESS,
    CaseFacts,
    PlacementFacts,
)
from sendcpp import codelists
from sendcpp.identifiers import validate_uln, validate_upn
from sendcpp.models import Case
from sendcpp.needs import NeedType
from sendcpp.validators import normalise_postcode

__all__ = ["PLAN_STAGES", "cases_in_return"]

SOFTWARE_CODE = "sendcpp"
SOFTWARE_RELEASE = "0.2.0"
SEX_CODES = frozenset({"M", "F", "U"})
MAX_AGE_AT_CENSUS = 25


def census_date(year: int) -> date:
    """The SEN2 census date: the spring school census day, the third Thursday of January
    (domain spec 3.1: 15 Jan 2015 ... 19 Jan 2023, 16 Jan 2025)."""
    first = date(year, 1, 1)
    first_thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + timedelta(weeks=2)


@dataclass(frozen=True)
class ReturnYear:
    """Reporting year N: the census in January N and the activity of calendar year N-1."""

    year: int

    @property
    def census(self) -> date:
        return census_date(self.year)

    @property
    def activity_start(self) -> date:
        return date(self.year - 1, 1, 1)

    @property
    def activity_end(self) -> date:
        return date(self.year - 1, 12, 31)

    def by_end(self, day: date | None) -> bool:
        """``day`` happened by the end of the activity year."""
        return day is not None and day <= self.activity_end

    def by_census(self, day: date | None) -> bool:
        return day is not None and day <= self.census

    def in_year(self, day: date | None) -> bool:
        return day is not None and self.activity_start <= day <= self.activity_end


# --- Which records go in --------------------------------------------------------------------------


def cases_in_return(cases: QuerySet[Case], year: int) -> QuerySet[Case]:
    """The cases that may hold something for the return of ``year`` (a generous database
    filter: a request received by the end of the activity year, on a case not closed before
    the year began); ``request_in_return`` then decides on the facts."""
    period = ReturnYear(year)
    return (
        cases.filter(
            Q(request_received_on__lte=period.activity_end)
            | Q(request_received_on__isnull=True, plan_issued_on__lte=period.census)
        )
        .exclude(closed_on__lt=period.activity_start)
        .select_related("child", "child__setting")
        .order_by("child_id", "request_received_on", "id")
    )


def plan_active(facts: CaseFacts, period: ReturnYear) -> bool:
    """The plan was in force at the census date."""
    start = facts.plan_start_on
    if start is None or start > period.census:
        return False
    return facts.cease_on is None or facts.cease_on > period.census


def request_outcome(facts: CaseFacts, period: ReturnYear) -> str | None:
    if facts.request_outcome and (
        facts.request_outcome_on is None or period.by_end(facts.request_outcome_on)
    ):
        return facts.request_outcome
    return None


def assessment_outcome(facts: CaseFacts, period: ReturnYear) -> str | None:
    if request_outcome(facts, period) != REQUEST_DECIDED_TO_ASSESS:
        return None
    on = facts.assessment_outcome_on
    if facts.assessment_outcome and (on is None or period.by_end(on)):
        return facts.assessment_outcome
    return None


def plan_in_return(facts: CaseFacts, period: ReturnYear) -> bool:
    """The NamedPlan module: the assessment ended in a plan issued by the end of the year."""
    return assessment_outcome(facts, period) == ASSESSMENT_PLAN_ISSUED and (
        facts.plan_start_on is None or period.by_end(facts.plan_start_on)
    )


def ceased(facts: CaseFacts, period: ReturnYear) -> bool:
    return period.by_end(facts.cease_on)


def request_in_return(facts: CaseFacts, period: ReturnYear) -> bool:
    received = facts.received_on
    if received is None or received > period.activity_end:
        return plan_active(facts, period)
    if period.in_year(received) or plan_active(facts, period):
        return True
    if request_outcome(facts, period) is None:
        return True  # still deciding whether to assess at the end of the year
    if (
        request_outcome(facts, period) == REQUEST_DECIDED_TO_ASSESS
        and assessment_outcome(facts, period) is None
    ):
        return True  # still assessing
    return any(
        period.in_year(day)
        for day in (
            facts.request_outcome_on,
            facts.assessment_outcome_on,
            facts.plan_start_on,
            facts.cease_on,
        )
    )


def placements_at(facts: CaseFacts, day: date) -> list[PlacementFacts]:
    return [
        p
        for p in facts.placements
        if (p.entry_on is None or p.entry_on <= day)
        and (p.leaving_on is None or p.leaving_on > day)
    ]


def latest_review(facts: CaseFacts, period: ReturnYear) -> tuple[date, str, date | None] | None:
    held = [r for r in facts.reviews if r[0] <= period.census]
    return held[-1] if held else None


# --- The mapping table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What an item's value is worked out from: the case's facts and the return's year, and
    for repeated elements the placement or need being written."""

    facts: CaseFacts
    period: ReturnYear
    placement: PlacementFacts | None = None
    need: tuple[int, str] | None = None


@dataclass(frozen=True)
class Item:
    """One SEN2 item: its element, the element it sits in, and where its value comes from."""

    name: str
    parent: str
    source: str
    value: Callable[[Context], Any]


def _flag(dates: Callable[[CaseFacts], list[date]]) -> Callable[[Context], str]:
    return lambda c: "1" if any(c.period.by_end(d) for d in dates(c.facts)) else "0"


def _bool(value: bool) -> str:
    return "1" if value else "0"


def _p(c: Context) -> PlacementFacts:
    if c.placement is None:
        raise ValueError("A placement item is worked out for a placement only")
    return c.placement


def _review(c: Context, index: int) -> Any:
    review = latest_review(c.facts, c.period)
    if review is None:
        return None
    value = review[index]
    if index == 2 and (value is None or value > c.period.census):
        return None
    return value or None


def _upper(value: str) -> str:
    return value.replace(" ", "").upper()


def _postcode(value: str) -> str:
    try:
        return normalise_postcode(value)
    except ValidationError:
        return value.strip().upper()


NOT_RECORDED = "Not recorded by the case records: left out"

ITEMS: tuple[Item, ...] = (
    # Module 1: the person.
    Item("Surname", "Person", "Child: legal last name", lambda c: c.facts.child.legal_last_name),
    Item("Forename", "Person", "Child: legal first name", lambda c: c.facts.child.legal_first_name),
    Item(
        "PersonBirthDate", "Person", "Child: date of birth", lambda c: c.facts.child.date_of_birth
    ),
    Item("Sex", "Person", "Child: sex", lambda c: c.facts.child.sex),
    Item("Ethnicity", "Person", "Child: ethnicity (DfE code)", lambda c: c.facts.child.ethnicity),
    Item("PostCode", "Person", "Child: postcode", lambda c: _postcode(c.facts.child.postcode)),
    Item("UPN", "Person", "Child: unique pupil number", lambda c: _upper(c.facts.child.upn)),
    Item("UniqueLearnerNumber", "Person", "Child: ULN", lambda c: _upper(c.facts.child.uln)),
    Item(
        "UPNunknown",
        "Person",
        "Child: why the UPN is not known (only when there is no UPN)",
        lambda c: "" if c.facts.child.upn else c.facts.child.upn_unknown_reason,
    ),
    # Module 2: the request for assessment.
    Item("ReceivedDate", "Requests", "Request: date received", lambda c: c.facts.received_on),
    Item(
        "RequestSource",
        "Requests",
        "Request: who made it (ehcp.models.SEN2_REQUEST_SOURCE)",
        lambda c: c.facts.request_source,
    ),
    Item("RYA", "Requests", NOT_RECORDED, lambda c: None),
    Item(
        "RequestOutcomeDate",
        "Requests",
        "Decision whether to assess: date",
        lambda c: c.facts.request_outcome_on if request_outcome(c.facts, c.period) else None,
    ),
    Item(
        "RequestOutcome",
        "Requests",
        "Request: status (agreed, refused, withdrawn)",
        lambda c: request_outcome(c.facts, c.period),
    ),
    Item(
        "RequestMediation",
        "Requests",
        "Mediation held about a refusal to assess",
        _flag(lambda f: f.request_mediation),
    ),
    Item(
        "RequestTribunal",
        "Requests",
        "Appeal registered against a refusal to assess",
        _flag(lambda f: f.request_tribunal),
    ),
    Item("Exported", "Requests", NOT_RECORDED, lambda c: None),
    # Module 3: the assessment.
    Item(
        "AssessmentOutcome",
        "Assessment",
        "Assessment: outcome (issue, not issue)",
        lambda c: assessment_outcome(c.facts, c.period),
    ),
    Item(
        "AssessmentOutcomeDate",
        "Assessment",
        "Decision whether to issue a plan: date",
        lambda c: c.facts.assessment_outcome_on if assessment_outcome(c.facts, c.period) else None,
    ),
    Item(
        "AssessmentMediation",
        "Assessment",
        "Mediation held about a refusal to issue a plan",
        _flag(lambda f: f.assessment_mediation),
    ),
    Item(
        "AssessmentTribunal",
        "Assessment",
        "Appeal registered against a refusal to issue a plan",
        _flag(lambda f: f.assessment_tribunal),
    ),
    Item(
        "OtherMediation",
        "Assessment",
        "Mediation held about another decision (plan contents, ceasing...)",
        _flag(lambda f: f.other_mediation),
    ),
    Item(
        "OtherTribunal",
        "Assessment",
        "Appeal registered against another decision",
        _flag(lambda f: f.other_tribunal),
    ),
    Item(
        "Week20",
        "Assessment",
        "An exception recorded on the 20-week final plan deadline",
        lambda c: _bool(c.facts.week20),
    ),
    # Module 4: the plan.
    Item(
        "StartDate", "NamedPlan", "First final plan issued: date", lambda c: c.facts.plan_start_on
    ),
    Item(
        "PlanRes",
        "NamedPlan",
        "Placement: residential pattern (A 38-51 weeks, B 52 weeks)",
        lambda c: c.facts.plan_residential or None,
    ),
    Item("PlanWBP", "NamedPlan", NOT_RECORDED, lambda c: None),
    Item(
        "PB",
        "NamedPlan",
        "Plan section J: a personal budget recorded",
        lambda c: _bool(c.facts.personal_budget),
    ),
    Item("OA", "NamedPlan", NOT_RECORDED, lambda c: None),
    Item(
        "DP",
        "NamedPlan",
        "Plan section J: direct payments recorded",
        lambda c: _bool(c.facts.direct_payments),
    ),
    Item(
        "CeaseDate",
        "NamedPlan",
        "Case closed on (plan ceased)",
        lambda c: c.facts.cease_on if ceased(c.facts, c.period) else None,
    ),
    Item(
        "CeaseReason",
        "NamedPlan",
        "Decision to cease: reason code",
        lambda c: c.facts.cease_reason or None if ceased(c.facts, c.period) else None,
    ),
    # Placement details, in NamedPlan (PlanDetail) and ActivePlans (PlacementDetail).
    Item("URN", "Detail", "Setting: URN", lambda c: _p(c).urn),
    Item(
        "UKPRN",
        "Detail",
        "Setting: UKPRN (when no URN)",
        lambda c: "" if _p(c).urn else _p(c).ukprn,
    ),
    Item("SENSetting", "Detail", "Placement: SENsetting code", lambda c: _p(c).sen_setting),
    Item("SENSettingOther", "Detail", NOT_RECORDED, lambda c: None),
    Item("PlacementRank", "Detail", "Placement: rank", lambda c: _p(c).rank),
    Item("EntryDate", "PlacementDetail", "Placement: start date", lambda c: _p(c).entry_on),
    Item(
        "LeavingDate",
        "PlacementDetail",
        "Placement: end date (when known by the census)",
        lambda c: _p(c).leaving_on if c.period.by_census(_p(c).leaving_on) else None,
    ),
    Item(
        "SENunitIndicator",
        "Detail",
        "Placement: in an SEN unit",
        lambda c: _bool(_p(c).sen_unit),
    ),
    Item(
        "ResourcedProvisionIndicator",
        "Detail",
        "Placement: in a resourced provision",
        lambda c: _bool(_p(c).resourced_provision),
    ),
    Item("RES", "PlacementDetail", "Placement: residential pattern", lambda c: _p(c).residential),
    Item("WBP", "PlacementDetail", NOT_RECORDED, lambda c: None),
    # Module 5: the plan in force at the census.
    Item(
        "TransferLA",
        "ActivePlans",
        "Plan transferred in: the council it came from (its DfE code)",
        lambda c: c.facts.transfer_la,
    ),
    Item("ReviewMeeting", "ActivePlans", "Annual review: meeting held on", lambda c: _review(c, 0)),
    Item(
        "ReviewOutcome",
        "ActivePlans",
        "Annual review: decision (maintain, amend, cease)",
        lambda c: _review(c, 1),
    ),
    Item("LastReview", "ActivePlans", "Annual review: decided on", lambda c: _review(c, 2)),
    Item("ReviewDraft", "ActivePlans", NOT_RECORDED, lambda c: None),
    Item("PhaseTransferDueDate", "ActivePlans", NOT_RECORDED, lambda c: None),
    Item("PhaseTransferFinalDate", "ActivePlans", NOT_RECORDED, lambda c: None),
    Item("SENtype", "SENneed", "Child: primary and secondary need", lambda c: c.need and c.need[1]),
    Item("SENtypeRank", "SENneed", "1 primary, 2 secondary", lambda c: c.need and c.need[0]),
)

ITEMS_BY_NAME = {(item.parent, item.name): item for item in ITEMS}


def _items_of(parent: str) -> list[Item]:
    shared = ["Detail"] if parent in {"PlanDetail", "PlacementDetail"} else []
    order = {"PlanDetail": PLAN_DETAIL_ORDER, "PlacementDetail": PLACEMENT_DETAIL_ORDER}
    if parent in order:
        wanted = order[parent]
        found = {i.name: i for i in ITEMS if i.parent in {parent, *shared}}
        return [found[name] for name in wanted]
    return [item for item in ITEMS if item.parent == parent]


PLAN_DETAIL_ORDER = (
    "URN",
    "UKPRN",
    "SENSetting",
    "SENSettingOther",
    "PlacementRank",
    "SENunitIndicator",
    "ResourcedProvisionIndicator",
)
PLACEMENT_DETAIL_ORDER = (
    "URN",
    "UKPRN",
    "SENSetting",
    "SENSettingOther",
    "PlacementRank",
    "EntryDate",
    "LeavingDate",
    "SENunitIndicator",
    "ResourcedProvisionIndicator",
    "RES",
    "WBP",
)


# --- The XML --------------------------------------------------------------------------------------


def _text(parent: ET.Element, tag: str, value: object) -> None:
    if value is None or value == "":
        return
    element = ET.SubElement(parent, tag)
    element.text = value.isoformat() if isinstance(value, date) else str(value)


def _fill(parent: ET.Element, element: str, context: Context) -> None:
    for item in _items_of(element):
        _text(parent, item.name, item.value(context))


def _details(parent: ET.Element, tag: str, placements: list[PlacementFacts], c: Context) -> None:
    for placement in sorted(placements, key=lambda p: p.rank):
        detail = ET.SubElement(parent, tag)
        _fill(detail, tag, Context(c.facts, c.period, placement=placement))


def _request(person: ET.Element, facts: CaseFacts, period: ReturnYear) -> None:
    c = Context(facts, period)
    request = ET.SubElement(person, "Requests")
    _fill(request, "Requests", c)
    if request_outcome(facts, period) == REQUEST_DECIDED_TO_ASSESS:
        assessment = ET.SubElement(request, "Assessment")
        _fill(assessment, "Assessment", c)
        if plan_in_return(facts, period):
            plan = ET.SubElement(assessment, "NamedPlan")
            _fill(plan, "NamedPlan", c)
            _details(plan, "PlanDetail", facts.plan_settings, c)
    if plan_active(facts, period):
        active = ET.SubElement(request, "ActivePlans")
        _fill(active, "ActivePlans", c)
        _details(active, "PlacementDetail", placements_at(facts, period.census), c)
        for rank, need in enumerate(facts.needs[:2], start=1):
            if need in NeedType.values:
                sen_need = ET.SubElement(active, "SENneed")
                _fill(sen_need, "SENneed", Context(facts, period, need=(rank, need)))


def in_return(facts: Iterable[CaseFacts], year: int) -> list[CaseFacts]:
    period = ReturnYear(year)
    return [f for f in facts if request_in_return(f, period)]


def build_return_xml(
    facts: Iterable[CaseFacts], *, year: int, la_code: str, now: datetime
) -> bytes:
    """The person-level SEN2 XML for reporting ``year``: one Person per child, one Requests per
    case in the return (a child may have had more than one request)."""
    period = ReturnYear(year)
    message = ET.Element("Message")
    header = ET.SubElement(message, "Header")
    collection = ET.SubElement(header, "CollectionDetails")
    _text(collection, "Collection", "SEN2")
    _text(collection, "Year", year)
    _text(collection, "ReferenceDate", period.census)
    source = ET.SubElement(header, "Source")
    _text(source, "SourceLevel", "L")
    _text(source, "LEA", la_code)
    _text(source, "SoftwareCode", SOFTWARE_CODE)
    _text(source, "Release", SOFTWARE_RELEASE)
    _text(source, "SerialNo", "001")
    _text(source, "DateTime", now.replace(microsecond=0).isoformat())
    persons = ET.SubElement(message, "Persons")
    by_child: dict[int, list[CaseFacts]] = defaultdict(list)
    for item in in_return(facts, year):
        by_child[item.child.pk].append(item)
    for child_cases in by_child.values():
        person = ET.SubElement(persons, "Person")
        _fill(person, "Person", Context(child_cases[0], period))
        for item in child_cases:
            _request(person, item, period)
    ET.indent(message)
    return ET.tostring(message, encoding="utf-8", xml_declaration=True)


# --- The DfE's structure --------------------------------------------------------------------------

# Each element: its children in order, each with (min, max) occurrences (None: unbounded).
_ONE, _OPT, _MANY, _SOME = (1, 1), (0, 1), (0, None), (1, None)
STRUCTURE: dict[str, list[tuple[str, tuple[int, int | None]]]] = {
    "Message": [("Header", _ONE), ("Persons", _ONE)],
    "Header": [("CollectionDetails", _ONE), ("Source", _ONE)],
    "CollectionDetails": [("Collection", _ONE), ("Year", _ONE), ("ReferenceDate", _ONE)],
    "Source": [
        ("SourceLevel", _ONE),
        ("LEA", _ONE),
        ("SoftwareCode", _ONE),
        ("Release", _ONE),
        ("SerialNo", _ONE),
        ("DateTime", _ONE),
    ],
    "Persons": [("Person", _MANY)],
    "Person": [
        ("Surname", _ONE),
        ("Forename", _ONE),
        ("PersonBirthDate", _ONE),
        ("Sex", _ONE),
        ("Ethnicity", _OPT),
        ("PostCode", _OPT),
        ("UPN", _OPT),
        ("UniqueLearnerNumber", _OPT),
        ("UPNunknown", _OPT),
        ("Requests", _SOME),
    ],
    "Requests": [
        *((item.name, _OPT) for item in _items_of("Requests")),
        ("Assessment", _OPT),
        ("ActivePlans", _OPT),
    ],
    "Assessment": [*((item.name, _OPT) for item in _items_of("Assessment")), ("NamedPlan", _OPT)],
    "NamedPlan": [*((item.name, _OPT) for item in _items_of("NamedPlan")), ("PlanDetail", _MANY)],
    "PlanDetail": [(name, _OPT) for name in PLAN_DETAIL_ORDER],
    "ActivePlans": [
        *((item.name, _OPT) for item in _items_of("ActivePlans")),
        ("PlacementDetail", _MANY),
        ("SENneed", _MANY),
    ],
    "PlacementDetail": [(name, _OPT) for name in PLACEMENT_DETAIL_ORDER],
    "SENneed": [("SENtype", _ONE), ("SENtypeRank", _ONE)],
}
_DATE = r"\d{4}-\d{2}-\d{2}"
_FLAG = r"[01]"
VALUES: dict[str, str] = {
    "Year": r"\d{4}",
    "ReferenceDate": _DATE,
    "LEA": r"\d{3}",
    "PersonBirthDate": _DATE,
    "Sex": "|".join(sorted(SEX_CODES)),
    "Ethnicity": "|".join(sorted(codelists.ETHNICITY_CODES)),
    "UPN": r"[A-Z]\d{11}[0-9A-Z]",
    "UniqueLearnerNumber": r"\d{10}",
    "UPNunknown": "|".join(sorted(codelists.UPN_UNKNOWN_CODES)),
    "ReceivedDate": _DATE,
    "RequestSource": r"[1-5]",
    "RequestOutcomeDate": _DATE,
    "RequestOutcome": r"[A-Z]",
    "RequestMediation": _FLAG,
    "RequestTribunal": _FLAG,
    "AssessmentOutcome": r"[A-Z]",
    "AssessmentOutcomeDate": _DATE,
    "AssessmentMediation": _FLAG,
    "AssessmentTribunal": _FLAG,
    "OtherMediation": _FLAG,
    "OtherTribunal": _FLAG,
    "Week20": _FLAG,
    "StartDate": _DATE,
    "PlanRes": "A|B",
    "PB": _FLAG,
    "DP": _FLAG,
    "CeaseDate": _DATE,
    "CeaseReason": r"[1-9]",
    "URN": r"\d{6,7}",
    "UKPRN": r"\d{8}",
    "SENSetting": "OLA|OPA|EHE|EYP|OTH|NEET|NIEC|NIEO",
    "PlacementRank": r"[1-9]",
    "EntryDate": _DATE,
    "LeavingDate": _DATE,
    "SENunitIndicator": _FLAG,
    "ResourcedProvisionIndicator": _FLAG,
    "RES": "A|B",
    "TransferLA": r"\d{3}",
    "ReviewMeeting": _DATE,
    "ReviewOutcome": r"[A-Z]",
    "LastReview": _DATE,
    "SENtype": "|".join(sorted(NeedType.values)),
    "SENtypeRank": "1|2",
}


def _check_children(element: ET.Element, path: str) -> list[str]:
    expected = STRUCTURE[element.tag]
    tags = [child.tag for child in element]
    problems: list[str] = []
    position = 0
    for name, (least, most) in expected:
        count = 0
        while position < len(tags) and tags[position] == name:
            count += 1
            position += 1
        if count < least:
            problems.append(f"{path}: {name} is missing")
        if most is not None and count > most:
            problems.append(f"{path}: {name} appears {count} times")
    if position < len(tags):
        problems.append(f"{path}: {tags[position]} is not allowed here or is out of order")
    return problems


def validate_structure(xml: bytes) -> list[str]:
    """Problems with ``xml`` against the DfE's module structure (elements, their order and
    number, and the form of each value); empty when it conforms."""
    try:
        root = ET.fromstring(xml)  # noqa: S314 - our own output, never outside input
    except ET.ParseError as error:
        return [f"The XML cannot be read: {error}"]
    if root.tag != "Message":
        return ["The root element must be Message"]
    problems: list[str] = []

    def walk(element: ET.Element, path: str) -> None:
        if element.tag in STRUCTURE:
            problems.extend(_check_children(element, path))
            for child in element:
                walk(child, f"{path}/{child.tag}")
            return
        pattern = VALUES.get(element.tag)
        value = (element.text or "").strip()
        if not value:
            problems.append(f"{path} is empty")
        elif pattern is not None and not re.fullmatch(pattern, value):
            problems.append(f"{path} has the value '{value}', not in the form the DfE accepts")

    walk(root, "Message")
    return problems


# --- The checks -----------------------------------------------------------------------------------

#: Where each item is put right: the child's record (with the field), the case's EHC page, or
#: the case's placements.
CHILD, CASE, PLACEMENTS = "child", "case", "placements"


@dataclass(frozen=True)
class Failure:
    """A check the return fails: whose record, which SEN2 item, what is wrong, and where it is
    put right (``where`` and ``field``)."""

    reference: str
    child_name: str
    child_id: str
    case_id: str
    item: str
    message: str
    where: str
    field: str = ""

    @property
    def key(self) -> str:
        """The same problem in two checks has the same key ("fixed since last check")."""
        return f"{self.case_id}:{self.item}"


Problem = tuple[str, str, str, str]  # (item, message, where, field)


def _person_problems(facts: CaseFacts, period: ReturnYear) -> list[Problem]:
    child = facts.child
    problems: list[Problem] = []
    if not child.legal_last_name.strip():
        problems.append(("Surname", "The surname is missing.", CHILD, "legal_last_name"))
    if not child.legal_first_name.strip():
        problems.append(("Forename", "The forename is missing.", CHILD, "legal_first_name"))
    if child.date_of_birth > period.census:
        problems.append(
            ("PersonBirthDate", "The date of birth is after the census.", CHILD, "date_of_birth")
        )
    elif child.age_on(period.census) > MAX_AGE_AT_CENSUS:
        message = f"The child is over {MAX_AGE_AT_CENSUS} at the census date."
        problems.append(("PersonBirthDate", message, CHILD, "date_of_birth"))
    if child.sex not in SEX_CODES:
        problems.append(("Sex", "The sex is not M, F or U.", CHILD, "sex"))
    if not child.ethnicity:
        message = "The ethnicity is not recorded (record Refused or Not yet obtained if so)."
        problems.append(("Ethnicity", message, CHILD, "ethnicity"))
    elif child.ethnicity not in codelists.ETHNICITY_CODES:
        message = f"'{child.ethnicity}' is not a DfE ethnicity code."
        problems.append(("Ethnicity", message, CHILD, "ethnicity"))
    if child.postcode:
        try:
            normalise_postcode(child.postcode)
        except ValidationError:
            message = "The postcode is not a real postcode."
            problems.append(("PostCode", message, CHILD, "postcode"))
    problems += _identifier_problems(facts)
    return problems


def _identifier_problems(facts: CaseFacts) -> list[Problem]:
    child = facts.child
    problems: list[Problem] = []
    for item, field, number, validate in (
        ("UPN", "upn", child.upn, validate_upn),
        ("UniqueLearnerNumber", "uln", child.uln, validate_uln),
    ):
        if number:
            try:
                validate(number)
            except ValidationError as error:
                problems.append((item, error.messages[0], CHILD, field))
    if not child.upn and not child.upn_unknown_reason:
        message = "No UPN is recorded: record it, or why it is not known."
        problems.append(("UPN", message, CHILD, "upn"))
    return problems


def _case_problems(facts: CaseFacts, period: ReturnYear) -> list[Problem]:
    problems: list[Problem] = []
    if facts.received_on is None and not facts.transfer_la_name:
        message = "The date the request for assessment was received is missing."
        problems.append(("ReceivedDate", message, CASE, ""))
    elif facts.received_on is not None and facts.request_source is None:
        problems.append(("RequestSource", "Who made the request is not recorded.", CASE, ""))
    if request_outcome(facts, period) and facts.request_outcome_on is None:
        message = "The date of the decision whether to assess is not recorded."
        problems.append(("RequestOutcomeDate", message, CASE, ""))
    if plan_in_return(facts, period) or plan_active(facts, period):
        if facts.plan_start_on is None:
            message = "The plan is recorded but the date it was issued is missing."
            problems.append(("StartDate", message, CASE, ""))
        elif facts.received_on and facts.plan_start_on < facts.received_on:
            message = "The plan's start date is before the request was received."
            problems.append(("StartDate", message, CASE, ""))
    if ceased(facts, period) and not facts.cease_reason:
        message = "The reason the plan ceased is not recorded: record the decision to cease."
        problems.append(("CeaseReason", message, CASE, ""))
    if facts.transfer_la_name and not facts.transfer_la:
        message = f"No DfE code is known for {facts.transfer_la_name}, the council it came from."
        problems.append(("TransferLA", message, CASE, ""))
    if plan_active(facts, period):
        problems += _active_problems(facts, period)
    return problems


def _active_problems(facts: CaseFacts, period: ReturnYear) -> list[Problem]:
    problems: list[Problem] = []
    if not facts.needs:
        problems.append(("SENtype", "The plan's primary need is not recorded.", CASE, ""))
    elif len(facts.needs) > 1 and facts.needs[0] == facts.needs[1]:
        problems.append(("SENtype", "The secondary need repeats the primary need.", CASE, ""))
    placements = placements_at(facts, period.census)
    if not placements:
        message = "No placement is recorded at the census date for the plan in force."
        problems.append(("PlacementDetail", message, PLACEMENTS, ""))
    for placement in placements:
        if not (placement.urn or placement.ukprn or placement.sen_setting):
            message = f"{placement.setting_name or 'A placement'} has no URN, UKPRN or code."
            problems.append(("URN", message, PLACEMENTS, ""))
    return problems


def check_return(facts: Iterable[CaseFacts], year: int) -> list[Failure]:
    """Every check the return fails, person checks once per child."""
    period = ReturnYear(year)
    failures: list[Failure] = []
    seen: set[int] = set()
    for item in in_return(facts, year):
        child = item.child
        problems: list[Problem] = []
        if child.pk not in seen:
            seen.add(child.pk)
            problems += _person_problems(item, period)
        problems += _case_problems(item, period)
        failures += [
            Failure(
                reference=item.reference,
                child_name=child.full_name,
                child_id=str(child.public_id),
                case_id=item.case_public_id,
                item=name,
                message=message,
                where=where,
                field=field,
            )
            for name, message, where, field in problems
        ]
    return failures


def figures(facts: Iterable[CaseFacts], year: int) -> dict[str, int]:
    """The headline counts of the return (what the dashboard's "submitted" view shows)."""
    period = ReturnYear(year)
    chosen = in_return(facts, year)
    return {
        "children": len({f.child.pk for f in chosen}),
        "requests": sum(1 for f in chosen if period.in_year(f.received_on)),
        "plans_in_force": sum(1 for f in chosen if plan_active(f, period)),
        "plans_issued": sum(1 for f in chosen if period.in_year(f.plan_start_on)),
        "plans_ceased": sum(1 for f in chosen if period.in_year(f.cease_on)),
    }

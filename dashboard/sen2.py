"""The SEN2 statutory return: the person-level XML an English local authority sends to the DfE
each January, built from the case records, with the checks it must pass before it is sent.

Structure and code lists follow the domain spec, section 3 (Message > Header > Persons > Person >
Requests > Assessment > NamedPlan, and ActivePlans). Reporting year N covers the caseload at the
January census of year N and the activity of calendar year N-1.

What the case records do not hold yet is left out of the XML rather than guessed (RequestSource,
outcome dates, Week20 exceptions, personal budgets, review dates); the checks report every item
that the return needs and the records lack, by case reference and SEN2 item name.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from sendcpp.identifiers import validate_uln, validate_upn
from sendcpp.models import Case, Child, Organisation, Stage
from sendcpp.needs import NeedType

SOFTWARE_CODE = "sendcpp"
SOFTWARE_RELEASE = "0.1.0"

# Stages in which a plan is in force (CFA s37 maintained), and those before a decision on one.
PLAN_STAGES = frozenset({Stage.PLAN_ISSUED, Stage.MAINTAINED, Stage.ANNUAL_REVIEW})
ASSESSING_STAGES = frozenset(
    {Stage.ASSESSMENT, Stage.DRAFTING, Stage.DRAFT_ISSUED, Stage.CONSULTATION}
)
OPEN_BEFORE_PLAN = frozenset({Stage.REQUEST, *ASSESSING_STAGES})

# Outcome codes. PROVISIONAL: the DfE technical specification's letter codes were not found
# (domain spec section 6, gap 3); confirm against the 2025/2026 specification before submitting.
REQUEST_DECIDED_TO_ASSESS = "A"
REQUEST_DECIDED_NOT_TO_ASSESS = "N"
REQUEST_WITHDRAWN = "W"
ASSESSMENT_PLAN_ISSUED = "Y"
ASSESSMENT_PLAN_NOT_ISSUED = "N"

# DfE main ethnicity codes (school census / SEN2).
ETHNICITY_CODES = frozenset(
    [
        "WBRI",
        "WIRI",
        "WIRT",
        "WOTH",
        "WROM",
        "MWBC",
        "MWBA",
        "MWAS",
        "MOTH",
        "AIND",
        "APKN",
        "ABAN",
        "AOTH",
        "BCRB",
        "BAFR",
        "BOTH",
        "CHNE",
        "OOTH",
        "REFU",
        "NOBT",
    ]
)
SEX_CODES = frozenset({"M", "F", "U"})
MAX_AGE_AT_CENSUS = 25
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")


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


def cases_in_return(cases: QuerySet[Case], year: int) -> QuerySet[Case]:
    """The cases a return for reporting ``year`` includes (spec 3.1 "cases in scope"): requests
    received and plans issued or ceased in the calendar year before; plans active at the census;
    requests still being worked on at the census."""
    period = ReturnYear(year)
    in_year = (period.activity_start, period.activity_end)
    active_at_census = Q(plan_issued_on__lte=period.census) & (
        Q(closed_on__isnull=True) | Q(closed_on__gt=period.census)
    )
    # A plan the records hold only by its stage (no issue date yet) is still reported, and
    # the checks ask for its start date.
    plan_without_date = Q(
        plan_issued_on__isnull=True, stage__in=PLAN_STAGES, closed_on__isnull=True
    )
    ongoing = Q(stage__in=OPEN_BEFORE_PLAN, request_received_on__lte=period.census)
    return (
        cases.filter(
            Q(request_received_on__range=in_year)
            | Q(plan_issued_on__range=in_year)
            | Q(closed_on__range=in_year, stage=Stage.CEASED)
            | active_at_census
            | plan_without_date
            | ongoing
        )
        .select_related("child", "child__setting")
        .order_by("child_id", "request_received_on", "id")
    )


@dataclass(frozen=True)
class Failure:
    """A check the return fails: the case, the SEN2 item, and what is wrong."""

    reference: str
    item: str
    message: str


def _plan_issued(case: Case) -> bool:
    return (
        case.plan_issued_on is not None or case.stage in PLAN_STAGES or case.stage == Stage.CEASED
    )


def _plan_active(case: Case, census: date) -> bool:
    if case.plan_issued_on is None:
        return case.stage in PLAN_STAGES and case.closed_on is None
    return case.plan_issued_on <= census and (case.closed_on is None or case.closed_on > census)


def _request_outcome(case: Case) -> str | None:
    if case.stage == Stage.REQUEST:
        return None  # no decision yet
    if case.stage == Stage.NOT_ASSESSED:
        return REQUEST_DECIDED_NOT_TO_ASSESS
    if case.stage == Stage.CLOSED and case.plan_issued_on is None:
        return REQUEST_WITHDRAWN
    return REQUEST_DECIDED_TO_ASSESS


def _assessment_outcome(case: Case) -> str | None:
    if case.stage == Stage.NOT_ISSUED:
        return ASSESSMENT_PLAN_NOT_ISSUED
    if _plan_issued(case):
        return ASSESSMENT_PLAN_ISSUED
    return None  # still assessing


Problem = tuple[str, str]  # (SEN2 item, what is wrong)


def _names(child: Child, period: ReturnYear) -> list[Problem]:
    problems = []
    if not child.legal_last_name.strip():
        problems.append(("Surname", "The surname is missing."))
    if not child.legal_first_name.strip():
        problems.append(("Forename", "The forename is missing."))
    return problems


def _birth_date(child: Child, period: ReturnYear) -> list[Problem]:
    if child.date_of_birth > period.census:
        return [("PersonBirthDate", "The date of birth is after the census date.")]
    if child.age_on(period.census) > MAX_AGE_AT_CENSUS:
        return [("PersonBirthDate", f"The child is over {MAX_AGE_AT_CENSUS} at the census date.")]
    return []


def _sex_and_ethnicity(child: Child, period: ReturnYear) -> list[Problem]:
    problems = []
    if child.sex not in SEX_CODES:
        problems.append(("Sex", f"'{child.sex}' is not a SEN2 sex code (M, F or U)."))
    if not child.ethnicity:
        problems.append(("Ethnicity", "The ethnicity is not recorded (use REFU or NOBT if so)."))
    elif child.ethnicity not in ETHNICITY_CODES:
        problems.append(("Ethnicity", f"'{child.ethnicity}' is not a DfE main ethnicity code."))
    if child.postcode and not _POSTCODE.match(child.postcode.strip().upper()):
        problems.append(("PostCode", "The postcode is not in the right format."))
    return problems


def _identifiers(child: Child, period: ReturnYear) -> list[Problem]:
    problems = []
    for item, number, validate in (
        ("UPN", child.upn, validate_upn),
        ("UniqueLearnerNumber", child.uln, validate_uln),
    ):
        if number:
            try:
                validate(number)
            except ValidationError as error:
                problems.append((item, error.messages[0]))
    if not child.upn and not child.uln:
        problems.append(
            ("UPN", "Neither a UPN nor a ULN is recorded: record one, or why neither is known.")
        )
    return problems


def _request_dates(case: Case, period: ReturnYear) -> list[Problem]:
    received = case.request_received_on
    if received is None:
        return [("ReceivedDate", "The date the request for assessment was received is missing.")]
    if received > period.census:
        return [("ReceivedDate", "The request was received after the census date.")]
    return []


def _plan_dates(case: Case, period: ReturnYear) -> list[Problem]:
    problems = []
    if _plan_issued(case):
        if case.plan_issued_on is None:
            problems.append(
                ("StartDate", "The plan is recorded but the date it was issued is missing.")
            )
        elif case.request_received_on and case.plan_issued_on < case.request_received_on:
            problems.append(
                ("StartDate", "The plan's start date is before the request was received.")
            )
    if case.stage == Stage.CEASED:
        if case.closed_on is None:
            problems.append(("CeaseDate", "The plan has ceased but the date it ceased is missing."))
        problems.append(
            ("CeaseReason", "The reason the plan ceased (codes 1 to 9) is not recorded.")
        )
    return problems


def _active_plan(case: Case, period: ReturnYear) -> list[Problem]:
    if not _plan_active(case, period.census):
        return []
    problems = []
    child = case.child
    if not child.primary_need:
        problems.append(("SENtype", "The plan's primary type of need is not recorded."))
    elif child.secondary_need and child.secondary_need == child.primary_need:
        problems.append(("SENtype", "The secondary need repeats the primary need."))
    if child.setting is None:
        problems.append(("URN", "No placement is recorded for the active plan."))
    elif not child.setting.urn and not child.setting.ukprn:
        problems.append(("URN", f"The setting {child.setting.name} has no URN or UKPRN."))
    return problems


# The checks, module by module: module 1 once per child, modules 2 to 5 once per case.
PERSON_CHECKS = (_names, _birth_date, _sex_and_ethnicity, _identifiers)
CASE_CHECKS = (_request_dates, _plan_dates, _active_plan)


def check_person(child: Child, reference: str, period: ReturnYear) -> list[Failure]:
    """Module 1 (person details) checks for one child."""
    return [
        Failure(reference, item, message)
        for check in PERSON_CHECKS
        for item, message in check(child, period)
    ]


def check_case(case: Case, period: ReturnYear) -> list[Failure]:
    """Modules 2 to 5 (request, assessment, plan, placement and need) checks for one case."""
    return [
        Failure(case.reference, item, message)
        for check in CASE_CHECKS
        for item, message in check(case, period)
    ]


def check_return(cases: Iterable[Case], year: int) -> list[Failure]:
    """Every check the return fails, person checks once per child."""
    period = ReturnYear(year)
    failures: list[Failure] = []
    seen: set[int] = set()
    for case in cases:
        if case.child_id not in seen:
            seen.add(case.child_id)
            failures += check_person(case.child, case.reference, period)
        failures += check_case(case, period)
    return failures


def _text(parent: ET.Element, tag: str, value: object) -> None:
    if value is None or value == "":
        return
    element = ET.SubElement(parent, tag)
    element.text = value.isoformat() if isinstance(value, date) else str(value)


def _placement(parent: ET.Element, tag: str, setting: Organisation | None) -> None:
    if setting is None:
        return
    detail = ET.SubElement(parent, tag)
    _text(detail, "URN", setting.urn)
    _text(detail, "UKPRN", setting.ukprn)
    _text(detail, "PlacementRank", 1)


def _request(parent: ET.Element, case: Case, period: ReturnYear) -> None:
    request = ET.SubElement(parent, "Requests")
    _text(request, "ReceivedDate", case.request_received_on)
    _text(request, "RequestOutcome", _request_outcome(case))
    if _request_outcome(case) == REQUEST_DECIDED_TO_ASSESS:
        assessment = ET.SubElement(request, "Assessment")
        _text(assessment, "AssessmentOutcome", _assessment_outcome(case))
        if _plan_issued(case):
            plan = ET.SubElement(assessment, "NamedPlan")
            _text(plan, "StartDate", case.plan_issued_on)
            if case.stage == Stage.CEASED:
                _text(plan, "CeaseDate", case.closed_on)
            _placement(plan, "PlanDetail", case.child.setting)
    if _plan_active(case, period.census):
        active = ET.SubElement(request, "ActivePlans")
        _placement(active, "PlacementDetail", case.child.setting)
        for rank, need in ((1, case.child.primary_need), (2, case.child.secondary_need)):
            if need in NeedType.values:
                sen_need = ET.SubElement(active, "SENneed")
                _text(sen_need, "SENtype", need)
                _text(sen_need, "SENtypeRank", rank)


def build_return_xml(cases: Iterable[Case], *, year: int, la_code: str, now: datetime) -> bytes:
    """The person-level SEN2 XML for reporting ``year``: one Person per child, one Requests per
    case (a child may have had more than one request)."""
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
    by_child: dict[int, list[Case]] = defaultdict(list)
    for case in cases:
        by_child[case.child_id].append(case)
    for child_cases in by_child.values():
        child = child_cases[0].child
        person = ET.SubElement(persons, "Person")
        _text(person, "Surname", child.legal_last_name)
        _text(person, "Forename", child.legal_first_name)
        _text(person, "PersonBirthDate", child.date_of_birth)
        _text(person, "Sex", child.sex)
        _text(person, "Ethnicity", child.ethnicity)
        _text(person, "PostCode", child.postcode.strip().upper())
        _text(person, "UPN", child.upn.strip().upper())
        _text(person, "UniqueLearnerNumber", child.uln.strip())
        for case in child_cases:
            _request(person, case, period)
    ET.indent(message)
    return ET.tostring(message, encoding="utf-8", xml_declaration=True)

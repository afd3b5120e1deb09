"""The SEN2 return: census dates, which cases it holds, its XML, and its checks."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest

from dashboard import sen2
from sendcpp.identifiers import upn_check_letter
from sendcpp.models import Case, Organisation, Stage
from sendcpp.tests.factories import CaseFactory, OrganisationFactory, TeamFactory

VALID_UPN = upn_check_letter("123456789012") + "123456789012"
WRONG_CHECK_LETTER_UPN = ("B" if VALID_UPN[0] != "B" else "C") + VALID_UPN[1:]


@pytest.mark.parametrize(
    ("year", "census"),
    [
        pytest.param(2015, date(2015, 1, 15), id="_case 2015 as recorded by DfE"),
        pytest.param(2022, date(2022, 1, 20), id="_case 2022 as recorded"),
        pytest.param(2023, date(2023, 1, 19), id="_case 2023 as recorded"),
        pytest.param(2024, date(2024, 1, 18), id="_case 2024"),
        pytest.param(2025, date(2025, 1, 16), id="_case 2025 spring census"),
        pytest.param(2026, date(2026, 1, 15), id="_case 2026 starts on a Thursday"),
    ],
)
def test_the_census_is_the_third_thursday_of_january(year, census):
    assert sen2.census_date(year) == census


@pytest.fixture
def team(db):
    return TeamFactory()


@pytest.fixture
def school(db):
    return OrganisationFactory(name="Riverside Primary", urn="990001")


def make_case(team, school, **fields) -> Case:
    child = {
        "child__upn": VALID_UPN,
        "child__ethnicity": "WBRI",
        "child__sex": "F",
        "child__setting": school,
        "child__primary_need": "ASD",
        "child__legal_first_name": "Amara",
        "child__legal_last_name": "Okafor",
        "child__date_of_birth": date(2015, 3, 27),
        "child__postcode": "SN1 1AA",
    }
    child.update({k: v for k, v in fields.items() if k.startswith("child__")})
    case_fields = {k: v for k, v in fields.items() if not k.startswith("child__")}
    case_fields.setdefault("request_received_on", date(2024, 3, 1))
    return CaseFactory(team=team, **child, **case_fields)


SCOPE = [
    # (what, case fields, in the 2025 return)
    ("plan in force at the census", {"stage": Stage.MAINTAINED, "plan_issued_on": date(2023, 5, 1), "request_received_on": date(2023, 1, 9)}, True),
    ("request refused in the year", {"stage": Stage.NOT_ASSESSED}, True),
    ("plan ceased in the year", {"stage": Stage.CEASED, "plan_issued_on": date(2020, 5, 1), "closed_on": date(2024, 7, 1), "request_received_on": date(2020, 1, 6)}, True),
    ("plan ceased the year before", {"stage": Stage.CEASED, "plan_issued_on": date(2020, 5, 1), "closed_on": date(2023, 7, 1), "request_received_on": date(2020, 1, 6)}, False),
    ("request after the census", {"stage": Stage.REQUEST, "request_received_on": date(2025, 3, 1)}, False),
    ("request being assessed at the census", {"stage": Stage.ASSESSMENT, "request_received_on": date(2025, 1, 10)}, True),
    ("plan recorded without its date", {"stage": Stage.MAINTAINED, "request_received_on": date(2021, 1, 4)}, True),
    ("request refused the year before", {"stage": Stage.NOT_ASSESSED, "request_received_on": date(2023, 2, 1)}, False),
]  # fmt: skip


@pytest.mark.parametrize(("what", "fields", "included"), SCOPE, ids=[s[0] for s in SCOPE])
def test_which_cases_the_return_holds(team, school, what, fields, included):
    case = make_case(team, school, **fields)
    assert (case in sen2.cases_in_return(Case.objects.all(), 2025)) is included


def test_a_clean_case_passes_every_check(team, school):
    case = make_case(team, school, stage=Stage.MAINTAINED, plan_issued_on=date(2024, 6, 1))
    assert sen2.check_return([case], 2025) == []


CHECKS = [
    # (what, case fields, SEN2 item, part of the message)
    ("no UPN or ULN", {"child__upn": ""}, "UPN", "Neither a UPN nor a ULN"),
    ("bad UPN", {"child__upn": WRONG_CHECK_LETTER_UPN}, "UPN", "not valid"),
    ("bad ULN", {"child__uln": "1234567890"}, "UniqueLearnerNumber", "not valid"),
    ("no ethnicity", {"child__ethnicity": ""}, "Ethnicity", "not recorded"),
    ("unknown ethnicity", {"child__ethnicity": "ASIA"}, "Ethnicity", "'ASIA' is not a DfE"),
    ("bad postcode", {"child__postcode": "NOT A CODE"}, "PostCode", "format"),
    ("born after the census", {"child__date_of_birth": date(2025, 2, 1)}, "PersonBirthDate", "after the census"),
    ("over 25", {"child__date_of_birth": date(1998, 1, 1)}, "PersonBirthDate", "over 25"),
    ("no surname", {"child__legal_last_name": " "}, "Surname", "missing"),
    ("no request date", {"request_received_on": None, "plan_issued_on": date(2024, 6, 1)}, "ReceivedDate", "missing"),
    ("plan without its date", {"plan_issued_on": None}, "StartDate", "date it was issued is missing"),
    ("plan before its request", {"plan_issued_on": date(2024, 1, 1)}, "StartDate", "before the request"),
    ("no primary need", {"child__primary_need": ""}, "SENtype", "primary type of need"),
    ("need repeated", {"child__secondary_need": "ASD"}, "SENtype", "repeats the primary"),
    ("no placement", {"child__setting": None}, "URN", "No placement"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "fields", "item", "message"), CHECKS, ids=[c[0] for c in CHECKS])
def test_each_check_names_the_case_and_item(team, school, what, fields, item, message):
    fields = {"stage": Stage.MAINTAINED, "plan_issued_on": date(2024, 6, 1), **fields}
    case = make_case(team, school, reference="LA-25-000123", **fields)
    failures = sen2.check_return([case], 2025)
    assert [(f.reference, f.item) for f in failures] == [("LA-25-000123", item)]
    assert message in failures[0].message


def test_a_setting_without_urn_or_ukprn_fails(team):
    nursery = OrganisationFactory(name="Little Steps", kind=Organisation.Kind.EARLY_YEARS, urn="")
    case = make_case(team, nursery, stage=Stage.MAINTAINED, plan_issued_on=date(2024, 6, 1))
    (failure,) = sen2.check_return([case], 2025)
    assert (failure.item, failure.message) == (
        "URN",
        "The setting Little Steps has no URN or UKPRN.",
    )


def test_a_ceased_plan_needs_its_date_and_reason(team, school):
    case = make_case(team, school, stage=Stage.CEASED, plan_issued_on=date(2020, 6, 1),
                     request_received_on=date(2020, 1, 6), closed_on=None)  # fmt: skip
    assert {(f.item, f.reference) for f in sen2.check_return([case], 2025)} == {
        ("CeaseDate", case.reference),
        ("CeaseReason", case.reference),
    }


def test_person_checks_are_reported_once_per_child(team, school):
    first = make_case(team, school, child__ethnicity="", stage=Stage.NOT_ASSESSED)
    second = CaseFactory(team=team, child=first.child, request_received_on=date(2024, 9, 2),
                         stage=Stage.NOT_ASSESSED)  # fmt: skip
    failures = sen2.check_return([first, second], 2025)
    assert [(f.reference, f.item) for f in failures] == [(first.reference, "Ethnicity")]


def _xml(cases) -> ET.Element:
    now = datetime(2025, 1, 20, 9, 30, tzinfo=UTC)
    body = sen2.build_return_xml(cases, year=2025, la_code="866", now=now)
    return ET.fromstring(body)  # noqa: S314 - our own output


def test_the_xml_follows_the_module_structure(team, school):
    active = make_case(team, school, stage=Stage.MAINTAINED, plan_issued_on=date(2024, 6, 1),
                       child__secondary_need="SLCN")  # fmt: skip
    refused = make_case(team, school, stage=Stage.NOT_ASSESSED, child__legal_first_name="Ben")
    root = _xml([active, refused])
    assert root.tag == "Message"
    assert root.findtext("Header/CollectionDetails/Collection") == "SEN2"
    assert root.findtext("Header/CollectionDetails/Year") == "2025"
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2025-01-16"
    assert root.findtext("Header/Source/LEA") == "866"
    assert root.findtext("Header/Source/DateTime") == "2025-01-20T09:30:00+00:00"
    persons = root.findall("Persons/Person")
    assert len(persons) == 2
    person = persons[0]
    assert person.findtext("Surname") == "Okafor"
    assert person.findtext("PersonBirthDate") == "2015-03-27"
    assert person.findtext("UPN") == VALID_UPN
    request = person.find("Requests")
    assert request.findtext("ReceivedDate") == "2024-03-01"
    assert request.findtext("RequestOutcome") == sen2.REQUEST_DECIDED_TO_ASSESS
    plan = request.find("Assessment/NamedPlan")
    assert request.findtext("Assessment/AssessmentOutcome") == sen2.ASSESSMENT_PLAN_ISSUED
    assert plan.findtext("StartDate") == "2024-06-01"
    assert plan.findtext("PlanDetail/URN") == "990001"
    assert request.findtext("ActivePlans/PlacementDetail/URN") == "990001"
    needs = [
        (n.findtext("SENtype"), n.findtext("SENtypeRank"))
        for n in request.findall("ActivePlans/SENneed")
    ]
    assert needs == [("ASD", "1"), ("SLCN", "2")]
    refused_request = persons[1].find("Requests")
    assert refused_request.findtext("RequestOutcome") == sen2.REQUEST_DECIDED_NOT_TO_ASSESS
    assert refused_request.find("Assessment") is None
    assert refused_request.find("ActivePlans") is None


def test_a_child_with_two_requests_is_one_person(team, school):
    first = make_case(team, school, stage=Stage.NOT_ASSESSED)
    second = CaseFactory(team=team, child=first.child, request_received_on=date(2024, 9, 2),
                         stage=Stage.ASSESSMENT)  # fmt: skip
    root = _xml([first, second])
    (person,) = root.findall("Persons/Person")
    requests = person.findall("Requests")
    assert [r.findtext("ReceivedDate") for r in requests] == ["2024-03-01", "2024-09-02"]
    assert requests[1].find("Assessment").findtext("AssessmentOutcome") is None


def test_missing_items_are_left_out_rather_than_invented(team, school):
    case = make_case(team, school, stage=Stage.CEASED, plan_issued_on=date(2020, 6, 1),
                     request_received_on=date(2020, 1, 6), closed_on=date(2024, 5, 1),
                     child__upn="", child__setting=None)  # fmt: skip
    root = _xml([case])
    person = root.find("Persons/Person")
    assert person.find("UPN") is None
    plan = person.find("Requests/Assessment/NamedPlan")
    assert plan.findtext("CeaseDate") == "2024-05-01"
    assert plan.find("CeaseReason") is None
    assert plan.find("PlanDetail") is None
    assert person.find("Requests/ActivePlans") is None


def test_withdrawn_requests_are_coded_as_withdrawn(team, school):
    case = make_case(team, school, stage=Stage.CLOSED, closed_on=date(2024, 5, 1))
    assert _xml([case]).findtext("Persons/Person/Requests/RequestOutcome") == sen2.REQUEST_WITHDRAWN


def test_plans_not_issued_after_assessment(team, school):
    case = make_case(team, school, stage=Stage.NOT_ISSUED)
    request = _xml([case]).find("Persons/Person/Requests")
    assert request.findtext("Assessment/AssessmentOutcome") == sen2.ASSESSMENT_PLAN_NOT_ISSUED
    assert request.find("Assessment/NamedPlan") is None

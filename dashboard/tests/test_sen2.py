"""The SEN2 return, right by construction: census dates, which records each year's return
holds, every item from the record it comes from (the mapping table, item by item), the XML of
a fixture local authority for two census years against hand-written expected XML, the DfE's
structure, and the checks (with where each problem is put right)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest

from dashboard import sen2
from dashboard.sen2_records import CaseFacts, PlacementFacts, gather
from ehcp.models import Assessment, AssessmentRequest, Decision, Plan, PlanStatus, Review
from mediation.models import AppealWindow, MediationCase, TribunalAppeal
from placements.models import Placement
from sendcpp import children
from sendcpp.identifiers import upn_check_letter
from sendcpp.models import Case, Child, Deadline, Stage
from sendcpp.tests.factories import (
    CaseFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    StaffFactory,
    TeamFactory,
)

NOW = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)


def upn(body: str) -> str:
    return upn_check_letter(body) + body


UPN_A, UPN_B = upn("881200000011"), upn("881200000022")


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


# --- The mapping table, item by item --------------------------------------------------------------


def _facts() -> CaseFacts:
    child = Child(
        legal_first_name="Ada",
        legal_last_name="Ashby",
        date_of_birth=date(2014, 5, 2),
        sex="F",
        ethnicity="WBRI",
        postcode="m1 1ae",
        upn=UPN_A.lower(),
        uln="",
        upn_unknown_reason="",
    )
    return CaseFacts(
        case_id=1,
        case_public_id="x",
        reference="R1",
        child=child,
        received_on=date(2024, 2, 5),
        request_source=1,
        request_outcome="A",
        request_outcome_on=date(2024, 3, 10),
        assessment_outcome="Y",
        assessment_outcome_on=date(2024, 6, 1),
        week20=True,
        plan_start_on=date(2024, 6, 20),
        plan_residential="A",
        personal_budget=True,
        direct_payments=False,
        cease_on=date(2024, 12, 1),
        cease_reason="5",
        transfer_la="882",
        reviews=[(date(2024, 11, 1), "M", date(2024, 11, 20))],
        request_mediation=[date(2024, 4, 1)],
        request_tribunal=[date(2025, 2, 1)],  # after the year: not yet
        assessment_mediation=[],
        assessment_tribunal=[date(2024, 8, 1)],
        other_mediation=[date(2024, 9, 1)],
        other_tribunal=[],
        needs=["ASD", "SLCN"],
    )


PLACEMENT = PlacementFacts(
    urn="",
    ukprn="10012345",
    sen_setting="",
    rank=2,
    entry_on=date(2024, 11, 4),
    leaving_on=date(2025, 1, 10),
    sen_unit=True,
    resourced_provision=False,
    residential="B",
)

# Every item of the table and the value it takes from ``_facts()`` in the 2025 return
# (``None``: left out).
EXPECTED_ITEMS = {
    ("Person", "Surname"): "Ashby",
    ("Person", "Forename"): "Ada",
    ("Person", "PersonBirthDate"): date(2014, 5, 2),
    ("Person", "Sex"): "F",
    ("Person", "Ethnicity"): "WBRI",
    ("Person", "PostCode"): "M1 1AE",
    ("Person", "UPN"): UPN_A,
    ("Person", "UniqueLearnerNumber"): "",
    ("Person", "UPNunknown"): "",
    ("Requests", "ReceivedDate"): date(2024, 2, 5),
    ("Requests", "RequestSource"): 1,
    ("Requests", "RYA"): None,
    ("Requests", "RequestOutcomeDate"): date(2024, 3, 10),
    ("Requests", "RequestOutcome"): "A",
    ("Requests", "RequestMediation"): "1",
    ("Requests", "RequestTribunal"): "0",
    ("Requests", "Exported"): None,
    ("Assessment", "AssessmentOutcome"): "Y",
    ("Assessment", "AssessmentOutcomeDate"): date(2024, 6, 1),
    ("Assessment", "AssessmentMediation"): "0",
    ("Assessment", "AssessmentTribunal"): "1",
    ("Assessment", "OtherMediation"): "1",
    ("Assessment", "OtherTribunal"): "0",
    ("Assessment", "Week20"): "1",
    ("NamedPlan", "StartDate"): date(2024, 6, 20),
    ("NamedPlan", "PlanRes"): "A",
    ("NamedPlan", "PlanWBP"): None,
    ("NamedPlan", "PB"): "1",
    ("NamedPlan", "OA"): None,
    ("NamedPlan", "DP"): "0",
    ("NamedPlan", "CeaseDate"): date(2024, 12, 1),
    ("NamedPlan", "CeaseReason"): "5",
    ("Detail", "URN"): "",
    ("Detail", "UKPRN"): "10012345",
    ("Detail", "SENSetting"): "",
    ("Detail", "SENSettingOther"): None,
    ("Detail", "PlacementRank"): 2,
    ("PlacementDetail", "EntryDate"): date(2024, 11, 4),
    ("PlacementDetail", "LeavingDate"): date(2025, 1, 10),
    ("Detail", "SENunitIndicator"): "1",
    ("Detail", "ResourcedProvisionIndicator"): "0",
    ("PlacementDetail", "RES"): "B",
    ("PlacementDetail", "WBP"): None,
    ("ActivePlans", "TransferLA"): "882",
    ("ActivePlans", "ReviewMeeting"): date(2024, 11, 1),
    ("ActivePlans", "ReviewOutcome"): "M",
    ("ActivePlans", "LastReview"): date(2024, 11, 20),
    ("ActivePlans", "ReviewDraft"): None,
    ("ActivePlans", "PhaseTransferDueDate"): None,
    ("ActivePlans", "PhaseTransferFinalDate"): None,
    ("SENneed", "SENtype"): "SLCN",
    ("SENneed", "SENtypeRank"): 2,
}


def test_every_item_of_the_table_is_tested():
    assert set(EXPECTED_ITEMS) == set(sen2.ITEMS_BY_NAME)


@pytest.mark.parametrize(("key", "expected"), EXPECTED_ITEMS.items(), ids=lambda k: str(k))
def test_each_item_comes_from_its_record(key, expected):
    item = sen2.ITEMS_BY_NAME[key]
    context = sen2.Context(_facts(), sen2.ReturnYear(2025), placement=PLACEMENT, need=(2, "SLCN"))
    assert item.value(context) == expected
    assert item.source


def test_an_item_not_recorded_says_so_in_the_table():
    left_out = {i.name for i in sen2.ITEMS if i.source == sen2.NOT_RECORDED}
    assert left_out == {
        "RYA",
        "Exported",
        "PlanWBP",
        "OA",
        "SENSettingOther",
        "WBP",
        "ReviewDraft",
        "PhaseTransferDueDate",
        "PhaseTransferFinalDate",
    }


def test_the_upn_unknown_reason_is_sent_only_without_a_upn():
    facts = _facts()
    facts.child.upn = ""
    facts.child.upn_unknown_reason = "UN2"
    item = sen2.ITEMS_BY_NAME[("Person", "UPNunknown")]
    assert item.value(sen2.Context(facts, sen2.ReturnYear(2025))) == "UN2"


# --- A local authority across several years -------------------------------------------------------


@pytest.fixture
def la(db):
    authority = LocalAuthorityFactory(name="Fixture Borough Council", la_code="881")
    LocalAuthorityFactory(name="Elsewhere Council", la_code="882")
    team = TeamFactory(local_authority=authority)
    staff = StaffFactory(organisation=authority, profile__team=team)
    school = OrganisationFactory(name="Riverside Primary", urn="100001")
    ap = OrganisationFactory(name="Bridge Alternative Provision", urn="140001")
    college = OrganisationFactory(name="Northgate College", ukprn="10012345")

    def case(ref, *, first, last, born, sex, **fields):
        child_fields = {
            k: fields.pop(k)
            for k in ("ethnicity", "postcode", "upn", "upn_unknown_reason")
            if k in fields
        }
        return CaseFactory(
            team=team,
            reference=ref,
            child__legal_first_name=first,
            child__legal_last_name=last,
            child__date_of_birth=born,
            child__sex=sex,
            child__primary_need="ASD",
            **{f"child__{k}": v for k, v in child_fields.items()},
            **fields,
        )

    def decision(c, kind, outcome, on, **extra):
        return Decision.objects.create(
            case=c, kind=kind, outcome=outcome, decided_on=on, reasons="Reasons.", **extra
        )

    def request(c, source, received, status, decided=None, outcome="agreed"):
        made = decision(c, "assess", outcome, decided) if decided else None
        return AssessmentRequest.objects.create(
            case=c, source=source, received_on=received, status=status, decision=made
        )

    def assessment(c, req, outcome, decided):
        Assessment.objects.create(
            case=c,
            request=req,
            started_on=req.received_on,
            outcome=outcome,
            decision=decision(c, "issue", "agreed", decided),
        )

    # Ada: request 2024, plan 2024 (with a 20-week exception), a tier 2 AP placement, a review.
    ada = case("LA-A", first="Ada", last="Ashby", born=date(2014, 5, 2), sex="F",
               ethnicity="WBRI", postcode="M1 1AE", upn=UPN_A, stage=Stage.MAINTAINED,
               request_received_on=date(2024, 2, 5), plan_issued_on=date(2024, 6, 20))  # fmt: skip
    req = request(ada, "parent", date(2024, 2, 5), "agreed", date(2024, 3, 10))
    assessment(ada, req, "issue", date(2024, 6, 1))
    plan = Plan.objects.create(
        case=ada, status=PlanStatus.FINAL, made_on=date(2024, 6, 20), placement_setting=school
    )
    Deadline.objects.create(
        case=ada, rule="final_plan", due_on=date(2024, 6, 24), has_exception=True
    )
    Placement.objects.create(case=ada, setting=school, rank=1, starts_on=date(2024, 9, 1))
    Placement.objects.create(
        case=ada, setting=ap, rank=2, starts_on=date(2024, 11, 4), ends_on=date(2025, 3, 31),
        ap_tier=2, home_setting=school, planned_return_on=date(2025, 3, 31),
        next_review_on=date(2025, 1, 31),
    )  # fmt: skip
    Review.objects.create(
        case=ada, plan=plan, status="decided", meeting_on=date(2025, 5, 10),
        held_on=date(2025, 5, 10), outcome="maintain", decided_on=date(2025, 5, 30),
    )  # fmt: skip

    # Ben: plan since 2023, ceased in July 2025 (needs met), mediation about the cease.
    ben = case("LA-B", first="Ben", last="Brook", born=date(2008, 9, 10), sex="M",
               ethnicity="AIND", postcode="B33 8TH", upn=UPN_B, stage=Stage.CEASED,
               request_received_on=date(2023, 1, 10), plan_issued_on=date(2023, 5, 20),
               closed_on=date(2025, 7, 31))  # fmt: skip
    req = request(ben, "setting", date(2023, 1, 10), "agreed", date(2023, 2, 15))
    assessment(ben, req, "issue", date(2023, 5, 1))
    Plan.objects.create(
        case=ben, status=PlanStatus.CEASED, made_on=date(2023, 5, 20), placement_setting=school
    )
    decision(ben, "cease", "cease", date(2025, 7, 1), cease_reason="2")
    Placement.objects.create(
        case=ben, setting=school, rank=1, starts_on=date(2023, 9, 1), ends_on=date(2025, 7, 20)
    )
    window = AppealWindow.objects.create(
        case=ben, decision="cease", decision_sent_on=date(2025, 7, 2)
    )
    MediationCase.objects.create(
        case=ben, window=window, status="held", wants_mediation=True,
        adviser_contacted_on=date(2025, 7, 3), la_told_on=date(2025, 7, 4),
        held_on=date(2025, 7, 20), outcome="resolved",
    )  # fmt: skip

    # Cara: a plan transferred in from Elsewhere in 2025, at a college known by UKPRN.
    cara = case("LA-C", first="Cara", last="Cole", born=date(2009, 1, 15), sex="F",
                ethnicity="BAFR", upn_unknown_reason="UN2", stage=Stage.MAINTAINED,
                request_received_on=None, plan_issued_on=date(2025, 3, 1))  # fmt: skip
    Plan.objects.create(
        case=cara, status=PlanStatus.FINAL, made_on=date(2025, 3, 1),
        moving_from_la="Elsewhere Council",
    )  # fmt: skip
    Placement.objects.create(case=cara, setting=college, rank=1, starts_on=date(2025, 4, 1))

    # Dan: request 2025 refused; mediation and an appeal about the refusal.
    dan = case("LA-D", first="Dan", last="Dale", born=date(2019, 2, 2), sex="M",
               ethnicity="WBRI", upn="B" + UPN_A[1:] if UPN_A[0] != "B" else "C" + UPN_A[1:],
               stage=Stage.NOT_ASSESSED, request_received_on=date(2025, 3, 3))  # fmt: skip
    request(dan, "health", date(2025, 3, 3), "refused", date(2025, 4, 10), outcome="refused")
    window = AppealWindow.objects.create(
        case=dan, decision="refuse_assess", decision_sent_on=date(2025, 4, 11)
    )
    MediationCase.objects.create(
        case=dan, window=window, status="held", wants_mediation=True,
        adviser_contacted_on=date(2025, 4, 14), la_told_on=date(2025, 4, 15),
        held_on=date(2025, 5, 20), outcome="not_resolved",
    )  # fmt: skip
    TribunalAppeal.objects.create(
        case=dan, window=window, status="registered", registered_on=date(2025, 6, 1),
        appeal_sent_to_la_on=date(2025, 6, 2),
    )  # fmt: skip

    # Eve: a request received in 2026, in no return yet.
    eve = case("LA-E", first="Eve", last="Ember", born=date(2020, 6, 6), sex="F",
               ethnicity="WBRI", stage=Stage.REQUEST, request_received_on=date(2026, 2, 1))  # fmt: skip
    request(eve, "parent", date(2026, 2, 1), "pending")
    authority.staff = staff
    return authority


def _xml(la, year: int) -> str:
    cases = sen2.cases_in_return(Case.objects.filter(local_authority=la), year)
    body = sen2.build_return_xml(gather(cases), year=year, la_code=la.la_code, now=NOW)
    assert sen2.validate_structure(body) == []
    return body.decode("utf-8")


HEADER = """<?xml version='1.0' encoding='utf-8'?>
<Message>
  <Header>
    <CollectionDetails>
      <Collection>SEN2</Collection>
      <Year>{year}</Year>
      <ReferenceDate>{census}</ReferenceDate>
    </CollectionDetails>
    <Source>
      <SourceLevel>L</SourceLevel>
      <LEA>881</LEA>
      <SoftwareCode>sendcpp</SoftwareCode>
      <Release>0.2.0</Release>
      <SerialNo>001</SerialNo>
      <DateTime>2026-01-20T09:00:00+00:00</DateTime>
    </Source>
  </Header>
  <Persons>
"""

ADA = """    <Person>
      <Surname>Ashby</Surname>
      <Forename>Ada</Forename>
      <PersonBirthDate>2014-05-02</PersonBirthDate>
      <Sex>F</Sex>
      <Ethnicity>WBRI</Ethnicity>
      <PostCode>M1 1AE</PostCode>
      <UPN>{upn}</UPN>
      <Requests>
        <ReceivedDate>2024-02-05</ReceivedDate>
        <RequestSource>1</RequestSource>
        <RequestOutcomeDate>2024-03-10</RequestOutcomeDate>
        <RequestOutcome>A</RequestOutcome>
        <RequestMediation>0</RequestMediation>
        <RequestTribunal>0</RequestTribunal>
        <Assessment>
          <AssessmentOutcome>Y</AssessmentOutcome>
          <AssessmentOutcomeDate>2024-06-01</AssessmentOutcomeDate>
          <AssessmentMediation>0</AssessmentMediation>
          <AssessmentTribunal>0</AssessmentTribunal>
          <OtherMediation>0</OtherMediation>
          <OtherTribunal>0</OtherTribunal>
          <Week20>1</Week20>
          <NamedPlan>
            <StartDate>2024-06-20</StartDate>
            <PB>0</PB>
            <DP>0</DP>
            <PlanDetail>
              <URN>100001</URN>
              <PlacementRank>1</PlacementRank>
              <SENunitIndicator>0</SENunitIndicator>
              <ResourcedProvisionIndicator>0</ResourcedProvisionIndicator>
            </PlanDetail>
          </NamedPlan>
        </Assessment>
        <ActivePlans>
{active}
          <SENneed>
            <SENtype>ASD</SENtype>
            <SENtypeRank>1</SENtypeRank>
          </SENneed>
        </ActivePlans>
      </Requests>
    </Person>
""".replace("{upn}", UPN_A)

SCHOOL_SINCE_2024 = """          <PlacementDetail>
            <URN>100001</URN>
            <PlacementRank>1</PlacementRank>
            <EntryDate>2024-09-01</EntryDate>
            <SENunitIndicator>0</SENunitIndicator>
            <ResourcedProvisionIndicator>0</ResourcedProvisionIndicator>
          </PlacementDetail>"""

ADA_2025 = ADA.replace(
    "{active}",
    SCHOOL_SINCE_2024
    + """
          <PlacementDetail>
            <URN>140001</URN>
            <PlacementRank>2</PlacementRank>
            <EntryDate>2024-11-04</EntryDate>
            <SENunitIndicator>0</SENunitIndicator>
            <ResourcedProvisionIndicator>0</ResourcedProvisionIndicator>
          </PlacementDetail>""",
)

ADA_2026 = ADA.replace(
    "{active}",
    """          <ReviewMeeting>2025-05-10</ReviewMeeting>
          <ReviewOutcome>M</ReviewOutcome>
          <LastReview>2025-05-30</LastReview>
"""
    + SCHOOL_SINCE_2024,
)

BEN = """    <Person>
      <Surname>Brook</Surname>
      <Forename>Ben</Forename>
      <PersonBirthDate>2008-09-10</PersonBirthDate>
      <Sex>M</Sex>
      <Ethnicity>AIND</Ethnicity>
      <PostCode>B33 8TH</PostCode>
      <UPN>{upn}</UPN>
      <Requests>
        <ReceivedDate>2023-01-10</ReceivedDate>
        <RequestSource>2</RequestSource>
        <RequestOutcomeDate>2023-02-15</RequestOutcomeDate>
        <RequestOutcome>A</RequestOutcome>
        <RequestMediation>0</RequestMediation>
        <RequestTribunal>0</RequestTribunal>
        <Assessment>
          <AssessmentOutcome>Y</AssessmentOutcome>
          <AssessmentOutcomeDate>2023-05-01</AssessmentOutcomeDate>
          <AssessmentMediation>0</AssessmentMediation>
          <AssessmentTribunal>0</AssessmentTribunal>
          <OtherMediation>{other_mediation}</OtherMediation>
          <OtherTribunal>0</OtherTribunal>
          <Week20>0</Week20>
          <NamedPlan>
            <StartDate>2023-05-20</StartDate>
            <PB>0</PB>
            <DP>0</DP>
{cease}            <PlanDetail>
              <URN>100001</URN>
              <PlacementRank>1</PlacementRank>
              <SENunitIndicator>0</SENunitIndicator>
              <ResourcedProvisionIndicator>0</ResourcedProvisionIndicator>
            </PlanDetail>
          </NamedPlan>
        </Assessment>
{active}      </Requests>
    </Person>
""".replace("{upn}", UPN_B)

BEN_2025 = (
    BEN.replace("{other_mediation}", "0")
    .replace("{cease}", "")
    .replace(
        "{active}",
        """        <ActivePlans>
          <PlacementDetail>
            <URN>100001</URN>
            <PlacementRank>1</PlacementRank>
            <EntryDate>2023-09-01</EntryDate>
            <SENunitIndicator>0</SENunitIndicator>
            <ResourcedProvisionIndicator>0</ResourcedProvisionIndicator>
          </PlacementDetail>
          <SENneed>
            <SENtype>ASD</SENtype>
            <SENtypeRank>1</SENtypeRank>
          </SENneed>
        </ActivePlans>
""",
    )
)

BEN_2026 = (
    BEN.replace("{other_mediation}", "1")
    .replace(
        "{cease}",
        """            <CeaseDate>2025-07-31</CeaseDate>
            <CeaseReason>2</CeaseReason>
""",
    )
    .replace("{active}", "")
)

CARA_2026 = """    <Person>
      <Surname>Cole</Surname>
      <Forename>Cara</Forename>
      <PersonBirthDate>2009-01-15</PersonBirthDate>
      <Sex>F</Sex>
      <Ethnicity>BAFR</Ethnicity>
      <UPNunknown>UN2</UPNunknown>
      <Requests>
        <RequestMediation>0</RequestMediation>
        <RequestTribunal>0</RequestTribunal>
        <ActivePlans>
          <TransferLA>882</TransferLA>
          <PlacementDetail>
            <UKPRN>10012345</UKPRN>
            <PlacementRank>1</PlacementRank>
            <EntryDate>2025-04-01</EntryDate>
            <SENunitIndicator>0</SENunitIndicator>
            <ResourcedProvisionIndicator>0</ResourcedProvisionIndicator>
          </PlacementDetail>
          <SENneed>
            <SENtype>ASD</SENtype>
            <SENtypeRank>1</SENtypeRank>
          </SENneed>
        </ActivePlans>
      </Requests>
    </Person>
"""

DAN_2026 = """    <Person>
      <Surname>Dale</Surname>
      <Forename>Dan</Forename>
      <PersonBirthDate>2019-02-02</PersonBirthDate>
      <Sex>M</Sex>
      <Ethnicity>WBRI</Ethnicity>
      <UPN>{upn}</UPN>
      <Requests>
        <ReceivedDate>2025-03-03</ReceivedDate>
        <RequestSource>3</RequestSource>
        <RequestOutcomeDate>2025-04-10</RequestOutcomeDate>
        <RequestOutcome>N</RequestOutcome>
        <RequestMediation>1</RequestMediation>
        <RequestTribunal>1</RequestTribunal>
      </Requests>
    </Person>
"""

FOOTER = """  </Persons>
</Message>"""


def test_the_return_for_january_2025(la):
    expected = HEADER.format(year=2025, census="2025-01-16") + ADA_2025 + BEN_2025 + FOOTER
    assert _xml(la, 2025) == expected


def test_the_return_for_january_2026(la):
    dan_upn = Child.objects.get(legal_last_name="Dale").upn
    expected = (
        HEADER.format(year=2026, census="2026-01-15")
        + ADA_2026
        + BEN_2026
        + CARA_2026
        + DAN_2026.replace("{upn}", dan_upn)
        + FOOTER
    )
    assert _xml(la, 2026) == expected


def test_figures_follow_the_years_rules(la):
    for year, expected in (
        (2025, {"children": 2, "requests": 1, "plans_in_force": 2, "plans_issued": 1,
                "plans_ceased": 0}),
        (2026, {"children": 4, "requests": 1, "plans_in_force": 2, "plans_issued": 1,
                "plans_ceased": 1}),
    ):  # fmt: skip
        cases = sen2.cases_in_return(Case.objects.filter(local_authority=la), year)
        assert sen2.figures(gather(cases), year) == expected


def test_a_bad_upn_fails_with_a_link_to_the_field_then_passes_once_fixed(la):
    def failures():
        cases = sen2.cases_in_return(Case.objects.filter(local_authority=la), 2026)
        return sen2.check_return(gather(cases), 2026)

    dan = Child.objects.get(legal_last_name="Dale")
    upn_failure = [f for f in failures() if f.item == "UPN"]
    assert len(upn_failure) == 1
    assert upn_failure[0].child_name == "Dan Dale"
    assert (upn_failure[0].where, upn_failure[0].field) == (sen2.CHILD, "upn")
    assert upn_failure[0].child_id == str(dan.public_id)
    children.update_child(
        dan,
        by=la.staff,
        version=dan.version,
        reason="Copied wrongly from the school's letter",
        values={"upn": upn("881200000033")},
        today=date(2026, 1, 20),
    )
    assert [f for f in failures() if f.item == "UPN"] == []
    assert failures() == []


def test_a_ceased_plan_without_its_reason_fails():
    facts = _facts()
    facts.cease_reason = ""
    problems = sen2._case_problems(facts, sen2.ReturnYear(2025))
    assert ("CeaseReason", sen2.CASE) in {(p[0], p[2]) for p in problems}


def test_the_structure_check_finds_a_broken_return():
    broken = (
        b"<Message><Header/><Persons><Person><Forename>A</Forename></Person></Persons></Message>"
    )
    problems = sen2.validate_structure(broken)
    assert any("CollectionDetails is missing" in p for p in problems)
    assert any("Surname is missing" in p for p in problems)
    wrong_value = HEADER.format(year=2025, census="16/01/2025") + FOOTER
    assert any("ReferenceDate" in p for p in sen2.validate_structure(wrong_value.encode()))


def test_the_xml_can_be_read_back(la):
    root = ET.fromstring(_xml(la, 2026).encode())  # noqa: S314 - our own output
    assert [p.findtext("Surname") for p in root.findall("Persons/Person")] == [
        "Ashby",
        "Brook",
        "Cole",
        "Dale",
    ]

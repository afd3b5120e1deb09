"""What the case records hold that the SEN2 return reports, read in a fixed number of queries
for a whole local authority and put into plain ``CaseFacts`` (``dashboard.sen2`` then chooses
and emits them for a census year without touching the database).

Where each SEN2 item comes from is listed in ``dashboard.sen2.ITEMS``; this module only reads.
A case recorded before the apps held the detail (a demo case moved straight to a stage) falls
back to the dates on the case itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ehcp import selectors as ehcp_selectors
from mediation import selectors as mediation_selectors
from placements import selectors as placements_selectors
from sendcpp.models import Case, Child, Deadline, Organisation, Stage

# SEN2 outcome codes. PROVISIONAL: the DfE technical specification's letter codes were not
# found (domain spec section 6, gap 3); confirm against the current specification before
# submitting. They are data here, used by the mapping table in ``dashboard.sen2``.
REQUEST_DECIDED_TO_ASSESS = "A"
REQUEST_DECIDED_NOT_TO_ASSESS = "N"
REQUEST_WITHDRAWN = "W"
ASSESSMENT_PLAN_ISSUED = "Y"
ASSESSMENT_PLAN_NOT_ISSUED = "N"
#: Annual review decisions (ehcp's Review.Outcome values) and their SEN2 codes.
REVIEW_OUTCOME_CODES = {"maintain": "M", "amend": "A", "cease": "C"}
#: ehcp's request statuses and assessment outcomes, and the SEN2 codes they report.
REQUEST_STATUS_CODES = {"agreed": "A", "refused": "N", "withdrawn": "W"}
ASSESSMENT_OUTCOME_CODES = {"issue": "Y", "not_issue": "N"}

PLAN_STAGES = frozenset({Stage.PLAN_ISSUED, Stage.MAINTAINED, Stage.ANNUAL_REVIEW})


@dataclass(frozen=True)
class PlacementFacts:
    """A placement (PlanDetail or PlacementDetail)."""

    urn: str = ""
    ukprn: str = ""
    sen_setting: str = ""
    rank: int = 1
    entry_on: date | None = None
    leaving_on: date | None = None
    sen_unit: bool = False
    resourced_provision: bool = False
    residential: str = ""  # "", "A" or "B"
    setting_name: str = ""


@dataclass
class CaseFacts:
    """Everything the return can say about one case, each with the date it happened, so that
    the return for any census year takes only what was known by its census date."""

    case_id: int
    case_public_id: str
    reference: str
    child: Child
    received_on: date | None = None
    request_source: int | None = None
    request_outcome: str | None = None
    request_outcome_on: date | None = None
    assessment_outcome: str | None = None
    assessment_outcome_on: date | None = None
    week20: bool = False
    plan_start_on: date | None = None
    plan_residential: str = ""
    personal_budget: bool = False
    direct_payments: bool = False
    cease_on: date | None = None
    cease_reason: str = ""
    transfer_la: str = ""
    transfer_la_name: str = ""
    plan_settings: list[PlacementFacts] = field(default_factory=list)
    placements: list[PlacementFacts] = field(default_factory=list)
    reviews: list[tuple[date, str, date | None]] = field(
        default_factory=list
    )  # held, code, decided
    request_mediation: list[date] = field(default_factory=list)
    request_tribunal: list[date] = field(default_factory=list)
    assessment_mediation: list[date] = field(default_factory=list)
    assessment_tribunal: list[date] = field(default_factory=list)
    other_mediation: list[date] = field(default_factory=list)
    other_tribunal: list[date] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    stage: str = ""
    closed_on: date | None = None


def _setting_facts(setting: Organisation | None, **extra: object) -> PlacementFacts:
    if setting is None:
        return PlacementFacts(**extra)  # type: ignore[arg-type]
    return PlacementFacts(
        urn=setting.urn or "",
        ukprn=setting.ukprn or "",
        setting_name=setting.name,
        **extra,  # type: ignore[arg-type]
    )


def _placement(row: dict[str, object]) -> PlacementFacts:
    return _setting_facts(
        row["setting"],  # type: ignore[arg-type]
        sen_setting=row["sen_setting"],
        rank=row["rank"],
        entry_on=row["starts_on"],
        leaving_on=row["ends_on"],
        sen_unit=row["sen_unit"],
        resourced_provision=row["resourced_provision"],
        residential=row["residential"],
    )


def _fallback_request(facts: CaseFacts, case: Case) -> None:
    """A case recorded only by its stage: the request outcome its stage implies."""
    facts.received_on = facts.received_on or case.request_received_on
    facts.plan_start_on = facts.plan_start_on or case.plan_issued_on
    if case.stage == Stage.CEASED:
        facts.cease_on = facts.cease_on or case.closed_on
    if facts.received_on is None:
        return  # a plan transferred in: no request or assessment of ours to report
    if facts.request_outcome is None and case.stage != Stage.REQUEST:
        if case.stage == Stage.NOT_ASSESSED:
            facts.request_outcome = REQUEST_DECIDED_NOT_TO_ASSESS
        elif case.stage == Stage.CLOSED and case.plan_issued_on is None:
            facts.request_outcome = REQUEST_WITHDRAWN
            facts.request_outcome_on = case.closed_on
        else:
            facts.request_outcome = REQUEST_DECIDED_TO_ASSESS
    if facts.assessment_outcome is None:
        if case.stage == Stage.NOT_ISSUED:
            facts.assessment_outcome = ASSESSMENT_PLAN_NOT_ISSUED
        elif case.plan_issued_on is not None or case.stage in {*PLAN_STAGES, Stage.CEASED}:
            facts.assessment_outcome = ASSESSMENT_PLAN_ISSUED
            facts.assessment_outcome_on = facts.assessment_outcome_on or case.plan_issued_on


def _la_codes() -> dict[str, str]:
    return {
        name.casefold(): code
        for name, code in Organisation.objects.filter(
            kind=Organisation.Kind.LOCAL_AUTHORITY
        ).values_list("name", "la_code")
        if code
    }


def gather(cases: Iterable[Case]) -> list[CaseFacts]:
    """The facts of each of ``cases`` (with ``child`` and ``child.setting`` loaded), in order."""
    cases = list(cases)
    by_id = {case.pk: case for case in cases}
    facts = {
        case.pk: CaseFacts(
            case_id=case.pk,
            case_public_id=str(case.public_id),
            reference=case.reference,
            child=case.child,
            stage=case.stage,
            closed_on=case.closed_on,
            needs=[n for n in (case.child.primary_need, case.child.secondary_need) if n],
        )
        for case in cases
    }
    ids = list(by_id)
    _requests(facts, ids)
    _placements(facts, ids)
    _disagreements(facts, ids)
    for deadline_case in Deadline.objects.filter(
        case_id__in=ids, rule="final_plan", has_exception=True
    ).values_list("case_id", flat=True):
        facts[deadline_case].week20 = True
    for case_id, item in facts.items():
        _fallback_request(item, by_id[case_id])
        if not item.placements and by_id[case_id].child.setting is not None:
            item.placements = [_setting_facts(by_id[case_id].child.setting, rank=1)]
        if not item.plan_settings and item.placements:
            item.plan_settings = [item.placements[0]]
    return [facts[case.pk] for case in cases]


def _requests(facts: dict[int, CaseFacts], ids: list[int]) -> None:
    records = ehcp_selectors.sen2_records(ids)
    for case_id, source, received_on, status, decided_on in records.requests:
        item = facts[case_id]
        if item.received_on is not None:
            continue  # the case's first request is the one the return reports
        item.received_on = received_on
        item.request_source = source
        item.request_outcome = REQUEST_STATUS_CODES.get(status)
        item.request_outcome_on = decided_on
    for case_id, outcome, decided_on in records.assessments:
        item = facts[case_id]
        item.assessment_outcome = ASSESSMENT_OUTCOME_CODES.get(outcome)
        item.assessment_outcome_on = decided_on
    codes = _la_codes()
    for case_id, made_on, budget, payments, setting, moving_from in records.plans:
        item = facts[case_id]
        item.plan_start_on = records.first_final.get(case_id) or made_on
        item.personal_budget = budget
        item.direct_payments = payments
        if setting is not None:
            item.plan_settings = [_setting_facts(setting, rank=1)]
        if moving_from:
            item.transfer_la_name = moving_from
            item.transfer_la = codes.get(moving_from.strip().casefold(), "")
    for case_id, reason, decided_on in records.ceased:
        item = facts[case_id]
        item.cease_reason = reason
        item.cease_on = item.closed_on or decided_on
    for case_id, held_on, outcome, decided_on in records.reviews:
        facts[case_id].reviews.append((held_on, REVIEW_OUTCOME_CODES.get(outcome, ""), decided_on))


def _placements(facts: dict[int, CaseFacts], ids: list[int]) -> None:
    by_case: dict[int, list[PlacementFacts]] = defaultdict(list)
    for row in placements_selectors.sen2_placements(ids):
        by_case[row["case_id"]].append(_placement(row))
    for case_id, placements in by_case.items():
        facts[case_id].placements = placements
        residential = next((p.residential for p in placements if p.residential), "")
        facts[case_id].plan_residential = residential


def _disagreements(facts: dict[int, CaseFacts], ids: list[int]) -> None:
    lists = {
        ("mediation", "request"): "request_mediation",
        ("tribunal", "request"): "request_tribunal",
        ("mediation", "assessment"): "assessment_mediation",
        ("tribunal", "assessment"): "assessment_tribunal",
        ("mediation", "other"): "other_mediation",
        ("tribunal", "other"): "other_tribunal",
    }
    for case_id, kind, about, on in mediation_selectors.sen2_disagreements(ids):
        getattr(facts[case_id], lists[(kind, about)]).append(on)

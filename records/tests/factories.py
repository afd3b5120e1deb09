"""Journeys for the records app's tests: a plan in force with every section filled, built through
the EHC services, and a second council to move it to."""

from __future__ import annotations

from dataclasses import dataclass

from ehcp import services
from ehcp.models import GridArea, Plan, PlanVersion
from ehcp.tests.factories import GOOD_ROW, days_ago, draft_issued
from sendcpp.models import Case, Organisation, StaffProfile, Team, User
from sendcpp.tests.factories import LocalAuthorityFactory, StaffFactory, TeamFactory

HEALTH_ROW = {
    **GOOD_ROW,
    "area": GridArea.HEALTH,
    "need": "Has epilepsy; seizures are usually short.",
    "provision_what": "An individual health care plan and trained staff on site.",
    "provision_who": "School nurse",
    "outcome": "Takes part in every lesson safely.",
}
SOCIAL_CARE_ROW = {
    **GOOD_ROW,
    "area": GridArea.SOCIAL_CARE,
    "need": "Needs help with personal care.",
    "provision_what": "Short breaks one weekend a month.",
    "provision_who": "Short breaks service",
    "social_care_basis": "H1",
    "outcome": "Spends time with friends outside school.",
}


def plan_in_force(case: Case, by: User, *, setting: Organisation) -> PlanVersion:
    """A final plan with rows in three grids, section A, strengths, a budget and a held review."""
    version = draft_issued(case, by)
    plan = Plan.objects.get(pk=version.plan_id)
    services.name_setting_in_plan(plan, setting=setting, by=by, placement_type="Mainstream")
    plan.refresh_from_db()
    Plan.objects.filter(pk=plan.pk).update(
        history="Lives with mum and two brothers.",
        views="Likes drawing and football.",
        views_gathered="Talked with the coordinator at home, June 2026.",
        area_strengths={GridArea.COMMUNICATION: "Chatty with adults he knows."},
        personal_budget="£1,200 a year for short breaks.",
        known_to_social_care=True,
    )
    from ehcp.models import PlanRow

    PlanRow.objects.create(plan=plan, position=0, **HEALTH_ROW)
    PlanRow.objects.create(plan=plan, position=0, **SOCIAL_CARE_ROW)
    final = services.issue_final_plan(plan, issued_on=days_ago(2), by=by)
    case.refresh_from_db()
    return final


@dataclass
class OtherCouncil:
    la: Organisation
    team: Team
    coordinator: User
    manager: User


def other_council(name: str = "Westshire County Council") -> OtherCouncil:
    la = LocalAuthorityFactory(name=name)
    team = TeamFactory(local_authority=la, name="West team")
    return OtherCouncil(
        la=la,
        team=team,
        coordinator=StaffFactory(organisation=la, profile__team=team, username="west_coord"),
        manager=StaffFactory(
            organisation=la, profile__role=StaffProfile.Role.MANAGER, username="west_manager"
        ),
    )


def caseload_rows(count: int, *, team: str = "North team", start: int = 0) -> list[dict[str, str]]:
    """``count`` valid rows of the caseload layout, a quarter at each stage, with dates spread so
    that some deadlines are overdue on the frozen test day and some are not."""
    from records.migration import COLUMNS

    stages = ["request", "assessment", "drafting", "maintained"]
    rows = []
    for number in range(start, start + count):
        stage = stages[number % 4]
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            council_id=f"OLD-{number:06d}",
            first_name="Child",
            last_name=f"Number{number}",
            date_of_birth=f"{2010 + number % 8}-0{1 + number % 9}-1{number % 10}",
            sex="MFU"[number % 3],
            primary_need=["ASD", "SLCN", "SEMH", "MLD"][number % 4],
            contact_name=f"Parent {number}",
            contact_relationship="mother",
            contact_email=f"parent{number}@example.org",
            team=team,
            stage=stage,
        )
        if stage == "maintained":
            row["plan_made_on"] = f"{2022 + number % 4}-0{1 + number % 9}-0{1 + number % 9}"
            if number % 8 == 3:
                row["last_reviewed_on"] = "2026-03-02"
        else:
            row["request_received_on"] = f"2026-{1 + number % 11:02d}-0{1 + number % 9}"
        rows.append(row)
    return rows


def caseload_csv(rows: list[dict[str, str]]) -> bytes:
    import csv
    import io

    from records.migration import COLUMNS

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()

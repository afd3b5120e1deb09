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

"""Factories and journey helpers for the EHC app: valid objects by default, and functions that
walk a case along the statutory journey through the real services."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone

from ehcp import services
from ehcp.models import AdviceKind, GridArea, Plan, PlanRow, PlanVersion, Review
from sendcpp.models import Case, Organisation, User
from sendcpp.tests.factories import OrganisationFactory, UserFactory

factory.Faker._DEFAULT_LOCALE = "en_GB"


class ProfessionalFactory(UserFactory):
    account_type = User.AccountType.PROFESSIONAL
    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.HEALTH)


class SettingFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Setting School {n}")
    kind = Organisation.Kind.SCHOOL
    urn = factory.Sequence(lambda n: f"{200000 + n}")


GOOD_ROW = {
    "area": GridArea.COMMUNICATION,
    "need": "Finds it hard to follow spoken instructions given to the whole class.",
    "provision_what": "Speech and language therapy programme on following instructions.",
    "provision_who": "Teaching assistant trained by a speech and language therapist",
    "ratio": "1:1",
    "frequency": "3 times a week",
    "duration": "20 minutes",
    "social_care_basis": "",
    "outcome": "Follows a two-step instruction in class without a prompt.",
    "outcome_timeframe": "By the end of Year 5 (July 2027)",
}

ADVICE_CONTENT = {
    "basis": "Observed in class on two mornings and met the family at home.",
    "summary": "Strong visual learner who needs structured support with language.",
}


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def request_received(case: Case, by: User, *, received_on: date | None = None) -> Case:
    services.record_request(case, source="parent", received_on=received_on or days_ago(60), by=by)
    case.refresh_from_db()
    return case


def agreed_to_assess(case: Case, by: User) -> Case:
    request_received(case, by)
    services.decide_whether_to_assess(
        case, agree=True, reasons="Evidence of needs", decided_on=days_ago(50), by=by
    )
    case.refresh_from_db()
    return case


def advice_asked(case: Case, by: User, advisor: User | None = None, **kwargs):
    return services.request_advice(
        case,
        kind=kwargs.pop("kind", AdviceKind.PSYCHOLOGICAL),
        advisor=advisor,
        advisor_name=advisor.display_name if advisor else "Dr Ada Link",
        advisor_email="" if advisor else "ada@example.org",
        requested_on=kwargs.pop("requested_on", days_ago(45)),
        by=by,
        **kwargs,
    )


def advice_given(advice_request, by: User | None, *, via_link: bool = False, rows=None):
    return services.submit_advice(
        advice_request,
        content=ADVICE_CONTENT,
        rows=[GOOD_ROW] if rows is None else rows,
        advisor_name="Dr Priya Rao",
        advisor_role="Educational psychologist (HCPC registered)",
        by=by,
        via_link=via_link,
    )


def drafting(case: Case, by: User) -> Plan:
    agreed_to_assess(case, by)
    services.decide_whether_to_issue(
        case,
        issue=True,
        reasons="The advice shows a plan is needed",
        decided_on=days_ago(30),
        by=by,
    )
    plan = Plan.objects.get(case=case)
    services.save_plan_row(plan, values=GOOD_ROW, lock_version=plan.lock_version, by=by)
    plan.refresh_from_db()
    return plan


def draft_issued(case: Case, by: User, *, served_on: date | None = None) -> PlanVersion:
    plan = drafting(case, by)
    return services.issue_draft_plan(plan, served_on=served_on or days_ago(20), by=by)


def final_issued(case: Case, by: User, setting: Organisation | None = None) -> PlanVersion:
    version = draft_issued(case, by)
    plan = version.plan
    plan.refresh_from_db()
    services.name_setting_in_plan(plan, setting=setting or SettingFactory(), by=by)
    plan.refresh_from_db()
    final = services.issue_final_plan(plan, issued_on=days_ago(2), by=by)
    case.refresh_from_db()
    return final


def review_held(case: Case, by: User) -> Review:
    final_issued(case, by)
    review = services.schedule_review(case, meeting_on=days_ago(1), by=by)
    services.record_review_meeting(
        review,
        held_on=days_ago(1),
        attendees="Family, school, coordinator",
        notes="Progress",
        by=by,
    )
    review.refresh_from_db()
    return review


__all__ = ["PlanRow"]

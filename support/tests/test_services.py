"""Support plans, standards, reviews, moves between settings and evidence for a request: the
services' rules, refusals that change nothing, and who may act (404 for everyone else)."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from sendcpp.exceptions import DomainError, DuplicateSubmission, StaleEdit
from sendcpp.models import CaseEvent, Notification, Relationship
from sendcpp.tests.factories import RelationshipFactory
from support import selectors, services
from support.models import (
    Layer,
    PlanTransfer,
    Progress,
    RequestEvidence,
    Standard,
    SupportPlan,
    SupportPlanRow,
)
from support.tests.conftest import ROW, write_plan

pytestmark = pytest.mark.django_db


# --- Standards ------------------------------------------------------------------------------------


def test_the_shipped_standards_load_once_and_say_they_are_illustrative(standards):
    assert Standard.objects.count() == 23
    assert set(Standard.objects.values_list("area", flat=True)) == {
        "communication",
        "cognition",
        "semh",
        "sensory",
    }
    assert "not the official" in selectors.standards_source()
    again = services.load_standards_file()
    assert (again.added, again.changed, again.retired) == (0, 0, 0)


def test_a_bad_standards_file_loads_nothing(standards):
    before = list(Standard.objects.values_list("code", "text"))
    data = {
        "source": "Our council's standards",
        "standards": [
            {"code": "NEW-1", "area": "semh", "layer": "universal", "text": "A calm corner"},
            {"code": "NEW-2", "area": "feelings", "layer": "universal", "text": "Wrong area"},
        ],
    }
    with pytest.raises(DomainError, match=r"NEW-2.*not a broad area"):
        services.load_standards(data)
    assert list(Standard.objects.values_list("code", "text")) == before


def test_a_new_file_changes_adds_and_retires_standards(standards):
    loaded = services.load_standards(
        {
            "source": "Our council's standards",
            "standards": [
                {"code": "CI-U1", "area": "communication", "layer": "universal", "text": "New"},
                {"code": "X-1", "area": "semh", "layer": "targeted", "text": "Added"},
            ],
        }
    )
    assert (loaded.added, loaded.changed, loaded.retired) == (1, 1, 22)
    assert Standard.objects.get(code="CI-U1").text == "New"
    assert Standard.objects.filter(retired=False).count() == 2


# --- Writing and reviewing a plan ---------------------------------------------------------------------


def test_a_senco_writes_a_plan_choosing_provision_from_the_standards(schools):
    plan = write_plan(schools)
    standard = Standard.objects.get(code="CI-T1")
    row = services.add_row(
        plan, values={**ROW, "provision_what": ""}, standard=standard, by=schools.senco
    )
    assert row.provision_what == standard.text
    assert row.standard == standard
    assert plan.setting == schools.school
    (area, views), *_ = selectors.rows_with_warnings(plan)
    assert area == "Communication and interaction"
    assert [view.row for view in views] == [row]


def test_vague_provision_is_warned_about_as_in_an_ehc_plan(schools):
    plan = write_plan(schools)
    services.add_row(
        plan,
        values={**ROW, "provision_what": "Access to support as required", "frequency": "regular"},
        by=schools.senco,
    )
    (_, [view]), *_ = selectors.rows_with_warnings(plan)
    phrases = {warning.phrase for warning in view.warnings}
    assert {"access to", "as required", "regular"} <= phrases


def test_a_standard_from_another_area_is_refused(schools):
    plan = write_plan(schools)
    with pytest.raises(DomainError, match="same area"):
        services.add_row(
            plan, values=ROW, standard=Standard.objects.get(code="SE-T1"), by=schools.senco
        )
    assert not SupportPlanRow.objects.exists()


def test_a_child_has_one_active_plan(schools):
    write_plan(schools)
    with pytest.raises(DuplicateSubmission):
        write_plan(schools)
    assert SupportPlan.objects.count() == 1


def test_a_senco_cannot_write_for_a_child_at_another_setting(schools):
    with pytest.raises(Http404):
        services.write_plan(
            schools.other_child,
            layer=Layer.TARGETED,
            started_on=date(2026, 9, 7),
            next_review_on=date(2026, 12, 11),
            by=schools.senco,
        )
    assert not SupportPlan.objects.exists()


def test_a_review_sets_the_layer_and_the_next_review(schools):
    plan = write_plan(schools)
    review = services.record_review(
        plan,
        reviewed_on=date(2026, 12, 8),
        progress=Progress.SOME,
        what_worked="The language group helped with instructions.",
        next_steps="Add a daily check-in.",
        layer_after=Layer.TARGETED_PLUS,
        next_review_on=date(2027, 3, 26),
        by=schools.senco,
    )
    plan.refresh_from_db()
    assert (plan.layer, plan.next_review_on) == (Layer.TARGETED_PLUS, date(2027, 3, 26))
    assert review.reviewed_by == schools.senco


@pytest.mark.parametrize(
    ("reviewed_on", "next_review_on", "message"),
    [
        (date(2026, 12, 10), date(2027, 3, 1), "future"),
        (date(2026, 9, 1), date(2027, 3, 1), "before the plan started"),
        (date(2026, 12, 8), date(2026, 12, 8), "after this one"),
        (date(2026, 12, 8), date(2028, 1, 1), "once a year"),
    ],
)
def test_bad_review_dates_are_refused_and_change_nothing(
    schools, reviewed_on, next_review_on, message
):
    plan = write_plan(schools)
    with pytest.raises(DomainError, match=message):
        services.record_review(
            plan,
            reviewed_on=reviewed_on,
            progress=Progress.GOOD,
            what_worked="Worked",
            next_steps="Next",
            layer_after=Layer.TARGETED,
            next_review_on=next_review_on,
            by=schools.senco,
        )
    plan.refresh_from_db()
    assert plan.next_review_on == date(2026, 12, 11)
    assert not plan.reviews.exists()


def test_a_save_based_on_an_old_copy_is_refused(schools):
    plan = write_plan(schools)
    services.update_plan(
        plan,
        lock_version=plan.lock_version,
        child_views="New",
        family_views="",
        strengths="",
        by=schools.senco,
    )
    with pytest.raises(StaleEdit):
        services.update_plan(
            plan,
            lock_version=1,
            child_views="Older",
            family_views="",
            strengths="",
            by=schools.senco,
        )
    plan.refresh_from_db()
    assert plan.child_views == "New"


def test_the_family_comments_and_the_setting_is_told(schools, world):
    plan = write_plan(schools)
    services.comment_on_plan(plan, text="Please add help at lunchtimes.", by=world.family)
    assert plan.comments.get().author == world.family
    assert Notification.objects.filter(recipient=schools.senco).exists()
    with pytest.raises(Http404):
        services.comment_on_plan(plan, text="Not my child", by=world.other_family)


def test_review_reminders_go_once_per_review_date(schools):
    write_plan(schools)  # review due 11 December: within the fortnight
    assert services.review_reminders() == 1
    assert services.review_reminders() == 0
    assert Notification.objects.filter(recipient=schools.senco).count() == 1


# --- Moving with the child ----------------------------------------------------------------------------


def _parent(world) -> Relationship:
    return Relationship.objects.get(child=world.case.child, user=world.family)


def test_a_plan_follows_the_child_to_a_new_setting_only_with_consent(schools, world):
    plan = write_plan(schools)
    with pytest.raises(DomainError, match="consent"):
        services.transfer_plan(
            plan,
            to_setting=schools.other_school,
            consent_from=_parent(world),
            consent_given=False,
            consent_on=date(2026, 12, 7),
            by=schools.senco,
        )
    plan.refresh_from_db()
    assert plan.setting == schools.school
    assert not PlanTransfer.objects.exists()
    with pytest.raises(Http404):
        selectors.get_plan_or_404(schools.other_senco, plan.public_id)

    services.transfer_plan(
        plan,
        to_setting=schools.other_school,
        consent_from=_parent(world),
        consent_given=True,
        consent_on=date(2026, 12, 7),
        by=schools.senco,
    )
    assert selectors.get_plan_or_404(schools.other_senco, plan.public_id) == plan
    with pytest.raises(Http404):
        selectors.get_plan_or_404(schools.senco, plan.public_id)


def test_consent_must_come_from_someone_with_parental_responsibility(schools, world):
    plan = write_plan(schools)
    carer = RelationshipFactory(child=schools.child, has_parental_responsibility=False)
    with pytest.raises(DomainError, match="parental responsibility"):
        services.transfer_plan(
            plan,
            to_setting=schools.other_school,
            consent_from=carer,
            consent_given=True,
            consent_on=date(2026, 12, 7),
            by=schools.senco,
        )
    plan.refresh_from_db()
    assert plan.setting == schools.school


# --- Evidence for a request for assessment ------------------------------------------------------------


def _reviewed(schools) -> SupportPlan:
    plan = write_plan(schools)
    services.add_row(plan, values={**ROW, "provision_what": "Language group"}, by=schools.senco)
    services.record_review(
        plan,
        reviewed_on=date(2026, 12, 8),
        progress=Progress.NONE,
        what_worked="Little change in following instructions.",
        next_steps="Ask for an assessment.",
        layer_after=Layer.SPECIALIST,
        next_review_on=date(2027, 2, 12),
        by=schools.senco,
    )
    return plan


def test_an_unreviewed_plan_cannot_be_sent_as_evidence(schools):
    plan = write_plan(schools)
    with pytest.raises(DomainError, match="Review the plan"):
        services.send_evidence(plan, note="Please assess", by=schools.senco)
    assert not RequestEvidence.objects.exists()


def test_the_plan_history_goes_to_the_coordinator_as_a_structured_summary(schools, world):
    plan = _reviewed(schools)
    evidence = services.send_evidence(plan, note="Little progress after a term", by=schools.senco)
    assert evidence.case == world.case
    summary = evidence.summary
    assert summary["weeks"] == 13  # 7 September to 8 December
    assert summary["provision"][0]["provision"] == "Language group"
    assert summary["reviews"][0]["progress"] == "Little or no progress"
    assert selectors.get_evidence_or_404(world.coordinator, evidence.public_id) == evidence
    assert Notification.objects.filter(recipient=world.coordinator).exists()
    assert CaseEvent.objects.filter(case=world.case, kind="support_evidence_sent").exists()
    [section] = [
        s for s in selectors_case_evidence(world.coordinator, world.case) if "setting" in s.title
    ]
    assert section.context["evidence"] == [evidence]
    for outsider in (world.other_team_coordinator, world.family, schools.other_senco):
        with pytest.raises(Http404):
            selectors.get_evidence_or_404(outsider, evidence.public_id)


def selectors_case_evidence(user, case):
    from sendcpp.evidence import panels_for

    return panels_for(user, case, "ehcp")


def test_the_daily_task_sends_the_reminders(schools):
    from support.tasks import send_review_reminders

    write_plan(schools)
    assert send_review_reminders() == 1
    assert send_review_reminders() == 0


def test_reports_say_which_standards_each_settings_plans_draw_on(schools, world):
    plan = write_plan(schools)
    services.add_row(
        plan,
        values={**ROW, "provision_what": ""},
        standard=Standard.objects.get(code="CI-T1"),
        by=schools.senco,
    )
    services.add_row(
        plan,
        values={**ROW, "provision_what": ""},
        standard=Standard.objects.get(code="CI-T1"),
        by=schools.senco,
    )
    services.add_row(plan, values={**ROW, "provision_what": "Own words"}, by=schools.senco)
    [row] = selectors.standards_by_setting(world.la)
    assert (row.setting, row.rows, row.from_standards, row.standards) == (
        schools.school.name,
        3,
        2,
        1,
    )
    uses = {
        standard.code: (rows, settings)
        for standard, rows, settings in selectors.standards_use(world.la)
    }
    assert uses["CI-T1"] == (2, 1)
    assert uses["CI-T2"] == (0, 0)

"""Every rule and side effect of the placements services: tailored lists, consultations (with the
15-day clock and naming in section I), placements and alternative provision."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import ProgrammingError, transaction
from django.utils import timezone

from placements import selectors, services
from placements.models import (
    NO_GUARANTEE,
    ApTier,
    Consultation,
    ConsultationStatus,
    Placement,
    ReintegrationReview,
    SettingStatus,
    TailoredListEntry,
    TailoredListVersion,
)
from placements.tests.conftest import next_september
from placements.tests.factories import SettingFactory
from sendcpp.exceptions import DomainError, DuplicateSubmission, StaleEdit, TransitionNotAllowed
from sendcpp.models import Audience, CaseEvent, Deadline, Document, Notification, Stage
from sendcpp.tests.factories import DocumentFactory


def events(case, kind):
    return CaseEvent.objects.filter(case=case, kind=kind)


# --- Tailored lists -------------------------------------------------------------------------------


def test_coordinator_starts_a_list_once(world, directory):
    tailored_list = services.start_tailored_list(
        world.case, starts_on=next_september(), max_distance_km=10, by=world.coordinator
    )
    assert tailored_list.max_distance_km == 10
    assert events(world.case, "placements_list_started").count() == 1
    with pytest.raises(DomainError, match="already has a tailored list"):
        services.start_tailored_list(world.case, starts_on=next_september(), by=world.coordinator)


@pytest.mark.parametrize("who", ["family", "other_team_coordinator", "setting_user"])
def test_only_staff_on_the_case_start_a_list(world, directory, who):
    with pytest.raises(DomainError):
        services.start_tailored_list(world.case, starts_on=next_september(), by=getattr(world, who))


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("provision_types", {"provision_types": ["castle"]}),
        ("max_distance_km", {"max_distance_km": 0}),
        ("starts_on", {}),
    ],
)
def test_list_criteria_are_checked(world, directory, field, kwargs):
    values = {"starts_on": next_september(), **kwargs}
    if field == "starts_on":
        values["starts_on"] = timezone.localdate() + timedelta(days=5 * 365)
    with pytest.raises(DomainError) as raised:
        services.start_tailored_list(world.case, by=world.coordinator, **values)
    assert raised.value.field == field


def test_no_list_once_the_case_has_ended(world, directory):
    world.case.stage = Stage.CLOSED
    world.case.save()
    with pytest.raises(TransitionNotAllowed):
        services.start_tailored_list(world.case, starts_on=next_september(), by=world.coordinator)


def test_proposals_come_with_reasons_and_leave_out_what_does_not_fit(
    world, directory, tailored_list
):
    proposals = selectors.propose_settings(tailored_list)
    names = [p.setting.organisation.name for p in proposals]
    assert names[0] == "Oakwood Special School"
    assert "Meadowbank Special School" not in names
    reasons = [r.text for r in proposals[0].assessment.reasons]
    assert "Designed for autistic spectrum disorder" in reasons
    assert any("from home in a straight line" in r for r in reasons)


def test_distance_falls_back_to_the_current_setting(world, directory, tailored_list):
    world.case.child.postcode = "ZZ9 9ZZ"
    world.case.child.save()
    facts = selectors.child_facts(world.case.child)
    assert facts.home_is_current_setting
    world.case.child.setting = None
    world.case.child.save()
    assert selectors.child_facts(world.case.child).home is None


def test_adding_snapshots_the_reasons(world, directory, tailored_list):
    entry = services.add_to_list(
        tailored_list, setting=directory.special.organisation, note="Visit", by=world.coordinator
    )
    assert entry.source == TailoredListEntry.Source.MATCHED
    assert entry.coordinator_note == "Visit"
    assert {
        "code": "need",
        "text": "Designed for autistic spectrum disorder",
        "positive": True,
    } in entry.reasons
    assert float(entry.distance_km) == 3.2
    with pytest.raises(DomainError, match="already on the list"):
        services.add_to_list(
            tailored_list, setting=directory.special.organisation, by=world.coordinator
        )
    not_fitting = services.add_to_list(
        tailored_list, setting=directory.other_special.organisation, by=world.coordinator
    )
    assert not_fitting.source == TailoredListEntry.Source.COORDINATOR
    assert any(not r["positive"] for r in not_fitting.reasons)


def test_a_setting_outside_the_directory_cannot_be_added(world, directory, tailored_list):
    with pytest.raises(DomainError, match="directory"):
        services.add_to_list(tailored_list, setting=world.la, by=world.coordinator)


def test_family_adds_a_setting_and_the_coordinator_is_told(world, directory, tailored_list):
    entry = services.add_to_list(
        tailored_list, setting=directory.special.organisation, note="Can we visit?", by=world.family
    )
    assert entry.source == TailoredListEntry.Source.FAMILY
    assert entry.family_question == "Can we visit?"
    assert events(world.case, "placements_list_family_added").get().audience == Audience.FAMILY
    assert Notification.objects.filter(recipient=world.coordinator).count() == 1
    with pytest.raises(DomainError, match="answer their question"):
        services.remove_from_list(entry, by=world.coordinator)
    services.remove_from_list(entry, by=world.family)
    assert not tailored_list.entries.exists()


def test_family_cannot_remove_the_councils_entries(world, directory, tailored_list):
    entry = services.add_to_list(
        tailored_list, setting=directory.special.organisation, by=world.coordinator
    )
    with pytest.raises(DomainError, match="Only the coordinator"):
        services.remove_from_list(entry, by=world.family)
    with pytest.raises(DomainError):
        services.remove_from_list(entry, by=world.other_family)
    services.remove_from_list(entry, by=world.coordinator)
    assert not tailored_list.entries.exists()


def test_family_asks_about_a_setting_and_gets_an_answer(world, directory, tailored_list):
    services.add_to_list(
        tailored_list, setting=directory.special.organisation, by=world.coordinator
    )
    entry = services.ask_about_setting(
        tailored_list,
        setting=directory.special.organisation,
        question="Is there a bus?",
        by=world.family,
    )
    assert entry.family_question == "Is there a bus?"
    with pytest.raises(DomainError, match="Enter your question"):
        services.ask_about_setting(
            tailored_list, setting=directory.special.organisation, question=" ", by=world.family
        )
    with pytest.raises(DomainError, match="Only the family"):
        services.ask_about_setting(
            tailored_list,
            setting=directory.special.organisation,
            question="?",
            by=world.coordinator,
        )
    answered = services.answer_family_question(
        entry, answer="Yes, arranged by the council.", by=world.coordinator
    )
    assert answered.answer == "Yes, arranged by the council."
    assert Notification.objects.filter(recipient=world.family).count() == 1
    with pytest.raises(DomainError, match="Enter your answer"):
        services.answer_family_question(entry, answer="", by=world.coordinator)
    new_entry = services.ask_about_setting(
        tailored_list,
        setting=directory.school.organisation,
        question="And this one?",
        by=world.family,
    )
    assert new_entry.source == TailoredListEntry.Source.FAMILY


def test_family_records_what_matters_to_them(world, directory, tailored_list):
    services.record_family_priorities(tailored_list, priorities=" Small classes ", by=world.family)
    tailored_list.refresh_from_db()
    assert tailored_list.family_priorities == "Small classes"


def test_stale_criteria_edit_is_refused(world, directory, tailored_list):
    services.update_list_criteria(
        tailored_list,
        revision=1,
        starts_on=next_september(),
        max_distance_km=8,
        by=world.coordinator,
    )
    with pytest.raises(StaleEdit):
        services.update_list_criteria(
            tailored_list, revision=1, starts_on=next_september(), by=world.teammate
        )
    tailored_list.refresh_from_db()
    assert (tailored_list.revision, tailored_list.max_distance_km) == (2, 8)


def test_publishing_freezes_a_version_that_guarantees_no_place(
    world, directory, tailored_list, django_capture_on_commit_callbacks
):
    with pytest.raises(DomainError, match="at least one setting"):
        services.publish_tailored_list(tailored_list, by=world.coordinator)
    services.add_to_list(
        tailored_list, setting=directory.special.organisation, by=world.coordinator
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        version = services.publish_tailored_list(tailored_list, by=world.coordinator)
    assert len(callbacks) >= 1
    assert version.number == 1
    assert version.content["no_guarantee"] == NO_GUARANTEE
    assert version.content["entries"][0]["name"] == "Oakwood Special School"
    assert "section 38(3)" in version.content["no_guarantee"]
    document = Document.objects.get(pk=version.document_id)
    assert (document.status, document.audience) == (Document.Status.READY, Audience.FAMILY)
    assert document.file.read().startswith(b"%PDF")
    assert events(world.case, "placements_list_published").get().audience == Audience.FAMILY
    assert Notification.objects.filter(recipient=world.family).exists()
    again = services.publish_tailored_list(tailored_list, by=world.coordinator)
    assert again.number == 2


def test_published_versions_are_immutable(world, published):
    version = published.versions.get()
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        TailoredListVersion.objects.filter(pk=version.pk).update(content={})
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        version.delete()
    version.refresh_from_db()
    assert version.content["entries"]


def test_pdf_failure_is_recorded(world, published, monkeypatch):
    from placements.documents import TAILORED_LIST_PDF
    from sendcpp import pdf

    version = published.versions.get()

    def broken(spec):
        raise RuntimeError("Boom")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    assert pdf.attempt(TAILORED_LIST_PDF, version.pk, last_attempt=True) == pdf.Outcome.FAILED
    document = version.document
    document.refresh_from_db()
    assert (document.status, document.failure_reason) == (
        Document.Status.FAILED,
        "RuntimeError: Boom",
    )
    assert events(world.case, "placements_list_pdf_failed").exists()
    monkeypatch.undo()
    services.retry_list_pdf(version, by=world.coordinator)
    assert pdf.attempt(TAILORED_LIST_PDF, version.pk, last_attempt=True) == pdf.Outcome.READY
    document.refresh_from_db()
    assert document.status == Document.Status.READY
    assert (
        pdf.attempt(TAILORED_LIST_PDF, version.pk, last_attempt=True) == pdf.Outcome.ALREADY_READY
    )


def test_preference_is_stated_after_publishing(world, directory, tailored_list):
    with pytest.raises(TransitionNotAllowed):
        services.state_list_preference(
            tailored_list, setting=directory.special.organisation, by=world.family
        )
    services.add_to_list(
        tailored_list, setting=directory.special.organisation, by=world.coordinator
    )
    services.publish_tailored_list(tailored_list, by=world.coordinator)
    services.state_list_preference(
        tailored_list, setting=directory.school.organisation, reasons="Near home", by=world.family
    )
    tailored_list.refresh_from_db()
    assert tailored_list.preferred_setting == directory.school.organisation
    assert tailored_list.preference_stated_at is not None
    assert events(world.case, "placements_preference_stated").exists()
    assert Notification.objects.filter(
        recipient=world.coordinator, key__startswith="placements:preference"
    ).exists()


def test_families_without_a_preference_are_followed_up_once(world, published):
    today = timezone.localdate()
    assert services.follow_up_lists_without_preference(today=today) == []
    later = today + timedelta(days=15)
    sent = services.follow_up_lists_without_preference(today=later)
    assert [n.recipient for n in sent] == [world.coordinator]
    assert services.follow_up_lists_without_preference(today=later + timedelta(days=3)) == []
    assert Notification.objects.filter(key__startswith="placements:list-no-preference").count() == 1


def test_families_with_a_preference_are_not_followed_up(world, directory, published):
    services.state_list_preference(
        published, setting=directory.special.organisation, by=world.family
    )
    later = timezone.localdate() + timedelta(days=30)
    assert services.follow_up_lists_without_preference(today=later) == []


def test_follow_up_task(world, published):
    from placements.tasks import follow_up_tailored_lists

    assert follow_up_tailored_lists() == 0


# --- Consultations --------------------------------------------------------------------------------


def send(world, setting, **kwargs):
    values = {"reason": "family", "sent_on": timezone.localdate(), "by": world.coordinator}
    values.update(kwargs)
    return services.send_consultation(world.case, setting=setting.organisation, **values)


def test_sending_starts_the_15_day_clock_and_tells_the_setting(world, directory):
    pack = DocumentFactory(case=world.case, title="Draft plan")
    consultation = send(world, directory.school, documents=[pack], message="Please consider")
    deadline = Deadline.objects.get(case=world.case, rule="setting_consultation")
    assert deadline.subject == f"consultation:{consultation.public_id}"
    assert deadline.due_on == timezone.localdate() + timedelta(days=15) == consultation.due_on
    assert list(consultation.documents.all()) == [pack]
    assert Notification.objects.filter(recipient=world.setting_user).get().case is None
    assert events(world.case, "placements_consultation_sent").get().audience == Audience.FAMILY


def test_a_setting_is_consulted_once_at_a_time(world, directory):
    send(world, directory.school)
    with pytest.raises(DuplicateSubmission):
        send(world, directory.school)


@pytest.mark.parametrize(
    ("_case", "change", "field"),
    [
        ("the date is in the future", {"sent_on": "future"}, "sent_on"),
        ("the reason is unknown", {"reason": "whim"}, "reason"),
        ("documents of another case", {"documents": "other"}, "documents"),
    ],
)
def test_sending_checks_its_input(world, directory, _case, change, field):
    values = dict(change)
    if values.get("sent_on") == "future":
        values["sent_on"] = timezone.localdate() + timedelta(days=1)
    if values.get("documents") == "other":
        values["documents"] = [DocumentFactory(case=world.other_case)]
    with pytest.raises(DomainError) as raised:
        send(world, directory.school, **values)
    assert raised.value.field == field
    assert not Consultation.objects.exists()


def test_closed_settings_and_non_settings_are_not_consulted(world, directory):
    directory.school.status = SettingStatus.CLOSED
    directory.school.save()
    with pytest.raises(DomainError, match="closed"):
        send(world, directory.school)
    with pytest.raises(DomainError, match="education setting"):
        services.send_consultation(
            world.case,
            setting=world.la,
            reason="la",
            sent_on=timezone.localdate(),
            by=world.coordinator,
        )


@pytest.mark.parametrize("who", ["family", "setting_user", "other_team_coordinator"])
def test_only_staff_who_move_the_case_send_consultations(world, directory, who):
    with pytest.raises(DomainError):
        send(world, directory.school, by=getattr(world, who))
    assert not Consultation.objects.exists()


def test_no_consultation_once_the_case_has_ended(world, directory):
    world.case.stage = Stage.NOT_ASSESSED
    world.case.save()
    with pytest.raises(TransitionNotAllowed):
        send(world, directory.school)


def test_the_setting_answers_and_the_clock_is_met(world, directory):
    consultation = send(world, directory.school)
    answered = services.answer_consultation(
        consultation,
        answer="can_meet",
        reasons="We have a place in Year 5",
        annual_cost=Decimal("6000"),
        cost_notes="Top-up band 2",
        by=world.setting_user,
    )
    assert answered.status == ConsultationStatus.ANSWERED
    assert (answered.answered_by, answered.annual_cost) == (world.setting_user, Decimal("6000"))
    assert Deadline.objects.get(rule="setting_consultation").met_on == timezone.localdate()
    assert Notification.objects.filter(
        recipient=world.coordinator, key__contains="answered"
    ).exists()
    with pytest.raises(TransitionNotAllowed):
        services.answer_consultation(
            consultation, answer="can_meet", reasons="Again", by=world.setting_user
        )


def test_answers_are_checked(world, directory):
    consultation = send(world, directory.school)
    with pytest.raises(DomainError) as raised:
        services.answer_consultation(
            consultation, answer="cannot_meet", reasons="Full", by=world.setting_user
        )
    assert raised.value.field == "refusal_reason"
    for bad, field in ((("maybe", "x"), "answer"), (("can_meet", " "), "reasons")):
        with pytest.raises(DomainError) as raised:
            services.answer_consultation(
                consultation, answer=bad[0], reasons=bad[1], by=world.setting_user
            )
        assert raised.value.field == field
    with pytest.raises(DomainError) as raised:
        services.answer_consultation(
            consultation,
            answer="can_meet",
            reasons="ok",
            annual_cost=Decimal(-1),
            by=world.setting_user,
        )
    assert raised.value.field == "annual_cost"


def test_only_the_consulted_settings_staff_or_the_la_answer(world, directory):
    consultation = send(world, directory.special)  # not the setting user's school
    for who in (world.setting_user, world.family, world.other_team_coordinator):
        with pytest.raises(DomainError):
            services.answer_consultation(consultation, answer="can_meet", reasons="Yes", by=who)
    services.answer_consultation(
        consultation,
        answer="cannot_meet",
        reasons="Full",
        refusal_reason="no_places",
        by=world.coordinator,
    )
    consultation.refresh_from_db()
    assert consultation.refusal_reason == "no_places"


def test_deciding_without_an_answer_closes_the_clock(world, directory):
    consultation = send(world, directory.school)
    with pytest.raises(DomainError) as raised:
        services.decide_consultation(consultation, decision="not_name", by=world.coordinator)
    assert raised.value.field == "reasons"
    decided = services.decide_consultation(
        consultation,
        decision="not_name",
        reasons="The family changed their mind",
        by=world.coordinator,
    )
    assert decided.status == ConsultationStatus.DECIDED
    assert decided.closed_at is not None
    assert Deadline.objects.get(rule="setting_consultation").cancelled_on == timezone.localdate()
    event = events(world.case, "placements_consultation_decided").get()
    assert event.summary == "Decided not to name Riverside Primary School in the plan"


def test_naming_needs_a_plan_and_changes_nothing_otherwise(world, directory):
    consultation = send(world, directory.school)
    with pytest.raises(TransitionNotAllowed, match="no plan"):
        services.decide_consultation(consultation, decision="name", by=world.coordinator)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.SENT
    assert not events(world.case, "placements_consultation_decided").exists()


def test_only_staff_who_move_the_case_decide(world, directory):
    consultation = send(world, directory.school)
    for who in (world.setting_user, world.family, world.other_team_coordinator):
        with pytest.raises(DomainError):
            services.decide_consultation(consultation, decision="not_name", reasons="x", by=who)
    with pytest.raises(DomainError) as raised:
        services.decide_consultation(consultation, decision="perhaps", by=world.coordinator)
    assert raised.value.field == "decision"


def test_named_setting_flows_into_section_i_of_the_final_plan(world, directory):
    from ehcp import services as ehcp_services
    from ehcp.models import Plan
    from ehcp.tests.factories import draft_issued

    draft_issued(world.case, world.coordinator)
    world.case.refresh_from_db()
    consultation = send(world, directory.school)
    world.case.refresh_from_db()
    assert world.case.stage == Stage.CONSULTATION
    services.answer_consultation(
        consultation, answer="can_meet", reasons="Yes", by=world.setting_user
    )
    services.decide_consultation(
        consultation, decision="name", placement_pattern="Full time", by=world.coordinator
    )
    plan = Plan.objects.get(case=world.case)
    assert plan.placement_setting == world.school
    assert plan.placement_name == "Riverside Primary School"
    assert plan.placement_type == "Mainstream school"
    final = ehcp_services.issue_final_plan(
        plan, issued_on=timezone.localdate(), by=world.coordinator
    )
    assert final.content["placement"]["name"] == "Riverside Primary School"


def test_withdrawing_cancels_the_clock(world, directory):
    consultation = send(world, directory.school)
    with pytest.raises(DomainError):
        services.withdraw_consultation(consultation, reason="", by=world.coordinator)
    withdrawn = services.withdraw_consultation(
        consultation, reason="Family moved", by=world.coordinator
    )
    assert withdrawn.status == ConsultationStatus.WITHDRAWN
    assert Deadline.objects.get(rule="setting_consultation").cancelled_on == timezone.localdate()
    with pytest.raises(TransitionNotAllowed):
        services.withdraw_consultation(consultation, reason="Again", by=world.coordinator)
    # A new consultation with the same setting can now be sent.
    assert send(world, directory.school).status == ConsultationStatus.SENT


def test_the_setting_reads_the_pack_until_some_days_after_answering(world, directory):
    consultation = send(world, directory.school)
    visible = selectors.consultations_for
    assert list(visible(world.setting_user)) == [consultation]
    services.answer_consultation(
        consultation, answer="can_meet", reasons="Yes", by=world.setting_user
    )
    services.decide_consultation(
        consultation, decision="not_name", reasons="Other", by=world.coordinator
    )
    assert list(visible(world.setting_user)) == [consultation]
    Consultation.objects.filter(pk=consultation.pk).update(
        answered_at=timezone.now() - timedelta(days=29)
    )
    assert not visible(world.setting_user).exists()
    assert not visible(world.family).exists()
    assert list(visible(world.coordinator)) == [consultation]


# --- Placements -----------------------------------------------------------------------------------


def test_main_and_dual_placements(world, directory):
    main = services.record_placement(
        world.case,
        setting=directory.school.organisation,
        starts_on=timezone.localdate(),
        by=world.coordinator,
    )
    assert main.provision_type == "mainstream"
    with pytest.raises(TransitionNotAllowed):
        services.record_placement(
            world.case,
            setting=directory.special.organisation,
            starts_on=timezone.localdate(),
            by=world.coordinator,
        )
    dual = services.record_placement(
        world.case,
        setting=directory.special.organisation,
        rank=2,
        residential="A",
        starts_on=timezone.localdate(),
        by=world.coordinator,
    )
    assert (dual.rank, dual.residential) == (2, "A")
    services.end_placement(
        main,
        ends_on=timezone.localdate(),
        reason="Moved to the special school",
        by=world.coordinator,
    )
    with pytest.raises(TransitionNotAllowed):
        services.end_placement(
            main, ends_on=timezone.localdate(), reason="Again", by=world.coordinator
        )
    assert events(world.case, "placements_placement_recorded").count() == 2
    assert events(world.case, "placements_placement_ended").count() == 1


def test_a_sen2_code_when_no_setting_applies(world, directory):
    placement = services.record_placement(
        world.case, sen_setting="EHE", starts_on=timezone.localdate(), by=world.coordinator
    )
    assert str(placement).startswith("Elective home education")
    with pytest.raises(DomainError):
        services.record_placement(
            world.case, starts_on=timezone.localdate(), rank=2, by=world.coordinator
        )
    with pytest.raises(DomainError):
        services.record_placement(
            world.case,
            setting=directory.school.organisation,
            sen_setting="EHE",
            rank=2,
            starts_on=timezone.localdate(),
            by=world.coordinator,
        )


@pytest.mark.parametrize(
    ("_case", "kwargs", "field"),
    [
        (
            "tier 2 needs a return date",
            {"ap_tier": 2, "next_review_on": "+30", "home": True},
            "planned_return_on",
        ),
        (
            "tier 2 needs a home school",
            {"ap_tier": 2, "planned_return_on": "+60", "next_review_on": "+30"},
            "home_setting",
        ),
        ("tiers 2 and 3 need a review date", {"ap_tier": 3}, "next_review_on"),
        (
            "return after the start",
            {"ap_tier": 2, "planned_return_on": "-1", "next_review_on": "+30", "home": True},
            "planned_return_on",
        ),
        ("review not before the start", {"ap_tier": 3, "next_review_on": "-1"}, "next_review_on"),
        ("AP fields only for AP", {"next_review_on": "+30"}, "ap_tier"),
        ("a real tier", {"ap_tier": 7}, "ap_tier"),
        ("tier 1 needs the home school", {"ap_tier": 1}, "home_setting"),
        (
            "no tier 2 at a mainstream school",
            {
                "ap_tier": 2,
                "planned_return_on": "+60",
                "next_review_on": "+30",
                "home": True,
                "at_school": True,
            },
            "setting",
        ),
        (
            "no tier 3 at a mainstream school",
            {"ap_tier": 3, "next_review_on": "+30", "at_school": True},
            "setting",
        ),
        ("a real rank", {"rank": 12}, "rank"),
        ("day or residential", {"residential": "weekly"}, "residential"),
        ("a real type", {"provision_type": "castle"}, "provision_type"),
    ],
)
def test_placement_rules(world, directory, _case, kwargs, field):
    values = dict(kwargs)
    for key in ("planned_return_on", "next_review_on"):
        if key in values:
            values[key] = timezone.localdate() + timedelta(days=int(values[key]))
    if values.pop("home", False):
        values["home_setting"] = directory.school.organisation
    at_school = values.pop("at_school", False)
    with pytest.raises(DomainError) as raised:
        services.record_placement(
            world.case,
            setting=(directory.school if at_school else directory.special).organisation,
            starts_on=timezone.localdate(),
            by=world.coordinator,
            **values,
        )
    assert raised.value.field == field
    assert not Placement.objects.exists()


def test_tier_1_support_is_recorded_with_the_home_school(world, directory):
    placement = services.record_placement(
        world.case,
        setting=directory.special.organisation,
        ap_tier=1,
        home_setting=directory.school.organisation,
        starts_on=timezone.localdate(),
        by=world.coordinator,
    )
    assert placement.home_setting == directory.school.organisation


def tier_2(world, directory, **kwargs):
    values = {
        "setting": directory.special.organisation,
        "ap_tier": ApTier.TIME_LIMITED,
        "home_setting": directory.school.organisation,
        "starts_on": timezone.localdate() - timedelta(days=40),
        "planned_return_on": timezone.localdate() + timedelta(days=20),
        "next_review_on": timezone.localdate() - timedelta(days=2),
        "by": world.coordinator,
    }
    values.update(kwargs)
    return services.record_placement(world.case, **values)


def test_overdue_reintegration_reviews_are_surfaced(world, directory):
    placement = tier_2(world, directory)
    assert placement.review_is_overdue(timezone.localdate())
    assert not placement.return_is_overdue(timezone.localdate())
    assert list(selectors.alternative_provision(world.coordinator)) == [placement]
    assert not selectors.alternative_provision(world.other_team_coordinator).exists()


def test_reintegration_reviews(world, directory):
    placement = tier_2(world, directory)
    with pytest.raises(DomainError) as raised:
        services.record_reintegration_review(
            placement, reviewed_on=timezone.localdate(), outcome="continue", by=world.coordinator
        )
    assert raised.value.field == "next_review_on"
    with pytest.raises(DomainError) as raised:
        services.record_reintegration_review(
            placement,
            reviewed_on=timezone.localdate(),
            outcome="extend",
            next_review_on=timezone.localdate() + timedelta(days=30),
            by=world.coordinator,
        )
    assert raised.value.field == "planned_return_on"
    services.record_reintegration_review(
        placement,
        reviewed_on=timezone.localdate(),
        outcome="extend",
        next_review_on=timezone.localdate() + timedelta(days=30),
        planned_return_on=timezone.localdate() + timedelta(days=60),
        by=world.coordinator,
    )
    placement.refresh_from_db()
    assert placement.planned_return_on == timezone.localdate() + timedelta(days=60)
    assert not placement.review_is_overdue(timezone.localdate())
    services.record_reintegration_review(
        placement, reviewed_on=timezone.localdate(), outcome="return", by=world.coordinator
    )
    placement.refresh_from_db()
    assert placement.ends_on == timezone.localdate()
    assert placement.end_reason == "Return to the home school"
    assert ReintegrationReview.objects.filter(placement=placement).count() == 2
    with pytest.raises(TransitionNotAllowed):
        services.record_reintegration_review(
            placement, reviewed_on=timezone.localdate(), outcome="return", by=world.coordinator
        )


def test_only_ap_placements_are_reviewed(world, directory):
    placement = services.record_placement(
        world.case,
        setting=directory.school.organisation,
        starts_on=timezone.localdate(),
        by=world.coordinator,
    )
    with pytest.raises(TransitionNotAllowed):
        services.record_reintegration_review(
            placement, reviewed_on=timezone.localdate(), outcome="return", by=world.coordinator
        )


@pytest.mark.parametrize("who", ["family", "setting_user", "other_team_coordinator"])
def test_only_case_staff_record_placements(world, directory, who):
    with pytest.raises(DomainError):
        services.record_placement(
            world.case,
            setting=directory.school.organisation,
            starts_on=timezone.localdate(),
            by=getattr(world, who),
        )


# --- The directory --------------------------------------------------------------------------------


def test_manager_updates_the_las_facts(world, directory):
    setting = services.update_setting_facts(
        directory.school,
        need_types=["HI"],
        places=6,
        vacancies=1,
        has_sen_unit=True,
        senco_name="Ms Senco",
        senco_email="senco@example.org",
        by=world.manager,
    )
    assert setting.provision_type == "resourced"
    assert setting.contacts.get().name == "Ms Senco"
    with pytest.raises(DomainError) as raised:
        services.update_setting_facts(directory.school, vacancies=7, by=world.manager)
    assert raised.value.field == "vacancies"
    services.update_setting_facts(
        directory.school,
        has_sen_unit=False,
        clear=["places", "vacancies"],
        senco_name="",
        senco_email="",
        by=world.manager,
    )
    directory.school.refresh_from_db()
    assert (directory.school.places, directory.school.provision_type) == (None, "mainstream")
    assert not directory.school.contacts.exists()
    for bad in ({"need_types": ["XX"]}, {"broad_areas": ["joy"]}):
        with pytest.raises(DomainError):
            services.update_setting_facts(directory.school, by=world.manager, **bad)
    with pytest.raises(DomainError):
        services.update_setting_facts(directory.school, places=4, by=world.coordinator)


def test_search_directory(world, directory):
    assert selectors.search_directory(text="oakwood").get() == directory.special
    assert selectors.search_directory(broad_area="communication").count() == 1
    assert selectors.search_directory(need_type="SLD").get() == directory.other_special
    assert (
        selectors.search_directory(provision_type="mainstream", phase="primary").get()
        == directory.school
    )
    assert selectors.search_directory(with_vacancies=True).count() == 2
    SettingFactory(status=SettingStatus.CLOSED)
    assert selectors.search_directory().count() == 3
    assert selectors.search_directory(include_closed=True).count() == 4


def test_sufficiency_counts_places_and_demand(world, directory):
    rows = {
        (r.area, r.phase): r
        for r in selectors.sufficiency(world.manager, today=timezone.localdate())
    }
    several = rows[("communication", "several")]
    assert (several.settings, several.places, several.vacancies) == (1, 80, 3)
    assert several.shortfall is None
    world.case.stage = Stage.ASSESSMENT
    world.case.save()
    rows = {
        (r.area, r.phase): r
        for r in selectors.sufficiency(world.manager, today=timezone.localdate())
    }
    assert rows[("communication", "primary")].children == 1
    # The special school (ages 4 to 19, 80 places) takes primary-age children: no gap.
    assert rows[("communication", "primary")].shared_places == 80
    assert rows[("communication", "primary")].shortfall == 0
    together = rows[("communication", "all")]
    assert (together.places, together.children, together.shortfall) == (80, 1, 0)
    # A special school whose age range does not reach primary age does not count there.
    directory.special.low_age = 11
    directory.special.save()
    rows = {
        (r.area, r.phase): r
        for r in selectors.sufficiency(world.manager, today=timezone.localdate())
    }
    assert rows[("communication", "primary")].shared_places == 0
    assert rows[("communication", "primary")].shortfall == 1
    assert rows[("communication", "secondary")].shared_places == 80


def test_refusals_are_counted_by_reason(world, directory):
    consultation = send(world, directory.special)
    services.answer_consultation(
        consultation,
        answer="cannot_meet",
        reasons="Full",
        refusal_reason="no_places",
        by=world.coordinator,
    )
    assert selectors.refusals(world.manager) == [
        {"setting": "Oakwood Special School", "reason": "No places available", "count": 1}
    ]
    assert selectors.refusal_totals(world.manager) == [
        {"reason": "No places available", "count": 1}
    ]
    assert selectors.refusals(world.other_la_manager) == []

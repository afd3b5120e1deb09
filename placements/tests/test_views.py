"""The HTML journey end to end: a coordinator builds and publishes a tailored list with a family,
the family reads it and says what they prefer, the setting is consulted and answers, the LA names
it and it appears in section I of the final plan. Plus forms' error summaries and downloads."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import timezone

from placements.models import NO_GUARANTEE, Consultation, TailoredList
from placements.tests.conftest import next_september
from sendcpp.web.testing import date_parts

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def test_the_whole_journey_through_the_pages(world, client_for, directory):
    from ehcp.models import Plan
    from ehcp.services import issue_final_plan
    from ehcp.tests.factories import draft_issued

    draft_issued(world.case, world.coordinator)
    case = world.case.public_id
    coordinator = client_for(world.coordinator)
    page = coordinator.get(f"/placements/cases/{case}/tailored-list/")
    assert b"Start an advisory tailored list" in page.content
    response = coordinator.post(
        f"/placements/cases/{case}/tailored-list/start/",
        {**date_parts("starts_on", next_september()), "max_distance_km": "20"},
    )
    assert response.status_code == 302
    page = coordinator.get(f"/placements/cases/{case}/tailored-list/").content.decode()
    assert "Proposed settings" in page
    assert "Designed for autistic spectrum disorder" in page
    response = coordinator.post(
        f"/placements/cases/{case}/tailored-list/add/",
        {"setting": directory.special.organisation_id},
    )
    assert response.status_code == 302
    response = coordinator.post(
        f"/placements/cases/{case}/tailored-list/add/", {"setting": world.school.pk}
    )
    assert response.status_code == 302
    assert coordinator.post(f"/placements/cases/{case}/tailored-list/publish/").status_code == 302

    family = client_for(world.family)
    page = family.get(f"/placements/cases/{case}/tailored-list/").content.decode()
    assert "Advisory tailored list for" in page
    assert "does not guarantee a place" in page
    assert "Oakwood Special School" in page
    response = family.post(
        f"/placements/cases/{case}/tailored-list/priorities/", {"priorities": "A short journey"}
    )
    assert response.status_code == 302
    response = family.post(
        f"/placements/cases/{case}/tailored-list/ask/",
        {"setting": directory.special.organisation_id, "question": "Is there a sensory room?"},
    )
    assert response.status_code == 302
    response = family.post(
        f"/placements/cases/{case}/tailored-list/preference/",
        {"setting": world.school.pk, "reasons": "Her friends go there"},
    )
    assert response.status_code == 302
    assert TailoredList.objects.get().preferred_setting == world.school

    page = coordinator.get(f"/placements/cases/{case}/consultations/new/").content.decode()
    assert 'value="family" checked' in page  # the family's preference is proposed
    response = coordinator.post(
        f"/placements/cases/{case}/consultations/new/",
        {
            "setting": world.school.pk,
            "reason": "family",
            **date_parts("sent_on", timezone.localdate()),
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()

    senco = client_for(world.setting_user)
    inbox = senco.get("/placements/consultations/").content.decode()
    assert world.case.child.full_name in inbox
    response = senco.post(
        f"/placements/consultations/{consultation.public_id}/answer/",
        {"answer": "can_meet", "reasons": "We have a place", "annual_cost": "4500"},
    )
    assert response.status_code == 302

    response = coordinator.post(
        f"/placements/consultations/{consultation.public_id}/decide/",
        {"decision": "name", "placement_pattern": "Full time"},
    )
    assert response.status_code == 302
    plan = Plan.objects.get(case=world.case)
    assert plan.placement_name == "Riverside Primary School"
    final = issue_final_plan(plan, issued_on=timezone.localdate(), by=world.coordinator)
    assert final.content["placement"]["name"] == "Riverside Primary School"
    page = family.get(f"/placements/cases/{case}/tailored-list/").content.decode()
    assert "Name this setting in the plan" in page


def test_forms_show_an_error_summary(world, client_for, directory, tailored_list):
    coordinator = client_for(world.coordinator)
    response = coordinator.post(
        f"/placements/cases/{world.case.public_id}/consultations/new/", {"reason": "family"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Choose a setting" in page
    assert page.count("<title>Error: ") == 1
    response = coordinator.post(f"/placements/cases/{world.case.public_id}/tailored-list/add/", {})
    assert "govuk-error-summary" in response.content.decode()
    response = coordinator.post(
        f"/placements/cases/{world.case.public_id}/tailored-list/criteria/",
        {**date_parts("starts_on", next_september()), "revision": "99"},
    )
    assert "Someone else changed this list" in response.content.decode()


def test_a_service_refusal_is_shown_on_the_form(world, client_for, directory):
    response = client_for(world.coordinator).post(
        f"/placements/cases/{world.case.public_id}/placements/new/",
        {
            "setting": directory.special.organisation_id,
            "rank": "1",
            "residential": "day",
            **date_parts("starts_on", timezone.localdate()),
            "ap_tier": "2",
        },
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "needs a planned return date" in page


def test_import_page_lists_every_problem(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("la.csv", b"URN,Places\n123,4\n990001,lots\n")
    response = client_for(world.manager).post(
        "/placements/directory/import/", {"file": upload, "file_format": "la", "encoding": "utf-8"}
    )
    page = response.content.decode()
    assert "Row 2, column URN: must be 6 digits" in page
    assert "Row 3, column Places: must be a whole number" in page
    assert "Nothing was imported" in page


def test_published_version_page_states_no_guarantee(world, client_for, published):
    page = (
        client_for(world.family)
        .get(f"/placements/cases/{world.case.public_id}/tailored-list/versions/1/")
        .content.decode()
    )
    assert NO_GUARANTEE.split(".")[0] in page
    assert (
        client_for(world.family)
        .get(f"/placements/cases/{world.case.public_id}/tailored-list/versions/2/")
        .status_code
        == 404
    )


def test_sufficiency_csv(world, client_for, directory):
    directory.special.organisation.name = "=HYPERLINK(1)"
    directory.special.organisation.save()
    from placements import services

    consultation = services.send_consultation(
        world.case,
        setting=directory.special.organisation,
        reason="la",
        sent_on=timezone.localdate(),
        by=world.coordinator,
    )
    services.answer_consultation(
        consultation,
        answer="cannot_meet",
        reasons="Full",
        refusal_reason="no_places",
        by=world.coordinator,
    )
    response = client_for(world.manager).get("/placements/sufficiency/download/")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert (
        'Communication and interaction,"Several phases (special, all-through, AP)",1,80,3' in text
    )
    assert "'=HYPERLINK(1)" in text
    page = client_for(world.manager).get("/placements/sufficiency/").content.decode()
    assert "No places available" in page


def test_templates_have_no_inline_script_or_style():
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "<script" not in text, template
        assert not re.search(r"\sstyle=", text), template
        assert "<style" not in text, template


def test_setting_user_home_is_their_consultations(world, client_for):
    response = client_for(world.setting_user).get("/placements/")
    assert response["Location"] == "/placements/consultations/"


def test_coordinator_answers_and_removes_entries(world, client_for, directory, published):
    from placements import services

    entry = services.ask_about_setting(
        published, setting=world.school, question="Is there a bus?", by=world.family
    )
    coordinator = client_for(world.coordinator)
    path = f"/placements/cases/{world.case.public_id}/tailored-list/entries/{entry.public_id}"
    assert b"Is there a bus?" in coordinator.get(f"{path}/answer/").content
    assert "govuk-error-summary" in coordinator.post(f"{path}/answer/", {}).content.decode()
    response = coordinator.post(f"{path}/answer/", {"answer": "Yes, a taxi"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.answer == "Yes, a taxi"
    # The family's own addition stays; the coordinator sees why.
    response = coordinator.post(f"{path}/remove/", follow=True)
    assert "answer their question instead" in response.content.decode()
    special = published.entries.get(setting=directory.special.organisation)
    response = coordinator.post(
        f"/placements/cases/{world.case.public_id}/tailored-list/entries/{special.public_id}/remove/"
    )
    assert response.status_code == 302
    assert not published.entries.filter(pk=special.pk).exists()
    family_page = (
        client_for(world.family)
        .get(f"/placements/cases/{world.case.public_id}/tailored-list/")
        .content.decode()
    )
    assert "Yes, a taxi" in family_page


def test_publishing_an_empty_list_says_why(world, client_for, tailored_list):
    response = client_for(world.coordinator).post(
        f"/placements/cases/{world.case.public_id}/tailored-list/publish/", follow=True
    )
    assert "Add at least one setting" in response.content.decode()


def test_criteria_change_through_the_form(world, client_for, tailored_list):
    response = client_for(world.coordinator).post(
        f"/placements/cases/{world.case.public_id}/tailored-list/criteria/",
        {
            **date_parts("starts_on", next_september()),
            "max_distance_km": "12.5",
            "provision_types": ["special", "resourced"],
            "only_with_vacancies": "on",
            "revision": "1",
        },
    )
    assert response.status_code == 302
    tailored_list.refresh_from_db()
    assert tailored_list.provision_types == ["special", "resourced"]
    assert tailored_list.only_with_vacancies


def test_family_adds_a_setting_without_a_question(world, client_for, directory, published):
    response = client_for(world.family).post(
        f"/placements/cases/{world.case.public_id}/tailored-list/ask/", {"setting": world.school.pk}
    )
    assert response.status_code == 302
    assert published.entries.get(setting=world.school).source == "family"


def test_family_sees_a_list_being_drawn_up(world, client_for, tailored_list):
    page = client_for(world.family).get(f"/placements/cases/{world.case.public_id}/tailored-list/")
    assert "drawing up a list" in page.content.decode()


def test_withdraw_and_review_through_the_forms(world, client_for, directory):
    from placements import services

    today = timezone.localdate()
    consultation = services.send_consultation(
        world.case, setting=world.school, reason="la", sent_on=today, by=world.coordinator
    )
    coordinator = client_for(world.coordinator)
    response = coordinator.post(
        f"/placements/consultations/{consultation.public_id}/withdraw/", {"reason": "Moved away"}
    )
    assert response.status_code == 302
    response = coordinator.post(
        f"/placements/consultations/{consultation.public_id}/withdraw/", {"reason": "Again"}
    )
    assert "cannot move to" in response.content.decode()
    placement = services.record_placement(
        world.case,
        setting=directory.special.organisation,
        ap_tier=3,
        starts_on=today,
        next_review_on=today,
        by=world.coordinator,
    )
    path = f"/placements/placements/{placement.public_id}/review/"
    response = coordinator.post(path, {**date_parts("reviewed_on", today), "outcome": "continue"})
    assert "Set the date of the next review" in response.content.decode()
    response = coordinator.post(path, {**date_parts("reviewed_on", today), "outcome": "move_on"})
    assert response.status_code == 302
    response = coordinator.post(
        f"/placements/placements/{placement.public_id}/end/",
        {**date_parts("ends_on", today), "reason": "Done"},
    )
    assert "already ended" in response.content.decode()


def test_manager_edits_facts_through_the_form(world, client_for, directory):
    path = f"/placements/directory/{directory.school.organisation.public_id}/edit/"
    manager = client_for(world.manager)
    response = manager.post(path, {"places": "2", "vacancies": "5"})
    assert "must not be more than the places" in response.content.decode()
    response = manager.post(
        path,
        {"places": "12", "vacancies": "2", "need_types": ["ASD"], "has_resourced_provision": "on"},
    )
    assert response.status_code == 302
    directory.school.refresh_from_db()
    assert directory.school.provision_type == "resourced"


def test_consultation_send_proposes_the_setting_in_the_link(world, client_for, directory):
    page = (
        client_for(world.coordinator)
        .get(
            f"/placements/cases/{world.case.public_id}/consultations/new/"
            f"?setting={directory.special.organisation.public_id}"
        )
        .content.decode()
    )
    assert f'value="{directory.special.organisation_id}" selected' in page
    page = client_for(world.coordinator).get(
        f"/placements/cases/{world.case.public_id}/consultations/new/?setting=not-a-uuid"
    )
    assert page.status_code == 200

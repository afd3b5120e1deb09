"""The placements API end to end: responses and what they changed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from placements.locations import DATA_DIR
from placements.models import Consultation, Placement, Setting, TailoredList
from placements.tests.conftest import next_september
from sendcpp.models import ApiRequestLog
from sendcpp.tests.factories import DocumentFactory


def test_public_directory_has_no_personal_data_or_vacancies(client, directory):
    directory.school.contacts.create(role="senco", name="Ms Private", email="p@example.org")
    response = client.get("/api/v1/placements/settings/?q=Oakwood")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["name"] == "Oakwood Special School"
    assert item["need_types"] == ["ASD"]
    assert "vacancies" not in item
    assert "contacts" not in item
    detail = client.get(f"/api/v1/placements/settings/{directory.school.organisation.public_id}/")
    assert "Ms Private" not in detail.content.decode()


def test_staff_see_vacancies_and_contacts(world, client_for, directory):
    directory.school.contacts.create(role="senco", name="Ms Senco", email="s@example.org")
    body = (
        client_for(world.coordinator)
        .get(f"/api/v1/placements/settings/{directory.school.organisation.public_id}/")
        .json()
    )
    assert body["contacts"] == [
        {"role": "senco", "name": "Ms Senco", "email": "s@example.org", "phone": ""}
    ]
    assert "vacancies" in body


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"phase": "end_reason"}, "phase"),
        ({"provision_type": "castle"}, "provision_type"),
        ({"include_closed": "perhaps"}, "include_closed"),
    ],
)
def test_directory_search_refuses_values_it_cannot_search_for(client, directory, query, field):
    response = client.get("/api/v1/placements/settings/", query)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("query", [{"need_type": "\x003"}, {"q": "Oak\x00wood"}])
def test_directory_search_with_a_nul_byte_is_refused_not_failed(client, directory, query):
    # A NUL character reached PostgreSQL and failed with a server error; the project's guard
    # now refuses it before the view, and the directory's own query refuses it too.
    response = client.get("/api/v1/placements/settings/", query)
    assert response.status_code == 400
    from placements.api.serializers import DirectoryQuery

    assert not DirectoryQuery(data=query).is_valid()


def test_directory_filters(client, directory):
    assert client.get("/api/v1/placements/settings/?broad_area=communication").json()["count"] == 1
    assert client.get("/api/v1/placements/settings/?need_type=SLD").json()["count"] == 1
    assert client.get("/api/v1/placements/settings/?provision_type=special").json()["count"] == 2


def test_partner_imports_with_settings_write_and_every_call_is_logged(world, partner_keys):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {partner_keys['no_scope'][1]}")
    upload = SimpleUploadedFile("gias.csv", (DATA_DIR / "demo-borough-settings.csv").read_bytes())
    response = client.post(
        "/api/v1/placements/settings/import/", {"file": upload, "file_format": "gias"}
    )
    assert response.status_code == 201
    assert response.json()["created"] == 10
    bad = SimpleUploadedFile("la.csv", b"URN,Places\n990001,many\n")
    response = client.post(
        "/api/v1/placements/settings/import/", {"file": bad, "file_format": "la"}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == ["Row 2, column Places: must be a whole number"]
    assert Setting.objects.get(organisation__urn="990001").places is None
    assert ApiRequestLog.objects.filter(api_client=partner_keys["no_scope"][0]).count() == 2


def test_school_partner_cannot_import(world, partner_keys):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {partner_keys['school_reader'][1]}")
    upload = SimpleUploadedFile("gias.csv", (DATA_DIR / "demo-borough-settings.csv").read_bytes())
    response = client.post(
        "/api/v1/placements/settings/import/", {"file": upload, "file_format": "gias"}
    )
    assert response.status_code == 403
    assert not Setting.objects.exists()


def test_manager_patches_la_facts_and_clears_with_null(world, client_for, directory):
    client = client_for(world.manager)
    path = f"/api/v1/placements/settings/{directory.special.organisation.public_id}/"
    response = client.patch(
        path,
        {"places": None, "vacancies": None, "need_types": ["SLD"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["places"], response.json()["need_types"]) == (None, ["SLD"])
    response = client.patch(path, {"places": 2, "vacancies": 5}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "vacancies"


def test_coordinator_builds_and_publishes_a_list_the_family_reads(world, client_for, directory):
    staff = client_for(world.coordinator)
    response = staff.post(
        "/api/v1/placements/tailored-lists/",
        {"case": str(world.case.public_id), "starts_on": next_september().isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 201
    list_id = response.json()["id"]
    response = staff.post(
        f"/api/v1/placements/tailored-lists/{list_id}/add/",
        {"setting": str(directory.special.organisation.public_id), "note": "Good fit"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["source"] == "matched"
    response = staff.post(
        f"/api/v1/placements/tailored-lists/{list_id}/publish/", {}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["content"]["entries"][0]["note"] == "Good fit"
    family = client_for(world.family)
    body = family.get(f"/api/v1/placements/tailored-lists/{list_id}/").json()
    assert "entries" not in body
    assert body["versions"][0]["number"] == 1
    response = family.post(
        f"/api/v1/placements/tailored-lists/{list_id}/preference/",
        {"setting": str(directory.special.organisation.public_id), "reasons": "Visited"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["preferred_setting"] == str(directory.special.organisation.public_id)
    assert TailoredList.objects.get().preference_reasons == "Visited"


def test_send_with_a_pack_and_the_setting_answers(world, client_for, directory):
    document = DocumentFactory(case=world.case, title="Draft plan")
    staff = client_for(world.coordinator)
    body = {
        "case": str(world.case.public_id),
        "setting": str(world.school.public_id),
        "reason": "family",
        "sent_on": timezone.localdate().isoformat(),
        "documents": [str(document.public_id)],
    }
    response = staff.post(
        "/api/v1/placements/consultations/send/", body, content_type="application/json"
    )
    assert response.status_code == 201
    consultation_id = response.json()["id"]
    other = DocumentFactory(case=world.other_case)
    response = staff.post(
        "/api/v1/placements/consultations/send/",
        {
            **body,
            "setting": str(directory.special.organisation.public_id),
            "documents": [str(other.public_id)],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    senco = client_for(world.setting_user)
    pack = senco.get(f"/api/v1/placements/consultations/{consultation_id}/").json()
    assert "case" not in pack
    assert [d["title"] for d in pack["documents"]] == ["Draft plan"]
    assert senco.get(pack["documents"][0]["download_url"]).status_code == 200
    response = senco.post(
        f"/api/v1/placements/consultations/{consultation_id}/answer/",
        {
            "answer": "cannot_meet",
            "reasons": "Full",
            "refusal_reason": "no_places",
            "annual_cost": "0",
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "answered"
    response = senco.post(
        f"/api/v1/placements/consultations/{consultation_id}/answer/",
        {"answer": "can_meet", "reasons": "Changed our mind"},
        content_type="application/json",
    )
    assert response.status_code == 409
    response = staff.post(
        f"/api/v1/placements/consultations/{consultation_id}/withdraw/",
        {"reason": "Family chose another school"},
        content_type="application/json",
    )
    assert response.json()["status"] == "withdrawn"
    assert Consultation.objects.get().status == "withdrawn"


def test_placements_through_the_api(world, client_for, directory):
    staff = client_for(world.coordinator)
    today = timezone.localdate()
    response = staff.post(
        "/api/v1/placements/placements/",
        {
            "case": str(world.case.public_id),
            "setting": str(directory.special.organisation.public_id),
            "ap_tier": 3,
            "starts_on": today.isoformat(),
            "next_review_on": today.isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    placement_id = response.json()["id"]
    response = staff.post(
        f"/api/v1/placements/placements/{placement_id}/review/",
        {"reviewed_on": today.isoformat(), "outcome": "move_on"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["ends_on"] == today.isoformat()
    response = staff.post(
        f"/api/v1/placements/placements/{placement_id}/end/",
        {"ends_on": today.isoformat(), "reason": "Again"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert Placement.objects.get().end_reason == "Move to a new school or post-16 destination"


def test_schema_describes_the_placements_api(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/placements/consultations/{public_id}/decide/" in schema
    assert "/api/v1/placements/settings/import/" in schema

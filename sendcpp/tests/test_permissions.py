"""The permission matrix for every HTML view, API endpoint and download of the shared case model:
anonymous, family of this child, family of another child, coordinator, teammate, other team,
manager, manager of another LA, administrator, partner keys with and without scope. A denial is a
404 (or a redirect to sign in for anonymous web users, 401 for anonymous API calls) and changes
nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sendcpp.models import AccessLog, Audience, CaseEvent, Document
from sendcpp.tests.factories import DocumentFactory

PEOPLE = [
    "anonymous",
    "family",
    "other_family",
    "coordinator",
    "teammate",
    "other_team_coordinator",
    "manager",
    "other_la_manager",
    "administrator",
    "professional",
    "setting_user",
]
CASE_READERS = {"family", "coordinator", "teammate", "manager"}
CASE_EDITORS = {"coordinator", "teammate", "manager"}


def _client(world, client_for, who: str) -> Client:
    return client_for(None if who == "anonymous" else getattr(world, who))


def _denied(response, who: str) -> bool:
    if who == "anonymous":
        return response.status_code == 302 and "/sign-in/" in response["Location"]
    return response.status_code == 404


@pytest.mark.parametrize("who", PEOPLE)
def test_case_page(world, client_for, who):
    response = _client(world, client_for, who).get(f"/cases/{world.case.public_id}/")
    if who in CASE_READERS:
        assert response.status_code == 200
        assert AccessLog.objects.filter(case=world.case, what="case").count() == 1
    else:
        assert _denied(response, who)
        assert not AccessLog.objects.exists()


@pytest.mark.parametrize("who", PEOPLE)
def test_document_download(world, client_for, who):
    document = DocumentFactory(case=world.case, audience=Audience.STAFF)
    response = _client(world, client_for, who).get(f"/documents/{document.public_id}/")
    if who in CASE_EDITORS:
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    else:
        assert _denied(response, who)


@pytest.mark.parametrize("who", PEOPLE)
def test_family_document_download(world, client_for, who):
    document = DocumentFactory(case=world.case, audience=Audience.FAMILY)
    response = _client(world, client_for, who).get(f"/documents/{document.public_id}/")
    assert (response.status_code == 200) is (who in CASE_READERS)


@pytest.mark.parametrize("who", PEOPLE)
def test_upload_document(world, client_for, who):
    upload = SimpleUploadedFile("advice.pdf", b"%PDF-1.7 advice", content_type="application/pdf")
    response = _client(world, client_for, who).post(
        f"/cases/{world.case.public_id}/documents/add/",
        {"title": "Advice", "kind": "advice", "audience": "staff", "file": upload},
    )
    if who in CASE_EDITORS:
        assert response.status_code == 302
        assert Document.objects.filter(case=world.case).count() == 1
    else:
        assert _denied(response, who)
        assert not Document.objects.exists()
        assert not CaseEvent.objects.exists()


@pytest.mark.parametrize("who", PEOPLE)
def test_add_note(world, client_for, who):
    response = _client(world, client_for, who).post(
        f"/cases/{world.case.public_id}/notes/", {"text": "Phoned school"}
    )
    if who in CASE_EDITORS:
        assert response.status_code == 302
        assert CaseEvent.objects.filter(case=world.case, kind="note_added").count() == 1
    else:
        assert _denied(response, who)
        assert not CaseEvent.objects.exists()


@pytest.mark.parametrize("who", PEOPLE)
def test_reassign_coordinator(world, client_for, who):
    response = _client(world, client_for, who).post(
        f"/cases/{world.case.public_id}/coordinator/", {"coordinator": world.teammate.pk}
    )
    world.case.refresh_from_db()
    if who in CASE_EDITORS:
        assert response.status_code == 302
        assert world.case.coordinator == world.teammate
    else:
        assert _denied(response, who)
        assert world.case.coordinator == world.coordinator


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/cases/", {"manager", "other_la_manager"}),
        ("/audit/", {"manager", "other_la_manager"}),
        (
            "/children/search/?q=a",
            {
                "coordinator",
                "teammate",
                "other_team_coordinator",
                "manager",
                "other_la_manager",
                "administrator",
            },
        ),
        ("/", set(PEOPLE) - {"anonymous"}),
    ],
)
@pytest.mark.parametrize("who", PEOPLE)
def test_pages(world, client_for, who, path, allowed):
    response = _client(world, client_for, who).get(path)
    if who in allowed:
        assert response.status_code == 200
    else:
        assert _denied(response, who)


def test_audit_log_shows_only_own_local_authority(world, client_for):
    client_for(world.coordinator).get(f"/cases/{world.case.public_id}/")
    assert world.case.child.full_name.encode() in client_for(world.manager).get("/audit/").content
    assert (
        world.case.child.full_name.encode()
        not in client_for(world.other_la_manager).get("/audit/").content
    )


def test_search_shows_only_visible_children_and_cases(world, client_for):
    surname = world.other_case.child.legal_last_name
    client = client_for(world.coordinator)
    response = client.post("/children/search/", {"q": surname}, follow=True)
    assert response.context["searched"]
    assert world.other_case.reference.encode() not in response.content
    own = client.post("/children/search/", {"q": world.case.child.legal_last_name}, follow=True)
    assert world.case.reference.encode() in own.content


API_PEOPLE = [*PEOPLE, "la_reader", "school_reader", "no_scope", "revoked"]


def _api(world, client_for, partner_keys, who: str) -> Client:
    if who in {"la_reader", "school_reader", "no_scope"}:
        return Client(HTTP_AUTHORIZATION=f"Bearer {partner_keys[who][1]}")
    if who == "revoked":
        from django.utils import timezone

        client, key = partner_keys["la_reader"]
        client.revoked_at = timezone.now()
        client.save()
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    return _client(world, client_for, who)


def _api_denied(response, who: str) -> bool:
    if who in {"anonymous", "revoked"}:
        return response.status_code == 401
    return response.status_code == 404


API_CASE_READERS = CASE_READERS | {"la_reader", "school_reader"}


@pytest.mark.parametrize("who", API_PEOPLE)
@pytest.mark.parametrize("suffix", ["", "timeline/", "documents/"])
def test_api_case_endpoints(world, client_for, partner_keys, who, suffix):
    response = _api(world, client_for, partner_keys, who).get(
        f"/api/v1/cases/{world.case.public_id}/{suffix}"
    )
    if who in API_CASE_READERS:
        assert response.status_code == 200
    else:
        assert _api_denied(response, who)


@pytest.mark.parametrize("who", API_PEOPLE)
def test_api_child_endpoint(world, client_for, partner_keys, who):
    response = _api(world, client_for, partner_keys, who).get(
        f"/api/v1/children/{world.case.child.public_id}/"
    )
    if who in API_CASE_READERS:
        assert response.status_code == 200
        assert response.json()["id"] == str(world.case.child.public_id)
    else:
        assert _api_denied(response, who)


@pytest.mark.parametrize("who", API_PEOPLE)
def test_api_case_list_is_scoped(world, client_for, partner_keys, who):
    response = _api(world, client_for, partner_keys, who).get("/api/v1/cases/")
    if who in {"anonymous", "revoked"}:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert (str(world.case.public_id) in ids) is (who in API_CASE_READERS)


@pytest.mark.parametrize("who", API_PEOPLE)
def test_api_document_download(world, client_for, partner_keys, who):
    document = DocumentFactory(case=world.case, audience=Audience.STAFF)
    response = _api(world, client_for, partner_keys, who).get(
        f"/api/v1/documents/{document.public_id}/download/"
    )
    # Staff-only documents: the LA's own staff and the LA's own system with documents:read.
    if who in CASE_EDITORS | {"la_reader"}:
        assert response.status_code == 200
    else:
        assert _api_denied(response, who)

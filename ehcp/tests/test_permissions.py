"""The permission matrix for every EHC page, action and API endpoint: anonymous, the child's
family, another family, the coordinator, a teammate, another team, the manager, another LA's
manager, the administrator, the professional asked for advice, another professional and a
setting's SENCO. A denial is a 404 (a redirect to sign in for anonymous web users, 401 for
anonymous API calls) and changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from ehcp import services
from ehcp.documents import PLAN_VERSION_PDF
from ehcp.models import (
    AdviceSubmission,
    Decision,
    DraftComment,
    Plan,
    PlanVersion,
    ReviewContribution,
)
from ehcp.tests import factories as f
from sendcpp import pdf
from sendcpp.models import AccessLog, CaseEvent
from sendcpp.web.testing import date_parts

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
    "other_professional",
    "setting_user",
]
FAMILY = {"family"}
STAFF = {"coordinator", "teammate", "manager"}
READERS = FAMILY | STAFF


@pytest.fixture
def journey(world):
    """A case with a final plan (two versions), advice from the professional and a review."""
    case = world.case
    f.agreed_to_assess(case, world.coordinator)
    advice = f.advice_asked(case, world.coordinator, advisor=world.professional)
    f.advice_given(advice, world.professional)
    services.decide_whether_to_issue(
        case, issue=True, reasons="Yes", decided_on=timezone.localdate(), by=world.coordinator
    )
    plan = Plan.objects.get(case=case)
    services.save_plan_row(
        plan, values=f.GOOD_ROW, lock_version=plan.lock_version, by=world.coordinator
    )
    plan.refresh_from_db()
    services.issue_draft_plan(plan, served_on=f.days_ago(20), by=world.coordinator)
    services.name_setting_in_plan(plan, setting=world.school, by=world.coordinator)
    version = services.issue_final_plan(plan, issued_on=timezone.localdate(), by=world.coordinator)
    review = services.schedule_review(case, meeting_on=timezone.localdate(), by=world.coordinator)
    case.refresh_from_db()
    return {
        "case": case,
        "plan": plan,
        "version": version,
        "advice": advice,
        "review": review,
        "decision": Decision.objects.filter(case=case).first(),
    }


def _client(world, client_for, who: str) -> Client:
    if who == "anonymous":
        return client_for(None)
    if who == "other_professional":
        return client_for(f.ProfessionalFactory())
    return client_for(getattr(world, who))


def _denied(response, who: str) -> bool:
    if who == "anonymous":
        return response.status_code == 302 and "/sign-in/" in response["Location"]
    return response.status_code == 404


PAGES = [
    ("/ehcp/cases/{case}/", STAFF),
    ("/ehcp/cases/{case}/journey/", READERS),
    ("/ehcp/cases/{case}/decide/reassess/", STAFF),
    ("/ehcp/cases/{case}/views/new/", READERS),
    ("/ehcp/plans/{plan}/", STAFF),
    ("/ehcp/plans/{plan}/areas/communication/", STAFF),
    ("/ehcp/plans/{plan}/preview/", STAFF),
    ("/ehcp/plans/{plan}/versions/", STAFF),
    ("/ehcp/plans/{plan}/compare/?from=1&to=2", STAFF),
    ("/ehcp/plans/{plan}/respond/", READERS),
    ("/ehcp/versions/{version}/", READERS),
    ("/ehcp/versions/{version}/read/", READERS),
    ("/ehcp/decisions/{decision}/", READERS),
    ("/ehcp/reviews/{review}/", READERS),
    ("/ehcp/advice/{advice}/", STAFF | {"professional"}),
    ("/ehcp/advice/{advice}/give/", STAFF | {"professional"}),
]


def _url(template: str, journey) -> str:
    ids = {
        "case": journey["case"].public_id,
        "plan": journey["plan"].public_id,
        "version": journey["version"].public_id,
        "decision": journey["decision"].public_id,
        "review": journey["review"].public_id,
        "advice": journey["advice"].public_id,
    }
    return template.format(**ids)


@pytest.mark.parametrize("who", PEOPLE)
def test_pages(world, client_for, journey, who):
    """Every page, for one person: the page, or a 404 that logs no read (the family's link to
    the staff EHCP page sends them to their own journey page instead)."""
    client = _client(world, client_for, who)
    for page, allowed in PAGES:
        reads = AccessLog.objects.count()
        response = client.get(_url(page, journey))
        if who in allowed:
            assert response.status_code == 200, page
        elif who == "family" and page == "/ehcp/cases/{case}/":
            assert response.status_code == 302
            assert "/journey/" in response["Location"]
        else:
            assert _denied(response, who), page
            assert AccessLog.objects.count() == reads, page
    # The advice inbox lists only the advisor's own requests (and staff's, on their cases).
    inbox = client.get("/ehcp/advice/")
    if who == "anonymous":
        assert _denied(inbox, who)
    else:
        listed = str(journey["advice"].public_id).encode() in inbox.content
        assert listed is (who in STAFF | {"professional"})
    # The family's views for the annual review.
    response = client.post(
        _url("/ehcp/reviews/{review}/your-views/", journey), {"progress": "Going well"}
    )
    if who in READERS:
        assert response.status_code == 302
        assert ReviewContribution.objects.count() == 1
    else:
        assert _denied(response, who)
        assert not ReviewContribution.objects.exists()


@pytest.mark.parametrize("who", PEOPLE)
def test_deciding_whether_to_assess(world, client_for, who):
    f.request_received(world.case, world.coordinator)
    response = _client(world, client_for, who).post(
        f"/ehcp/cases/{world.case.public_id}/decide/assess/",
        {"agree": "yes", "reasons": "Evidence", **date_parts("decided_on", timezone.localdate())},
    )
    world.case.refresh_from_db()
    if who in STAFF:
        assert response.status_code == 302
        assert world.case.stage == "assessment"
    else:
        assert _denied(response, who)
        assert world.case.stage == "request"
        assert not Decision.objects.exists()
        assert not CaseEvent.objects.filter(kind="ehcp_assessment_decided").exists()


@pytest.mark.parametrize("who", PEOPLE)
def test_giving_advice(world, client_for, who):
    f.agreed_to_assess(world.case, world.coordinator)
    request = f.advice_asked(world.case, world.coordinator, advisor=world.professional)
    response = _client(world, client_for, who).post(
        f"/ehcp/advice/{request.public_id}/give/",
        {
            "advisor_name": "A",
            "advisor_role": "B",
            "basis": "C",
            "summary": "D",
            "rows-TOTAL_FORMS": "0",
            "rows-INITIAL_FORMS": "0",
        },
    )
    if who in STAFF | {"professional"}:
        assert response.status_code == 302
        assert AdviceSubmission.objects.count() == 1
    else:
        assert _denied(response, who)
        assert not AdviceSubmission.objects.exists()


@pytest.mark.parametrize("who", PEOPLE)
def test_commenting_on_the_draft(world, client_for, who):
    version = f.draft_issued(world.case, world.coordinator, served_on=timezone.localdate())
    response = _client(world, client_for, who).post(
        f"/ehcp/plans/{version.plan.public_id}/respond/comment/",
        {"section": "other", "text": "A comment"},
    )
    if who in READERS:
        assert response.status_code == 302
        assert DraftComment.objects.count() == 1
    else:
        assert _denied(response, who)
        assert not DraftComment.objects.exists()


@pytest.mark.parametrize("who", PEOPLE)
def test_editing_the_plan(world, client_for, who):
    plan = f.drafting(world.case, world.coordinator)
    response = _client(world, client_for, who).post(
        f"/ehcp/plans/{plan.public_id}/sections/history/",
        {"history": "Rewritten", "communication": "", "lock_version": plan.lock_version},
    )
    plan.refresh_from_db()
    if who in STAFF:
        assert response.status_code == 302
        assert plan.history == "Rewritten"
    else:
        assert _denied(response, who)
        assert plan.history == ""


@pytest.mark.parametrize("who", PEOPLE)
def test_issuing_the_draft(world, client_for, who):
    plan = f.drafting(world.case, world.coordinator)
    response = _client(world, client_for, who).post(
        f"/ehcp/plans/{plan.public_id}/issue/draft/", date_parts("served_on", timezone.localdate())
    )
    if who in STAFF:
        assert response.status_code == 302
        assert PlanVersion.objects.count() == 1
    else:
        assert _denied(response, who)
        assert not PlanVersion.objects.exists()


# --- API ------------------------------------------------------------------------------------------

# The HTML matrix above covers every kind of person; the API adds the partner keys.
API_PEOPLE = [
    "anonymous",
    "family",
    "other_family",
    "coordinator",
    "other_team_coordinator",
    "manager",
    "other_la_manager",
    "professional",
    "setting_user",
    "la_reader",
    "la_writer",
    "school_reader",
    "no_scope",
    "revoked",
]


def _api(world, client_for, partner_keys, who: str) -> Client:
    from sendcpp.api.authentication import issue_api_client

    if who in {"la_reader", "school_reader", "no_scope"}:
        return Client(HTTP_AUTHORIZATION=f"Bearer {partner_keys[who][1]}")
    if who == "la_writer":
        _, key = issue_api_client(
            name="w",
            organisation=world.la,
            scopes=["cases:read", "cases:write", "decisions:write", "plans:write"],
        )
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    if who == "revoked":
        client, key = partner_keys["la_reader"]
        client.revoked_at = timezone.now()
        client.save()
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    return _client(world, client_for, who)


def _api_denied(response, who: str, *, readable: bool = False) -> bool:
    if who in {"anonymous", "revoked"}:
        return response.status_code == 401
    # A partner key that may read the record but not change it is told so (403); a record it
    # may not read answers as missing (404), as for people.
    if readable and who in {"la_reader", "school_reader", "no_scope"}:
        return response.status_code == 403
    return response.status_code == 404


LA_SYSTEMS = {"la_reader", "la_writer"}
API_READS = [
    ("/api/v1/ehcp/plans/{plan}/", STAFF | LA_SYSTEMS),
    ("/api/v1/ehcp/versions/{version}/", READERS | LA_SYSTEMS | {"school_reader"}),
    ("/api/v1/ehcp/reviews/{review}/", READERS | LA_SYSTEMS | {"school_reader"}),
    ("/api/v1/ehcp/advice-requests/{advice}/", STAFF | LA_SYSTEMS | {"professional"}),
]


@pytest.mark.parametrize("who", API_PEOPLE)
def test_api_reads(world, client_for, partner_keys, journey, who, monkeypatch):
    client = _api(world, client_for, partner_keys, who)
    for path, allowed in API_READS:
        response = client.get(_url(path, journey))
        if who in allowed:
            assert response.status_code == 200, path
        else:
            assert _api_denied(response, who), path
    # Lists hold only what the caller may see.
    response = client.get("/api/v1/ehcp/versions/")
    if who in {"anonymous", "revoked"}:
        assert response.status_code == 401
    else:
        ids = {row["id"] for row in response.json()["results"]}
        listed = str(journey["version"].public_id) in ids
        assert listed is (who in READERS | LA_SYSTEMS | {"school_reader"})
    # The plan PDF is shared with the family; the LA's systems need documents:read.
    version = journey["version"]
    # Rendering is tested in test_documents; here only who may download it matters.
    monkeypatch.setattr("sendcpp.pdf.render_pdf", lambda spec: b"%PDF-1.7 plan")
    pdf.attempt(PLAN_VERSION_PDF, version.pk, last_attempt=True)
    response = client.get(f"/api/v1/ehcp/versions/{version.public_id}/pdf/")
    if who in READERS | {"la_reader"}:
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    else:
        assert _api_denied(response, who)


@pytest.mark.parametrize("who", API_PEOPLE)
def test_api_decision(world, client_for, partner_keys, who):
    request = f.request_received(world.case, world.coordinator).ehcp_requests.get()
    response = _api(world, client_for, partner_keys, who).post(
        f"/api/v1/ehcp/requests/{request.public_id}/decide/",
        {"agree": True, "reasons": "Evidence", "decided_on": timezone.localdate().isoformat()},
        content_type="application/json",
    )
    world.case.refresh_from_db()
    if who in STAFF | {"la_writer"}:
        assert response.status_code == 200, response.content
        assert world.case.stage == "assessment"
    else:
        # Both readers may read the case (the school's child attends it): 403, nothing changed.
        assert _api_denied(response, who, readable=who in {"la_reader", "school_reader"})
        assert world.case.stage == "request"
        assert not Decision.objects.exists()

"""The API: the journey through explicit POST actions calling the same services as the pages,
errors as 400/409 JSON, and list endpoints whose query count does not grow with the rows."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ehcp.models import AdviceRequest, Assessment, Plan, Review
from ehcp.tests import factories as f
from sendcpp.models import Stage


def today() -> str:
    """Today's date as the API takes it (read when the test runs, never at import)."""
    return timezone.localdate().isoformat()


def _post(client, url, data=None, status=200):
    response = client.post(url, data or {}, content_type="application/json")
    assert response.status_code == status, response.content
    return response.json()


def test_the_journey_through_the_api(world, client_for, appeal_windows):
    staff = client_for(world.coordinator)
    request = _post(
        staff,
        "/api/v1/ehcp/requests/",
        {"case": str(world.case.public_id), "source": "health", "received_on": today()},
        201,
    )
    assert request["sen2_source"] == 3
    _post(
        staff,
        f"/api/v1/ehcp/requests/{request['id']}/decide/",
        {"agree": True, "reasons": "Evidence", "decided_on": today()},
    )
    advice = _post(
        staff,
        "/api/v1/ehcp/advice-requests/",
        {
            "case": str(world.case.public_id),
            "kind": "psychological",
            "advisor": str(world.professional.public_id),
            "advisor_name": "Dr Rao",
            "requested_on": today(),
        },
        201,
    )
    professional = client_for(world.professional)
    submission = _post(
        professional,
        f"/api/v1/ehcp/advice-requests/{advice['id']}/submit/",
        {
            "content": {"summary": "Language needs"},
            "rows": [f.GOOD_ROW],
            "advisor_name": "Dr Rao",
            "advisor_role": "EP",
        },
        201,
    )
    assert submission["rows"][0]["area"] == "communication"
    assessment = Assessment.objects.get(case=world.case)
    _post(
        staff,
        f"/api/v1/ehcp/assessments/{assessment.public_id}/decide-issue/",
        {"issue": True, "reasons": "Plan needed", "decided_on": today()},
    )
    plan = Plan.objects.get(case=world.case)
    body = _post(
        staff,
        f"/api/v1/ehcp/plans/{plan.public_id}/save-row/",
        {**f.GOOD_ROW, "lock_version": plan.lock_version},
    )
    assert len(body["rows"]) == 1
    draft = _post(
        staff, f"/api/v1/ehcp/plans/{plan.public_id}/issue-draft/", {"served_on": today()}, 201
    )
    assert draft["kind"] == "draft"
    assert draft["pdf_status"] == "pending"
    _post(staff, f"/api/v1/ehcp/plans/{plan.public_id}/consult/")
    _post(
        staff,
        f"/api/v1/ehcp/plans/{plan.public_id}/name-setting/",
        {"setting": str(world.school.public_id)},
    )
    error = _post(
        staff, f"/api/v1/ehcp/plans/{plan.public_id}/issue-final/", {"issued_on": today()}, 400
    )
    assert "can comment until" in error["detail"]
    from ehcp import services

    services.finish_commenting(plan, by=world.family)
    final = _post(
        staff, f"/api/v1/ehcp/plans/{plan.public_id}/issue-final/", {"issued_on": today()}, 201
    )
    comparison = staff.get(f"/api/v1/ehcp/versions/{draft['id']}/compare/?to={final['id']}").json()
    assert any(line["section"] == "Section I: placement" for line in comparison)
    review = _post(
        staff,
        "/api/v1/ehcp/reviews/",
        {"case": str(world.case.public_id), "meeting_on": today()},
        201,
    )
    for action, data in [
        ("send-invitations", {"sent_on": today()}),
        ("send-papers", {"sent_on": today()}),
        ("record-meeting", {"held_on": today(), "attendees": "All", "notes": "Good"}),
        ("send-report", {"report": "Keep", "sent_on": today()}),
        ("decide", {"outcome": "maintain", "reasons": "Working", "decided_on": today()}),
    ]:
        _post(staff, f"/api/v1/ehcp/reviews/{review['id']}/{action}/", data)
    world.case.refresh_from_db()
    assert world.case.stage == Stage.MAINTAINED
    assert [call["decision"] for call in appeal_windows] == ["plan_contents", "refuse_amend"]


def test_a_move_not_allowed_now_is_409_and_a_stale_save_is_409(world, client_for):
    plan = f.drafting(world.case, world.coordinator)
    staff = client_for(world.coordinator)
    error = _post(
        staff, f"/api/v1/ehcp/plans/{plan.public_id}/issue-final/", {"issued_on": today()}, 409
    )
    assert "draft" in error["detail"]
    stale = plan.lock_version
    _post(
        staff,
        f"/api/v1/ehcp/plans/{plan.public_id}/update-section/",
        {"section": "history", "values": {"history": "First"}, "lock_version": stale},
    )
    error = _post(
        client_for(world.teammate),
        f"/api/v1/ehcp/plans/{plan.public_id}/update-section/",
        {"section": "history", "values": {"history": "Second"}, "lock_version": stale},
        409,
    )
    assert "have not been saved" in error["detail"]
    plan.refresh_from_db()
    assert plan.history == "First"


def test_bad_input_is_400_with_the_field(world, client_for):
    staff = client_for(world.coordinator)
    response = staff.post(
        "/api/v1/ehcp/requests/",
        {"case": str(world.case.public_id), "source": "nobody", "received_on": today()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "source" in response.json()


LISTS = [
    "/api/v1/ehcp/requests/",
    "/api/v1/ehcp/assessments/",
    "/api/v1/ehcp/advice-requests/",
    "/api/v1/ehcp/advice-submissions/",
    "/api/v1/ehcp/plans/",
    "/api/v1/ehcp/versions/",
    "/api/v1/ehcp/reviews/",
]


def _journey(case, coordinator, professional):
    f.agreed_to_assess(case, coordinator)
    f.advice_given(f.advice_asked(case, coordinator, advisor=professional), professional)
    from ehcp import services

    services.decide_whether_to_issue(
        case, issue=True, reasons="Yes", decided_on=f.days_ago(1), by=coordinator
    )
    plan = Plan.objects.get(case=case)
    services.save_plan_row(plan, values=f.GOOD_ROW, lock_version=plan.lock_version, by=coordinator)
    plan.refresh_from_db()
    services.issue_draft_plan(plan, served_on=f.days_ago(20), by=coordinator)
    services.name_setting_in_plan(plan, setting=f.SettingFactory(), by=coordinator)
    services.issue_final_plan(plan, issued_on=f.days_ago(1), by=coordinator)
    services.schedule_review(case, meeting_on=f.days_ago(0), by=coordinator)


def _counts(client):
    counts = {}
    for url in LISTS:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts[url] = (len(queries), response.json()["count"])
    return counts


def test_list_queries_do_not_grow_with_the_rows(world, client_for):
    manager = client_for(world.manager)
    _journey(world.case, world.coordinator, world.professional)
    # The session's first request also keeps it alive (saved at most once a minute): not a list's
    # cost, so it is made before counting.
    _counts(manager)
    one = _counts(manager)
    _journey(world.other_case, world.other_team_coordinator, f.ProfessionalFactory())
    two = _counts(manager)
    for url in LISTS:
        assert two[url][1] == 2 * one[url][1], url
        assert two[url][0] == one[url][0], url
        assert one[url][0] <= 12, url


def test_review_list_is_filtered_to_visible_cases(world, client_for):
    _journey(world.case, world.coordinator, world.professional)
    other = client_for(world.other_team_coordinator).get("/api/v1/ehcp/reviews/").json()
    assert other["count"] == 0
    assert Review.objects.count() == 1
    assert AdviceRequest.objects.count() == 1

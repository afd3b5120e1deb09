"""The partnership API end to end: reads scoped to the caller, explicit POST actions calling
services, 404 for forbidden with nothing changed, 409 for stale saves, the public endpoint and
query-count caps."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from partnerships import services
from partnerships.models import (
    AttendanceStatus,
    BoardAction,
    BoardMember,
    Decision,
    Meeting,
    MemberRole,
    PlanVersion,
)
from partnerships.tests.conftest import QUORATE, SECTIONS, TODAY, hold, publish
from partnerships.tests.factories import ActionFactory, MeetingFactory

ROLES = ["anonymous", "family", "coordinator", "member", "manager", "other_la_manager"]


def api_client(client_for, world, role):
    user = {"anonymous": None, "member": world.teammate}.get(role, getattr(world, role, None))
    return client_for(user)


def url(name, *args):
    return reverse(f"api-partnership-{name}", args=args)


READS = ["board-list", "member-list", "meeting-list", "action-list", "plan-version-list"]


def test_lists_show_only_the_callers_boards(world, client_for, things):
    for role in ROLES:
        client = api_client(client_for, world, role)
        sees = role in {"member", "manager"}
        for name in READS:
            response = client.get(url(name))
            if role == "anonymous":
                assert response.status_code in {401, 403}
                continue
            assert response.status_code == 200, (role, name)
            assert (response.json()["count"] > 0) is sees, (role, name)
        detail = client.get(url("action-detail", things.action.public_id))
        if role == "anonymous":
            assert detail.status_code in {401, 403}
        else:
            assert detail.status_code == (200 if sees else 404), role


def test_a_partner_key_sees_nothing_of_the_partnership(world, things, partner_keys, client):
    _client, key = partner_keys["la_reader"]
    response = client.get(url("board-list"), HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_the_board_seats_endpoint_reports_compliance(world, client_for, things, partnership):
    BoardMember.objects.filter(pk=partnership.members[MemberRole.HEALTH].pk).update(
        ends_on=TODAY - timedelta(days=1)
    )
    response = client_for(world.teammate).get(url("board-seats", partnership.board.public_id))
    seats = {seat["role"]: seat["status"] for seat in response.json()}
    assert seats[MemberRole.HEALTH] == "lapsed"
    assert seats[MemberRole.LA_SEND] == "filled"


@pytest.mark.parametrize("role", ["family", "coordinator", "member", "other_la_manager"])
def test_writes_without_the_right_are_404_and_change_nothing(world, client_for, things, role):
    client = api_client(client_for, world, role)
    before = (
        BoardMember.objects.count(),
        Meeting.objects.count(),
        Decision.objects.count(),
        BoardAction.objects.count(),
        list(PlanVersion.objects.values_list("status", "revision")),
    )
    calls = [
        (
            url("member-list"),
            {
                "full_name": "X",
                "role": "other",
                "organisation_name": "Y",
                "starts_on": "2026-11-02",
            },
        ),
        (url("meeting-schedule"), {"first_on": "2026-12-01", "count": 2}),
        (url("meeting-decisions", things.meeting.public_id), {"text": "Decided"}),
        (url("meeting-record-attendance", things.meeting.public_id), {"attendance": []}),
        (url("meeting-cancel", things.upcoming.public_id), {}),
        (
            url("action-list"),
            {
                "description": "New",
                "owner": str(things.action.owner.public_id),
                "due_on": "2026-12-01",
            },
        ),
        (url("plan-version-save-draft", things.draft.public_id), {"revision": 1, **SECTIONS}),
        (
            url("plan-version-approve", things.draft.public_id),
            {"meeting": str(things.meeting.public_id)},
        ),
        (url("plan-version-publish", things.draft.public_id), {}),
    ]
    for target, body in calls:
        response = client.post(target, body, content_type="application/json")
        assert response.status_code == 404, (target, response.content)
    after = (
        BoardMember.objects.count(),
        Meeting.objects.count(),
        Decision.objects.count(),
        BoardAction.objects.count(),
        list(PlanVersion.objects.values_list("status", "revision")),
    )
    assert after == before


def test_the_manager_runs_the_board_through_the_api(world, client_for, things, partnership):
    client = client_for(world.manager)
    response = client.post(
        url("meeting-schedule"),
        {"first_on": "2026-12-25", "count": 2, "interval_weeks": 6},
        content_type="application/json",
    )
    assert response.status_code == 201
    first = response.json()[0]
    assert (first["planned_on"], first["meets_on"]) == ("2026-12-25", "2026-12-29")
    assert "bank holiday" in first["moved_reason"]

    meeting = MeetingFactory(board=partnership.board, meets_on=TODAY)
    attendance = [
        {"member": str(m.public_id), "status": "present" if role in QUORATE else "absent"}
        for role, m in partnership.members.items()
    ]
    response = client.post(
        url("meeting-record-attendance", meeting.public_id),
        {"attendance": attendance},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["is_quorate"] is True

    response = client.post(
        url("meeting-decisions", meeting.public_id),
        {"text": "Adopt the terms of reference"},
        content_type="application/json",
    )
    assert response.status_code == 201

    response = client.post(
        url("action-list"),
        {
            "description": "Publish the local offer",
            "owner": str(partnership.staff_member.public_id),
            "due_on": "2026-12-01",
            "plan": str(things.plan.public_id),
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert BoardAction.objects.filter(
        description="Publish the local offer", plan=things.plan
    ).exists()


def test_a_member_records_progress_on_their_own_action(world, client_for, things):
    response = client_for(world.teammate).post(
        url("action-progress", things.action.public_id),
        {"note": "Done", "status": "done"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "done"


def test_a_decision_at_an_inquorate_meeting_is_a_400(world, client_for, partnership):
    meeting = MeetingFactory(board=partnership.board, meets_on=TODAY)
    hold(partnership, world, meeting, present=[MemberRole.LA_SEND])
    response = client_for(world.manager).post(
        url("meeting-decisions", meeting.public_id), {"text": "x"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "Not quorate" in response.json()["detail"]
    assert not Decision.objects.filter(meeting=meeting).exists()


def test_a_stale_draft_save_is_a_409_and_nothing_is_overwritten(world, client_for, things):
    client = client_for(world.manager)
    target = url("plan-version-save-draft", things.draft.public_id)
    ok = client.post(target, {"revision": 1, "context": "First"}, content_type="application/json")
    assert ok.status_code == 200
    assert ok.json()["revision"] == 2
    stale = client.post(
        target, {"revision": 1, "context": "Stale"}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert "while you were editing" in stale.json()["detail"]
    things.draft.refresh_from_db()
    assert things.draft.context == "First"


def test_approve_and_publish_are_explicit_actions(world, client_for, things):
    services.save_plan_draft(things.draft, sections=SECTIONS, revision=1, by=world.manager)
    client = client_for(world.manager)
    early = client.post(url("plan-version-publish", things.draft.public_id))
    assert early.status_code == 409
    approved = client.post(
        url("plan-version-approve", things.draft.public_id),
        {"meeting": str(things.meeting.public_id)},
        content_type="application/json",
    )
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    published = client.post(url("plan-version-publish", things.draft.public_id))
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    again = client.post(
        url("plan-version-save-draft", things.draft.public_id),
        {"revision": 3, "context": "x"},
        content_type="application/json",
    )
    assert again.status_code == 409


def test_the_public_endpoint_lists_published_plans_only(world, client_for, things):
    client = client_for(None)
    assert client.get(url("published-plan-list")).json()["count"] == 0
    assert client.get(url("published-plan-detail", things.draft.public_id)).status_code == 404
    publish(world, things)
    services.start_new_version(things.plan, by=world.manager)
    body = client.get(url("published-plan-list")).json()
    assert body["count"] == 1
    plan = body["results"][0]
    assert plan["number"] == 1
    assert plan["priorities"] == "Inclusion first"
    assert plan["actions"][0]["description"] == "Map alternative provision places"
    assert client.get(url("published-plan-detail", things.draft.public_id)).status_code == 200


@pytest.mark.parametrize(
    "name", ["member-list", "meeting-list", "action-list", "plan-version-list", "board-list"]
)
def test_api_lists_use_a_fixed_number_of_queries(
    world, client_for, things, partnership, name, django_assert_max_num_queries
):
    client = client_for(world.manager)
    for n in (2, 25):
        for i in range(n):
            meeting = MeetingFactory(
                board=partnership.board, meets_on=TODAY + timedelta(days=7 * (i + 10 + n))
            )
            ActionFactory(board=partnership.board, meeting=meeting, plan=things.plan)
        with django_assert_max_num_queries(10):
            assert client.get(url(name)).status_code == 200


def test_the_public_list_uses_a_fixed_number_of_queries(
    world, client_for, things, django_assert_max_num_queries
):
    publish(world, things)
    with django_assert_max_num_queries(3):
        assert client_for(None).get(url("published-plan-list")).status_code == 200


def test_attendance_for_someone_not_on_the_board_is_refused(world, client_for, things):
    response = client_for(world.manager).post(
        url("meeting-record-attendance", things.meeting.public_id),
        {
            "attendance": [
                {"member": str(things.plan.public_id), "status": AttendanceStatus.PRESENT}
            ]
        },
        content_type="application/json",
    )
    assert response.status_code == 400

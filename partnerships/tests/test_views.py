"""The HTML pages end to end: who may see and do what (denied is 404 and nothing changes), the
public pages showing only published plans, lost-update refusal and query-count caps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from partnerships import services
from partnerships.models import (
    BoardAction,
    BoardActionUpdate,
    BoardMember,
    Decision,
    EngagementActivity,
    InclusionPlan,
    Meeting,
    MemberRole,
    PlanVersion,
    PlanVersionStatus,
    RequiredRole,
)
from partnerships.tests.conftest import SECTIONS, TODAY, publish
from partnerships.tests.factories import ActionFactory, EngagementFactory, MeetingFactory
from sendcpp.web.testing import date_parts

ROLES = ["anonymous", "family", "coordinator", "member", "manager", "other_la_manager"]


def user_for(world, role):
    return {
        "anonymous": None,
        "member": world.teammate,  # sits on the board (LA SEND seat)
    }.get(role, getattr(world, role, None))


def url_of(name, things):
    args = {
        "meeting-detail": [things.meeting.public_id],
        "meeting-cancel": [things.upcoming.public_id],
        "meeting-agenda-add": [things.upcoming.public_id],
        "meeting-paper-add": [things.upcoming.public_id],
        "meeting-attendance": [things.meeting.public_id],
        "meeting-minutes": [things.meeting.public_id],
        "meeting-decision-add": [things.meeting.public_id],
        "meeting-action-add": [things.meeting.public_id],
        "paper-download": [things.paper.public_id],
        "action-detail": [things.action.public_id],
        "plan-detail": [things.plan.public_id],
        "version-detail": [things.draft.public_id],
        "version-edit": [things.draft.public_id],
    }.get(name, [])
    return reverse(f"partnerships:{name}", args=args)


MEMBER_PAGES = [
    "board",
    "member-list",
    "meeting-list",
    "meeting-detail",
    "paper-download",
    "action-list",
    "action-detail",
    "engagement-list",
    "plan-list",
    "plan-detail",
    "version-detail",
]
MANAGER_PAGES = [
    "board-rules",
    "required-role-edit",
    "member-add",
    "meeting-schedule",
    "meeting-cancel",
    "meeting-agenda-add",
    "meeting-paper-add",
    "meeting-attendance",
    "meeting-minutes",
    "meeting-decision-add",
    "meeting-action-add",
    "action-add",
    "engagement-add",
    "plan-add",
    "version-edit",
]


def expected_status(role, page):
    if role == "anonymous":
        return 302  # to sign in
    if role == "manager" or (role == "member" and page in MEMBER_PAGES):
        return 200
    if role == "other_la_manager" and page == "board":
        return 302  # to set up their own LA's board, never this one
    return 404


@pytest.mark.parametrize("page", MEMBER_PAGES + MANAGER_PAGES)
def test_who_may_open_each_page(world, client_for, things, page):
    for role in ROLES:
        response = client_for(user_for(world, role)).get(url_of(page, things))
        assert response.status_code == expected_status(role, page), role
        if role == "anonymous":
            assert response["Location"].startswith(reverse("sendcpp:login"))
        if role == "other_la_manager" and page == "board":
            assert response["Location"] == reverse("partnerships:board-set-up")


def test_a_lapsed_member_no_longer_sees_the_board(world, client_for, partnership, things):
    BoardMember.objects.filter(pk=partnership.staff_member.pk).update(
        ends_on=TODAY - timedelta(days=1)
    )
    assert client_for(world.teammate).get(reverse("partnerships:board")).status_code == 404


def snapshot(things):
    return {
        "members": BoardMember.objects.count(),
        "meetings": list(Meeting.objects.values_list("status", "minutes").order_by("id")),
        "decisions": Decision.objects.count(),
        "actions": list(BoardAction.objects.values_list("status", "description").order_by("id")),
        "updates": BoardActionUpdate.objects.count(),
        "roles": RequiredRole.objects.count(),
        "versions": list(PlanVersion.objects.values_list("status", "revision", "context")),
        "engagement": EngagementActivity.objects.count(),
        "plans": InclusionPlan.objects.count(),
    }


def posts(things):
    return [
        (
            "member-add",
            {
                "full_name": "X",
                "role": "other",
                "organisation_name": "Y",
                **date_parts("starts_on", date(2026, 11, 2)),
            },
        ),
        ("required-role-edit", {"role": "other", "minimum_members": "1"}),
        (
            "meeting-schedule",
            {
                **date_parts("first_on", date(2026, 12, 1)),
                "count": "2",
                "interval_weeks": "6",
                "starts_at": "10:00",
            },
        ),
        ("meeting-decision-add", {"text": "Decided"}),
        ("meeting-minutes", {"minutes": "Minutes", "revision": "0"}),
        ("meeting-cancel", {}),
        (
            "action-add",
            {
                "description": "New",
                "owner": things.action.owner_id,
                **date_parts("due_on", date(2026, 12, 1)),
            },
        ),
        ("action-detail", {"note": "Progress", "status": "done"}),
        (
            "engagement-add",
            {
                "title": "T",
                **date_parts("held_on", date(2026, 10, 1)),
                "participants_count": "3",
                "groups": "G",
                "what_was_asked": "A",
                "what_changed": "C",
            },
        ),
        (
            "plan-add",
            {
                "title": "P",
                **date_parts("covers_from", date(2026, 9, 1)),
                **date_parts("covers_to", date(2027, 9, 1)),
            },
        ),
        ("version-edit", {"revision": "1", **SECTIONS}),
    ]


@pytest.mark.parametrize(
    "role", ["anonymous", "family", "coordinator", "member", "other_la_manager"]
)
def test_writes_by_people_without_the_right_change_nothing(world, client_for, things, role):
    client = client_for(user_for(world, role))
    before = snapshot(things)
    for name, data in posts(things):
        if role == "member" and name == "action-detail":
            continue  # the member owns this action: allowed, tested below
        response = client.post(url_of(name, things), data)
        assert response.status_code == (302 if role == "anonymous" else 404), name
    for name in ("version-publish", "version-return-to-draft"):
        response = client.post(reverse(f"partnerships:{name}", args=[things.draft.public_id]))
        assert response.status_code == (302 if role == "anonymous" else 404)
    assert snapshot(things) == before


def test_a_member_who_does_not_own_an_action_cannot_update_it(
    world, client_for, things, partnership
):
    other = ActionFactory(board=partnership.board, owner=partnership.members[MemberRole.HEALTH])
    url = reverse("partnerships:action-detail", args=[other.public_id])
    client = client_for(world.teammate)
    page = client.get(url)
    assert page.status_code == 200
    assert b"Record progress" not in page.content
    assert client.post(url, {"note": "x", "status": "done"}).status_code == 404
    assert not BoardActionUpdate.objects.filter(action=other).exists()


def test_the_owner_records_progress_through_the_page(world, client_for, things):
    url = reverse("partnerships:action-detail", args=[things.action.public_id])
    response = client_for(world.teammate).post(url, {"note": "Mapped 40 places", "status": "done"})
    assert response.status_code == 302
    things.action.refresh_from_db()
    assert things.action.status == "done"


def test_the_manager_writes_through_every_form(world, client_for, things):
    client = client_for(world.manager)
    for name, data in posts(things):
        if name == "meeting-cancel":
            continue
        response = client.post(url_of(name, things), data)
        assert response.status_code == 302, (name, response.content[:2000])
    assert Decision.objects.filter(text="Decided").exists()
    assert Meeting.objects.filter(minutes="Minutes").exists()
    assert PlanVersion.objects.get(pk=things.draft.pk).context == "Our area"
    response = client.post(url_of("meeting-cancel", things))
    assert response.status_code == 302
    things.upcoming.refresh_from_db()
    assert things.upcoming.status == "cancelled"


def test_a_form_error_shows_the_error_summary(world, client_for, things):
    response = client_for(world.manager).post(url_of("member-add", things), {"full_name": ""})
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Enter the member&#x27;s name" in content
    assert '<a href="#id_full_name">' in content
    assert "<title>Error: Add a member" in content


def test_the_board_page_shows_gaps_and_overdue_actions(world, client_for, partnership, things):
    BoardMember.objects.filter(pk=partnership.members[MemberRole.COLLEGES].pk).update(
        ends_on=TODAY - timedelta(days=1)
    )
    content = client_for(world.teammate).get(reverse("partnerships:board")).content.decode()
    assert "missing 1 required role" in content
    assert "Further education colleges (lapsed)" in content
    assert "1 action overdue" in content
    assert "Map alternative provision places" in content


def test_a_stale_draft_save_is_refused_and_the_writers_text_kept(world, client_for, things):
    services.save_plan_draft(
        things.draft, sections={"context": "Saved by a colleague"}, revision=1, by=world.manager
    )
    url = url_of("version-edit", things)
    response = client_for(world.manager).post(
        url, {**SECTIONS, "context": "My text", "revision": "1"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "while you were editing" in content
    assert "My text" in content
    assert "Saved by a colleague" in content
    assert 'name="revision" value="2"' in content
    things.draft.refresh_from_db()
    assert (things.draft.context, things.draft.revision) == ("Saved by a colleague", 2)


def test_approving_and_publishing_through_the_pages(world, client_for, things):
    services.save_plan_draft(things.draft, sections=SECTIONS, revision=1, by=world.manager)
    client = client_for(world.manager)
    version_id = things.draft.public_id
    response = client.post(
        reverse("partnerships:version-approve", args=[version_id]),
        {"meeting": things.meeting.pk},
    )
    assert response.status_code == 302
    response = client.post(reverse("partnerships:version-publish", args=[version_id]))
    assert response.status_code == 302
    things.draft.refresh_from_db()
    assert things.draft.status == PlanVersionStatus.PUBLISHED


# --- Public pages ---------------------------------------------------------------------------------


def public_urls(things, number=1):
    plan_id = things.plan.public_id
    return [
        reverse("partnerships:public-plan", args=[plan_id]),
        reverse("partnerships:public-plan-version", args=[plan_id, number]),
        reverse("partnerships:public-plan-pdf", args=[plan_id, number]),
    ]


def test_a_draft_is_not_found_by_anyone_on_the_public_pages(world, client_for, things):
    for role in ROLES:
        client = client_for(user_for(world, role))
        for url in public_urls(things):
            assert client.get(url).status_code == 404, role
        listing = client.get(reverse("partnerships:public-plan-list"))
        assert listing.status_code == 200
        assert b"No plans have been published yet" in listing.content


def test_an_approved_but_unpublished_version_is_not_public(world, client_for, things):
    version = services.save_plan_draft(
        things.draft, sections=SECTIONS, revision=1, by=world.manager
    )
    services.approve_plan_version(version, meeting=things.meeting, by=world.manager)
    for url in public_urls(things):
        assert client_for(None).get(url).status_code == 404


def test_the_public_reads_the_published_plan_without_signing_in(
    world, client_for, things, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(world, things)
    client = client_for(None)
    page = client.get(public_urls(things)[0])
    assert page.status_code == 200
    content = page.content.decode()
    assert '<h1 class="govuk-heading-xl">Local Area Inclusion Plan 2026 to 2029</h1>' in content
    assert "Inclusion first" in content
    assert "Map alternative provision places" in content
    assert "Progress on the plan" in content
    assert "Overdue" in content
    assert "style=" not in content
    assert "<script>" not in content
    pdf = client.get(public_urls(things)[2])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]).startswith(b"%PDF")
    assert client.get(reverse("partnerships:public-plan-list")).status_code == 200


def test_the_public_sees_the_published_text_not_the_next_draft(world, client_for, things):
    publish(world, things)
    second = services.start_new_version(things.plan, by=world.manager)
    services.save_plan_draft(
        second, sections={"priorities": "Secret draft priority"}, revision=1, by=world.manager
    )
    client = client_for(None)
    content = client.get(public_urls(things)[0]).content.decode()
    assert "Inclusion first" in content
    assert "Secret draft priority" not in content
    assert client.get(public_urls(things, number=2)[1]).status_code == 404


def test_the_stored_pdf_is_served_once_generated(
    world, client_for, things, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(world, things)
    things.draft.refresh_from_db()
    assert things.draft.pdf.status == "ready"
    response = client_for(None).get(public_urls(things)[2])
    assert response.streaming
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# --- Query counts ---------------------------------------------------------------------------------


@pytest.fixture
def many(partnership, world, things):
    def grow(n):
        for i in range(n):
            meeting = MeetingFactory(
                board=partnership.board, meets_on=TODAY + timedelta(days=7 * (i + 10))
            )
            ActionFactory(
                board=partnership.board,
                owner=partnership.staff_member,
                meeting=meeting,
                plan=things.plan,
                due_on=TODAY - timedelta(days=i + 1),
            )
            EngagementFactory(board=partnership.board, recorded_by=world.manager)

    return grow


LIST_PAGES = [
    ("partnerships:board", 14),
    ("partnerships:member-list", 11),
    ("partnerships:meeting-list", 12),
    ("partnerships:action-list", 12),
    ("partnerships:engagement-list", 11),
    ("partnerships:plan-list", 10),
]


@pytest.mark.parametrize(("name", "cap"), LIST_PAGES)
def test_list_pages_use_a_fixed_number_of_queries(
    world, client_for, things, many, name, cap, django_assert_max_num_queries
):
    client = client_for(world.manager)
    many(3)
    with django_assert_max_num_queries(cap):
        assert client.get(reverse(name)).status_code == 200
    many(30)
    with django_assert_max_num_queries(cap):
        assert client.get(reverse(name)).status_code == 200


def test_public_pages_use_a_fixed_number_of_queries(
    world, client_for, things, many, django_assert_max_num_queries
):
    publish(world, things)
    client = client_for(None)
    for n in (3, 30):
        many(n)
        with django_assert_max_num_queries(4):
            assert client.get(reverse("partnerships:public-plan-list")).status_code == 200
        with django_assert_max_num_queries(5):
            assert client.get(public_urls(things)[0]).status_code == 200

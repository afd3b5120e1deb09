"""The access policy, rule by rule. Each case is labelled with the rule it checks."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.http import Http404
from django.utils import timezone

from sendcpp import access
from sendcpp.access import Action
from sendcpp.api.authentication import issue_api_client
from sendcpp.models import (
    AccessLog,
    Audience,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Relationship,
)
from sendcpp.tests.factories import CaseFactory, DocumentFactory, StaffFactory

ROLES = [
    "anonymous",
    "family",
    "other_family",
    "coordinator",
    "teammate",
    "other_team_coordinator",
    "manager",
    "administrator",
    "professional",
    "setting_user",
    "other_la_manager",
]


def actor(world, name):
    return AnonymousUser() if name == "anonymous" else getattr(world, name)


# (role, action) -> may act on world.case
EXPECTED = {
    ("family", Action.VIEW): True,
    ("family", Action.CONTRIBUTE): True,
    ("coordinator", Action.VIEW): True,
    ("coordinator", Action.CONTRIBUTE): True,
    ("coordinator", Action.EDIT): True,
    ("coordinator", Action.TRANSITION): True,
    ("coordinator", Action.ASSIGN): True,
    ("coordinator", Action.EXPORT): True,
    ("teammate", Action.VIEW): True,
    ("teammate", Action.CONTRIBUTE): True,
    ("teammate", Action.EDIT): True,
    ("teammate", Action.TRANSITION): True,
    ("teammate", Action.ASSIGN): True,
    ("teammate", Action.EXPORT): True,
    ("manager", Action.VIEW): True,
    ("manager", Action.CONTRIBUTE): True,
    ("manager", Action.EDIT): True,
    ("manager", Action.TRANSITION): True,
    ("manager", Action.ASSIGN): True,
    ("manager", Action.EXPORT): True,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(Action))
def test_who_may_do_what_to_a_case(world, role, action):
    user = actor(world, role)
    expected = EXPECTED.get((role, action), False)
    assert access.can(user, action, world.case) is expected
    assert (world.case in access.cases_for(user, action)) is expected


def test_family_sees_only_their_own_childs_cases(world):
    assert list(access.cases_for(world.family)) == [world.case]
    assert list(access.children_for(world.family)) == [world.case.child]


def test_revoked_portal_access_hides_the_case(world):
    Relationship.objects.filter(user=world.family).update(portal_access_revoked_at=timezone.now())
    assert not access.can(world.family, Action.VIEW, world.case)


def test_portal_access_not_granted_hides_the_case(world):
    Relationship.objects.filter(user=world.family).update(portal_access=False)
    assert not access.can(world.family, Action.VIEW, world.case)


def test_inactive_user_sees_nothing(world):
    world.manager.is_active = False
    assert not access.cases_for(world.manager).exists()


def test_staff_account_without_profile_sees_nothing(world):
    world.coordinator.staff_profile.delete()
    world.coordinator.refresh_from_db()
    assert not access.cases_for(world.coordinator).exists()
    assert not access.is_la_staff(world.coordinator)


def test_coordinator_without_team_sees_only_own_caseload(world):
    world.teammate.staff_profile.team = None
    world.teammate.staff_profile.save()
    own = CaseFactory(team=world.case.team, coordinator=world.teammate)
    assert list(access.cases_for(world.teammate)) == [own]


def test_manager_sees_only_their_own_local_authority(world):
    assert not access.can(world.other_la_manager, Action.VIEW, world.case)
    assert set(access.cases_for(world.manager)) == {world.case, world.other_case}


def test_explicit_grant_to_a_person_gives_read_only(world):
    view = Permission.objects.get(codename="view_case")
    CaseUserObjectPermission.objects.create(
        user=world.other_team_coordinator, permission=view, content_object=world.case
    )
    assert access.can(world.other_team_coordinator, Action.VIEW, world.case)
    assert not access.can(world.other_team_coordinator, Action.EDIT, world.case)


def test_explicit_grant_to_a_group_reaches_its_members(world):
    view = Permission.objects.get(codename="view_case")
    group = world.other_case.team.group
    world.administrator.groups.add(group)
    CaseGroupObjectPermission.objects.create(
        group=group, permission=view, content_object=world.case
    )
    assert access.can(world.administrator, Action.VIEW, world.case)


def test_grant_of_another_permission_gives_nothing(world):
    change = Permission.objects.get(codename="change_case")
    CaseUserObjectPermission.objects.create(
        user=world.other_team_coordinator, permission=change, content_object=world.case
    )
    assert not access.can(world.other_team_coordinator, Action.VIEW, world.case)


@pytest.mark.parametrize(
    ("org", "scopes", "action", "expected"),
    [
        ("la", ["cases:read"], Action.VIEW, True),
        ("la", ["cases:read"], Action.EDIT, False),
        ("la", ["cases:write"], Action.EDIT, True),
        ("school", ["cases:read"], Action.VIEW, True),
        ("la", ["settings:write"], Action.VIEW, False),
    ],
    ids=[
        "la-key-reads",
        "la-key-cannot-edit",
        "la-key-writes",
        "school-key-reads-pupil",
        "no-scope",
    ],
)
def test_partner_key_scopes(world, org, scopes, action, expected):
    client, _ = issue_api_client(
        name="k", organisation=world.la if org == "la" else world.school, scopes=scopes
    )
    assert access.can(client, action, world.case) is expected


def test_school_key_does_not_see_children_elsewhere(world):
    client, _ = issue_api_client(name="k", organisation=world.school, scopes=["cases:read"])
    assert not access.can(client, Action.VIEW, world.other_case)


def test_revoked_key_sees_nothing(world):
    client, _ = issue_api_client(name="k", organisation=world.la, scopes=["cases:read"])
    client.revoked_at = timezone.now()
    assert not access.cases_for(client).exists()


def test_get_case_or_404_hides_forbidden_and_missing_alike_and_logs_reads(world):
    with pytest.raises(Http404):
        access.get_case_or_404(world.other_family, world.case.public_id)
    with pytest.raises(Http404):
        access.get_case_or_404(world.coordinator, "00000000-0000-0000-0000-000000000000")
    with pytest.raises(Http404):
        access.get_case_or_404(world.coordinator, "not-a-uuid")
    assert not AccessLog.objects.exists()
    assert access.get_case_or_404(world.family, world.case.public_id) == world.case
    log = AccessLog.objects.get()
    assert (log.user, log.child, log.case, log.what) == (
        world.family,
        world.case.child,
        world.case,
        "case",
    )


def test_get_case_for_editing_does_not_log_a_read(world):
    access.get_case_or_404(world.coordinator, world.case.public_id, Action.EDIT)
    assert not AccessLog.objects.exists()


def test_family_reads_only_family_timeline_and_documents(world):
    from sendcpp.timeline import record_case_event

    record_case_event(case=world.case, kind="note_added", by=world.coordinator)
    shared = record_case_event(
        case=world.case, kind="case_opened", by=None, audience=Audience.FAMILY
    )
    staff_doc = DocumentFactory(case=world.case, audience=Audience.STAFF)
    family_doc = DocumentFactory(case=world.case, audience=Audience.FAMILY, title="Draft plan")
    assert list(access.timeline_for(world.family, world.case)) == [shared]
    assert access.timeline_for(world.coordinator, world.case).count() == 2
    assert list(access.documents_for(world.family, world.case)) == [family_doc]
    assert set(access.documents_for(world.coordinator, world.case)) == {staff_doc, family_doc}


def test_partner_sees_staff_content_only_if_it_is_the_las_own_system(world):
    la_key, _ = issue_api_client(
        name="k", organisation=world.la, scopes=["cases:read", "documents:read"]
    )
    school_key, _ = issue_api_client(
        name="s", organisation=world.school, scopes=["cases:read", "documents:read"]
    )
    no_docs, _ = issue_api_client(name="n", organisation=world.la, scopes=["cases:read"])
    staff_doc = DocumentFactory(case=world.case, audience=Audience.STAFF)
    assert access.sees_staff_only_content(la_key)
    assert not access.sees_staff_only_content(school_key)
    assert list(access.documents_for(la_key, world.case)) == [staff_doc]
    assert not access.documents_for(no_docs, world.case).exists()


def test_disagreement_records_are_read_by_people_and_only_the_las_own_systems(world):
    la_key, _ = issue_api_client(name="k", organisation=world.la, scopes=["cases:read"])
    school_key, _ = issue_api_client(name="s", organisation=world.school, scopes=["cases:read"])
    assert access.sees_disagreements(la_key)
    assert not access.sees_disagreements(school_key)
    assert access.sees_disagreements(world.family)
    assert access.sees_disagreements(world.coordinator)


def test_get_document_or_404(world):
    staff_doc = DocumentFactory(case=world.case, audience=Audience.STAFF)
    with pytest.raises(Http404):
        access.get_document_or_404(world.family, staff_doc.public_id)
    with pytest.raises(Http404):
        access.get_document_or_404(world.other_team_coordinator, staff_doc.public_id)
    with pytest.raises(Http404):
        access.get_document_or_404(world.coordinator, "junk")
    assert access.get_document_or_404(world.coordinator, staff_doc.public_id) == staff_doc
    assert AccessLog.objects.get().what == "document"


def test_get_child_or_404(world):
    with pytest.raises(Http404):
        access.get_child_or_404(world.other_family, world.case.child.public_id)
    assert access.get_child_or_404(world.family, world.case.child.public_id) == world.case.child
    assert AccessLog.objects.get().what == "child record"


def test_assignable_coordinators(world):
    assert set(access.assignable_coordinators(world.coordinator, world.case)) == {
        world.coordinator,
        world.teammate,
    }
    assert world.other_team_coordinator in access.assignable_coordinators(world.manager, world.case)
    assert not access.assignable_coordinators(world.other_team_coordinator, world.case).exists()


def test_role_predicates(world):
    assert access.is_manager(world.manager)
    assert not access.is_manager(world.coordinator)
    assert access.is_coordinator(world.coordinator)
    assert not access.is_coordinator(world.family)
    assert access.is_family(world.family)
    assert not access.is_family(AnonymousUser())
    assert access.can_view_audit(world.manager)
    assert not access.can_view_audit(world.coordinator)
    assert access.can_configure(world.administrator)
    assert access.can_configure(world.manager)
    assert not access.can_configure(world.coordinator)
    assert not access.is_la_staff(world.professional)


def test_require_raises_404_when_false():
    access.require(True)
    with pytest.raises(Http404):
        access.require(False)


def test_staff_member_of_another_team_gets_nothing_by_default(db):
    outsider = StaffFactory()
    assert not access.cases_for(outsider).exists()

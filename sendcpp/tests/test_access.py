"""The access policy, rule by rule. Each case is labelled with the rule it checks."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.http import Http404
from django.utils import timezone

from ehcp.access import ADVICE_ACCESS_DAYS
from placements.access import SETTING_PACK_DAYS
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
        ("la", ["decisions:write"], Action.TRANSITION, True),
        ("la", ["cases:write", "decisions:write"], Action.CONTRIBUTE, False),
        ("school", ["cases:read"], Action.VIEW, True),
        ("school", ["cases:read", "consultations:answer"], Action.EDIT, False),
        ("school", ["cases:read", "advice:write"], Action.TRANSITION, False),
        ("la", ["settings:write"], Action.VIEW, False),
        ("la", ["settings:write"], Action.EDIT, False),
    ],
    ids=[
        "la-key-reads",
        "la-key-cannot-edit",
        "la-key-writes",
        "la-key-decides",
        "no-key-acts-as-the-family",
        "school-key-reads-pupil",
        "school-key-never-edits-a-case",
        "school-key-never-decides",
        "no-scope",
        "directory-key-touches-no-case",
    ],
)
def test_partner_key_scopes(world, org, scopes, action, expected):
    client, _ = issue_api_client(
        name="k", organisation=world.la if org == "la" else world.school, scopes=scopes
    )
    assert access.can(client, action, world.case) is expected


@pytest.mark.parametrize(
    "scope",
    [
        "cases:write",
        "decisions:write",
        "plans:write",
        "reviews:write",
        "placements:write",
        "mediation:write",
        "settings:write",
    ],
)
def test_only_the_las_own_keys_may_act_for_the_la(world, scope):
    with pytest.raises(ValueError, match="only the local authority's own systems"):
        issue_api_client(name="MIS", organisation=world.school, scopes=["cases:read", scope])
    client, _ = issue_api_client(name="LA", organisation=world.la, scopes=[scope])
    assert access.client_may(client, scope)


@pytest.mark.parametrize("scope", ["consultations:answer", "advice:write"])
def test_what_a_setting_writes_itself_is_not_the_las(world, scope):
    with pytest.raises(ValueError, match="cannot have"):
        issue_api_client(name="LA", organisation=world.la, scopes=[scope])
    client, _ = issue_api_client(name="MIS", organisation=world.school, scopes=[scope])
    assert access.client_may(client, scope)


def test_a_mis_issued_scope_is_refused_at_use(world):
    # A key stored with a scope its organisation may not hold (say, edited in the database)
    # still cannot use it.
    client, _ = issue_api_client(name="MIS", organisation=world.school, scopes=["cases:read"])
    client.scopes = ["cases:read", "decisions:write"]
    client.save()
    assert not access.client_may(client, "decisions:write")
    assert not access.can(client, Action.TRANSITION, world.case)


def test_no_key_may_do_what_only_a_person_may(world):
    client, _ = issue_api_client(
        name="LA", organisation=world.la, scopes=sorted(access.scopes_allowed_for(world.la))
    )
    assert not access.client_may(client, None)


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


# --- Advice requests (ehcp app): the advisor reads only the requests sent to them -------------


def _advice_request(world, advisor):
    # The ehcp app's own journey helpers build a valid request (imported here, not at the top,
    # so the core's tests load without the domain apps' test code).
    from ehcp.tests import factories

    factories.agreed_to_assess(world.case, world.coordinator)
    return factories.advice_asked(world.case, world.coordinator, advisor=advisor)


def _advice_requests():
    from ehcp.models import AdviceRequest

    return AdviceRequest.objects.all()


def test_advisor_reads_an_open_advice_request_sent_to_them_and_nothing_else(world):
    request = _advice_request(world, world.professional)
    other = StaffFactory(organisation=world.la)  # any other account, even LA staff
    assert list(access.records_for(world.professional, _advice_requests())) == [request]
    assert not access.records_for(other, _advice_requests()).exists()
    # It gives them nothing of the case itself.
    assert not access.cases_for(world.professional).exists()
    assert not access.can(world.professional, Action.CONTRIBUTE, world.case)


def test_a_setting_asked_for_advice_reads_its_request(world):
    request = _advice_request(world, world.setting_user)
    assert list(access.records_for(world.setting_user, _advice_requests())) == [request]


def test_another_professional_does_not_read_the_request(world):
    from ehcp.tests.factories import ProfessionalFactory

    _advice_request(world, world.professional)
    assert not access.records_for(ProfessionalFactory(), _advice_requests()).exists()


@pytest.mark.parametrize(
    "who",
    ["_case anonymous", "_case family", "_case coordinator", "_case partner key", "_case inactive"],
)
def test_only_an_active_professional_or_setting_account_reads_requests_this_way(world, who):
    _advice_request(world, world.professional)
    actors = {
        "_case anonymous": AnonymousUser(),
        "_case family": world.family,
        "_case coordinator": world.coordinator,
        "_case partner key": issue_api_client(
            name="k", organisation=world.la, scopes=["cases:read"]
        )[0],
    }
    if who == "_case inactive":
        world.professional.is_active = False
        actors[who] = world.professional
    assert not access.records_for(actors[who], _advice_requests()).exists()


def test_advisor_keeps_reading_for_a_set_time_after_giving_advice(world):
    from datetime import timedelta

    import time_machine

    from ehcp.tests import factories

    request = _advice_request(world, world.professional)
    factories.advice_given(request, world.professional)
    assert access.records_for(world.professional, _advice_requests()).exists()
    later = timezone.now() + timedelta(days=ADVICE_ACCESS_DAYS + 1)
    with time_machine.travel(later, tick=False):
        assert not access.records_for(world.professional, _advice_requests()).exists()


def test_a_withdrawn_request_is_no_longer_readable(world):
    from ehcp import services

    request = _advice_request(world, world.professional)
    services.withdraw_advice_request(
        request, reason="Existing advice is enough", by=world.coordinator
    )
    assert not access.records_for(world.professional, _advice_requests()).exists()


# --- Panel agendas (panels app): members see the cases on published agendas ------------------


def _panel_with_agenda(world, *, papers_days_before: int = 3):
    """An assessment panel (a chair and an EP member) with ``world.case`` on a meeting tomorrow
    at 10:00. Built through the panels app's services, imported here so that the core's tests
    load without the domain apps."""
    from datetime import datetime, timedelta

    from panels import services as panels
    from sendcpp.models import StaffProfile

    def member(name):
        return StaffFactory(
            organisation=world.la, profile__role=StaffProfile.Role.PANEL_MEMBER, username=name
        )

    chair, ep = member("panel_chair"), member("panel_ep")
    panel = panels.create_panel(
        local_authority=world.la,
        name="Assessment panel",
        kind="assessment",
        papers_days_before=papers_days_before,
        by=world.manager,
    )
    panels.add_panel_member(panel, user=chair, role="education", is_chair=True, by=world.manager)
    ep_seat = panels.add_panel_member(panel, user=ep, role="ep", by=world.manager)
    tomorrow = timezone.localdate() + timedelta(days=1)
    starts_at = timezone.make_aware(datetime(tomorrow.year, tomorrow.month, tomorrow.day, 10))
    meeting = panels.schedule_meeting(panel, starts_at=starts_at, by=world.manager)
    from ehcp import services as ehcp_services

    ehcp_services.record_request(
        world.case, source="parent", received_on=world.case.request_received_on, by=world.manager
    )
    item = panels.add_to_agenda(meeting, case=world.case, decision_kind="assess", by=world.manager)
    return chair, ep, ep_seat, meeting, item


def test_a_panel_member_sees_an_agenda_case_once_the_papers_are_published(world):
    chair, ep, _, meeting, _ = _panel_with_agenda(world, papers_days_before=0)
    assert not access.can(ep, Action.VIEW, world.case)
    from panels import services as panels

    panels.publish_papers(meeting, by=chair)
    assert access.can(ep, Action.VIEW, world.case)
    assert list(access.cases_for(ep)) == [world.case]
    # Reading the papers is all: a member never edits, contributes to or moves the case on.
    for action in (Action.CONTRIBUTE, Action.EDIT, Action.TRANSITION, Action.ASSIGN):
        assert not access.can(ep, action, world.case)
    assert not access.can(ep, Action.VIEW, world.other_case)


def test_a_panel_member_does_not_see_a_case_they_declared_a_conflict_on(world):
    from panels import services as panels

    _, ep, ep_seat, _, item = _panel_with_agenda(world)
    assert access.can(ep, Action.VIEW, world.case)
    panels.declare_conflict(item, member=ep_seat, reason="I know the family", by=ep)
    assert not access.can(ep, Action.VIEW, world.case)


def test_a_case_taken_off_the_agenda_or_a_member_who_left_sees_nothing(world):
    from panels import services as panels

    chair, ep, ep_seat, _, item = _panel_with_agenda(world)
    panels.remove_panel_member(ep_seat, by=world.manager)
    assert not access.can(ep, Action.VIEW, world.case)
    panels.withdraw_from_agenda(item, reason="Request withdrawn", by=chair)
    assert not access.can(chair, Action.VIEW, world.case)


def test_a_panel_member_on_another_panel_sees_nothing(world):
    from sendcpp.models import StaffProfile

    _panel_with_agenda(world)
    outsider = StaffFactory(organisation=world.la, profile__role=StaffProfile.Role.PANEL_MEMBER)
    assert not access.cases_for(outsider).exists()


def test_the_chair_prepares_before_publication_and_decides_only_at_the_meeting(world):
    import time_machine

    from panels import services as panels

    chair, _, _, meeting, item = _panel_with_agenda(world, papers_days_before=0)
    assert access.can(chair, Action.VIEW, world.case)
    assert not access.can(chair, Action.TRANSITION, world.case)
    with time_machine.travel(meeting.starts_at):
        panels.start_meeting(meeting, by=chair)
        assert access.can(chair, Action.TRANSITION, world.case)
        assert not access.can(chair, Action.EDIT, world.case)
        panels.defer_item(item, reason="More information needed", by=chair)
        assert not access.can(chair, Action.TRANSITION, world.case)
        # The panel's history stays readable by its chair.
        assert access.can(chair, Action.VIEW, world.case)


# --- Placements: the setting directory and consultations with settings ---------------------------


def _consultation(world, setting=None, **kwargs):
    from placements.models import Consultation

    values = {
        "case": world.case,
        "setting": setting or world.school,
        "reason": "family",
        "sent_on": timezone.localdate(),
        "due_on": timezone.localdate(),
    }
    values.update(kwargs)
    return Consultation.objects.create(**values)


def _setting_reads(user):
    from placements.models import Consultation

    return set(access.records_for(user, Consultation.objects.all()))


@pytest.mark.parametrize(
    ("_case", "who", "scopes", "expected"),
    [
        ("a SEND manager maintains the directory", "manager", None, True),
        ("a coordinator does not", "coordinator", None, False),
        ("an administrator does not", "administrator", None, False),
        ("a setting's SENCO does not", "setting_user", None, False),
        ("nobody signed in does not", "anonymous", None, False),
        ("a partner key with settings:write does", None, ["settings:write"], True),
        ("a partner key without it does not", None, ["cases:read"], False),
    ],
)
def test_who_maintains_the_setting_directory(world, _case, who, scopes, expected):
    if scopes is None:
        user = actor(world, who)
    else:
        user, _key = issue_api_client(name="Directory", organisation=world.la, scopes=scopes)
    assert access.can_maintain_directory(user) is expected


def test_a_revoked_directory_key_maintains_nothing(world):
    client, _key = issue_api_client(name="Sync", organisation=world.la, scopes=["settings:write"])
    client.revoked_at = timezone.now()
    assert not access.can_maintain_directory(client)


def test_a_setting_reads_consultations_sent_to_it_while_open(world):
    from sendcpp.models import Organisation

    own = _consultation(world)
    other_school = Organisation.objects.create(name="Other School", kind="school")
    _consultation(world, setting=other_school)
    assert _setting_reads(world.setting_user) == {own}
    # It never opens the case itself.
    assert not access.can(world.setting_user, Action.VIEW, world.case)


def test_a_setting_reads_an_answered_consultation_for_a_set_time(world):
    from datetime import timedelta

    answered = timezone.now() - timedelta(days=SETTING_PACK_DAYS - 1)
    recent = _consultation(
        world,
        status="decided",
        decision="name",
        answer="can_meet",
        answered_at=answered,
        closed_at=timezone.now(),
    )
    assert _setting_reads(world.setting_user) == {recent}
    type(recent).objects.filter(pk=recent.pk).update(
        answered_at=timezone.now() - timedelta(days=SETTING_PACK_DAYS + 1)
    )
    assert _setting_reads(world.setting_user) == set()


def test_a_consultation_withdrawn_before_an_answer_is_closed_to_the_setting(world):
    _consultation(world, status="withdrawn", closed_at=timezone.now())
    assert _setting_reads(world.setting_user) == set()


@pytest.mark.parametrize(
    ("_case", "change"),
    [
        ("an inactive SENCO reads nothing", {"is_active": False}),
        ("a setting account without a setting reads nothing", {"organisation": None}),
        ("a professional at the school reads nothing", {"account_type": "professional"}),
    ],
)
def test_only_active_setting_accounts_read_consultations(world, _case, change):
    _consultation(world)
    for name, value in change.items():
        setattr(world.setting_user, name, value)
    assert _setting_reads(world.setting_user) == set()
    assert _setting_reads(AnonymousUser()) == set()


def test_a_setting_opens_only_the_documents_shared_in_its_pack(world):
    shared = DocumentFactory(case=world.case, audience=Audience.FAMILY)
    unshared = DocumentFactory(case=world.case, audience=Audience.FAMILY)
    consultation = _consultation(world)
    consultation.documents.add(shared)
    assert access.get_document_or_404(world.setting_user, shared.public_id) == shared
    assert (
        AccessLog.objects.filter(user=world.setting_user, what="consultation pack document").count()
        == 1
    )
    with pytest.raises(Http404):
        access.get_document_or_404(world.setting_user, unshared.public_id)
    type(consultation).objects.filter(pk=consultation.pk).update(
        status="withdrawn", closed_at=timezone.now()
    )
    with pytest.raises(Http404):
        access.get_document_or_404(world.setting_user, shared.public_id)


def test_placement_records_are_read_by_people_and_only_the_las_own_systems(world):
    la_key, _ = issue_api_client(name="Warehouse", organisation=world.la, scopes=["cases:read"])
    school_key, _ = issue_api_client(name="MIS", organisation=world.school, scopes=["cases:read"])
    assert access.sees_placement_records(la_key)
    assert not access.sees_placement_records(school_key)
    assert access.sees_placement_records(world.family)
    assert access.sees_placement_records(world.coordinator)


def test_a_parent_carer_forum_observer_never_sees_the_case_papers(world):
    from panels import services as panels
    from sendcpp.models import StaffProfile

    chair, _, _, meeting, _ = _panel_with_agenda(world, papers_days_before=0)
    observer = StaffFactory(organisation=world.la, profile__role=StaffProfile.Role.PANEL_MEMBER)
    panels.add_panel_member(
        meeting.panel, user=observer, role="parent_carer_forum", by=world.manager
    )
    panels.publish_papers(meeting, by=chair)
    assert not access.cases_for(observer).exists()


def test_each_app_registers_its_clauses_and_they_print():
    from io import StringIO

    from django.core.management import call_command

    names = {(clause.app, clause.name) for clause in access.clauses()}
    assert names == {
        ("conversations", "messages on a case"),
        ("elsec", "ELSEC child record"),
        ("elsec", "ELSEC pathfinder"),
        ("elsec", "ELSEC setting"),
        ("ehcp", "request for advice"),
        ("panels", "panel agenda"),
        ("partnerships", "board action"),
        ("partnerships", "partnership board"),
        ("placements", "consultation pack"),
        ("support", "at-risk flag"),
        ("support", "delivery return"),
        ("support", "evidence for a request"),
        ("support", "exclusion"),
        ("support", "support plan"),
        ("support", "tier 1 episode"),
        ("records", "disclosures"),
        ("records", "plan transfers"),
    }
    out = StringIO()
    call_command("access_rules", stdout=out)
    assert "panels: panel agenda (cases, for the panel member role)" in out.getvalue()
    assert "placements: consultation pack (consultations)" in out.getvalue()


def test_a_model_without_a_clause_is_refused_loudly(world):
    with pytest.raises(LookupError, match="No access clause"):
        access.records_for(world.coordinator, Relationship.objects.none())

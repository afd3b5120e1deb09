"""THE access policy: who may see and do what. Every HTML view, API endpoint, download, export
and background job asks this module; nothing else decides access.

Access is derived from relationships (roles spec):
- a family member sees the cases of the children they are linked to with portal access;
- a coordinator sees their caseload and their team's cases;
- a SEND manager sees every case in their local authority;
- a panel member sees the cases on the agendas of the panels they sit on, once the papers are
  published; a panel's chair also records the panel's decisions on them (panels app);
- an administrator configures the service but reads no case content unless also a manager;
- a partner system (ApiClient) sees, within its scopes, the children of its organisation
  (every child of the LA, for the LA's own systems);
- explicit one-off grants (django-guardian, direct foreign keys) add single cases.
Apps add relationship clauses here (advice requests, panel agendas, consultations), each on its
own line with the rule it implements.

Forbidden looks the same as missing: ``get_*_or_404`` raise Http404 in both cases.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sendcpp.models import (
    ApiClient,
    Audience,
    Case,
    CaseEvent,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Child,
    Document,
    Relationship,
    StaffProfile,
    User,
)

if TYPE_CHECKING:
    Actor = User | ApiClient | AnonymousUser
else:
    Actor = Any


class Action(StrEnum):
    """The short vocabulary of things one can do to a case."""

    VIEW = "view"  # read the case and its timeline
    CONTRIBUTE = "contribute"  # family input: views, comments, preferences, requests
    EDIT = "edit"  # change case details, upload documents, add notes
    TRANSITION = "transition"  # move the statutory journey on (decisions, issuing)
    ASSIGN = "assign"  # reassign coordinator or team
    EXPORT = "export"  # bulk exports and returns


def _profile(user: Actor) -> StaffProfile | None:
    if not isinstance(user, User) or not user.is_staff_member:
        return None
    try:
        return user.staff_profile
    except StaffProfile.DoesNotExist:
        return None


def is_manager(user: Actor) -> bool:
    profile = _profile(user)
    return profile is not None and profile.role == StaffProfile.Role.MANAGER


def is_coordinator(user: Actor) -> bool:
    profile = _profile(user)
    return profile is not None and profile.role == StaffProfile.Role.COORDINATOR


def is_family(user: Actor) -> bool:
    return isinstance(user, User) and user.account_type == User.AccountType.FAMILY


def is_la_staff(user: Actor) -> bool:
    """Anyone with a staff profile at the local authority (coordinator, manager, panel member,
    administrator)."""
    return _profile(user) is not None


def can_view_audit(user: Actor) -> bool:
    """Only SEND managers read the audit log (who saw and changed what)."""
    return is_manager(user)


def can_configure(user: Actor) -> bool:
    """Managers and administrators configure the service (bands, panels, organisations)."""
    profile = _profile(user)
    return profile is not None and profile.role in {
        StaffProfile.Role.MANAGER,
        StaffProfile.Role.ADMINISTRATOR,
    }


def is_administrator(user: Actor) -> bool:
    profile = _profile(user)
    return profile is not None and profile.role == StaffProfile.Role.ADMINISTRATOR


def can_manage_users(user: Actor) -> bool:
    """Only administrators manage staff accounts (invite, deactivate, reset two-factor, roles)."""
    # An administrator must belong to a local authority: they manage only its accounts.
    return is_administrator(user) and user.organisation_id is not None


def managed_users(user: Actor) -> QuerySet[User]:
    """The accounts an administrator manages: the staff of their own local authority (and any
    other account attached to it). Nobody else manages any."""
    if not can_manage_users(user):
        return User.objects.none()
    return User.objects.filter(organisation_id=user.organisation_id)


def get_managed_user_or_404(user: Actor, public_id: UUID | str) -> User:
    """One account the administrator manages; another LA's account, or none, is a 404."""
    try:
        return managed_users(user).select_related("staff_profile__team").get(public_id=public_id)
    except (User.DoesNotExist, ValidationError):
        raise Http404("No such account") from None


def can_maintain_directory(user: Actor) -> bool:
    """Who may change the setting directory (placements app): imports and LA-maintained facts."""
    # A partner system needs an active key with the settings:write scope.
    if isinstance(user, ApiClient):
        return user.has_scope(ApiClient.Scope.SETTINGS_WRITE)
    # Of people, only SEND managers.
    return is_manager(user)


def _family_children(user: User) -> QuerySet[Relationship]:
    # A family member sees a child only while staff have granted portal access and not revoked it.
    return Relationship.objects.filter(
        user=user, portal_access=True, portal_access_revoked_at__isnull=True
    ).values("child_id")


def _granted_cases(user: User, codename: str) -> Q | None:
    # Explicit one-off grants, to the person or to a group they belong to (guardian, direct FKs).
    # Looked up first (one query), so that the usual case — no grants — keeps the case query
    # index-friendly.
    by_user = CaseUserObjectPermission.objects.filter(
        user=user, permission__codename=codename
    ).values_list("content_object_id", flat=True)
    by_group = CaseGroupObjectPermission.objects.filter(
        group__user=user, permission__codename=codename
    ).values_list("content_object_id", flat=True)
    granted = list(by_user.union(by_group))
    return Q(id__in=granted) if granted else None


def _client_cases(client: ApiClient, action: Action) -> QuerySet[Case]:
    needed = ApiClient.Scope.CASES_READ if action == Action.VIEW else ApiClient.Scope.CASES_WRITE
    # A revoked key, or one without the scope for this action, sees nothing.
    if not client.has_scope(needed):
        return Case.objects.none()
    org = client.organisation
    # The LA's own systems (data warehouse) see every case of that LA.
    if org.kind == org.Kind.LOCAL_AUTHORITY:
        return Case.objects.filter(local_authority=org)
    # A setting's or health body's system sees only the children who attend that setting.
    return Case.objects.filter(child__setting=org)


def _panel_agenda_cases(user: User, action: Action) -> Q:
    """Panels app: the cases on the agendas of meetings of the panels ``user`` sits on now. The
    agenda model is reached through the case's reverse relation: sendcpp imports no domain app."""
    agenda = Case._meta.get_field("panel_agenda_items").related_model.objects
    # A seat on the panel now that receives the papers (observers never do).
    seat = {
        "meeting__panel__members__user": user,
        "meeting__panel__members__left_on": None,
        "meeting__panel__members__receives_papers": True,
    }
    chair = {**seat, "meeting__panel__members__is_chair": True}
    # Never an item taken off the agenda, nor one on which they declared a conflict of interest.
    items = agenda.exclude(status="withdrawn").exclude(conflicts__member__user=user)
    condition = Q(pk__in=[])
    # A panel member may VIEW a case while it is on the agenda of a meeting of a panel they sit
    # on and receive papers for, from when that meeting's papers are published.
    if action == Action.VIEW:
        published = items.filter(**seat, meeting__papers_published_at__lte=timezone.now())
        condition |= Q(pk__in=published.values("case_id"))
    # A panel's chair may VIEW the cases on every agenda of the panel they chair: before the
    # papers are published (to prepare the meeting) and afterwards (the panel's history).
    if action == Action.VIEW:
        condition |= Q(pk__in=items.filter(**chair).values("case_id"))
    # A panel's chair may TRANSITION a case (record the panel's decision through the EHCP
    # services) while it waits for a decision at a meeting of their panel that is in progress.
    if action == Action.TRANSITION:
        deciding = items.filter(**chair, status="waiting", meeting__status="in_progress")
        condition |= Q(pk__in=deciding.values("case_id"))
    return condition


def _staff_cases(user: User, profile: StaffProfile, action: Action) -> QuerySet[Case]:
    # A SEND manager sees and changes every case in their local authority.
    if profile.role == StaffProfile.Role.MANAGER:
        return Case.objects.filter(local_authority_id=user.organisation_id)
    condition = Q(pk__in=[])
    # A coordinator sees and works on their own caseload and their team's cases.
    if profile.role == StaffProfile.Role.COORDINATOR:
        condition |= Q(coordinator=user)
        if profile.team_id is not None:
            condition |= Q(team_id=profile.team_id)
    # A panel member sees the cases on the agendas of the panels they sit on (panels app).
    if profile.role == StaffProfile.Role.PANEL_MEMBER:
        condition |= _panel_agenda_cases(user, action)
    # Explicit one-off grants give read access only.
    grants = _granted_cases(user, "view_case") if action == Action.VIEW else None
    if grants is not None:
        condition |= grants
    return Case.objects.filter(condition)


def cases_for(user: Actor, action: Action = Action.VIEW) -> QuerySet[Case]:
    """Every case ``user`` may perform ``action`` on. Scope every list, search and count with it."""
    if isinstance(user, ApiClient):
        return _client_cases(user, action)
    if not isinstance(user, User) or not user.is_active:
        return Case.objects.none()
    profile = _profile(user)
    if profile is not None:
        return _staff_cases(user, profile, action)
    # A family member (or young person) sees and contributes to their linked children's cases,
    # but never edits the case or moves it on.
    if user.account_type == User.AccountType.FAMILY and action in {Action.VIEW, Action.CONTRIBUTE}:
        return Case.objects.filter(child_id__in=_family_children(user))
    return Case.objects.none()


def children_for(user: Actor, action: Action = Action.VIEW) -> QuerySet[Child]:
    """Children whose record ``user`` may see: those with at least one case they may see."""
    return Child.objects.filter(id__in=cases_for(user, action).values("child_id"))


def can(user: Actor, action: Action, case: Case) -> bool:
    """Whether ``user`` may perform ``action`` on ``case`` (for buttons and small checks)."""
    return cases_for(user, action).filter(pk=case.pk).exists()


def sees_staff_only_content(user: Actor) -> bool:
    """Local authority staff and the LA's own partner systems read staff-only timeline entries
    and documents; families read only what is shared with them."""
    if isinstance(user, ApiClient):
        return user.organisation.kind == user.organisation.Kind.LOCAL_AUTHORITY
    return is_la_staff(user)


def sees_disagreements(user: Actor) -> bool:
    """Whether ``user`` may read mediation and tribunal records (mediation app) on the cases
    they may see: a family's disagreement with the LA."""
    # Of partner systems, only the LA's own read them; a setting's or health body's never does.
    if isinstance(user, ApiClient):
        return sees_staff_only_content(user)
    # People read them on every case they may see (family, coordinators, managers).
    return True


def sees_placement_records(user: Actor) -> bool:
    """Whether ``user`` may read tailored lists, consultations with settings and placements
    (placements app) on the cases they may see."""
    # Of partner systems, only the LA's own read them: a setting's system never reads the
    # family's list or another setting's consultation.
    if isinstance(user, ApiClient):
        return sees_staff_only_content(user)
    # People read them on every case they may see (family, coordinators, managers).
    return True


def _record_read(user: Actor, case: Case, what: str) -> None:
    from sendcpp.audit import record_read

    record_read(user, child_id=case.child_id, case=case, what=what)


def get_case_or_404(user: Actor, public_id: UUID | str, action: Action = Action.VIEW) -> Case:
    """The case with this public id if ``user`` may perform ``action`` on it, else Http404.

    Handing out a case to view writes a read-access log entry.
    """
    try:
        case = (
            cases_for(user, action)
            .select_related("child", "team", "coordinator")
            .get(public_id=public_id)
        )
    except (Case.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404("No such case") from error
    if action == Action.VIEW:
        _record_read(user, case, "case")
    return case


def timeline_for(user: Actor, case: Case) -> QuerySet[CaseEvent]:
    """The entries of a case's timeline that ``user`` may read (the case itself already checked)."""
    events = CaseEvent.objects.filter(case=case).select_related("actor")
    if sees_staff_only_content(user):
        return events
    return events.filter(audience=Audience.FAMILY)


def documents_for(user: Actor, case: Case) -> QuerySet[Document]:
    """The documents of a case that ``user`` may open (the case itself already checked)."""
    documents = Document.objects.filter(case=case)
    if isinstance(user, ApiClient) and not user.has_scope(ApiClient.Scope.DOCUMENTS_READ):
        return documents.none()
    if sees_staff_only_content(user):
        return documents
    return documents.filter(audience=Audience.FAMILY)


def get_document_or_404(user: Actor, public_id: UUID | str) -> Document:
    """A document ``user`` may open, else Http404. Writes a read-access log entry."""
    try:
        document = Document.objects.select_related("case").get(public_id=public_id)
    except (Document.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404("No such document") from error
    case = document.case
    # A setting opens the documents shared in a consultation pack it may read (placements app),
    # and no other document of the case.
    if setting_consultations(user, document.consultation_packs.all()).exists():
        _record_read(user, case, "consultation pack document")
        return document
    if not cases_for(user, Action.VIEW).filter(pk=case.pk).exists():
        raise Http404("No such document")
    if not documents_for(user, case).filter(pk=document.pk).exists():
        raise Http404("No such document")
    _record_read(user, case, "document")
    return document


#: How long a setting may still read a consultation pack after answering it (placements app).
SETTING_PACK_DAYS = 28


def setting_consultations(user: Actor, consultations: QuerySet[Any]) -> QuerySet[Any]:
    """Of ``consultations`` (placements app: a setting asked whether it can meet a child's needs),
    those a setting's SENCO or head may read. They read the pack only, never the rest of the case:
    ``cases_for`` gives them nothing."""
    # Only a person signed in for a setting, and linked to it, reads consultations this way.
    if not (
        isinstance(user, User)
        and user.is_active
        and user.account_type == User.AccountType.SETTING
        and user.organisation_id is not None
    ):
        return consultations.none()
    # They see the consultations sent to their own setting ...
    own = consultations.filter(setting_id=user.organisation_id)
    # ... while it is open, and for SETTING_PACK_DAYS after they answered it.
    answered_since = timezone.now() - timedelta(days=SETTING_PACK_DAYS)
    return own.filter(Q(closed_at__isnull=True) | Q(answered_at__gte=answered_since))


#: How long a professional or setting may still read an advice request after first giving the
#: advice (ehcp app), for example to correct it as a new version (roles spec: access ends a set
#: time after the advice is submitted).
ADVICE_ACCESS_DAYS = 28


def advice_requests_for_advisor(user: Actor, advice_requests: QuerySet[Any]) -> QuerySet[Any]:
    """Of ``advice_requests`` (ehcp app: the LA asking a professional or setting for advice on a
    child), those the advisor may read and answer. They read only what the request shares, never
    the rest of the case: ``cases_for`` gives them nothing."""
    # Only a professional or setting account, signed in as itself, reads advice requests this way.
    if not (
        isinstance(user, User)
        and user.is_active
        and user.account_type in {User.AccountType.PROFESSIONAL, User.AccountType.SETTING}
    ):
        return advice_requests.none()
    # They see the requests sent to them by name ...
    own = advice_requests.filter(advisor=user)
    # ... while the request waits for their advice (not once it is withdrawn) ...
    waiting = Q(status="requested")
    # ... and for ADVICE_ACCESS_DAYS after they first gave it.
    submitted_since = timezone.now() - timedelta(days=ADVICE_ACCESS_DAYS)
    recently_given = Q(status="submitted", submitted_at__gte=submitted_since)
    return own.filter(waiting | recently_given)


def get_child_or_404(user: Actor, public_id: UUID | str) -> Child:
    """A child's record ``user`` may see, else Http404. Writes a read-access log entry."""
    try:
        child = children_for(user).get(public_id=public_id)
    except (Child.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404("No such child") from error
    from sendcpp.audit import record_read

    record_read(user, child_id=child.pk, case=None, what="child record")
    return child


def assignable_coordinators(user: Actor, case: Case) -> QuerySet[User]:
    """Coordinators a case may be reassigned to by ``user``: within the case's team for a
    coordinator, anyone in the LA for a manager."""
    coordinators = User.objects.filter(
        is_active=True, staff_profile__role=StaffProfile.Role.COORDINATOR
    ).select_related("staff_profile")
    if is_manager(user):
        return coordinators.filter(organisation_id=case.local_authority_id)
    if can(user, Action.ASSIGN, case):
        return coordinators.filter(staff_profile__team_id=case.team_id)
    return coordinators.none()


def require(condition: bool) -> None:
    """Raise Http404 unless ``condition`` holds: for page-level checks (audit log, config)."""
    if not condition:
        raise Http404("Not found")


# Partnership board (partnerships app). Boards are not cases: these rules decide who sees a local
# area's board, its meetings, actions and plan drafts, and who runs it. Models are looked up by
# name so that sendcpp imports no domain app.


def _partnership_model(name: str) -> Any:
    from django.apps import apps

    return apps.get_model("partnerships", name)


def _signed_in_person(user: Actor) -> User | None:
    return user if isinstance(user, User) and user.is_active else None


def active_memberships(user: User, today: date) -> QuerySet[Any]:
    """The board seats ``user`` holds today."""
    return (
        _partnership_model("BoardMember")
        .objects.filter(user=user, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    )


def boards_for(user: Actor, *, today: date) -> QuerySet[Any]:
    """The boards ``user`` may see."""
    person = _signed_in_person(user)
    if person is None:
        return _partnership_model("PartnershipBoard").objects.none()
    condition = Q(pk__in=[])
    # A SEND manager sees their own local authority's board.
    if is_manager(person):
        condition |= Q(local_authority_id=person.organisation_id)
    # LA staff who sit on the board now see it (a lapsed member no longer does).
    if is_la_staff(person):
        condition |= Q(pk__in=active_memberships(person, today).values("board_id"))
    return _partnership_model("PartnershipBoard").objects.filter(condition)


def can_manage(user: Actor, board: Any) -> bool:
    """Only a SEND manager of the board's own local authority configures and runs the board and
    writes the plan."""
    person = _signed_in_person(user)
    return (
        person is not None
        and is_manager(person)
        and person.organisation_id == board.local_authority_id
    )


def can_set_up_board(user: Actor) -> bool:
    """A SEND manager may set up their local authority's board if it has none yet."""
    person = _signed_in_person(user)
    return (
        person is not None
        and is_manager(person)
        and person.organisation_id is not None
        and not _partnership_model("PartnershipBoard")
        .objects.filter(local_authority_id=person.organisation_id)
        .exists()
    )


def can_update_action(user: Actor, action: Any) -> bool:
    """A manager of the board, or the action's owner through their own account, records
    progress on an action (the caller has already checked they see the board)."""
    person = _signed_in_person(user)
    if person is None:
        return False
    if can_manage(person, action.board):
        return True
    # The owner updates their own action.
    return action.owner.user_id == person.pk

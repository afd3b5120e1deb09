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
Apps add the relationship clauses they own (panel agendas, consultations, advice requests, the
partnership board) from their ``AppConfig.ready()``, in their own ``access.py``, with their own
models' fields: ``register``, ``records_for``, ``may_create`` below; ``manage.py access_rules``
prints them all. Each condition is on its own line with the rule it implements.

Forbidden looks the same as missing: ``get_*_or_404`` raise Http404 in both cases.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, overload
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

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
from sendcpp.shapes import Shapes

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
    return isinstance(user, User) and is_administrator(user) and user.organisation_id is not None


def managed_users(user: Actor) -> QuerySet[User]:
    """The accounts an administrator manages: the staff of their own local authority (and any
    other account attached to it). Nobody else manages any."""
    if not isinstance(user, User) or not can_manage_users(user) or user.organisation_id is None:
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
    # A partner system needs the LA's own active key with the settings:write scope.
    if isinstance(user, ApiClient):
        return client_may(user, Scope.SETTINGS_WRITE)
    # Of people, only SEND managers.
    return is_manager(user)


def _family_children(user: User) -> QuerySet[Relationship, Any]:
    # A family member sees a child only while staff have granted portal access and not revoked it.
    # A young person (16+) with their own login holds their own rights: their parents and carers
    # see the case only while the young person allows it.
    withheld = Relationship.objects.filter(
        kind=Relationship.Kind.SELF,
        shares_with_family=False,
        portal_access=True,
        portal_access_revoked_at__isnull=True,
        user__isnull=False,
    ).values("child_id")
    return (
        Relationship.objects.filter(
            user=user, portal_access=True, portal_access_revoked_at__isnull=True
        )
        .exclude(~Q(kind=Relationship.Kind.SELF) & Q(child_id__in=withheld))
        .values("child_id")
    )


#: Within one request, the explicit grants looked up for a person (see ``remembering_grants``).
_GRANTS_SEEN: contextvars.ContextVar[dict[tuple[int, str], list[int]] | None] = (
    contextvars.ContextVar("access_grants_seen", default=None)
)


@contextmanager
def remembering_grants() -> Iterator[None]:
    """For the length of one request (``sendcpp.middleware.AccessScopeMiddleware``), look up each
    person's explicit grants once: a page that scopes several lists and counts by ``cases_for``
    asks for them several times. Outside a request (tasks, shell, tests calling this module
    directly) they are looked up every time, so a grant made since is always seen."""
    token = _GRANTS_SEEN.set({})
    try:
        yield
    finally:
        _GRANTS_SEEN.reset(token)


def _grant_lookups(user: Any, codename: str) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """The ids of the cases granted to ``user`` (a person, or ``OuterRef("pk")``) for
    ``codename``: to them, and to a group they belong to (guardian, direct FKs)."""
    by_user = CaseUserObjectPermission.objects.filter(
        user=user, permission__codename=codename
    ).values_list("content_object_id", flat=True)
    by_group = CaseGroupObjectPermission.objects.filter(
        group__user=user, permission__codename=codename
    ).values_list("content_object_id", flat=True)
    return by_user, by_group


#: What the signed-in person is read with on every request (``sendcpp.accounts``): the cases
#: granted to them to read, so that ``cases_for`` need not look them up in a query of its own.
#: Read with the person's row, they are as fresh as the row: a grant made or taken away is seen
#: by the next request.
GRANTS_READ_WITH_PERSON = "view_case"


def grants_with_person() -> dict[str, ArraySubquery]:
    """The annotations that read a person's explicit grants to read cases with their row."""
    by_user, by_group = _grant_lookups(OuterRef("pk"), GRANTS_READ_WITH_PERSON)
    return {
        "cases_granted": ArraySubquery(by_user),
        "cases_granted_to_groups": ArraySubquery(by_group),
    }


def _granted_cases(user: User, codename: str) -> Q | None:
    # Explicit one-off grants. Read with the signed-in person's row on a request; otherwise
    # looked up first (one query, once a request), so that the usual case — no grants — keeps
    # the case query index-friendly.
    seen = _GRANTS_SEEN.get()
    key = (user.pk, codename)
    read_with_person = getattr(user, "cases_granted", None)
    if codename == GRANTS_READ_WITH_PERSON and read_with_person is not None:
        to_groups = getattr(user, "cases_granted_to_groups", None) or []
        granted = sorted({*read_with_person, *to_groups})
    elif seen is not None and key in seen:
        granted = seen[key]
    else:
        by_user, by_group = _grant_lookups(user, codename)
        granted = list(by_user.union(by_group))
        if seen is not None:
            seen[key] = granted
    return Q(id__in=granted) if granted else None


Scope = ApiClient.Scope

#: Scopes that act for the local authority. Only the LA's own keys may hold them (roles spec: a
#: partner system acts within its organisation's rights; only the LA makes the LA's decisions).
LA_SCOPES = frozenset(
    {
        Scope.CASES_WRITE,
        Scope.CHILDREN_WRITE,
        Scope.DECISIONS_WRITE,
        Scope.PLANS_WRITE,
        Scope.REVIEWS_WRITE,
        Scope.PLACEMENTS_WRITE,
        Scope.MEDIATION_WRITE,
        Scope.SETTINGS_WRITE,
    }
)
#: Scopes that write what a setting or health body gives itself: its answer to a consultation
#: and the advice asked of it (including advice for an annual review).
ORGANISATION_SCOPES = frozenset({Scope.CONSULTATIONS_ANSWER, Scope.ADVICE_WRITE})
#: Scopes that only read, within what the key's organisation may see.
READ_SCOPES = frozenset({Scope.CASES_READ, Scope.DOCUMENTS_READ})


def _is_la_key(client: ApiClient) -> bool:
    return client.organisation.kind == client.organisation.Kind.LOCAL_AUTHORITY


def scopes_allowed_for(organisation: Any) -> frozenset[str]:
    """The scopes a key of ``organisation`` may be issued with."""
    # The LA's own systems read, and act for the LA one capability at a time.
    if organisation.kind == organisation.Kind.LOCAL_AUTHORITY:
        return READ_SCOPES | LA_SCOPES
    # Anyone else's system reads what its organisation may read and writes only what the
    # organisation gives itself: consultation answers and advice.
    return READ_SCOPES | ORGANISATION_SCOPES


def client_may(client: ApiClient, scope: str | None) -> bool:
    """Whether partner key ``client`` may use capability ``scope``. ``None`` is a capability no
    key has (acting as the family, a panel member or a board member)."""
    # No key acts as a person: the family, a panel's chair, a board's manager.
    if scope is None:
        return False
    # A revoked key, or one without the scope, may do nothing with it.
    if not client.has_scope(scope):
        return False
    # A scope outside what the organisation may hold is refused even if it was issued.
    return scope in scopes_allowed_for(client.organisation)


def _client_cases(client: ApiClient, action: Action) -> QuerySet[Case]:
    org = client.organisation
    if action == Action.VIEW:
        # Reading needs cases:read on an active key.
        if not client.has_scope(Scope.CASES_READ):
            return Case.objects.none()
        # The LA's own systems (data warehouse) read every case of that LA.
        if _is_la_key(client):
            return Case.objects.filter(local_authority=org)
        # A setting's system reads only the cases of children who attend that setting.
        return Case.objects.filter(child__setting=org)
    # A key never acts as the family (views, comments, preferences, requests).
    if action == Action.CONTRIBUTE:
        return Case.objects.none()
    # Changing a case is acting for the LA: only the LA's own active keys, on the LA's cases.
    # Which change (cases:write, decisions:write, plans:write ...) is checked by ``client_may``
    # in the API's command runner (``sendcpp.api.commands``), through which every write goes.
    if not client.is_active or not _is_la_key(client):
        return Case.objects.none()
    if not any(client.has_scope(scope) for scope in LA_SCOPES - {Scope.SETTINGS_WRITE}):
        return Case.objects.none()
    return Case.objects.filter(local_authority=org)


def _sees_whole_la(profile: StaffProfile) -> bool:
    # A SEND manager sees and changes every case in their local authority.
    return profile.role == StaffProfile.Role.MANAGER


def _staff_cases(user: User, profile: StaffProfile, action: Action) -> QuerySet[Case]:
    if _sees_whole_la(profile):
        return Case.objects.filter(local_authority_id=user.organisation_id)
    condition = Q(pk__in=[])
    # A coordinator sees and works on their own caseload and their team's cases.
    if profile.role == StaffProfile.Role.COORDINATOR:
        condition |= Q(coordinator=user)
        if profile.team_id is not None:
            condition |= Q(team_id=profile.team_id)
    # The relationships the apps add for this role (a panel member: the panels' agendas).
    for clause in _CASE_CLAUSES:
        if clause.role == profile.role:
            condition |= clause.cases(user, action)
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


def scope_shape(user: Actor) -> tuple[str, bool, bool] | None:
    """What the cases ``user`` may see (``cases_for``) depend on besides the ids of the person,
    their team and their LA, when that is all: their role, and whether they have a team and an
    LA; for a family member (or young person), that they are one: their cases are their linked
    children's, found by their own id. None when the cases depend on more (a one-off grant, a
    clause an app registered for the role, a partner key): a query compiled once per shape
    (``sendcpp.shapes``) is then built afresh. ``stand_in`` gives the person to compile with."""
    return scope_values(user)[0]


def scope_values(user: Actor) -> tuple[tuple[str, bool, bool] | None, dict[str, int]]:
    """``scope_shape(user)`` and the ids a query of that shape is compiled with: the person's,
    their team's and their LA's (those they have). No ids when there is no shape."""
    person = signed_in_person(user)
    if person is None:
        return None, {}
    profile = _profile(person)
    if profile is None:
        if person.account_type == User.AccountType.FAMILY:
            return ("family", False, False), {"person": person.pk}
        return None, {}
    if not _sees_whole_la(profile):
        if any(clause.role == profile.role for clause in _CASE_CLAUSES):
            return None, {}
        if _granted_cases(person, "view_case") is not None:
            return None, {}
    values = {"person": person.pk}
    if profile.team_id is not None:
        values["team"] = profile.team_id
    if person.organisation_id is not None:
        values["organisation"] = person.organisation_id
    shape = (profile.role, profile.team_id is not None, person.organisation_id is not None)
    return shape, values


@overload
def scoped(user: User, given: Mapping[str, Any]) -> User: ...
@overload
def scoped(user: Actor, given: Mapping[str, Any]) -> Actor: ...
def scoped(user: Actor, given: Mapping[str, Any]) -> Actor:
    """Whom a query of ``scope_values``' shape is built for: the stand-in with the ids in
    ``given`` when there are ids (the shape is being compiled), else ``user`` themself."""
    if "person" not in given or not isinstance(user, User):
        return user
    return stand_in(
        user, person=given["person"], team=given.get("team"), organisation=given.get("organisation")
    )


def stand_in(user: User, *, person: int, team: int | None, organisation: int | None) -> User:
    """``user`` as ``cases_for`` reads them, with other ids: the person to compile a shape with
    (``scope_shape``). Never saved."""
    profile = _profile(user)
    if profile is None and user.account_type != User.AccountType.FAMILY:
        raise ValueError("only the cases of staff and families have a shape")
    copy = User(
        pk=person,
        organisation_id=organisation,
        account_type=user.account_type,
        is_active=user.is_active,
    )
    if profile is not None:
        copy.staff_profile = StaffProfile(user=copy, role=profile.role, team_id=team)
    # Only someone with no grants has a shape (``scope_values``): none to look up.
    for loaded in ("cases_granted", "cases_granted_to_groups"):
        setattr(copy, loaded, [])
    return copy


def children_for(user: Actor, action: Action = Action.VIEW) -> QuerySet[Child]:
    """Children whose record ``user`` may see: those with at least one case they may see."""
    return Child.objects.filter(id__in=cases_for(user, action).values("child_id"))


def can(user: Actor, action: Action, record: Any) -> bool:
    """Whether ``user`` may perform ``action`` on ``record`` (for buttons and small checks): a
    case, or a record of a model an app registered a clause for."""
    if isinstance(record, Case):
        return cases_for(user, action).filter(pk=record.pk).exists()
    clause = _clause_for(type(record))
    if clause.allows is not None:
        answer = clause.allows(user, action, record)
        if answer is not None:
            return answer
    same = type(record)._default_manager.filter(pk=record.pk)
    return records_for(user, same, action).exists()


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


def _record_read(user: Actor, case: Case, what: str, item: str = "") -> None:
    from sendcpp.audit import record_read

    record_read(user, child_id=case.child_id, case=case, what=what, item=item)


# The case a page is about, read for every page of a case: compiled once per shape of the
# person's access (``sendcpp.shapes``, decision 35), with the case's public id as a value.
_CASE = Shapes("a case by its public id")


def public_id_or_404(public_id: UUID | str, missing: str) -> UUID:
    """``public_id`` as a UUID, or Http404 saying ``missing`` when it cannot be one (an address
    that names no record is a record that does not exist)."""
    try:
        return public_id if isinstance(public_id, UUID) else UUID(str(public_id))
    except ValueError as error:
        raise Http404(missing) from error


def get_case_or_404(
    user: Actor,
    public_id: UUID | str,
    action: Action = Action.VIEW,
    *,
    rights: tuple[Action, ...] = (),
) -> Case:
    """The case with this public id if ``user`` may perform ``action`` on it, else Http404.

    ``rights``: further actions whose permission a page needs (to show a button), read in the
    same query as the case and set as ``case.rights``, a dict from action to whether ``user``
    may perform it (``can`` for each, without a query each).

    Handing out a case to view writes a read-access log entry.
    """
    key = public_id_or_404(public_id, "No such case")
    scope, ids = scope_values(user)
    values: dict[str, int | UUID] = {**ids, "case": key}

    def build(given: Mapping[str, Any]) -> QuerySet[Case]:
        who = scoped(user, given)
        cases = cases_for(who, action).select_related("child", "team", "coordinator")
        if rights:
            cases = cases.annotate(
                **{
                    f"may_{right.value}": Exists(cases_for(who, right).filter(pk=OuterRef("pk")))
                    for right in rights
                }
            )
        return cases.filter(public_id=given["case"])

    found = _CASE.objects(None if scope is None else (scope, action, rights), build, values)
    if not found:
        raise Http404("No such case")
    case: Case = found[0]
    case.rights = {right: getattr(case, f"may_{right.value}") for right in rights}  # type: ignore[attr-defined]
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
    if records_for(user, document.consultation_packs.all()).exists():
        _record_read(user, case, "consultation pack document", document.title)
        return document
    if not cases_for(user, Action.VIEW).filter(pk=case.pk).exists():
        raise Http404("No such document")
    if not documents_for(user, case).filter(pk=document.pk).exists():
        raise Http404("No such document")
    _record_read(user, case, "document", document.title)
    return document


def acting_organisation(user: Actor, *, read: str, write: str, action: Action) -> int | None:
    """The setting (or health body) that ``user`` acts for when it reads (``VIEW``) or writes
    what its organisation gives itself (consultation answers, advice), or None."""
    # Its own partner system: reading needs ``read`` and writing ``write``; the LA's keys read
    # consultations and advice through the case instead.
    if isinstance(user, ApiClient):
        needed = read if action == Action.VIEW else write
        if _is_la_key(user) or not client_may(user, needed):
            return None
        return user.organisation_id
    # A person signed in for a setting, and linked to it.
    if (
        isinstance(user, User)
        and user.is_active
        and user.account_type == User.AccountType.SETTING
        and user.organisation_id is not None
    ):
        return user.organisation_id
    return None


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


# --- Clauses the apps add -----------------------------------------------------------------------
# Each app adds, from its ``AppConfig.ready()``, the relationships it owns through which people
# (and partner systems) see or act on cases or on its own records, written with its own models'
# fields and enums (``panels/access.py``, ``placements/access.py`` ...). This module combines
# them: ``cases_for``, ``records_for``, ``can`` and ``may_create`` are the one public API, and
# ``manage.py access_rules`` prints every clause.


@dataclass(frozen=True)
class CaseClause:
    """Staff of ``role`` see or act on the cases ``cases(user, action)`` selects."""

    app: str
    name: str
    rule: str
    role: str
    cases: Callable[[User, Action], Q]


@dataclass(frozen=True)
class RecordClause:
    """Who may read (``VIEW``) or act on (other actions) the records of ``model``:
    ``records(user, queryset, action, **context)`` narrows ``queryset`` to them,
    ``creatable(user)`` says who may create one (None: nobody through this clause), and
    ``allows(user, action, record)`` may answer for one record from its own fields."""

    app: str
    name: str
    rule: str
    model: type[Model]
    records: Callable[..., QuerySet[Any]]
    creatable: Callable[[Actor], bool] | None = None
    # For ``can`` on one record without a query, when the rule needs only the row itself; it
    # answers None where it cannot tell, and ``records`` decides.
    allows: Callable[[Actor, Action, Any], bool | None] | None = None


_CASE_CLAUSES: list[CaseClause] = []
_RECORD_CLAUSES: dict[type[Model], RecordClause] = {}


def register(*clauses: CaseClause | RecordClause) -> None:
    """Add clauses (from an app's ``AppConfig.ready()``). A model has one record clause."""
    for clause in clauses:
        if isinstance(clause, CaseClause):
            if clause not in _CASE_CLAUSES:
                _CASE_CLAUSES.append(clause)
            continue
        existing = _RECORD_CLAUSES.get(clause.model)
        if existing is not None and existing != clause:
            raise ValueError(f"{clause.model.__name__} already has an access clause")
        _RECORD_CLAUSES[clause.model] = clause


def clauses() -> list[CaseClause | RecordClause]:
    """Every registered clause, by app and name (``manage.py access_rules``)."""
    every: list[CaseClause | RecordClause] = [*_CASE_CLAUSES, *_RECORD_CLAUSES.values()]
    return sorted(every, key=lambda clause: (clause.app, clause.name))


def _clause_for(model: type[Model]) -> RecordClause:
    try:
        return _RECORD_CLAUSES[model]
    except KeyError:
        raise LookupError(f"No access clause is registered for {model.__name__}") from None


def records_for(
    user: Actor, queryset: QuerySet[Any], action: Action = Action.VIEW, **context: Any
) -> QuerySet[Any]:
    """Of ``queryset``, the records ``user`` may ``action``, by the clause its app registered."""
    return _clause_for(queryset.model).records(user, queryset, action, **context)


def may_create(user: Actor, model: type[Model]) -> bool:
    """Whether ``user`` may create a record of ``model`` (say, set up a partnership board)."""
    creatable = _clause_for(model).creatable
    return creatable is not None and creatable(user)


def signed_in_person(user: Actor) -> User | None:
    """The person acting, if it is an active person (not a partner system or nobody)."""
    return user if isinstance(user, User) and user.is_active else None

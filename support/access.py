"""Support plans, delivery records and exclusions in the access policy (``sendcpp.access``).
Registered from ``SupportConfig.ready()``; written with this app's own models.

- A setting (its SENCO, signed in for it) works with the children who attend it, and with the
  support plans it holds; nobody at another setting sees them (404).
- A family member sees their linked children's plans (portal access) and comments on them.
- A SEND manager reads every child of their local authority; a coordinator the children of the
  cases they see. Neither writes a setting's plan.
- The setting named in section I of an EHC plan confirms its delivery each term.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from ehcp.models import Plan as EhcPlan
from ehcp.models import PlanStatus
from sendcpp import access
from sendcpp.access import Action, RecordClause, signed_in_person
from sendcpp.models import Child, Relationship, User
from support.models import (
    AtRiskFlag,
    DeliveryReturn,
    Exclusion,
    RequestEvidence,
    SupportPlan,
    Tier1Episode,
)


def setting_of(user: Any) -> int | None:
    """The setting a person is signed in for (a SENCO), or None."""
    person = signed_in_person(user)
    if (
        person is not None
        and person.account_type == User.AccountType.SETTING
        and person.organisation_id is not None
    ):
        return person.organisation_id
    return None


def _family_child_ids(person: User) -> QuerySet[Relationship, Any]:
    # A family member sees a child only while staff have granted portal access and not revoked it.
    return Relationship.objects.filter(
        user=person, portal_access=True, portal_access_revoked_at__isnull=True
    ).values("child_id")


def children_for(user: Any, action: Action = Action.VIEW) -> QuerySet[Child]:
    """The children whose support records ``user`` may read (``VIEW``), comment on as family
    (``CONTRIBUTE``) or write as their setting (``EDIT``)."""
    person = signed_in_person(user)
    if person is None:
        return Child.objects.none()
    setting = setting_of(person)
    # A SENCO works with the children who attend their setting, and no others.
    if setting is not None:
        if action in {Action.VIEW, Action.EDIT}:
            return Child.objects.filter(setting_id=setting)
        return Child.objects.none()
    # A family member reads and comments on their linked children's support.
    if access.is_family(person):
        if action in {Action.VIEW, Action.CONTRIBUTE}:
            return Child.objects.filter(id__in=_family_child_ids(person))
        return Child.objects.none()
    if action != Action.VIEW:
        return Child.objects.none()
    # A SEND manager reads every child of their local authority.
    if access.is_manager(person):
        return Child.objects.filter(responsible_la_id=person.organisation_id)
    # A coordinator reads the children of the cases they see.
    if access.is_coordinator(person):
        return access.children_for(person)
    return Child.objects.none()


def plans_for(
    user: Any, plans: QuerySet[SupportPlan], action: Action = Action.VIEW, **context: Any
) -> QuerySet[SupportPlan]:
    """Of ``plans``, those ``user`` may read, comment on (family) or write (their setting)."""
    setting = setting_of(user)
    # A setting reads and writes only the plans it holds now (a plan that moved with a child is
    # the new setting's).
    if setting is not None:
        if action in {Action.VIEW, Action.EDIT}:
            return plans.filter(setting_id=setting)
        return plans.none()
    return plans.filter(child__in=children_for(user, action))


def child_records_for(
    user: Any, records: QuerySet[Any], action: Action = Action.VIEW, **context: Any
) -> QuerySet[Any]:
    """Of a child's exclusions, tier 1 episodes and flags, those ``user`` may read or write:
    the child's setting writes them; the LA reads them; the family reads them."""
    setting = setting_of(user)
    if setting is not None:
        if action in {Action.VIEW, Action.EDIT}:
            return records.filter(child__setting_id=setting, setting_id=setting)
        return records.none()
    if action != Action.VIEW:
        return records.none()
    return records.filter(child__in=children_for(user, Action.VIEW))


def evidence_for(
    user: Any, evidence: QuerySet[RequestEvidence], action: Action = Action.VIEW, **context: Any
) -> QuerySet[RequestEvidence]:
    """Evidence sent with a request: the setting that sent it, and LA staff who see the child."""
    if action != Action.VIEW:
        return evidence.none()
    setting = setting_of(user)
    if setting is not None:
        return evidence.filter(setting_id=setting)
    person = signed_in_person(user)
    if person is None or not access.is_la_staff(person):
        return evidence.none()
    condition = Q(case__in=access.cases_for(person))
    # A request with no case yet is for the local authority to pick up: its managers and
    # coordinators see it.
    if access.is_manager(person) or access.is_coordinator(person):
        condition |= Q(case__isnull=True, child__responsible_la_id=person.organisation_id)
    return evidence.filter(condition)


def ehc_plans_to_confirm(user: Any) -> QuerySet[EhcPlan]:
    """The EHC plans whose delivery ``user`` confirms: those naming their setting in section I."""
    setting = setting_of(user)
    if setting is None:
        return EhcPlan.objects.none()
    return EhcPlan.objects.filter(
        placement_setting_id=setting,
        status__in=[PlanStatus.FINAL, PlanStatus.AMENDING, PlanStatus.AMENDMENT_ISSUED],
    )


def returns_for(
    user: Any, returns: QuerySet[DeliveryReturn], action: Action = Action.VIEW, **context: Any
) -> QuerySet[DeliveryReturn]:
    """Delivery returns: the setting that made them, and whoever sees the case (LA staff, the
    family). Shortfalls are followed up (``EDIT``) by those who may edit the case."""
    setting = setting_of(user)
    if setting is not None:
        return returns.filter(setting_id=setting) if action == Action.VIEW else returns.none()
    if action not in {Action.VIEW, Action.EDIT}:
        return returns.none()
    return returns.filter(case__in=access.cases_for(user, action))


CLAUSES = [
    RecordClause(
        app="support",
        name="support plan",
        rule=(
            "A setting reads and writes the support plans it holds; the family reads and "
            "comments on their child's plan; a SEND manager reads every plan of their authority "
            "and a coordinator the plans of the children on the cases they see."
        ),
        model=SupportPlan,
        records=plans_for,
    ),
    RecordClause(
        app="support",
        name="exclusion",
        rule=(
            "The child's setting records suspensions, part-time timetables and exclusions; the "
            "LA and the family read them."
        ),
        model=Exclusion,
        records=child_records_for,
    ),
    RecordClause(
        app="support",
        name="tier 1 episode",
        rule="The child's setting records tier 1 support; the LA and the family read it.",
        model=Tier1Episode,
        records=child_records_for,
    ),
    RecordClause(
        app="support",
        name="at-risk flag",
        rule="The child's setting raises and clears the flag; the LA and the family read it.",
        model=AtRiskFlag,
        records=child_records_for,
    ),
    RecordClause(
        app="support",
        name="evidence for a request",
        rule=(
            "The setting that sent it and LA staff who see the child's case read it; a request "
            "with no case yet is read by the authority's managers and coordinators."
        ),
        model=RequestEvidence,
        records=evidence_for,
    ),
    RecordClause(
        app="support",
        name="delivery return",
        rule=(
            "The setting named in section I confirms delivery each term and reads its returns; "
            "whoever sees the case reads them; whoever edits the case follows up shortfalls."
        ),
        model=DeliveryReturn,
        records=returns_for,
    ),
]

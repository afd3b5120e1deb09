"""ELSEC's rules in the access policy (``sendcpp.access``): who sees a pathfinder, its settings
and the children screened in it, and who records support. Registered from
``ElsecConfig.ready()``; written with this app's own models.

- A SEND manager of the pathfinder's local authority is its lead: sees everything in it, sets it
  up and adds settings and workforce.
- A member of the workforce sees, and records support and screenings at, only the settings they
  cover now (and the children at them).
- Someone signed in for a setting sees their own setting and its children only.
- A family member sees the records of the children they are linked to with portal access.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from elsec.models import ChildRecord, Pathfinder, PathfinderSetting
from sendcpp.access import Action, RecordClause, is_family, is_manager, signed_in_person
from sendcpp.models import Relationship, User


def _led(person: User) -> Q:
    """Pathfinders ``person`` leads: those of their local authority, if they are its manager."""
    if not is_manager(person) or person.organisation_id is None:
        return Q(pk__in=[])
    return Q(local_authority_id=person.organisation_id)


def _covered_settings(person: User) -> QuerySet[PathfinderSetting]:
    """Settings ``person`` covers now as an active member of a pathfinder's workforce."""
    return PathfinderSetting.objects.filter(workforce__user=person, workforce__is_active=True)


def _own_setting(person: User) -> Q:
    """A person signed in for a setting: that setting's organisation."""
    if person.account_type != User.AccountType.SETTING or person.organisation_id is None:
        return Q(pk__in=[])
    return Q(organisation_id=person.organisation_id)


def pathfinders_for(
    user: Any, pathfinders: QuerySet[Pathfinder], action: Action = Action.VIEW, **_: Any
) -> QuerySet[Pathfinder]:
    """Of ``pathfinders``, those ``user`` sees (``VIEW``) or leads (any other action)."""
    person = signed_in_person(user)
    if person is None:
        return pathfinders.none()
    # Only the lead (a SEND manager of its local authority) changes the pathfinder.
    if action != Action.VIEW:
        return pathfinders.filter(_led(person))
    # The lead, and active members of its workforce, see it.
    return pathfinders.filter(
        _led(person) | Q(workforce__user=person, workforce__is_active=True)
    ).distinct()


def settings_for(
    user: Any, settings: QuerySet[PathfinderSetting], action: Action = Action.VIEW, **_: Any
) -> QuerySet[PathfinderSetting]:
    """Of ``settings``, those ``user`` sees (``VIEW``) or records support at (``EDIT``)."""
    person = signed_in_person(user)
    if person is None:
        return settings.none()
    covered = Q(pk__in=_covered_settings(person).values("pk"))
    # Support (training, audits, coaching) is recorded by the workforce covering the setting.
    if action != Action.VIEW:
        return settings.filter(covered)
    led = Pathfinder.objects.filter(_led(person)).values("pk")
    # The lead sees every setting of the pathfinder; the workforce the ones they cover; a
    # setting's own staff their setting.
    return settings.filter(Q(pathfinder_id__in=led) | covered | _own_setting(person))


def records_for(
    user: Any, records: QuerySet[ChildRecord], action: Action = Action.VIEW, **_: Any
) -> QuerySet[ChildRecord]:
    """Of ``records``, the children's records ``user`` sees (``VIEW``) or adds screenings,
    consent, episodes and referrals to (``EDIT``)."""
    person = signed_in_person(user)
    if person is None:
        return records.none()
    covered = Q(setting_id__in=_covered_settings(person).values("pk"))
    # Only the workforce covering the child's setting records screenings and support.
    if action != Action.VIEW:
        return records.filter(covered)
    # A family member sees only the records of children they are linked to with portal access.
    if is_family(person):
        linked = Relationship.objects.filter(
            user=person, portal_access=True, portal_access_revoked_at__isnull=True
        ).values("child_id")
        return records.filter(child_id__in=linked)
    led = Pathfinder.objects.filter(_led(person)).values("pk")
    own = PathfinderSetting.objects.filter(_own_setting(person)).values("pk")
    return records.filter(Q(pathfinder_id__in=led) | covered | Q(setting_id__in=own))


def may_set_up_pathfinder(user: Any) -> bool:
    """A SEND manager sets up their local authority's pathfinder."""
    person = signed_in_person(user)
    return person is not None and is_manager(person) and person.organisation_id is not None


def may_add_child(user: Any) -> bool:
    """A member of the workforce adds children at the settings they cover."""
    person = signed_in_person(user)
    return person is not None and _covered_settings(person).exists()


CLAUSES = [
    RecordClause(
        app="elsec",
        name="ELSEC pathfinder",
        rule=(
            "A SEND manager of the pathfinder's local authority leads it (sees and changes it, "
            "adds settings and workforce); active members of its workforce see it."
        ),
        model=Pathfinder,
        records=pathfinders_for,
        creatable=may_set_up_pathfinder,
    ),
    RecordClause(
        app="elsec",
        name="ELSEC setting",
        rule=(
            "The pathfinder's lead sees every setting in it; the workforce sees and records "
            "support at the settings they cover now; a setting's own staff see their setting."
        ),
        model=PathfinderSetting,
        records=settings_for,
    ),
    RecordClause(
        app="elsec",
        name="ELSEC child record",
        rule=(
            "The lead sees every child in the pathfinder; the workforce sees and records "
            "screenings and support for children at the settings they cover; a setting's staff "
            "see their own setting's children; a family member sees their linked children."
        ),
        model=ChildRecord,
        records=records_for,
        creatable=may_add_child,
    ),
]

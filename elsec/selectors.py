"""Permission-scoped reads of ELSEC: every lookup asks ``sendcpp.access`` (404 for missing and
forbidden alike) and every read of a child's record is written to the access log."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from elsec.models import (
    ChildRecord,
    Consent,
    Episode,
    Pathfinder,
    PathfinderSetting,
    Referral,
    Screening,
    ScreeningTool,
    WorkforceMember,
)
from sendcpp import access
from sendcpp.access import Action
from sendcpp.audit import record_read, record_read_ids
from sendcpp.models import Child
from sendcpp.shapes import Shapes


def _one(queryset: QuerySet[Any], public_id: UUID | str, what: str) -> Any:
    try:
        return queryset.get(public_id=public_id)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404(f"No such {what}") from error


def pathfinders_for(user: Any, action: Action = Action.VIEW) -> QuerySet[Pathfinder]:
    return access.records_for(user, Pathfinder.objects.all(), action)


def get_pathfinder_or_404(
    user: Any, public_id: UUID | str, action: Action = Action.VIEW
) -> Pathfinder:
    return _one(
        pathfinders_for(user, action).select_related("local_authority"), public_id, "pathfinder"
    )


def get_workforce_member_or_404(user: Any, public_id: UUID | str) -> WorkforceMember:
    """A member of the workforce of a pathfinder ``user`` leads."""
    members = WorkforceMember.objects.filter(
        pathfinder__in=pathfinders_for(user, Action.EDIT)
    ).select_related("user", "pathfinder")
    return _one(members, public_id, "member of the workforce")


def settings_for(user: Any, action: Action = Action.VIEW) -> QuerySet[PathfinderSetting]:
    return access.records_for(user, PathfinderSetting.objects.all(), action).select_related(
        "organisation", "pathfinder"
    )


def get_setting_or_404(
    user: Any, public_id: UUID | str, action: Action = Action.VIEW
) -> PathfinderSetting:
    return _one(settings_for(user, action), public_id, "setting")


def records_for(user: Any, action: Action = Action.VIEW) -> QuerySet[ChildRecord]:
    return access.records_for(user, ChildRecord.objects.all(), action).select_related(
        "child", "setting__organisation", "pathfinder"
    )


def get_record_or_404(
    user: Any, public_id: UUID | str, action: Action = Action.VIEW
) -> ChildRecord:
    """A child's ELSEC record ``user`` may ``action``; reading it is logged."""
    record: ChildRecord = _one(records_for(user, action), public_id, "child")
    if action == Action.VIEW:
        record_read(user, child_id=record.child_id, case=None, what="early language record")
    return record


def children_at(user: Any, setting: PathfinderSetting) -> QuerySet[ChildRecord]:
    """The children's records at ``setting`` that ``user`` sees (the list is logged)."""
    records = records_for(user).filter(setting=setting)
    for child_id in records.values_list("child_id", flat=True):
        record_read_ids(user, child_id=child_id, case_id=None, what="early language list")
    return records


def get_episode_or_404(user: Any, public_id: UUID | str, action: Action) -> Episode:
    episodes = Episode.objects.filter(record__in=records_for(user, action)).select_related(
        "record__child"
    )
    return _one(episodes, public_id, "episode")


def get_referral_or_404(user: Any, public_id: UUID | str, action: Action) -> Referral:
    referrals = Referral.objects.filter(record__in=records_for(user, action)).select_related(
        "record__child"
    )
    return _one(referrals, public_id, "referral")


def get_consent_or_404(user: Any, public_id: UUID | str, action: Action) -> Consent:
    consents = Consent.objects.filter(record__in=records_for(user, action))
    return _one(consents, public_id, "consent")


def active_tools() -> QuerySet[ScreeningTool]:
    return ScreeningTool.objects.filter(is_active=True)


def history(record: ChildRecord) -> dict[str, Any]:
    """Everything on a child's record, oldest first (the page and the evidence panel)."""
    screenings = list(
        record.screenings.select_related("tool", "screened_by__user", "after_episode")
    )
    return {
        "screenings": screenings,
        "episodes": list(record.episodes.all()),
        "referrals": list(record.referrals.all()),
        "consents": list(record.consents.all()),
        "latest": screenings[-1] if screenings else None,
        "today": timezone.localdate(),
    }


def _sharing(today: date | None = None) -> QuerySet[Consent]:
    """Consents in force ``today`` (by default, today) that share the record with the SEND
    service."""
    today = today or timezone.localdate()
    return Consent.objects.filter(share_with_send_service=True, given_on__lte=today).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today)
    )


def _child_values(child: Child) -> dict[str, Any]:
    """What of ``child`` their records are found by, by name (``_same_names_elsewhere``)."""
    return {
        "child": child.pk,
        "la": child.responsible_la_id,
        "first": child.legal_first_name,
        "last": child.legal_last_name,
        "born": child.date_of_birth,
    }


def _same_names_elsewhere(given: Mapping[str, Any]) -> Q:
    """Records of another child of the same council with the same names and date of birth (of
    the child whose ``_child_values`` are ``given``)."""
    return Q(
        pathfinder__local_authority_id=given["la"],
        child__legal_first_name__iexact=given["first"],
        child__legal_last_name__iexact=given["last"],
        child__date_of_birth=given["born"],
    ) & ~Q(child_id=given["child"])


def possible_matches(child: Child) -> QuerySet[ChildRecord]:
    """Records, shared with the SEND service, of another child of the same council with the
    same names and date of birth: perhaps this child, added by a setting before the EHC
    request. Staff confirm a match before anything of the record is shown."""
    return ChildRecord.objects.filter(
        _same_names_elsewhere(_child_values(child)), pk__in=_sharing().values("record_id")
    )


# Every case page asks for the child's records, and almost always there are none: the query
# (six tables) is compiled and planned once per process, not on every page (``sendcpp.shapes``).
_SHARED_OR_POSSIBLE = Shapes("early language records for a case")


def _shared_or_possible(given: Mapping[str, Any]) -> QuerySet[ChildRecord]:
    return ChildRecord.objects.filter(
        Q(child_id=given["child"]) | _same_names_elsewhere(given),
        pk__in=_sharing(given["today"]).values("record_id"),
    ).select_related("setting__organisation", "pathfinder")


def shared_or_possible(child: Child) -> tuple[list[ChildRecord], list[ChildRecord]]:
    """The records the SEND service may see for ``child``, in one query (the case page asks,
    and almost always there are none): the child's own records whose family agreed, and still
    agrees, to share them with the SEND service (with their screenings), and the
    ``possible_matches``."""
    values = {**_child_values(child), "today": timezone.localdate()}
    # A child with no council yet is looked for afresh (no value can stand for "none").
    shape = "by child" if None not in values.values() else None
    records = _SHARED_OR_POSSIBLE.objects(shape, _shared_or_possible, values)
    own = [record for record in records if record.child_id == child.pk]
    if own:
        prefetch_related_objects(
            own, Prefetch("screenings", queryset=Screening.objects.select_related("tool"))
        )
    return own, [record for record in records if record.child_id != child.pk]

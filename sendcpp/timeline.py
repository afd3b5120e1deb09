"""The one writer of the case timeline (CaseEvent).

Each app registers the kinds of event it writes, with the plain-English sentence shown on the
timeline, from its ``AppConfig.ready``. Kinds are checked here so a typo fails loudly in tests
rather than writing an event no page can describe.
"""

from __future__ import annotations

from typing import Any, Protocol
from uuid import UUID

from django.utils import timezone

from sendcpp.models import ApiClient, Audience, Case, CaseEvent, User

EVENT_KINDS: dict[str, str] = {}


class CaseRecord(Protocol):
    """A record that belongs to one case and is named outside by its public id."""

    @property
    def case(self) -> Case: ...

    @property
    def public_id(self) -> UUID: ...


def register_event_kinds(kinds: dict[str, str]) -> None:
    """Add event kinds (kind -> short plain-English description) to the timeline vocabulary."""
    for kind, description in kinds.items():
        existing = EVENT_KINDS.get(kind)
        if existing is not None and existing != description:
            raise ValueError(f"Event kind {kind!r} is already registered differently")
        EVENT_KINDS[kind] = description


register_event_kinds(
    {
        "case_opened": "Case opened",
        "coordinator_assigned": "Coordinator assigned",
        "document_added": "Document added",
        "portal_access_granted": "Family portal access granted",
        "portal_access_revoked": "Family portal access revoked",
        "family_sharing_changed": "Who in the family can see the case changed",
        "note_added": "Note added",
        "access_granted": "Access to the case granted",
    }
)


def record_case_event(
    *,
    case: Case,
    kind: str,
    by: User | ApiClient | None,
    summary: str = "",
    audience: str = Audience.STAFF,
    **data: Any,
) -> CaseEvent:
    """Append an event to a case's timeline. Call inside the service's transaction. ``by`` is
    the person or the partner system (API key) that acted; ``None`` for the system itself.

    ``data`` must be JSON-serialisable and must not repeat personal details already on the case.
    """
    if kind not in EVENT_KINDS:
        raise ValueError(f"Unknown case event kind {kind!r}: register it with register_event_kinds")
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        summary=summary or EVENT_KINDS[kind],
        audience=audience,
        actor=by if isinstance(by, User) else None,
        actor_client=by if isinstance(by, ApiClient) else None,
        occurred_at=timezone.now(),
        data=data,
    )


def record_family_event(
    record: CaseRecord,
    key: str,
    *,
    kind: str,
    by: User | ApiClient | None,
    summary: str = "",
    **data: Any,
) -> CaseEvent:
    """Append a family-visible event about one of a case's records to that case's timeline,
    naming the record by its public id under ``key`` (``review``, ``mediation``...)."""
    data[key] = str(record.public_id)
    return record_case_event(
        case=record.case, kind=kind, by=by, summary=summary, audience=Audience.FAMILY, **data
    )

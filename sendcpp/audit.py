"""The read-access log, and the queries managers use to read the audit trail.

Row history of every change is kept by database triggers (django-pghistory) on the tracked models,
so bulk updates are recorded too; the trigger context names the user of the request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcpp.models import AccessLog, ApiClient, Case, User

if TYPE_CHECKING:
    from sendcpp.access import Actor


def record_read(actor: Actor, *, child_id: int, case: Case | None, what: str) -> None:
    """Write who read which child's record. Reads by nobody (anonymous) are never allowed, so
    there is nothing to record for them."""
    if isinstance(actor, ApiClient):
        AccessLog.objects.create(
            api_client=actor, child_id=child_id, case=case, what=what, via="api"
        )
    elif isinstance(actor, User):
        AccessLog.objects.create(user=actor, child_id=child_id, case=case, what=what, via="web")

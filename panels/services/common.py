"""What the panel services share: checking text and who may act, and locking rows."""

from __future__ import annotations

from django.urls import reverse

from panels import selectors
from panels.models import AgendaItem, Panel, PanelMeeting
from sendcpp.exceptions import DomainError
from sendcpp.models import User

# --- Shared checks --------------------------------------------------------------------------------


def clean_text(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    return value


def require_configure(by: User, local_authority_id: int) -> None:
    if not selectors.may_configure(by, local_authority_id):
        raise DomainError("Only a SEND manager or an administrator can change panels and bands")


def require_runs(by: User, panel: Panel) -> None:
    if not selectors.runs_panel(by, panel):
        raise DomainError("Only the panel's chair or a SEND manager can do this")


def lock_meeting(meeting: PanelMeeting) -> PanelMeeting:
    return (
        PanelMeeting.objects.select_for_update(of=("self",))
        .select_related("panel")
        .get(pk=meeting.pk)
    )


def lock_item(item: AgendaItem) -> AgendaItem:
    return (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting__panel", "case__child", "case__local_authority")
        .get(pk=item.pk)
    )


def meeting_link(meeting: PanelMeeting) -> str:
    return reverse("panels:meeting-detail", kwargs={"meeting_id": meeting.public_id})

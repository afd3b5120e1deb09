"""Permission-scoped reads of the council's records."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from records.models import Disclosure, PlanTransfer
from sendcpp import access
from sendcpp.access import Action


def transfers_for(user: Any, action: Action = Action.VIEW) -> QuerySet[PlanTransfer]:
    return access.records_for(
        user, PlanTransfer.objects.select_related("team", "case", "uploaded_by"), action
    )


def get_transfer_or_404(
    user: Any, public_id: UUID | str, action: Action = Action.VIEW
) -> PlanTransfer:
    transfer = transfers_for(user, action).filter(public_id=public_id).first()
    if transfer is None:
        raise Http404
    return transfer


def disclosures_for(user: Any) -> QuerySet[Disclosure]:
    return access.records_for(
        user, Disclosure.objects.select_related("case", "child", "recorded_by"), Action.VIEW
    )

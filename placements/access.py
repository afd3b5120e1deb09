"""The relationship placements adds to the access policy (``sendcpp.access``): a setting reads
the consultation pack sent to it, and answers it. Registered from ``PlacementsConfig.ready()``;
written with this app's own models."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from placements.models import Consultation
from sendcpp.access import Action, RecordClause, acting_organisation
from sendcpp.models import ApiClient

#: How long a setting may still read a consultation pack after answering it.
SETTING_PACK_DAYS = 28


def consultations_for(
    user: Any, consultations: QuerySet[Consultation], action: Action = Action.VIEW
) -> QuerySet[Consultation]:
    """Of ``consultations``, those a setting may read (``VIEW``) or answer (``EDIT``): its SENCO
    or head signed in, or its own partner system (``cases:read`` to read,
    ``consultations:answer`` to answer). They read the pack only, never the rest of the case:
    ``cases_for`` gives them nothing. (LA staff and the LA's systems read consultations through
    the case: ``placements.selectors``.)"""
    setting_id = acting_organisation(
        user,
        read=ApiClient.Scope.CASES_READ,
        write=ApiClient.Scope.CONSULTATIONS_ANSWER,
        action=action,
    )
    if setting_id is None:
        return consultations.none()
    # They see the consultations sent to their own setting ...
    own = consultations.filter(setting_id=setting_id)
    # ... while it is open, and for SETTING_PACK_DAYS after they answered it.
    answered_since = timezone.now() - timedelta(days=SETTING_PACK_DAYS)
    return own.filter(Q(closed_at__isnull=True) | Q(answered_at__gte=answered_since))


CLAUSES = [
    RecordClause(
        app="placements",
        name="consultation pack",
        rule=(
            "A setting (its SENCO or head, or its own system) reads the consultation pack sent to "
            f"it while the consultation is open and for {SETTING_PACK_DAYS} days after answering, "
            "and answers it; never the rest of the case."
        ),
        model=Consultation,
        records=consultations_for,
    )
]

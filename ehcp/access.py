"""The relationship ehcp adds to the access policy (``sendcpp.access``): a professional or a
setting reads the request for advice sent to them, and gives the advice. Registered from
``EhcpConfig.ready()``; written with this app's own models."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from ehcp.models import AdviceRequest
from sendcpp.access import Action, RecordClause, acting_organisation
from sendcpp.models import ApiClient, User

#: How long a professional or setting may still read a request for advice after first giving the
#: advice, for example to correct it as a new version (roles spec: access ends a set time after
#: the advice is submitted).
ADVICE_ACCESS_DAYS = 28

_ADVISORS = {User.AccountType.PROFESSIONAL, User.AccountType.SETTING}


def advice_requests_for_advisor(
    user: Any, advice_requests: QuerySet[AdviceRequest], action: Action = Action.VIEW
) -> QuerySet[AdviceRequest]:
    """Of ``advice_requests``, those the advisor may read (``VIEW``) and answer (``EDIT``). They
    read only what the request shares, never the rest of the case: ``cases_for`` gives them
    nothing. (LA staff and the LA's systems read requests through the case.)"""
    # A setting's or health body's own partner system answers the requests sent to its
    # organisation (reading needs cases:read, answering advice:write).
    if isinstance(user, ApiClient):
        organisation_id = acting_organisation(
            user, read=ApiClient.Scope.CASES_READ, write=ApiClient.Scope.ADVICE_WRITE, action=action
        )
        if organisation_id is None:
            return advice_requests.none()
        own = advice_requests.filter(organisation_id=organisation_id)
    # Otherwise only a professional or setting account, signed in as itself, reads them, and
    # only the requests sent to them by name.
    elif isinstance(user, User) and user.is_active and user.account_type in _ADVISORS:
        own = advice_requests.filter(advisor=user)
    else:
        return advice_requests.none()
    # They see them while the request waits for their advice (not once it is withdrawn) ...
    waiting = Q(status=AdviceRequest.Status.REQUESTED)
    # ... and for ADVICE_ACCESS_DAYS after they first gave it.
    submitted_since = timezone.now() - timedelta(days=ADVICE_ACCESS_DAYS)
    recently_given = Q(status=AdviceRequest.Status.SUBMITTED, submitted_at__gte=submitted_since)
    return own.filter(waiting | recently_given)


CLAUSES = [
    RecordClause(
        app="ehcp",
        name="request for advice",
        rule=(
            "A professional or setting reads the request for advice sent to them (a setting's or "
            "health body's own system, the requests sent to its organisation) while it waits "
            f"for their advice and for {ADVICE_ACCESS_DAYS} days after they gave it, and gives "
            "the advice; never the rest of the case."
        ),
        model=AdviceRequest,
        records=advice_requests_for_advisor,
    )
]

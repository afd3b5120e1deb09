"""The moves a mediation case and a tribunal appeal may make. One table each; "finished" states
are those with no moves out, derived from the table. Services call ``check_transition`` (or
``check_appeal_transition``) before writing a status; nothing else writes one."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from mediation.models import AppealStatus, MediationStatus
from sendcpp.exceptions import TransitionNotAllowed

S = MediationStatus

#: Mediation case status -> the statuses it may move to (domain spec 1.10).
TRANSITIONS: Mapping[MediationStatus, frozenset[MediationStatus]] = MappingProxyType(
    {
        # The adviser issues a certificate (reg 34); or the family settles and stops.
        S.NOT_WANTED: frozenset({S.CERTIFICATE_ISSUED, S.WITHDRAWN}),
        # The LA arranges it (or records it held straight away), cannot arrange it in 30 days,
        # or the family stops.
        S.REQUESTED: frozenset({S.ARRANGED, S.HELD, S.CANNOT_ARRANGE, S.WITHDRAWN}),
        S.ARRANGED: frozenset({S.HELD, S.CANNOT_ARRANGE, S.WITHDRAWN}),
        # The adviser issues the "deemed" certificate within 3 working days.
        S.CANNOT_ARRANGE: frozenset({S.CERTIFICATE_ISSUED}),
        # The mediator issues the certificate within 3 working days of the mediation ending.
        S.HELD: frozenset({S.CERTIFICATE_ISSUED}),
        S.CERTIFICATE_ISSUED: frozenset(),
        S.WITHDRAWN: frozenset(),
    }
)

A = AppealStatus

#: Tribunal appeal status -> the statuses it may move to (domain spec 1.11).
APPEAL_TRANSITIONS: Mapping[AppealStatus, frozenset[AppealStatus]] = MappingProxyType(
    {
        # Conceding before the response makes the appeal unopposed (reg 45); the tribunal may
        # also decide (e.g. a consent order) before any response or hearing.
        A.REGISTERED: frozenset(
            {A.RESPONSE_SENT, A.HEARING_LISTED, A.DECIDED, A.CONCEDED, A.WITHDRAWN}
        ),
        A.RESPONSE_SENT: frozenset({A.HEARING_LISTED, A.DECIDED, A.WITHDRAWN}),
        A.HEARING_LISTED: frozenset({A.DECIDED, A.WITHDRAWN}),
        # Closed once every order or conceded step is carried out (or there was none).
        A.DECIDED: frozenset({A.CLOSED}),
        A.CONCEDED: frozenset({A.CLOSED}),
        A.WITHDRAWN: frozenset(),
        A.CLOSED: frozenset(),
    }
)


def is_finished(status: MediationStatus | str) -> bool:
    """A mediation case with no moves left."""
    return not TRANSITIONS[MediationStatus(status)]


def is_appeal_finished(status: AppealStatus | str) -> bool:
    """An appeal with no moves left."""
    return not APPEAL_TRANSITIONS[AppealStatus(status)]


#: Mediation statuses still in progress, derived from the table.
LIVE_STATUSES: frozenset[MediationStatus] = frozenset(
    s for s, moves in TRANSITIONS.items() if moves
)
#: Appeal statuses still in progress, derived from the table.
LIVE_APPEAL_STATUSES: frozenset[AppealStatus] = frozenset(
    s for s, moves in APPEAL_TRANSITIONS.items() if moves
)


def can_move(current: MediationStatus | str, target: MediationStatus | str) -> bool:
    return MediationStatus(target) in TRANSITIONS[MediationStatus(current)]


def check_transition(current: MediationStatus | str, target: MediationStatus | str) -> None:
    """Raise ``TransitionNotAllowed`` unless a mediation case may move from ``current`` to
    ``target``."""
    if not can_move(current, target):
        raise TransitionNotAllowed(
            f"A mediation that is '{MediationStatus(current).label}' cannot become "
            f"'{MediationStatus(target).label}'"
        )


def can_move_appeal(current: AppealStatus | str, target: AppealStatus | str) -> bool:
    return AppealStatus(target) in APPEAL_TRANSITIONS[AppealStatus(current)]


def check_appeal_transition(current: AppealStatus | str, target: AppealStatus | str) -> None:
    """Raise ``TransitionNotAllowed`` unless an appeal may move from ``current`` to ``target``."""
    if not can_move_appeal(current, target):
        raise TransitionNotAllowed(
            f"An appeal that is '{AppealStatus(current).label}' cannot become "
            f"'{AppealStatus(target).label}'"
        )

"""How a consultation with a setting moves, as one transition table over
``placements.models.ConsultationStatus`` (whose docstring describes each state). Only
``placements.services`` change ``Consultation.status``, always through ``check_transition``.

Why each move exists:
- sent -> answered: the setting says whether it can meet the child's needs.
- sent -> decided: the LA decides without an answer (it need not wait past the 15 days).
- answered -> decided: the LA decides whether to name the setting.
- sent/answered -> withdrawn: the LA no longer needs an answer (e.g. the family changed their
  mind); decided and withdrawn consultations are finished.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from placements.models import ConsultationStatus
from sendcpp.exceptions import TransitionNotAllowed

TRANSITIONS: Mapping[ConsultationStatus, frozenset[ConsultationStatus]] = MappingProxyType(
    {
        ConsultationStatus.SENT: frozenset(
            {ConsultationStatus.ANSWERED, ConsultationStatus.DECIDED, ConsultationStatus.WITHDRAWN}
        ),
        ConsultationStatus.ANSWERED: frozenset(
            {ConsultationStatus.DECIDED, ConsultationStatus.WITHDRAWN}
        ),
        ConsultationStatus.DECIDED: frozenset(),
        ConsultationStatus.WITHDRAWN: frozenset(),
    }
)


def can_transition(current: str, target: str) -> bool:
    return ConsultationStatus(target) in TRANSITIONS[ConsultationStatus(current)]


def check_transition(current: str, target: str) -> None:
    """Raise ``TransitionNotAllowed`` unless a consultation at ``current`` may move to
    ``target``."""
    if not can_transition(current, target):
        raise TransitionNotAllowed(
            f"A consultation that is “{ConsultationStatus(current).label.lower()}” cannot move to "
            f"“{ConsultationStatus(target).label.lower()}”."
        )


def is_terminal(status: str) -> bool:
    """A state with no way out (derived from the table)."""
    return not TRANSITIONS[ConsultationStatus(status)]


#: States in which the setting is still being consulted.
OPEN_STATUSES = frozenset(s for s in TRANSITIONS if not is_terminal(s))

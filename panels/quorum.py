"""Who must be at a panel for its decisions to count: pure functions over who is there.

No DfE minimum standard for panels was found (domain spec 4.5), so these are the LA's rules,
named here so that they can be reviewed and changed in one place:

1. The chair is present and has not declared a conflict of interest on the item.
2. At least ``MINIMUM_VOTING_MEMBERS`` voting members are counted (the chair counts; parent carer
   forum observers never count; a member with a conflict on the item is not counted for it).
3. Every role in ``REQUIRED_ROLES`` for the panel's kind is among the members counted: decisions
   on EHC needs assessments and plans are made by education, health and social care together.

A meeting that fails the check is flagged before it starts; a decision taken without quorum is
recorded and marked as such (it is not refused: the chair may have good reason to go ahead).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from panels.models import OBSERVER_ROLES, MemberRole, PanelKind

MINIMUM_VOTING_MEMBERS = 3

_MULTI_AGENCY = frozenset(
    {
        MemberRole.EDUCATION,
        MemberRole.EDUCATIONAL_PSYCHOLOGIST,
        MemberRole.HEALTH,
        MemberRole.SOCIAL_CARE,
    }
)

#: The roles that must be counted for each kind of panel.
REQUIRED_ROLES: Mapping[str, frozenset[MemberRole]] = MappingProxyType(
    {
        PanelKind.ASSESSMENT: _MULTI_AGENCY,
        PanelKind.ISSUING: _MULTI_AGENCY,
        PanelKind.COMBINED: _MULTI_AGENCY,
        # Joint funding needs each agency that may pay a share.
        PanelKind.FUNDING: frozenset(
            {MemberRole.EDUCATION, MemberRole.HEALTH, MemberRole.SOCIAL_CARE}
        ),
        PanelKind.PLACEMENT: frozenset(
            {MemberRole.EDUCATION, MemberRole.EDUCATIONAL_PSYCHOLOGIST, MemberRole.SENCO}
        ),
    }
)


@dataclass(frozen=True)
class Seat:
    """One member at a meeting: who (an id), in what role, and whether they chair it."""

    member_id: int
    role: str
    is_chair: bool = False

    @property
    def votes(self) -> bool:
        return self.role not in OBSERVER_ROLES


@dataclass(frozen=True)
class QuorumCheck:
    """The answer: quorate or not, and each problem in plain English."""

    is_quorate: bool
    problems: tuple[str, ...]
    counted: tuple[Seat, ...]
    missing_roles: tuple[str, ...]


def required_roles(panel_kind: str) -> frozenset[MemberRole]:
    return REQUIRED_ROLES[panel_kind]


def counted_seats(present: Iterable[Seat], conflicted: Collection[int] = ()) -> tuple[Seat, ...]:
    """The members counted for a decision: present, voting, and without a conflict on it."""
    return tuple(seat for seat in present if seat.votes and seat.member_id not in conflicted)


def check_quorum(
    panel_kind: str, present: Iterable[Seat], conflicted: Collection[int] = ()
) -> QuorumCheck:
    """Whether the members ``present`` (less those ``conflicted`` on the item) are a quorum for
    a panel of ``panel_kind``."""
    present = tuple(present)
    counted = counted_seats(present, conflicted)
    problems: list[str] = []
    chairs = [seat for seat in present if seat.is_chair]
    if not chairs:
        problems.append("The chair is not present")
    elif all(seat.member_id in conflicted for seat in chairs):
        problems.append("The chair has declared a conflict of interest on this item")
    if len(counted) < MINIMUM_VOTING_MEMBERS:
        problems.append(
            f"{len(counted)} voting member{'s' if len(counted) != 1 else ''} counted: "
            f"at least {MINIMUM_VOTING_MEMBERS} are needed"
        )
    roles_counted = {seat.role for seat in counted}
    missing = tuple(
        role for role in MemberRole if role in required_roles(panel_kind) - roles_counted
    )
    if missing:
        problems.append(
            "No one is counted for: " + "; ".join(MemberRole(role).label for role in missing)
        )
    return QuorumCheck(
        is_quorate=not problems,
        problems=tuple(problems),
        counted=counted,
        missing_roles=missing,
    )

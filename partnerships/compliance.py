"""Whether the board meets its own rules, as pure functions over rows already loaded: is every
required seat filled, and was a meeting quorate. No database, no clock: ``today`` is passed in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Protocol

from partnerships.models import MemberRole


class SeatStatus(StrEnum):
    """How a required seat stands today."""

    FILLED = "filled"  # at least the required number of members hold it now
    LAPSED = "lapsed"  # short of members because a term has ended and nobody replaced them
    VACANT = "vacant"  # short of members, and nobody's term has ended: never (fully) filled


SEAT_STATUS_LABELS = {
    SeatStatus.FILLED: "Filled",
    SeatStatus.LAPSED: "Lapsed",
    SeatStatus.VACANT: "Vacant",
}


class Requirement(Protocol):
    role: str
    minimum_members: int
    required_for_quorum: bool


class Membership(Protocol):
    role: str
    starts_on: date
    ends_on: date | None


@dataclass(frozen=True)
class SeatCompliance:
    role: str
    minimum: int
    current: int
    status: SeatStatus
    required_for_quorum: bool

    @property
    def label(self) -> str:
        return MemberRole(self.role).label

    @property
    def status_label(self) -> str:
        return SEAT_STATUS_LABELS[self.status]

    @property
    def is_gap(self) -> bool:
        return self.status != SeatStatus.FILLED


def _is_active(member: Membership, today: date) -> bool:
    return member.starts_on <= today and (member.ends_on is None or member.ends_on >= today)


def _has_lapsed(member: Membership, today: date) -> bool:
    return member.ends_on is not None and member.ends_on < today


def membership_compliance(
    required: Iterable[Requirement], members: Iterable[Membership], today: date
) -> list[SeatCompliance]:
    """Each required seat with how many members hold it today and whether it is filled, lapsed
    (a term ended and the seat is now short) or vacant (short, with no ended term)."""
    members = list(members)
    result = []
    for requirement in required:
        holders = [m for m in members if m.role == requirement.role]
        current = sum(1 for m in holders if _is_active(m, today))
        if current >= requirement.minimum_members:
            status = SeatStatus.FILLED
        elif any(_has_lapsed(m, today) for m in holders):
            status = SeatStatus.LAPSED
        else:
            status = SeatStatus.VACANT
        result.append(
            SeatCompliance(
                role=requirement.role,
                minimum=requirement.minimum_members,
                current=current,
                status=status,
                required_for_quorum=requirement.required_for_quorum,
            )
        )
    return result


@dataclass(frozen=True)
class Quorum:
    """The quorum check of a meeting: how many were present, and which required roles were not."""

    present: int
    minimum: int
    missing_roles: Sequence[str] = field(default_factory=tuple)

    @property
    def is_quorate(self) -> bool:
        return self.present >= self.minimum and not self.missing_roles

    @property
    def missing_role_labels(self) -> list[str]:
        return [MemberRole(role).label for role in self.missing_roles]

    @property
    def explanation(self) -> str:
        if self.is_quorate:
            return f"Quorate: {self.present} members present (at least {self.minimum} needed)."
        reasons = []
        if self.present < self.minimum:
            reasons.append(f"{self.present} members present, at least {self.minimum} needed")
        if self.missing_roles:
            reasons.append("nobody present for " + ", ".join(self.missing_role_labels))
        return "Not quorate: " + "; ".join(reasons) + "."


def check_quorum(
    *, present_roles: Sequence[str], minimum: int, roles_needed: Iterable[str]
) -> Quorum:
    """A meeting is quorate when at least ``minimum`` members are present AND someone is present
    in each role of ``roles_needed`` (the board's required roles marked as needed for quorum).
    ``present_roles`` has one entry per member present (their role)."""
    present = set(present_roles)
    missing = tuple(role for role in roles_needed if role not in present)
    return Quorum(present=len(present_roles), minimum=minimum, missing_roles=missing)

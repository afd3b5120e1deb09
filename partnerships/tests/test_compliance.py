"""Membership compliance and quorum, as pure functions over unsaved rows."""

from __future__ import annotations

from datetime import date

import pytest

from partnerships.compliance import SeatStatus, check_quorum, membership_compliance
from partnerships.models import BoardMember, MemberRole, RequiredRole

TODAY = date(2027, 1, 15)


def seat(role, minimum=1, quorum=False):
    return RequiredRole(role=role, minimum_members=minimum, required_for_quorum=quorum)


def member(role, starts_on=date(2026, 1, 1), ends_on=None):
    return BoardMember(role=role, starts_on=starts_on, ends_on=ends_on)


@pytest.mark.parametrize(
    ("members", "minimum", "expected", "current"),
    [
        ([], 1, SeatStatus.VACANT, 0),
        ([member(MemberRole.HEALTH)], 1, SeatStatus.FILLED, 1),
        ([member(MemberRole.HEALTH, ends_on=date(2027, 1, 14))], 1, SeatStatus.LAPSED, 0),
        ([member(MemberRole.HEALTH, ends_on=TODAY)], 1, SeatStatus.FILLED, 1),
        ([member(MemberRole.HEALTH, starts_on=date(2027, 2, 1))], 1, SeatStatus.VACANT, 0),
        ([member(MemberRole.HEALTH)], 2, SeatStatus.VACANT, 1),
        (
            [member(MemberRole.HEALTH), member(MemberRole.HEALTH, ends_on=date(2026, 12, 31))],
            2,
            SeatStatus.LAPSED,
            1,
        ),
        (
            [member(MemberRole.HEALTH, ends_on=date(2026, 6, 1)), member(MemberRole.HEALTH)],
            1,
            SeatStatus.FILLED,
            1,
        ),
        ([member(MemberRole.COLLEGES)], 1, SeatStatus.VACANT, 0),
    ],
    ids=[
        "_case nobody",
        "_case one current member",
        "_case term ended yesterday",
        "_case term ends today",
        "_case term not started",
        "_case short of the minimum",
        "_case short because one lapsed",
        "_case lapsed member replaced",
        "_case member in another role",
    ],
)
def test_a_required_seat_is_filled_lapsed_or_vacant(members, minimum, expected, current):
    [result] = membership_compliance([seat(MemberRole.HEALTH, minimum)], members, TODAY)
    assert result.status == expected
    assert result.current == current
    assert result.is_gap is (expected != SeatStatus.FILLED)


def test_compliance_lists_every_required_role_in_order_with_labels():
    required = [seat(MemberRole.LA_SEND, quorum=True), seat(MemberRole.PARENT_CARER_FORUM)]
    results = membership_compliance(required, [member(MemberRole.LA_SEND)], TODAY)
    assert [(r.label, r.status_label, r.required_for_quorum) for r in results] == [
        ("Local authority SEND service", "Filled", True),
        ("Parent carer forum", "Vacant", False),
    ]


def test_quorate_with_enough_members_and_every_needed_role():
    quorum = check_quorum(
        present_roles=["la_send", "health", "parent_carer_forum", "colleges", "colleges"],
        minimum=5,
        roles_needed=["la_send", "health", "parent_carer_forum"],
    )
    assert quorum.is_quorate
    assert quorum.explanation == "Quorate: 5 members present (at least 5 needed)."


def test_not_quorate_with_too_few_members():
    quorum = check_quorum(present_roles=["la_send", "health"], minimum=3, roles_needed=[])
    assert not quorum.is_quorate
    assert "2 members present, at least 3 needed" in quorum.explanation


def test_not_quorate_without_a_needed_role_however_many_attend():
    quorum = check_quorum(
        present_roles=["colleges"] * 10, minimum=5, roles_needed=["la_send", "health"]
    )
    assert not quorum.is_quorate
    assert quorum.missing_roles == ("la_send", "health")
    assert "nobody present for Local authority SEND service, Health (integrated care board)" in (
        quorum.explanation
    )

"""The quorum rules, rule by rule (pure functions: no database)."""

from __future__ import annotations

import pytest

from panels.models import MemberRole as R
from panels.models import PanelKind
from panels.quorum import MINIMUM_VOTING_MEMBERS, Seat, check_quorum, required_roles

CHAIR = Seat(1, R.EDUCATION, is_chair=True)
EP = Seat(2, R.EDUCATIONAL_PSYCHOLOGIST)
HEALTH = Seat(3, R.HEALTH)
SOCIAL_CARE = Seat(4, R.SOCIAL_CARE)
OBSERVER = Seat(5, R.PARENT_CARER_FORUM)
SENCO = Seat(6, R.SENCO)
FULL = (CHAIR, EP, HEALTH, SOCIAL_CARE, OBSERVER)

HEALTH_MISSING = "No one is counted for: Health: designated medical or clinical officer"


@pytest.mark.parametrize(
    ("kind", "present", "conflicted", "problems"),
    [
        (PanelKind.ASSESSMENT, FULL, (), ()),
        (PanelKind.COMBINED, FULL, (), ()),
        (PanelKind.ASSESSMENT, (CHAIR, EP, SOCIAL_CARE, OBSERVER), (), (HEALTH_MISSING,)),
        (PanelKind.ASSESSMENT, FULL, (3,), (HEALTH_MISSING,)),
        (
            PanelKind.ASSESSMENT,
            (EP, HEALTH, SOCIAL_CARE, Seat(7, R.EDUCATION)),
            (),
            ("The chair is not present",),
        ),
        (
            PanelKind.ISSUING,
            (*FULL, Seat(7, R.EDUCATION)),
            (1,),
            ("The chair has declared a conflict of interest on this item",),
        ),
        (
            PanelKind.ISSUING,
            (CHAIR, OBSERVER),
            (),
            (
                "1 voting member counted: at least 3 are needed",
                "No one is counted for: Educational psychologist; "
                "Health: designated medical or clinical officer; "
                "Social care: designated social care officer",
            ),
        ),
        (PanelKind.FUNDING, (CHAIR, HEALTH, SOCIAL_CARE), (), ()),
        (
            PanelKind.PLACEMENT,
            (CHAIR, EP, HEALTH),
            (),
            ("No one is counted for: SENCO representative",),
        ),
        (PanelKind.PLACEMENT, (CHAIR, EP, SENCO), (), ()),
        (
            PanelKind.FUNDING,
            (CHAIR, HEALTH, SOCIAL_CARE),
            (3, 4),
            (
                "1 voting member counted: at least 3 are needed",
                "No one is counted for: Health: designated medical or clinical officer; "
                "Social care: designated social care officer",
            ),
        ),
    ],
    ids=[
        "_case everyone there",
        "_case combined panel, everyone there",
        "_case health absent",
        "_case the only health member is conflicted",
        "_case no chair",
        "_case chair conflicted",
        "_case observers never count",
        "_case funding panel needs education, health and social care",
        "_case placement panel needs a SENCO",
        "_case placement panel with a SENCO",
        "_case two conflicted on a funding item",
    ],
)
def test_quorum(kind, present, conflicted, problems):
    check = check_quorum(kind, present, conflicted)
    assert check.problems == problems
    assert check.is_quorate is (not problems)


def test_counted_members_exclude_observers_and_the_conflicted():
    check = check_quorum(PanelKind.ASSESSMENT, FULL, conflicted={2})
    assert {seat.member_id for seat in check.counted} == {1, 3, 4}
    assert check.missing_roles == (R.EDUCATIONAL_PSYCHOLOGIST,)


def test_two_voting_members_are_not_enough():
    check = check_quorum(PanelKind.FUNDING, (CHAIR, HEALTH), ())
    assert f"2 voting members counted: at least {MINIMUM_VOTING_MEMBERS} are needed" in (
        check.problems
    )


def test_every_panel_kind_needs_education():
    for kind in PanelKind:
        assert R.EDUCATION in required_roles(kind)

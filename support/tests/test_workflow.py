"""The support plan's transition table, pinned to the moves written out here, and the service
that closes a plan held to it."""

from __future__ import annotations

from datetime import date

import pytest

from sendcpp.exceptions import TransitionNotAllowed
from support import services
from support.models import SupportPlanStatus
from support.tests.conftest import write_plan
from support.workflow import SUPPORT_PLAN

S = SupportPlanStatus


def test_exactly_the_listed_moves_are_allowed():
    assert SUPPORT_PLAN.pairs == {(S.ACTIVE, S.CLOSED)}
    assert SUPPORT_PLAN.terminal == {S.CLOSED}


@pytest.mark.django_db
def test_a_closed_plan_cannot_be_closed_again_or_changed(schools):
    plan = write_plan(schools)
    services.close_plan(plan, closed_on=date(2026, 12, 8), by=schools.senco)
    with pytest.raises(TransitionNotAllowed, match="“Closed” cannot move to “Closed”"):
        services.close_plan(plan, closed_on=date(2026, 12, 9), by=schools.senco)
    with pytest.raises(services.DomainError, match="closed"):
        services.add_row(plan, values={"area": "semh", "need": "x"}, by=schools.senco)
    plan.refresh_from_db()
    assert plan.closed_on == date(2026, 12, 8)

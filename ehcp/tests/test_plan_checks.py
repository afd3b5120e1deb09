"""Checks before a draft plan is sent: the child's primary area of need must be written, an area
is complete only with rows, and the wording warnings are listed with links to each row."""

from __future__ import annotations

import pytest

from ehcp import selectors, services
from ehcp.models import GridArea, Plan
from ehcp.tests import factories as f
from sendcpp.exceptions import DomainError


def _plan_without_rows(world) -> Plan:
    f.agreed_to_assess(world.case, world.coordinator)
    services.decide_whether_to_issue(
        world.case, issue=True, reasons="Needed", decided_on=f.days_ago(30), by=world.coordinator
    )
    return Plan.objects.get(case=world.case)


def test_a_draft_is_not_sent_while_the_primary_need_has_no_rows(world):
    plan = _plan_without_rows(world)  # the child's primary need: autism (communication)
    services.save_plan_row(
        plan,
        values={**f.GOOD_ROW, "area": GridArea.COGNITION},
        lock_version=plan.lock_version,
        by=world.coordinator,
    )
    with pytest.raises(
        DomainError, match="communication and interaction, the child's primary area"
    ):
        services.issue_draft_plan(plan, served_on=f.days_ago(1), by=world.coordinator)
    plan.refresh_from_db()
    services.save_plan_row(
        plan, values=f.GOOD_ROW, lock_version=plan.lock_version, by=world.coordinator
    )
    services.issue_draft_plan(plan, served_on=f.days_ago(1), by=world.coordinator)


def test_an_area_with_only_strengths_is_not_completed(world):
    plan = _plan_without_rows(world)
    Plan.objects.filter(pk=plan.pk).update(area_strengths={GridArea.COMMUNICATION.value: "Chatty"})
    plan.refresh_from_db()
    tasks = {task.key: task.done for task in selectors.plan_tasks(plan)}
    assert tasks[GridArea.COMMUNICATION.value] is False


def test_the_check_page_lists_each_rows_warnings_with_a_link(world, client_for):
    plan = _plan_without_rows(world)
    row = services.save_plan_row(
        plan,
        values={**f.GOOD_ROW, "provision_what": "Support as appropriate", "frequency": ""},
        lock_version=plan.lock_version,
        by=world.coordinator,
    )
    html = (
        client_for(world.coordinator)
        .get(f"/ehcp/plans/{plan.public_id}/issue/draft/")
        .content.decode()
    )
    assert f"/ehcp/plans/{plan.public_id}/rows/{row.pk}/" in html
    assert "Communication and interaction, row 1" in html

"""The panels API end to end: the chair's walk through explicit POST actions, errors as JSON,
what members see, and query-count caps on every list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from panels import services
from panels.models import AgendaItem, PanelDecision, PanelMember
from panels.tests.conftest import panel_member, waiting_case
from sendcpp.models import Stage

API = "/api/v1/panels"


def post(client: Client, url: str, data: dict | None = None, status: int = 200) -> dict:
    response = client.post(url, data or {}, content_type="application/json")
    assert response.status_code == status, response.content
    return response.json() if response.content else {}


def test_the_chairs_walk_through_the_api(panels, world, client_for):
    manager, chair = client_for(world.manager), client_for(panels.chair)
    meeting = f"{API}/meetings/{panels.today.public_id}"
    item = post(
        manager,
        f"{API}/agenda-items/",
        {
            "meeting": str(panels.today.public_id),
            "case": str(world.case.public_id),
            "decision_kind": "assess",
            "summary": "Request from the school",
        },
        201,
    )
    assert item["deadline"] == {
        "rule": "assessment_decision",
        "title": "Decide whether to carry out an assessment",
        "due_on": "2026-10-13",
    }
    present = [str(m.public_id) for name, m in panels.members.items() if name != "health"]
    post(chair, f"{meeting}/attendance/", {"present": present})
    started = post(chair, f"{meeting}/start/")
    assert started["status"] == "in_progress"
    assert started["quorate_at_start"] is False
    decision = post(
        chair,
        f"{API}/agenda-items/{item['id']}/decide/",
        {
            "outcome": "refused",
            "reasons": "Needs are met at SEN support",
            "criteria": ["action-and-progress"],
            "dissent": "The EP would have assessed",
            "next_step_owner": str(world.coordinator.public_id),
        },
        201,
    )
    assert decision["outcome_label"] == "Do not carry out an assessment"
    assert decision["is_quorate"] is False
    assert decision["letter"]
    world.case.refresh_from_db()
    assert world.case.stage == Stage.NOT_ASSESSED
    amended = post(
        chair,
        f"{API}/decisions/{decision['id']}/amend/",
        {"explanation": "Clearer reasons", "reasons": "Needs are met at SEN support in class"},
        201,
    )
    assert amended["reasons"] == "Needs are met at SEN support"
    assert amended["amendments"][0]["reasons"] == "Needs are met at SEN support in class"
    closed = post(chair, f"{meeting}/close/")
    assert closed["status"] == "closed"


def test_errors_are_json(panels, world, client_for):
    chair = client_for(panels.chair)
    item = services.add_to_agenda(
        panels.today, case=world.case, decision_kind="assess", by=world.manager
    )
    # Not started yet: a 409 with the service's message.
    response = chair.post(
        f"{API}/agenda-items/{item.public_id}/decide/",
        {"outcome": "agreed", "reasons": "x"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "Start the meeting before recording decisions"}
    # A body that is not an object is refused like any other request the caller may not make.
    for url in (f"{API}/meetings/", f"{API}/agenda-items/"):
        assert chair.post(url, [1, 2], content_type="application/json").status_code == 404
    response = chair.post(
        f"{API}/agenda-items/{item.public_id}/decide/", {}, content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"outcome", "reasons"}
    assert not PanelDecision.objects.exists()


def test_configuration_through_the_api(world, client_for):
    manager = client_for(world.manager)
    panel = post(manager, f"{API}/panels/", {"name": "Funding panel", "kind": "funding"}, 201)
    assert panel["decision_kinds"] == ["funding"]
    person = panel_member(world, "sw")
    panel = post(
        manager,
        f"{API}/panels/{panel['id']}/members/",
        {"user": str(person.public_id), "role": "social_care", "is_chair": True},
        201,
    )
    assert [m["name"] for m in panel["members"]] == [person.display_name]
    band = post(
        manager,
        f"{API}/bands/",
        {
            "name": "Band 1",
            "need_level": "Low",
            "annual_tariff": "2000.00",
            "effective_from": "2026-04-01",
        },
        201,
    )
    ended = post(manager, f"{API}/bands/{band['id']}/end/", {"effective_to": "2027-03-31"})
    assert ended["effective_to"] == "2027-03-31"
    response = manager.post(
        f"{API}/bands/",
        {
            "name": "Band 1",
            "need_level": "Low",
            "annual_tariff": "1",
            "effective_from": "2026-05-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "effective_from"
    meeting = post(
        manager,
        f"{API}/meetings/",
        {"panel": panel["id"], "starts_at": "2026-10-20T09:30:00+01:00", "location": "Room 1"},
        201,
    )
    assert meeting["papers_published_at"].startswith("2026-10-15")


def test_a_member_declares_a_conflict_and_loses_the_item(panels, world, client_for):
    item = services.add_to_agenda(
        panels.today, case=world.case, decision_kind="assess", by=world.manager
    )
    ep = client_for(panels.ep)
    assert ep.get(f"{API}/agenda-items/{item.public_id}/").status_code == 200
    post(ep, f"{API}/agenda-items/{item.public_id}/conflict/", {"reason": "I know them"}, 201)
    assert ep.get(f"{API}/agenda-items/{item.public_id}/").status_code == 404
    assert ep.get(f"{API}/agenda-items/").json()["results"] == []


def test_withdraw_defer_and_publish_actions(panels, world, client_for):
    chair = client_for(panels.chair)
    later = services.add_to_agenda(
        panels.friday, case=world.case, decision_kind="assess", by=world.manager
    )
    published = post(chair, f"{API}/meetings/{panels.friday.public_id}/publish/")
    assert published["papers_published_at"].startswith("2026-10-06T12:00")
    withdrawn = post(
        chair, f"{API}/agenda-items/{later.public_id}/withdraw/", {"reason": "Withdrawn"}
    )
    assert withdrawn["status"] == "withdrawn"
    item = services.add_to_agenda(
        panels.today, case=world.case, decision_kind="assess", by=world.manager
    )
    services.start_meeting(panels.today, by=panels.chair)
    deferred = post(chair, f"{API}/agenda-items/{item.public_id}/defer/", {"reason": "More advice"})
    assert deferred["status"] == "deferred"


@pytest.mark.parametrize("rows", [1, 4])
def test_api_lists_have_a_fixed_query_count(
    panels, world, client_for, django_assert_max_num_queries, rows
):
    services.start_meeting(panels.today, by=panels.chair)
    for n in range(rows):
        case = waiting_case(world)
        item = services.add_to_agenda(
            panels.today, case=case, decision_kind="assess", by=world.manager
        )
        type(case).objects.filter(pk=case.pk).update(stage=Stage.MAINTAINED)
        case.refresh_from_db()
        services.update_panel(panels.panel, kind="combined", by=world.manager)
        funding = services.add_to_agenda(
            panels.today, case=case, decision_kind="funding", by=world.manager
        )
        band = services.create_funding_band(
            local_authority=world.la,
            name=f"Band {n}",
            need_level="x",
            annual_tariff=Decimal("100"),
            effective_from=date(2026, 4, 1),
            by=world.manager,
        )
        decision = services.record_panel_decision(
            funding, outcome="agreed", reasons="Needs", band=band, by=panels.chair
        )
        services.amend_panel_decision(
            decision, explanation="x", reasons="Needs, corrected", by=panels.chair
        )
        assert item.status == "waiting"
    manager = client_for(world.manager)
    for url, cap in [
        ("panels/", 11),
        ("meetings/", 10),
        ("agenda-items/", 13),  # one more: the read log of the children the list shows
        ("decisions/", 12),  # one more: the read log of the children the list shows
        ("bands/", 10),
    ]:
        with django_assert_max_num_queries(cap):
            response = manager.get(f"{API}/{url}")
        assert response.status_code == 200
    assert AgendaItem.objects.count() == 2 * rows
    assert PanelMember.objects.count() == 5

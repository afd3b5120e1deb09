"""The permission matrix for every panels page and API endpoint: anonymous, family, coordinator,
another team's coordinator, manager, another LA's manager, administrator, professional, the
panel's chair, a member, an observer, a panel member on another panel (and partner keys for the
API). A denial is a 404 (a redirect to sign in, or 401 from the API, when anonymous) and changes
nothing. Forms are posted empty or invalid so that a person who may act sees the form again
(200, or 400 from the API) and nothing changes either; the moves that take no input come last.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client

from panels import services
from panels.models import (
    AgendaItem,
    FundingBand,
    PanelDecision,
)
from panels.tests.conftest import waiting_case, with_request
from sendcpp.tests.factories import CaseFactory

PEOPLE = [
    "anonymous",
    "family",
    "coordinator",
    "other_team_coordinator",
    "manager",
    "other_la_manager",
    "administrator",
    "professional",
    "chair",
    "member",
    "observer",
    "outsider",
]
STAFF = {
    "coordinator",
    "other_team_coordinator",
    "manager",
    "other_la_manager",
    "administrator",
    "chair",
    "member",
    "observer",
    "outsider",
}
CONFIGURERS = {"manager", "administrator"}  # of this LA
ANY_CONFIGURER = CONFIGURERS | {"other_la_manager"}  # for their own LA
RUNNERS = {"manager", "chair"}
SITTING = {"manager", "chair", "member"}  # see published papers (observers never do)
MEETING = SITTING | {"observer"}  # see the meeting itself
MANAGERS = {"manager", "other_la_manager"}


@dataclass
class Scene:
    who: dict
    decision: PanelDecision
    waiting: AgendaItem  # at today's meeting, in progress
    unpublished: AgendaItem  # on Friday's meeting, papers not yet published
    band: FundingBand
    spare_case: object  # waiting for a decision, on no agenda


@pytest.fixture
def scene(panels, world, band) -> Scene:
    item = services.add_to_agenda(
        panels.today, case=world.case, decision_kind="assess", by=world.manager
    )
    waiting = services.add_to_agenda(
        panels.today, case=waiting_case(world), decision_kind="assess", by=world.manager
    )
    unpublished = services.add_to_agenda(
        panels.friday, case=with_request(world.other_case), decision_kind="assess", by=world.manager
    )
    services.start_meeting(panels.today, by=panels.chair)
    decision = services.record_panel_decision(
        item, outcome="agreed", reasons="Evidence of needs", by=panels.chair
    )
    who = {
        name: getattr(world, name, None)
        for name in PEOPLE
        if name not in {"chair", "member", "observer", "outsider"}
    }
    who.update(
        chair=panels.chair, member=panels.ep, observer=panels.observer, outsider=panels.outsider
    )
    return Scene(
        who=who,
        decision=decision,
        waiting=waiting,
        unpublished=unpublished,
        band=band,
        spare_case=CaseFactory(team=world.case.team, local_authority=world.la),
    )


#: One query reading everything a denied request must leave alone.
STATE_SQL = """
SELECT
  (SELECT string_agg(concat_ws(',', id, name, kind, is_active), ';' ORDER BY id)
     FROM panels_panel),
  (SELECT string_agg(concat_ws(',', id, is_chair, left_on), ';' ORDER BY id)
     FROM panels_panelmember),
  (SELECT string_agg(concat_ws(',', id, status, papers_published_at), ';' ORDER BY id)
     FROM panels_panelmeeting),
  (SELECT string_agg(concat_ws(',', id, status), ';' ORDER BY id) FROM panels_agendaitem),
  (SELECT string_agg(concat_ws(',', id, effective_to), ';' ORDER BY id) FROM panels_fundingband),
  (SELECT string_agg(concat_ws(',', id, is_active), ';' ORDER BY id)
     FROM panels_decisioncriterion),
  (SELECT count(*) FROM panels_conflictofinterest),
  (SELECT count(*) FROM panels_paneldecision),
  (SELECT count(*) FROM panels_decisionamendment),
  (SELECT count(*) FROM sendcpp_caseevent),
  (SELECT count(*) FROM sendcpp_document)
"""


def state() -> tuple:
    """Everything a denied request must leave alone."""
    with connection.cursor() as cursor:
        cursor.execute(STATE_SQL)
        return cursor.fetchone()


def _client(scene: Scene, client_for, who: str) -> Client:
    return client_for(scene.who[who])


def _denied(response, who: str) -> bool:
    if who == "anonymous":
        return response.status_code == 302 and "/sign-in/" in response["Location"]
    return response.status_code == 404


API = "/api/v1/panels"
API_PEOPLE = [*PEOPLE, "la_reader", "no_scope"]

#: Who may read or act, and what a permitted request answers: the page (200), a redirect after a
#: move (302), the API's answer (200), or a refused input (400 or 409).
Call = tuple[str, str, set[str], dict | None, set[int]]


def _pages(scene: Scene, panels) -> tuple[list[Call], list[Call]]:
    """Every page: (method, url, who may, posted data, answers if permitted). The first list
    changes nothing; the second holds the moves that take no input."""
    panel, meeting, friday = panels.panel, panels.today, panels.friday
    item, decision, band = scene.waiting, scene.decision, scene.band
    m = f"/panels/meetings/{meeting.public_id}"
    i = f"/panels/items/{item.public_id}"
    ok, form, moved = {200}, {200}, {302}
    reads = [
        ("get", "/panels/", STAFF, None, ok),
        (
            "get",
            f"/panels/{panel.public_id}/",
            CONFIGURERS | {"chair", "member", "observer"},
            None,
            ok,
        ),
        ("get", f"{m}/", MEETING, None, ok),
        ("get", f"{i}/", SITTING, None, ok),
        ("get", f"/panels/items/{decision.item.public_id}/", SITTING, None, ok),
        ("get", f"/panels/items/{scene.unpublished.public_id}/", RUNNERS, None, ok),
        ("get", f"/panels/decisions/{decision.public_id}/", SITTING, None, ok),
        ("get", "/panels/bands/", STAFF, None, ok),
        ("get", "/panels/bands/commitments/", MANAGERS, None, ok),
        ("get", "/panels/bands/commitments/?format=csv", MANAGERS, None, ok),
        ("get", "/panels/analytics/", MANAGERS, None, ok),
        ("get", "/panels/analytics/csv/", MANAGERS, None, ok),
        ("get", "/panels/criteria/", ANY_CONFIGURER, None, ok),
        ("get", f"{m}/run/", RUNNERS, None, moved),
        ("post", "/panels/new/", ANY_CONFIGURER, {}, form),
        ("post", f"/panels/{panel.public_id}/members/add/", CONFIGURERS, {}, form),
        ("post", f"/panels/{panel.public_id}/meetings/new/", RUNNERS, {}, form),
        ("post", f"{m}/agenda/add/", RUNNERS, {}, form),
        ("post", f"{m}/attendance/", RUNNERS, {"present": ["999999"]}, form),
        ("post", f"{i}/decide/", RUNNERS, {}, form),
        ("post", f"{i}/withdraw/", RUNNERS, {}, form),
        ("post", f"{i}/defer/", RUNNERS, {}, moved),
        ("post", f"{i}/conflict/", SITTING, {}, form),
        ("post", f"/panels/decisions/{decision.public_id}/amend/", RUNNERS, {}, form),
        ("post", "/panels/bands/new/", ANY_CONFIGURER, {}, form),
        ("post", f"/panels/bands/{band.public_id}/end/", CONFIGURERS, {}, form),
        ("post", "/panels/criteria/new/", ANY_CONFIGURER, {}, form),
    ]
    moves = [
        ("post", f"/panels/meetings/{friday.public_id}/publish/", RUNNERS, None, moved),
        ("post", f"{m}/start/", RUNNERS, None, moved),
        ("post", f"{m}/close/", RUNNERS, None, moved),
        ("post", "/panels/criteria/may-have-sen/toggle/", ANY_CONFIGURER, None, moved),
    ]
    return reads, moves


def _membership_moves(panels) -> list[Call]:
    panel = panels.panel
    members = f"/panels/{panel.public_id}/members"
    return [
        (
            "post",
            f"{members}/{panels.members['health'].public_id}/leave/",
            CONFIGURERS,
            None,
            {302},
        ),
        ("post", f"{members}/{panels.members['ep'].public_id}/chair/", CONFIGURERS, None, {302}),
    ]


def _api_calls(scene: Scene, panels) -> tuple[list[Call], list[Call]]:
    panel, meeting, friday = f"{API}/panels/{panels.panel.public_id}", panels.today, panels.friday
    item, decision, band = scene.waiting, scene.decision, scene.band
    m, i = f"{API}/meetings/{meeting.public_id}", f"{API}/agenda-items/{item.public_id}"
    bands_readers = STAFF - {"other_la_manager"}
    ok, refused = {200}, {400}
    new_meeting = {"panel": str(panels.panel.public_id), "starts_at": "2026-10-01T09:00:00+01:00"}
    new_item = {
        "meeting": str(meeting.public_id),
        "case": str(scene.spare_case.public_id),
        "decision_kind": "unknown",
    }
    reads = [
        ("get", f"{panel}/", CONFIGURERS | {"chair", "member", "observer"}, None, ok),
        ("get", f"{m}/", MEETING, None, ok),
        ("get", f"{i}/", SITTING, None, ok),
        ("get", f"{API}/agenda-items/{scene.unpublished.public_id}/", RUNNERS, None, ok),
        ("get", f"{API}/decisions/{decision.public_id}/", SITTING, None, ok),
        ("get", f"{API}/bands/{band.public_id}/", bands_readers, None, ok),
        ("post", f"{API}/panels/", ANY_CONFIGURER, {}, refused),
        ("post", f"{panel}/members/", CONFIGURERS, {}, refused),
        ("post", f"{API}/meetings/", RUNNERS, new_meeting, refused),
        ("post", f"{m}/attendance/", RUNNERS, {}, refused),
        ("post", f"{API}/agenda-items/", {"manager"}, new_item, refused),
        ("post", f"{i}/decide/", RUNNERS, {}, refused),
        ("post", f"{i}/withdraw/", RUNNERS, {}, refused),
        ("post", f"{i}/defer/", RUNNERS, {}, refused),
        ("post", f"{i}/conflict/", SITTING, {}, refused),
        ("post", f"{API}/decisions/{decision.public_id}/amend/", RUNNERS, {}, refused),
        ("post", f"{API}/bands/", ANY_CONFIGURER, {}, refused),
        ("post", f"{API}/bands/{band.public_id}/end/", CONFIGURERS, {}, refused),
    ]
    moves = [
        ("post", f"{m}/start/", RUNNERS, None, {200, 409}),
        ("post", f"{API}/meetings/{friday.public_id}/publish/", RUNNERS, None, {200, 409}),
        ("post", f"{m}/close/", RUNNERS, None, {200, 409}),
    ]
    return reads, moves


def _check(client: Client, calls: list[Call], who: str, *, api: bool) -> None:
    for method, url, allowed, data, answers in calls:
        before = state()
        if api:
            response = getattr(client, method)(url, data or {}, content_type="application/json")
        else:
            response = getattr(client, method)(url, data or {})
        if who in allowed:
            assert response.status_code in answers, (method, url, response.status_code)
            if data is not None:
                assert state() == before, url
        else:
            if api:
                assert response.status_code == (401 if who == "anonymous" else 404), (url, response)
            else:
                assert _denied(response, who), (method, url, response.status_code)
            assert state() == before, url


def _check_api_lists(client: Client, scene: Scene, panels, who: str) -> None:
    for url, ids, readers in [
        ("panels/", {str(panels.panel.public_id)}, CONFIGURERS | {"chair", "member", "observer"}),
        ("meetings/", {str(panels.today.public_id), str(panels.friday.public_id)}, MEETING),
        ("decisions/", {str(scene.decision.public_id)}, SITTING),
        ("bands/", {str(scene.band.public_id)}, STAFF - {"other_la_manager"}),
    ]:
        response = client.get(f"{API}/{url}")
        if who == "anonymous":
            assert response.status_code == 401
            continue
        assert response.status_code == 200
        seen = {row["id"] for row in response.json()["results"]}
        assert (ids <= seen) is (who in readers), (url, seen)
        assert (not seen) is (who not in readers), url
    if who == "anonymous":
        return
    items = {row["id"] for row in client.get(f"{API}/agenda-items/").json()["results"]}
    published = {str(scene.waiting.public_id), str(scene.decision.item.public_id)}
    everything = published | {str(scene.unpublished.public_id)}
    expected = {
        "manager": everything,
        "chair": everything,
        "member": published,
    }
    assert items == expected.get(who, set())


@pytest.mark.parametrize("who", API_PEOPLE)
def test_permission_matrix(scene, panels, client_for, partner_keys, who):
    """Every page and endpoint for one person, reads first and the moves that change state last."""
    if who in {"la_reader", "no_scope"}:
        api = Client(HTTP_AUTHORIZATION=f"Bearer {partner_keys[who][1]}")
        web = None
    else:
        api = web = _client(scene, client_for, who)
    api_reads, api_moves = _api_calls(scene, panels)
    page_reads, page_moves = _pages(scene, panels)
    _check_api_lists(api, scene, panels, who)
    _check(api, api_reads, who, api=True)
    if web is not None:
        _check(web, page_reads, who, api=False)
    _check(api, api_moves, who, api=True)
    if web is not None:
        _check(web, page_moves, who, api=False)
        _check(web, _membership_moves(panels), who, api=False)


def test_members_cannot_see_cases_before_publication(scene, panels, client_for):
    """Before the papers are published a member gets 404 for the case, its papers and its
    documents, and nothing is logged as read; from publication they see them."""
    from sendcpp.models import AccessLog
    from sendcpp.tests.factories import DocumentFactory

    case = scene.unpublished.case
    document = DocumentFactory(case=case)
    ep = client_for(panels.ep)
    for url in (
        f"/cases/{case.public_id}/",
        f"/panels/items/{scene.unpublished.public_id}/",
        f"/documents/{document.public_id}/",
        f"/api/v1/cases/{case.public_id}/",
    ):
        assert ep.get(url).status_code == 404, url
    assert not AccessLog.objects.filter(user=panels.ep).exists()
    services.publish_papers(panels.friday, by=panels.chair)
    for url in (f"/cases/{case.public_id}/", f"/panels/items/{scene.unpublished.public_id}/"):
        assert ep.get(url).status_code == 200, url
    # Cases never on their agendas stay hidden.
    assert ep.get(f"/cases/{scene.spare_case.public_id}/").status_code == 404


def test_forbidden_and_missing_meetings_look_the_same(scene, panels, client_for):
    response = client_for(panels.outsider).get(f"/panels/meetings/{panels.today.public_id}/")
    missing = client_for(panels.outsider).get(
        "/panels/meetings/00000000-0000-0000-0000-000000000000/"
    )
    assert response.status_code == missing.status_code == 404

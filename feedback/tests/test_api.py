"""The feedback API: officers and forum representatives read questionnaires and reports
(aggregates only); everyone else gets 404 or an empty list; the entries are public."""

from __future__ import annotations

from django.test import Client

from feedback import services
from feedback.models import Invitation
from feedback.tests.factories import GOOD_ANSWERS, event, questionnaire


def _answered(world):
    made = questionnaire(world.manager)
    event(world.case)
    services.sweep_invitations()
    services.submit_response(
        Invitation.objects.get(), variant="standard", answers={**GOOD_ANSWERS, "q4": "Too slow"}
    )
    return made


def test_officers_and_the_forum_read_the_report_as_figures(world, client_for, forum_rep):
    made = _answered(world)
    for user in (world.coordinator, forum_rep):
        client = client_for(user)
        listed = client.get("/api/v1/feedback/questionnaires/").json()
        assert [q["id"] for q in listed["results"]] == [str(made.public_id)]
        body = client.get(f"/api/v1/feedback/questionnaires/{made.public_id}/report/").json()
        assert body["touchpoint"] == "ehcp_final_issued"
        answered = next(f for f in body["figures"] if f["measure"] == "answered")
        assert answered["count"] == "c"  # one answer: hidden
        assert "Too slow" not in str(body)
    bad = client_for(world.manager).get(
        f"/api/v1/feedback/questionnaires/{made.public_id}/report/?starts_on=2026-13-01"
    )
    assert bad.status_code == 400


def test_everyone_else_sees_nothing(world, client_for):
    made = _answered(world)
    for user in (world.family, world.professional, world.administrator, world.other_la_manager):
        client = client_for(user)
        assert client.get("/api/v1/feedback/questionnaires/").json()["results"] == []
        path = f"/api/v1/feedback/questionnaires/{made.public_id}/report/"
        assert client.get(path).status_code == 404


def test_the_entries_are_public(world):
    services.publish_you_said_we_did(
        by=world.manager, reform="panels", title="Shorter waits", you_said="a", we_did="b"
    )
    body = Client().get("/api/v1/feedback/you-said-we-did/").json()
    assert [e["title"] for e in body["results"]] == ["Shorter waits"]

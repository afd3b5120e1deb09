""" "Preview the letter" on the decision forms that send a letter: the letter as it will be sent,
merged with the case and the answers given, without saving or sending anything, the answers kept
in the form; recording the decision then sends it, once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ehcp.models import Decision
from ehcp.tests import factories as f
from letters import services as letter_services
from letters import wording
from letters.models import Letter
from sendcpp.models import CaseEvent, Document, Notification, Stage
from sendcpp.web.testing import form_data

REASONS = "The school is meeting needs from its own resources."


def _url(world, what="decide/assess/"):
    return f"/ehcp/cases/{world.case.public_id}/{what}"


def _answers(action="preview", **changes):
    data = {"agree": "no", "reasons": REASONS, "decided_on": timezone.localdate()}
    data.update(changes)
    return {**form_data(data), "action": action}


def _nothing_saved(world):
    world.case.refresh_from_db()
    assert not Decision.objects.exists()
    assert not Letter.objects.exists()
    assert not Document.objects.exists()
    assert not Notification.objects.exists()
    assert not CaseEvent.objects.filter(kind__in=["letter_sent", "ehcp_assessment_decided"])


@pytest.fixture
def requested(world):
    f.request_received(world.case, world.coordinator)
    return world.case


def test_preview_shows_the_letter_as_it_will_be_sent_and_saves_nothing(
    world, requested, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.coordinator)
    assert "Preview the letter" in client.get(_url(world)).content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(_url(world), _answers())
    html = response.content.decode()
    assert response.status_code == 200
    assert "The letter as it will be sent" in html
    assert "We decided not to carry out an EHC needs assessment." in html
    assert REASONS in html
    assert "Your right to appeal" in html  # a refusal can be appealed
    assert world.case.child.full_name in html
    assert world.case.reference in html
    assert "Nothing has been saved or sent yet" in html
    # The answers are kept in the form.
    assert f">\n{REASONS}</textarea>" in html
    assert 'value="no" checked' in html
    assert not callbacks  # no PDF, no email queued
    _nothing_saved(world)
    assert world.case.stage == Stage.REQUEST

    # Changing an answer changes the letter.
    html = client.post(_url(world), _answers(agree="yes")).content.decode()
    assert "We decided to carry out an EHC needs assessment." in html
    assert "You cannot appeal to the tribunal against this decision" in html
    _nothing_saved(world)

    # Recording the decision sends the letter previewed, once, as a PDF on the case.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(world), _answers(action="save"))
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert "We decided not to carry out an EHC needs assessment." in letter.body
    letter.document.refresh_from_db()
    assert letter.document.status == Document.Status.READY
    again = client.post(_url(world), _answers(action="save"))
    assert again.status_code == 200  # refused: the decision has been made
    assert Letter.objects.count() == 1
    assert Decision.objects.count() == 1


def test_preview_uses_the_councils_wording(world, requested, client_for):
    _subject, body = wording.STANDARD["decision_assess"]
    letter_services.save_wording(
        kind="decision_assess",
        subject="About {child_name}: our decision",
        body="Hello {addressee}.\n\n" + body,
        by=world.manager,
    )
    html = client_for(world.coordinator).post(_url(world), _answers()).content.decode()
    assert f"About {world.case.child.full_name}: our decision" in html


def test_preview_shows_the_forms_errors_and_no_letter(world, requested, client_for):
    client = client_for(world.coordinator)
    html = client.post(_url(world), _answers(reasons="")).content.decode()
    assert "There is a problem" in html
    assert "The letter as it will be sent" not in html
    _nothing_saved(world)


def test_preview_shows_the_services_refusal(world, client_for):
    # No request recorded yet: the decision itself would be refused, so there is no letter.
    html = client_for(world.coordinator).post(_url(world), _answers()).content.decode()
    assert "There is a problem" in html
    assert "Record the request for an assessment first" in html
    assert "The letter as it will be sent" not in html
    _nothing_saved(world)


def test_only_those_who_may_decide_can_preview(world, requested, client_for):
    for person in (world.other_team_coordinator, world.family, world.professional):
        response = client_for(person).post(_url(world), _answers())
        assert response.status_code == 404
    _nothing_saved(world)


def test_the_decision_to_stop_a_plan_can_be_previewed(world, client_for):
    f.final_issued(world.case, world.coordinator)
    client = client_for(world.coordinator)
    letters_before = Letter.objects.count()
    data = {
        **form_data(
            {"reason_code": "2", "reasons": "Needs met", "decided_on": timezone.localdate()}
        ),
        "action": "preview",
    }
    html = client.post(_url(world, "cease/"), data).content.decode()
    assert "The letter as it will be sent" in html
    assert "We decided to stop maintaining the plan." in html
    assert "Your right to appeal" in html
    assert Letter.objects.count() == letters_before
    world.case.refresh_from_db()
    assert world.case.stage != Stage.CEASED

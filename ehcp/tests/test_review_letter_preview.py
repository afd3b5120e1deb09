""" "Preview the letter" on the decision after an annual review: the letter as it will be sent,
merged with the case and the answers given, without saving or sending anything, the answers kept
in the form; recording the decision then sends it, once. (The other decision forms:
``test_decision_letter_preview.py``.)"""

from __future__ import annotations

import pytest
from django.utils import timezone

from ehcp import services
from ehcp.models import Decision, Review
from ehcp.tests import factories as f
from letters.models import Letter
from sendcpp.models import CaseEvent, Deadline, Document, Notification, Stage
from sendcpp.web.testing import form_data

REASONS = "The plan still describes what is needed and the school is providing it."


def _url(review: Review) -> str:
    return f"/ehcp/reviews/{review.public_id}/decision/"


def _answers(action: str = "preview", **changes: object) -> dict[str, object]:
    data = {"outcome": "maintain", "reasons": REASONS, "decided_on": timezone.localdate()}
    data.update(changes)
    return {**form_data(data), "action": action}


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Decision, Letter, Document, Notification, CaseEvent, Deadline)
    }


@pytest.fixture
def review(world) -> Review:
    """A review whose meeting was held and whose report was sent: ready for the decision."""
    review = f.review_held(world.case, world.coordinator)
    services.send_review_report(
        review, report="Keep the plan", sent_on=f.days_ago(0), by=world.coordinator
    )
    review.refresh_from_db()
    return review


def _nothing_saved(world, review: Review, before: dict[str, int]) -> None:
    assert _counts() == before
    review.refresh_from_db()
    assert review.status != Review.Status.DECIDED
    assert review.decision_id is None
    world.case.refresh_from_db()
    assert world.case.stage == Stage.ANNUAL_REVIEW


def test_preview_shows_the_letter_as_it_will_be_sent_and_saves_nothing(
    world, review, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.coordinator)
    page = client.get(_url(review)).content.decode()
    # Recording the decision stays the first button; the preview comes after it.
    assert page.index("Record the decision</button>") < page.index("Preview the letter</button>")
    before = _counts()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(_url(review), _answers())
    html = response.content.decode()
    assert response.status_code == 200
    assert "The letter as it will be sent" in html
    assert "Annual review decision: keep the plan as it is." in html
    assert REASONS in html
    assert "Your right to appeal" in html  # keeping the plan unchanged can be appealed
    assert world.case.child.full_name in html
    assert world.case.reference in html
    assert "Nothing has been saved or sent yet. Check the letter," in html
    # The answers are kept in the form.
    assert f">\n{REASONS}</textarea>" in html
    assert 'value="maintain" checked' in html
    assert not callbacks  # no PDF, no email queued
    _nothing_saved(world, review, before)

    # Changing an answer changes the letter.
    html = client.post(_url(review), _answers(outcome="amend")).content.decode()
    assert "Annual review decision: amend the plan." in html
    assert "You cannot appeal to the tribunal against this decision" in html
    _nothing_saved(world, review, before)

    # Recording the decision sends the letter previewed, once, as a PDF on the case.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(review), _answers(action="save"))
    assert response.status_code == 302
    letter = Letter.objects.get(
        source=str(Decision.objects.get(kind=Decision.Kind.REVIEW).public_id)
    )
    assert "Annual review decision: keep the plan as it is." in letter.body
    letter.document.refresh_from_db()
    assert letter.document.status == Document.Status.READY
    review.refresh_from_db()
    assert review.status == Review.Status.DECIDED
    again = client.post(_url(review), _answers(action="save"))
    assert again.status_code == 200  # refused: the review has been decided
    assert Letter.objects.count() == before["Letter"] + 1
    assert Decision.objects.count() == before["Decision"] + 1
    # Nor can a decided review be previewed again.
    html = client.post(_url(review), _answers()).content.decode()
    assert "There is a problem" in html
    assert "The letter as it will be sent" not in html


def test_stopping_the_plan_previews_both_letters(world, review, client_for):
    before = _counts()
    answers = _answers(outcome="cease", cease_reason="2")
    html = client_for(world.coordinator).post(_url(review), answers).content.decode()
    # The decision after the review, and the decision to stop maintaining the plan.
    assert "Letter 1 of 2, as it will be sent" in html
    assert "Letter 2 of 2, as it will be sent" in html
    assert "The letter as it will be sent" not in html
    assert html.count('id="preview"') == 1
    assert 'id="preview-2"' in html
    assert "Annual review decision: stop maintaining the plan." in html
    assert "We decided to stop maintaining the plan." in html
    assert "Check the letters," in html
    assert '<option value="2" selected>' in html
    _nothing_saved(world, review, before)


def test_preview_shows_the_forms_errors_and_no_letter(world, review, client_for):
    before = _counts()
    client = client_for(world.coordinator)
    html = client.post(_url(review), _answers(reasons="")).content.decode()
    assert "There is a problem" in html
    assert "The letter as it will be sent" not in html
    # Stopping the plan needs its reason: the service's refusal names the field.
    html = client.post(_url(review), _answers(outcome="cease")).content.decode()
    assert "There is a problem" in html
    assert "Choose the reason the plan is stopping" in html
    assert "as it will be sent" not in html
    _nothing_saved(world, review, before)


def test_preview_shows_the_services_refusal(world, client_for):
    # The report has not been sent yet: the decision itself would be refused, so no letter.
    review = f.review_held(world.case, world.coordinator)
    before = _counts()
    html = client_for(world.coordinator).post(_url(review), _answers()).content.decode()
    assert "There is a problem" in html
    assert "Send the review report before deciding" in html
    assert "The letter as it will be sent" not in html
    _nothing_saved(world, review, before)


def test_only_those_who_may_decide_can_preview(world, review, client_for):
    before = _counts()
    for person in (world.other_team_coordinator, world.family, world.professional):
        response = client_for(person).post(_url(review), _answers())
        assert response.status_code == 404
    _nothing_saved(world, review, before)


def test_the_other_review_steps_have_no_preview(world, review, client_for):
    html = client_for(world.coordinator).get(f"/ehcp/reviews/{review.public_id}/papers/")
    assert "Preview the letter" not in html.content.decode()

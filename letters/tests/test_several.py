"""One letter for several cases in one action: the chosen cases the person may work on, which
letter, one confirmation listing what will happen to each case, then a result for each; letters
made through the letters service as tagged PDFs on each case, and never twice for one
confirmation."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from letters import services, wording
from letters.models import Letter
from sendcpp import clock
from sendcpp.exceptions import DomainError
from sendcpp.models import Document, Stage
from sendcpp.tests.factories import CaseFactory, RelationshipFactory

URL = "/letters/several/"
KIND = "review_invitation"


@pytest.fixture
def cases(world):
    """On the coordinator's team: a plan to review by 31 January 2027 (due soon), one to review
    by 30 September 2027 (too early to write), and ``world.case`` with no review due."""
    due_soon = CaseFactory(
        team=world.case.team, coordinator=world.coordinator, stage=Stage.MAINTAINED
    )
    RelationshipFactory(child=due_soon.child, full_name="Pat Parent", is_decision_maker=True)
    clock.start_deadline(due_soon, rule="annual_review", by=None, plan_made_on=date(2026, 2, 1))
    later = CaseFactory(team=world.case.team, coordinator=world.teammate, stage=Stage.MAINTAINED)
    clock.start_deadline(later, rule="annual_review", by=None, plan_made_on=date(2026, 10, 1))
    clock.start_deadline(
        world.other_case, rule="annual_review", by=None, plan_made_on=date(2026, 2, 1)
    )
    return due_soon, later


def _ids(*chosen):
    return [str(case.public_id) for case in chosen]


def test_a_coordinator_makes_letters_for_several_cases_with_one_confirmation(
    world, cases, client_for, django_capture_on_commit_callbacks
):
    due_soon, later = cases
    client = client_for(world.coordinator)
    chosen = _ids(due_soon, later, world.case, world.other_case)  # the last is another team's

    # Which letter: the chosen cases are listed, but never a case the person cannot work on.
    html = client.get(URL, {"case": chosen}).content.decode()
    assert "Which letter do you want to make?" in html
    assert due_soon.reference in html
    assert world.case.reference in html
    assert world.other_case.reference not in html

    # One confirmation, with what will happen to each case and why not.
    response = client.get(URL, {"case": chosen, "kind": KIND})
    html = response.content.decode()
    assert "Check the letters before you make them" in html
    assert "1 of 3 chosen cases will get this letter" in html
    assert "No annual review is due on this case" in html
    assert "The review is not due until 30 September 2027: too early to write" in html
    assert world.other_case.reference not in html
    assert "Make 1 letter" in html
    # The letter the first case will get, as it will be sent (nothing saved).
    assert f"The letter to the family of {due_soon.child.full_name}, as it will be sent" in html
    assert "must be reviewed by 31 January 2027" in html
    assert "Dear Pat Parent" in html
    batch = str(response.context["batch"])
    for case in (due_soon, later, world.case):  # every case listed is confirmed, for its result
        assert f'name="case" value="{case.public_id}"' in html
    assert f'value="{world.other_case.public_id}"' not in html
    assert not Letter.objects.exists()  # nothing made before confirming
    assert not Document.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"kind": KIND, "case": chosen, "batch": batch})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 of 3 letters made" in html
    assert html.count("Not made") == 2
    letter = Letter.objects.get()
    assert letter.case == due_soon
    assert letter.kind == KIND
    assert letter.addressee == "Pat Parent"
    assert "must be reviewed by 31 January 2027" in letter.body
    assert letter.sent_by == world.coordinator
    letter.document.refresh_from_db()
    assert letter.document.status == Document.Status.READY
    assert letter.document.case == due_soon
    assert not Letter.objects.filter(case=world.other_case).exists()

    # Confirming twice (a double click, the browser's back button) makes no second letter.
    html = client.post(URL, {"kind": KIND, "case": chosen, "batch": batch}).content.decode()
    assert "Already made when you first confirmed" in html
    assert "0 of 3 letters made" in html
    assert Letter.objects.count() == 1
    # A new confirmation is a new action.
    client.post(URL, {"kind": KIND, "case": _ids(due_soon), "batch": str(uuid.uuid4())})
    assert Letter.objects.count() == 2


def test_only_coordinators_and_managers_may_make_letters_for_several_cases(
    world, cases, client_for
):
    due_soon, _later = cases
    query = {"case": _ids(due_soon), "kind": KIND}
    for person in (world.family, world.professional, world.setting_user, world.administrator):
        assert client_for(person).get(URL, query).status_code == 404
        response = client_for(person).post(URL, {**query, "batch": str(uuid.uuid4())})
        assert response.status_code == 404
    # Another team's coordinator: the case is not theirs, so it is not listed at all.
    response = client_for(world.other_team_coordinator).post(
        URL, {**query, "batch": str(uuid.uuid4())}
    )
    assert response.status_code == 302
    assert not Letter.objects.exists()
    # A manager may act on every case of the authority.
    html = client_for(world.manager).get(URL, query).content.decode()
    assert "Make 1 letter" in html
    # The letter the first case will get, as it will be sent (nothing saved).
    assert f"The letter to the family of {due_soon.child.full_name}, as it will be sent" in html
    assert "must be reviewed by 31 January 2027" in html
    assert "Dear Pat Parent" in html


def test_choosing_nothing_or_no_letter_is_refused_clearly(world, cases, client_for):
    due_soon, _later = cases
    client = client_for(world.coordinator)
    response = client.get(URL, follow=True)
    assert "Choose at least one case" in response.content.decode()
    response = client.get(URL, {"case": ["not-an-id", str(world.other_case.public_id)]})
    assert response.status_code == 302
    html = client.get(URL, {"case": _ids(due_soon), "step": "letter"}).content.decode()
    assert "There is a problem" in html
    assert "Choose the letter to make" in html
    html = client.get(URL, {"case": _ids(due_soon), "kind": "decision_assess"}).content.decode()
    assert "There is a problem" in html  # not a letter for several cases
    response = client.post(
        URL, {"kind": KIND, "case": _ids(due_soon), "batch": "not-a-batch"}, follow=True
    )
    assert "Start again from the caseload" in response.content.decode()
    assert not Letter.objects.exists()


def test_the_councils_wording_is_used_and_must_keep_the_review_date(world, cases):
    due_soon, _later = cases
    subject, body = wording.STANDARD[KIND]
    with pytest.raises(DomainError, match="review_due_date"):
        services.save_wording(
            kind=KIND,
            subject=subject,
            body=body.replace("{review_due_date}", "soon"),
            by=world.manager,
        )
    services.save_wording(
        kind=KIND, subject="Review of {child_name}'s plan", body=body, by=world.manager
    )
    [made] = services.send_several(
        KIND, _ids(due_soon), by=world.coordinator, batch=str(uuid.uuid4())
    )
    assert made.letter.subject == f"Review of {due_soon.child.full_name}'s plan"
    assert made.letter.template_version is not None


def test_the_caseload_offers_a_checkbox_on_each_case(world, cases, client_for):
    html = client_for(world.coordinator).get("/").content.decode()
    assert 'form="several-letters"' in html
    assert f'value="{world.case.public_id}"' in html
    assert "Make a letter for the chosen cases" in html
    assert f"Choose {world.case.child.full_name}, {world.case.reference}" in html
    html = client_for(world.manager).get("/cases/").content.decode()
    assert 'form="several-letters"' in html

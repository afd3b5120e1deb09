"""Letters: the council's wording (versions, who changed it, refused without the statutory
content), decision letters made as tagged PDFs on the case with the rights of appeal and the
contacts, what the family and staff read, and the letters to post."""

from __future__ import annotations

from datetime import date

import pytest

from ehcp import services as ehcp_services
from letters import selectors, services, wording
from letters.documents import letter_pdf_spec
from letters.models import Letter, LetterPosted, LetterTemplateVersion
from sendcpp import pdf
from sendcpp.exceptions import DomainError, DuplicateSubmission
from sendcpp.models import Audience, Document, Relationship
from sendcpp.tests.pdf_checks import assert_tagged_pdf

KIND = "decision_assess"


def _record_request(world):
    ehcp_services.record_request(
        world.case, source="parent", received_on=date(2026, 10, 1), by=world.coordinator
    )


def _refuse(world, decided_on=date(2026, 11, 5)):
    _record_request(world)
    ehcp_services.decide_whether_to_assess(
        world.case,
        agree=False,
        reasons="The school is meeting needs from its own resources.",
        decided_on=decided_on,
        by=world.coordinator,
    )
    return Letter.objects.get(case=world.case)


# --- Wording --------------------------------------------------------------------------------------


def test_a_decision_wording_must_keep_the_rights_of_appeal_and_mediation():
    subject, body = wording.STANDARD[KIND]
    wording.check(KIND, subject, body)  # the standard wording passes
    for field in ("{appeal_rights}", "{mediation}", "{decision_date}"):
        with pytest.raises(DomainError) as refused:
            wording.check(KIND, subject, body.replace(field, ""))
        assert "what the law requires" in refused.value.message
        assert refused.value.field == "body"


def test_a_wording_may_use_only_the_listed_fields():
    subject, body = wording.STANDARD[KIND]
    with pytest.raises(DomainError, match="not a field letters can use"):
        wording.check(KIND, subject, body + "\n{child.date_of_birth}")
    with pytest.raises(DomainError, match="Enter the subject"):
        wording.check(KIND, " ", body)


def test_an_advice_request_must_keep_its_due_date():
    subject, body = wording.STANDARD["advice_request"]
    with pytest.raises(DomainError, match="advice_due_date"):
        wording.check("advice_request", subject, body.replace("{advice_due_date}", "soon"))


def test_merging_fills_each_field_and_leaves_unknown_text_alone():
    assert wording.merge(
        "Dear {addressee}, about { child_name }.", {"addressee": "Ann", "child_name": "Sam"}
    ) == ("Dear Ann, about Sam.")


def test_saving_a_wording_keeps_versions_and_who_changed_them(world):
    subject, body = wording.STANDARD[KIND]
    first = services.save_wording(
        kind=KIND, subject=subject, body=body + "\n\nThank you.", by=world.manager
    )
    second = services.save_wording(
        kind=KIND, subject="Our decision", body=body, by=world.administrator, reason="Shorter"
    )
    assert (first.number, second.number) == (1, 2)
    assert second.changed_by == world.administrator
    assert services.current_wording(world.la.pk, KIND)[2] == second
    with pytest.raises(DomainError, match="same as the version in use"):
        services.save_wording(kind=KIND, subject="Our decision", body=body, by=world.manager)
    with pytest.raises(DomainError, match="cannot change the wording"):
        services.save_wording(kind=KIND, subject=subject, body=body, by=world.coordinator)
    with pytest.raises(DomainError, match="what the law requires"):
        services.save_wording(
            kind=KIND, subject=subject, body=body.replace("{appeal_rights}", ""), by=world.manager
        )
    assert LetterTemplateVersion.objects.count() == 2


def test_another_councils_wording_is_its_own(world):
    subject, body = wording.STANDARD[KIND]
    services.save_wording(kind=KIND, subject="Elsewhere", body=body, by=world.other_la_manager)
    assert services.current_wording(world.la.pk, KIND)[0] == subject


# --- Decision letters -----------------------------------------------------------------------------


def test_a_decision_sends_its_letter_as_a_tagged_pdf_on_the_case(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter = _refuse(world)
    assert letter.kind == KIND
    assert letter.template_version is None  # the standard wording
    assert "Why we made this decision:\nThe school is meeting needs" in letter.body
    assert "Your right to appeal" in letter.body
    assert "5 January 2027" in letter.body  # contact the mediation adviser within 2 months
    assert letter.addressee == world.case.child.relationships.get().full_name
    letter.document.refresh_from_db()
    assert letter.document.status == Document.Status.READY
    assert letter.document.kind == Document.Kind.LETTER
    assert letter.document.audience == Audience.FAMILY
    reader = assert_tagged_pdf(letter.document.file.read(), title=letter.subject, language="en-GB")
    text = "".join(page.extract_text() for page in reader.pages)
    assert "in another language or format" in text.replace("\n", " ")
    assert "SENDIASS" in text
    assert world.case.reference in text


def test_the_councils_wording_is_used_and_frozen_in_the_letter(world):
    _subject, body = wording.STANDARD[KIND]
    version = services.save_wording(
        kind=KIND,
        subject="Decision for {child_name}",
        body="Hello {addressee}.\n\n" + body,
        by=world.manager,
    )
    letter = _refuse(world)
    assert letter.template_version == version
    assert letter.subject == f"Decision for {world.case.child.full_name}"
    services.save_wording(kind=KIND, subject="Changed", body=body, by=world.manager)
    letter.refresh_from_db()
    assert letter.subject.startswith("Decision for")  # sent letters never change


def test_an_agreement_that_cannot_be_appealed_says_so(world):
    _record_request(world)
    ehcp_services.decide_whether_to_assess(
        world.case,
        agree=True,
        reasons="Needs not yet understood.",
        decided_on=date(2026, 11, 5),
        by=world.coordinator,
    )
    letter = Letter.objects.get(case=world.case)
    assert "You cannot appeal to the tribunal against this decision" in letter.body


def test_a_letter_is_sent_once_for_what_it_is_about(world):
    letter = _refuse(world)
    with pytest.raises(DuplicateSubmission):
        services.send_letter(
            world.case, kind=KIND, values={}, by=world.coordinator, source=letter.source
        )


def test_the_pdf_is_made_from_the_letter_as_sent(world):
    letter = _refuse(world)
    spec = letter_pdf_spec(letter)
    html = pdf.render_html(spec)
    assert spec.title == letter.subject
    assert "Who can help" in html
    assert world.case.reference in html


# --- Who reads them -------------------------------------------------------------------------------


def test_the_family_downloads_the_decision_letter_from_their_case_page(
    world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter = _refuse(world)
    client = client_for(world.family)
    html = client.get(f"/cases/{world.case.public_id}/").content.decode()
    url = f"/documents/{letter.document.public_id}/"
    assert f'href="{url}"' in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_tagged_pdf(b"".join(response.streaming_content), title=letter.subject, language="en-GB")
    # Another family cannot reach it.
    assert client_for(world.other_family).get(url).status_code == 404


def test_the_family_and_staff_read_the_letters_on_the_case(world, client_for):
    letter = _refuse(world)
    assert list(selectors.letters_for_case(world.case, world.family)) == [letter]
    assert list(selectors.letters_for_case(world.case, world.coordinator)) == [letter]
    staff_only = services.send_letter(
        world.case,
        kind="advice_request",
        values={"advice_due_date": "1 January 2027"},
        by=world.coordinator,
        to_family=False,
        addressee="Dr Example",
    )
    assert staff_only.document.audience == Audience.STAFF
    assert list(selectors.letters_for_case(world.case, world.family)) == [letter]
    html = (
        client_for(world.coordinator)
        .get(f"/letters/cases/{world.case.public_id}/")
        .content.decode()
    )
    assert letter.subject in html
    assert (
        client_for(world.family).get(f"/letters/cases/{world.case.public_id}/").status_code == 404
    )
    assert (
        client_for(world.other_team_coordinator)
        .get(f"/letters/cases/{world.case.public_id}/")
        .status_code
        == 404
    )


def test_letters_to_families_who_asked_for_post_are_listed_to_print(world, client_for):
    Relationship.objects.filter(child=world.case.child).update(
        contact_format=Relationship.ContactFormat.POST
    )
    letter = _refuse(world)
    assert letter.by_post
    client = client_for(world.coordinator)
    assert letter.subject in client.get("/letters/to-post/").content.decode()
    assert (
        letter.subject
        not in client_for(world.other_team_coordinator).get("/letters/to-post/").content.decode()
    )
    client.post(f"/letters/to-post/{letter.public_id}/posted/")
    assert LetterPosted.objects.get(letter=letter).posted_by == world.coordinator
    assert letter.subject not in client.get("/letters/to-post/").content.decode()
    assert client.post(f"/letters/to-post/{letter.public_id}/posted/").status_code == 404
    assert client_for(world.family).get("/letters/to-post/").status_code == 404


# --- Wording pages --------------------------------------------------------------------------------


def test_a_manager_previews_then_saves_a_wording(world, client_for):
    client = client_for(world.manager)
    assert "Standard wording" in client.get("/letters/wording/").content.decode()
    _subject, body = wording.STANDARD[KIND]
    data = {"subject": "Decision about {child_name}", "body": body, "reason": "Plainer"}
    response = client.post(f"/letters/wording/{KIND}/", {**data, "action": "preview"})
    html = response.content.decode()
    assert "Preview, with made-up details" in html
    assert "Decision about Sam Example" in html
    assert "Your right to appeal" in html
    assert not LetterTemplateVersion.objects.exists()  # a preview saves nothing
    response = client.post(f"/letters/wording/{KIND}/", {**data, "action": "save"})
    assert response.status_code == 302
    version = LetterTemplateVersion.objects.get()
    assert (version.changed_by, version.reason) == (world.manager, "Plainer")
    html = client.get(f"/letters/wording/{KIND}/").content.decode()
    assert "version 1, changed by" in html


def test_a_wording_without_the_statutory_content_is_refused_on_the_page(world, client_for):
    client = client_for(world.manager)
    subject, body = wording.STANDARD[KIND]
    for action in ("preview", "save"):
        response = client.post(
            f"/letters/wording/{KIND}/",
            {"subject": subject, "body": body.replace("{mediation}", ""), "action": action},
        )
        assert "what the law requires" in response.content.decode()
    assert not LetterTemplateVersion.objects.exists()


def test_only_managers_and_administrators_change_wording(world, client_for):
    for user in (world.coordinator, world.family, world.professional):
        assert client_for(user).get("/letters/wording/").status_code == 404
        assert client_for(user).get(f"/letters/wording/{KIND}/").status_code == 404
    assert client_for(world.manager).get("/letters/wording/nothing/").status_code == 404

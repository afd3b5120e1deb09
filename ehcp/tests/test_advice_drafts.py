"""Advice done properly: contributors listed by profession and service for the kind of advice,
a professional's draft (only theirs until submitted) and their full report kept on the case."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ehcp import selectors, services
from ehcp.models import AdviceDraft, AdviceKind, AdviceRequest, AdviceSubmission
from ehcp.tests import factories as f
from sendcpp.exceptions import DomainError, DuplicateSubmission, InvalidUpload
from sendcpp.models import Deadline, Document, Organisation, StaffAccountEvent, User
from sendcpp.tests.factories import OrganisationFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _pdf(name: str = "full-report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _people(world):
    health = OrganisationFactory(name="City Health Trust", kind=Organisation.Kind.HEALTH)
    care = OrganisationFactory(name="Children's Services", kind=Organisation.Kind.SOCIAL_CARE)
    doctor = UserFactory(
        username="doctor",
        first_name="Hana",
        last_name="Doctor",
        account_type=User.AccountType.PROFESSIONAL,
        profession=User.Profession.DOCTOR,
        organisation=health,
    )
    social_worker = UserFactory(
        username="socialworker",
        first_name="Sol",
        last_name="Worker",
        account_type=User.AccountType.PROFESSIONAL,
        profession=User.Profession.SOCIAL_WORKER,
        organisation=care,
    )
    return doctor, social_worker


# --- Contributors by profession --------------------------------------------------------------


def test_contributors_are_filtered_by_the_professions_that_give_the_advice(world):
    doctor, social_worker = _people(world)
    health = selectors.contributors_for(AdviceKind.HEALTH)
    assert health.filtered
    assert list(health.people) == [doctor]
    care = selectors.contributors_for(AdviceKind.SOCIAL_CARE)
    assert list(care.people) == [social_worker]
    # Educational advice comes from the school's own accounts.
    assert world.setting_user in selectors.contributors_for(AdviceKind.EDUCATIONAL).people
    # No profession gives it (or nobody has one that does): everyone is listed.
    for kind in (AdviceKind.OTHER, AdviceKind.PSYCHOLOGICAL):
        everyone = selectors.contributors_for(kind)
        assert not everyone.filtered
        assert {doctor, social_worker, world.professional} <= set(everyone.people)
    assert not selectors.contributors_for(AdviceKind.HEALTH, everyone=True).filtered


def test_the_contributor_is_named_with_profession_and_service(world):
    doctor, _ = _people(world)
    assert doctor.contributor_label == "Hana Doctor — Paediatrician or doctor, City Health Trust"
    assert world.setting_user.contributor_label.endswith(
        "— School or setting, Riverside Primary School"
    )
    f.agreed_to_assess(world.case, world.coordinator)
    asked = f.advice_asked(world.case, world.coordinator, advisor=doctor, kind=AdviceKind.HEALTH)
    assert asked.advisor_profession == User.Profession.DOCTOR
    assert asked.contributor == "Hana Doctor — Paediatrician or doctor, City Health Trust"
    deadline = Deadline.objects.get(case=world.case, subject=asked.deadline_subject)
    assert "Hana Doctor (Paediatrician or doctor), Medical advice (health)" in deadline.title
    # Someone without a sign-in: the profession the coordinator chose.
    by_link = f.advice_asked(
        world.case,
        world.coordinator,
        kind=AdviceKind.SOCIAL_CARE,
        advisor_profession=User.Profession.SOCIAL_WORKER,
    )
    assert by_link.contributor == "Dr Ada Link — Social worker"
    with pytest.raises(DomainError, match="Choose their profession"):
        f.advice_asked(
            world.case, world.coordinator, kind=AdviceKind.OTHER, advisor_profession="wizard"
        )


def test_the_single_request_form_lists_people_for_the_kind_of_advice(world, client_for):
    _people(world)
    f.agreed_to_assess(world.case, world.coordinator)
    client = client_for(world.coordinator)
    url = f"/ehcp/cases/{world.case.public_id}/advice/new/"

    def advisor_options(query: str) -> str:
        html = client.get(url + query).content.decode()
        return html.split('name="advisor"', 1)[1].split("</select>", 1)[0]

    health = advisor_options("?kind=health")
    assert "Hana Doctor — Paediatrician or doctor, City Health Trust" in health
    assert "Sol Worker" not in health
    everyone = advisor_options("?kind=health&everyone=1")
    assert "Sol Worker — Social worker, Children&#x27;s Services" in everyone
    assert "Hana Doctor" in advisor_options("")
    # A coordinator names the profession of someone without a sign-in.
    today = f.days_ago(0)
    response = client.post(
        url + "?kind=social_care",
        {
            "kind": "social_care",
            "advisor": "",
            "advisor_name": "Sam Link",
            "advisor_email": "sam@example.org",
            "advisor_profession": "social_worker",
            "requested_on-day": today.day,
            "requested_on-month": today.month,
            "requested_on-year": today.year,
        },
    )
    assert response.status_code == 302
    asked = AdviceRequest.objects.get(case=world.case)
    assert asked.advisor_profession == User.Profession.SOCIAL_WORKER
    case_page = client.get(f"/ehcp/cases/{world.case.public_id}/").content.decode()
    assert "Sam Link — Social worker" in case_page


# --- Drafts and full reports (services) ------------------------------------------------------


def test_a_draft_is_kept_but_not_submitted(world):
    f.agreed_to_assess(world.case, world.coordinator)
    asked = f.advice_asked(world.case, world.coordinator, advisor=world.professional)
    draft = services.save_advice_draft(
        asked,
        content={"summary": "Half written"},
        rows=[f.GOOD_ROW],
        advisor_name="Dr Priya Rao",
        report=_pdf(),
        by=world.professional,
    )
    asked.refresh_from_db()
    assert asked.status == AdviceRequest.Status.REQUESTED
    assert not AdviceSubmission.objects.exists()
    assert not Document.objects.filter(kind=Document.Kind.ADVICE).exists()
    deadline = Deadline.objects.get(subject=asked.deadline_subject)
    assert deadline.met_on is None
    assert draft.report_name == "full-report.pdf"
    # Saving again replaces what is given and keeps the rest (the report).
    services.save_advice_draft(asked, content={"summary": "Finished"}, by=world.professional)
    draft.refresh_from_db()
    assert draft.content == {"summary": "Finished"}
    assert draft.rows[0]["need"] == f.GOOD_ROW["need"]
    assert draft.report_name == "full-report.pdf"
    # Only its author sees it.
    assert selectors.advice_draft_for(asked, world.professional, via_link=False) == draft
    assert selectors.advice_draft_for(asked, world.coordinator, via_link=False) is None
    assert selectors.advice_draft_for(asked, world.coordinator, via_link=True) is None


def test_submitting_turns_the_drafts_report_into_a_document_on_the_case(world):
    f.agreed_to_assess(world.case, world.coordinator)
    asked = f.advice_asked(world.case, world.coordinator, advisor=world.professional)
    services.save_advice_draft(
        asked, content={"summary": "Draft"}, report=_pdf(), by=world.professional
    )
    submission = f.advice_given(asked, world.professional)
    report = submission.report
    assert report is not None
    assert report.case == world.case
    assert report.kind == Document.Kind.ADVICE
    assert report.audience == "staff"
    assert report.content_type == "application/pdf"
    assert report.uploaded_by == world.professional
    assert not AdviceDraft.objects.exists()
    assert Deadline.objects.get(subject=asked.deadline_subject).met_on is not None


def test_a_report_must_be_a_pdf_or_word_document_and_a_bad_one_saves_nothing(world):
    f.agreed_to_assess(world.case, world.coordinator)
    asked = f.advice_asked(world.case, world.coordinator, advisor=world.professional)
    for upload, message in (
        (SimpleUploadedFile("photo.pdf", PNG), "must be a PDF or a Word document"),
        (SimpleUploadedFile("report.pdf", b"not really a pdf"), "must be a PDF, Word document"),
        (SimpleUploadedFile("empty.pdf", b""), "is empty"),
    ):
        with pytest.raises(InvalidUpload, match=message) as refused:
            services.submit_advice(
                asked,
                content=f.ADVICE_CONTENT,
                rows=[f.GOOD_ROW],
                advisor_name="Dr Priya Rao",
                advisor_role="EP",
                report=upload,
                by=world.professional,
            )
        assert refused.value.field == "report"
        with pytest.raises(InvalidUpload):
            services.save_advice_draft(asked, content={}, report=upload, by=world.professional)
    assert not AdviceSubmission.objects.exists()
    assert not AdviceDraft.objects.exists()
    assert not Document.objects.filter(kind=Document.Kind.ADVICE).exists()
    word = SimpleUploadedFile("report.docx", _docx())
    submission = services.submit_advice(
        asked,
        content=f.ADVICE_CONTENT,
        rows=[],
        advisor_name="Dr Priya Rao",
        advisor_role="EP",
        report=word,
        by=world.professional,
    )
    assert submission.report.original_filename == "report.docx"


def test_the_same_advice_sent_twice_is_refused(world):
    f.agreed_to_assess(world.case, world.coordinator)
    asked = f.advice_asked(world.case, world.coordinator, advisor=world.professional)

    def send():
        return services.submit_advice(
            asked,
            content=f.ADVICE_CONTENT,
            rows=[f.GOOD_ROW],
            advisor_name="Dr Priya Rao",
            advisor_role="EP",
            expected_version=1,
            by=world.professional,
        )

    send()
    with pytest.raises(DuplicateSubmission, match="already been submitted"):
        send()
    assert AdviceSubmission.objects.count() == 1


def test_the_link_holder_drafts_and_submits_once(world):
    f.agreed_to_assess(world.case, world.coordinator)
    asked = f.advice_asked(world.case, world.coordinator)
    services.save_advice_draft(
        asked, content={"summary": "By link"}, report=_pdf(), by=None, via_link=True
    )
    assert selectors.advice_draft_for(asked, None, via_link=True).content == {"summary": "By link"}
    submission = f.advice_given(asked, None, via_link=True)
    assert submission.report is not None
    assert submission.report.uploaded_by is None
    with pytest.raises(DuplicateSubmission):
        services.save_advice_draft(asked, content={}, by=None, via_link=True)


def test_only_the_advisor_or_staff_may_draft(world):
    f.agreed_to_assess(world.case, world.coordinator)
    asked = f.advice_asked(world.case, world.coordinator, advisor=world.professional)
    other = UserFactory(username="other_pro", account_type=User.AccountType.PROFESSIONAL)
    for outsider in (other, world.family, world.other_team_coordinator):
        with pytest.raises(DomainError, match="cannot give advice"):
            services.save_advice_draft(asked, content={"summary": "x"}, by=outsider)
    assert not AdviceDraft.objects.exists()


def test_withdrawing_a_request_deletes_its_drafts_and_no_draft_can_be_saved_after(
    world, django_capture_on_commit_callbacks
):
    f.agreed_to_assess(world.case, world.coordinator)
    asked = f.advice_asked(world.case, world.coordinator, advisor=world.professional)
    draft = services.save_advice_draft(
        asked, content={"summary": "Half written"}, report=_pdf(), by=world.professional
    )
    stored = draft.report.name
    assert draft.report.storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_advice_request(
            asked, reason="Existing advice is enough", by=world.coordinator
        )
    assert not AdviceDraft.objects.exists()
    assert not draft.report.storage.exists(stored)
    # The advisor's access ended with the request.
    with pytest.raises(DomainError, match="cannot give advice"):
        services.save_advice_draft(asked, content={"summary": "More"}, by=world.professional)
    assert not AdviceDraft.objects.exists()


# --- Drafts and full reports (pages) ---------------------------------------------------------


def _form(**extra):
    return {
        "rows-TOTAL_FORMS": "4",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "20",
        **extra,
    }


def test_a_professional_saves_a_draft_comes_back_and_submits_with_their_report(world, client_for):
    f.agreed_to_assess(world.case, world.coordinator)
    asked = f.advice_asked(world.case, world.coordinator, advisor=world.professional)
    give = f"/ehcp/advice/{asked.public_id}/give/"
    professional = client_for(world.professional)
    html = professional.get(give).content.decode()
    assert "Save as draft" in html
    assert 'enctype="multipart/form-data"' in html
    # Half written, nothing required yet.
    response = professional.post(
        give,
        _form(
            action="draft",
            version="1",
            summary="Draft words about reading",
            report=_pdf(),
            **{"rows-0-area": "communication", "rows-0-need": "Draft need"},
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == give
    asked.refresh_from_db()
    assert asked.status == AdviceRequest.Status.REQUESTED
    assert not world.coordinator.notifications.filter(subject__startswith="Advice received")
    html = professional.get(give).content.decode()
    assert "Draft words about reading" in html
    assert "Draft need" in html
    assert "full-report.pdf is attached" in html
    assert "Draft saved" in professional.get("/ehcp/advice/").content.decode()
    # Nobody else sees the draft: the coordinator's pages do not show it, another professional
    # cannot even open the request.
    coordinator = client_for(world.coordinator)
    assert "Draft words about reading" not in coordinator.get(give).content.decode()
    assert "Draft words about reading" not in (
        coordinator.get(f"/ehcp/advice/{asked.public_id}/").content.decode()
    )
    other = client_for(UserFactory(username="other_pro", account_type="professional"))
    assert other.get(give).status_code == 404
    assert other.get(f"/ehcp/advice/{asked.public_id}/").status_code == 404
    # Submitted: the report kept with the draft goes with it.
    response = professional.post(
        give,
        _form(
            action="submit",
            version="1",
            advisor_name="Dr Priya Rao",
            advisor_role="Educational psychologist",
            basis="Observed in class",
            summary="Needs help with language",
            formulation="Language processing",
            **{"rows-0-area": "communication", "rows-0-need": "Following instructions"},
        ),
    )
    assert response.status_code == 302
    submission = AdviceSubmission.objects.get(request=asked)
    assert submission.report.title.startswith("Full report: Psychological advice")
    # Sent again (a second click, the back button): refused, nothing added.
    response = professional.post(
        give,
        _form(
            action="submit",
            version="1",
            advisor_name="Dr Priya Rao",
            advisor_role="Educational psychologist",
            basis="Observed in class",
            summary="Needs help with language",
        ),
    )
    assert "This advice has already been submitted" in response.content.decode()
    assert AdviceSubmission.objects.filter(request=asked).count() == 1
    # Staff see the report wherever the advice is shown.
    detail = coordinator.get(f"/ehcp/advice/{asked.public_id}/").content.decode()
    assert f"/documents/{submission.report.public_id}/" in detail
    assert coordinator.get(f"/documents/{submission.report.public_id}/").status_code == 200


def test_a_malformed_report_gets_a_clear_error_on_the_page_and_saves_nothing(world, client_for):
    f.agreed_to_assess(world.case, world.coordinator)
    asked = f.advice_asked(world.case, world.coordinator, advisor=world.professional)
    give = f"/ehcp/advice/{asked.public_id}/give/"
    response = client_for(world.professional).post(
        give,
        _form(
            action="submit",
            version="1",
            advisor_name="Dr Priya Rao",
            advisor_role="Educational psychologist",
            basis="Observed in class",
            summary="Needs help with language",
            report=SimpleUploadedFile("report.pdf", b"MZ this is a program"),
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The selected file must be a PDF" in html
    assert not AdviceSubmission.objects.exists()
    assert not Document.objects.filter(kind=Document.Kind.ADVICE).exists()


def test_the_single_use_link_saves_a_draft_and_submits_with_a_report(world, client):
    f.agreed_to_assess(world.case, world.coordinator)
    asked = f.advice_asked(world.case, world.coordinator)
    url = f"/ehcp/advice/link/{selectors.advice_link_token(asked)}/"
    response = client.post(url, _form(action="draft", version="1", summary="Link draft"))
    assert response.status_code == 302
    assert "Link draft" in client.get(url).content.decode()
    response = client.post(
        url,
        _form(
            action="submit",
            version="1",
            advisor_name="Ada Link",
            advisor_role="Educational psychologist",
            basis="Observed",
            summary="Link advice",
            report=SimpleUploadedFile("link.docx", _docx()),
        ),
    )
    assert response.status_code == 302
    submission = AdviceSubmission.objects.get(request=asked)
    assert submission.via_link
    assert submission.report.original_filename == "link.docx"
    assert client.get(url).status_code == 410


# --- The API ---------------------------------------------------------------------------------


def test_the_api_saves_a_draft_attaches_the_report_and_submits(world, client_for):
    f.agreed_to_assess(world.case, world.coordinator)
    asked = f.advice_asked(world.case, world.coordinator, advisor=world.professional)
    base = f"/api/v1/ehcp/advice-requests/{asked.public_id}/"
    professional = client_for(world.professional)
    response = professional.post(
        base + "draft/",
        {"content": {"summary": "API draft"}, "advisor_name": "Dr Rao"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["content"] == {"summary": "API draft"}
    response = professional.post(base + "draft/report/", {"report": _pdf("api.pdf")})
    assert response.status_code == 200, response.content
    assert response.json()["report"] == "api.pdf"
    response = professional.post(
        base + "draft/report/", {"report": SimpleUploadedFile("x.pdf", PNG)}
    )
    assert response.status_code == 400
    assert "PDF or a Word document" in response.content.decode()
    other = client_for(UserFactory(username="other_pro", account_type="professional"))
    response = other.post(
        base + "draft/", {"content": {"summary": "x"}}, content_type="application/json"
    )
    assert response.status_code == 404
    response = professional.post(
        base + "submit/",
        {
            "content": {"summary": "Language needs"},
            "rows": [f.GOOD_ROW],
            "advisor_name": "Dr Rao",
            "advisor_role": "EP",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    report = Document.objects.get(kind=Document.Kind.ADVICE)
    assert response.json()["report"] == str(report.public_id)


# --- Administrators record professions ------------------------------------------------------


def test_an_administrator_records_a_professionals_profession_and_service(world, client_for):
    health = OrganisationFactory(name="City Health Trust", kind=Organisation.Kind.HEALTH)
    admin = client_for(world.administrator)
    listing = admin.get("/users/contributors/").content.decode()
    assert world.professional.display_name in listing
    url = f"/users/contributors/{world.professional.public_id}/"
    response = admin.post(url, {"profession": "", "organisation": ""})
    html = response.content.decode()
    assert "Choose their profession" in html
    assert "Choose the service they work for" in html
    response = admin.post(url, {"profession": "nurse", "organisation": health.pk})
    assert response.status_code == 302
    world.professional.refresh_from_db()
    assert world.professional.profession == User.Profession.NURSE
    assert world.professional.organisation == health
    event = StaffAccountEvent.objects.get(subject=world.professional)
    assert event.kind == StaffAccountEvent.Kind.PROFESSION_CHANGED
    assert event.detail == "Nurse, City Health Trust"
    # Only administrators, and only professionals' accounts.
    assert client_for(world.coordinator).get(url).status_code == 404
    assert client_for(world.coordinator).get("/users/contributors/").status_code == 404
    assert admin.get(f"/users/contributors/{world.coordinator.public_id}/").status_code == 404

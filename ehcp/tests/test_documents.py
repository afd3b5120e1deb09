"""The plan's layout: accessible HTML, a tagged PDF (title, language, structure tree) made by the
shared pipeline, its progress and failures on the version's page, and the comparison of two
versions."""

from __future__ import annotations

import pytest

from ehcp import services
from ehcp.documents import (
    PLAN_VERSION_PDF,
    compare_versions,
    plan_as_text,
    plan_pdf_spec,
    render_plan_html,
)
from ehcp.models import PlanVersion
from ehcp.tests import factories as f
from ehcp.tests.html_checks import check_page
from sendcpp import pdf
from sendcpp.exceptions import DomainError, TransitionNotAllowed
from sendcpp.models import CaseEvent, Document
from sendcpp.tests.pdf_checks import assert_tagged_pdf


@pytest.fixture
def final(world) -> PlanVersion:
    return f.final_issued(world.case, world.coordinator, setting=world.school)


def test_the_plan_html_is_accessible_on_screen_and_for_print(final):
    for media in ("screen", "print"):
        html = render_plan_html(final, media=media)
        problems = [p for p in check_page(html) if p != "inline style"]
        assert not problems, (media, problems)
    assert "<link" in render_plan_html(final)
    assert "<link" not in render_plan_html(final, media="print")


def test_the_pdf_is_tagged_with_a_title_and_a_language(final):
    reader = assert_tagged_pdf(
        pdf.render_pdf(plan_pdf_spec(final)),
        title=f"Final plan for {final.content['child']['name']}",
        language="en",
    )
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Section I: placement" in text
    assert world_school_name(final) in text


def world_school_name(version: PlanVersion) -> str:
    return version.content["placement"]["name"]


def test_the_pdf_is_styled_from_the_static_plan_stylesheet_only(final, monkeypatch):
    fetched = []
    original = pdf.StaticFilesFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.StaticFilesFetcher, "fetch", spy)
    pdf.render_pdf(plan_pdf_spec(final))
    assert fetched == [pdf.PDF_BASE_URL + "static/ehcp/plan.css"]


def test_text_in_the_plan_is_never_markup(final):
    content = dict(final.content)
    content["section_a"] = dict(content["section_a"], history='<img src="https://example.org/x">')
    unsaved = PlanVersion(
        plan=final.plan, number=9, kind="final", issued_on=final.issued_on, content=content
    )
    assert "&lt;img" in render_plan_html(unsaved, media="print")


def test_issuing_a_version_makes_its_pdf_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        final = f.final_issued(world.case, world.coordinator, setting=world.school)
    document = final.document
    document.refresh_from_db()
    assert document.status == Document.Status.READY
    assert document.file.read(5) == b"%PDF-"
    again = pdf.attempt(PLAN_VERSION_PDF, final.pk, last_attempt=False)
    assert again == pdf.Outcome.ALREADY_READY
    assert Document.objects.filter(kind=Document.Kind.PLAN, case=world.case).count() == (
        PlanVersion.objects.filter(plan__case=world.case).count()
    )


def test_a_failure_shows_on_the_page_while_retrying_then_the_pdf(
    final, world, client_for, monkeypatch
):
    """A render that fails once: between the attempts the version's page says it is being
    tried again; then the PDF is there to download."""
    from sendcpp.tasks import render_pdf

    real_render = pdf.render_pdf
    pages_between = []

    def fails_once(spec):
        if not pages_between:
            pages_between.append("")
            raise OSError("fonts not ready")
        page = client_for(world.family).get(f"/ehcp/versions/{final.public_id}/")
        pages_between.append(page.content.decode())
        return real_render(spec)

    monkeypatch.setattr(pdf, "render_pdf", fails_once)
    render_pdf.apply(args=[PLAN_VERSION_PDF, final.pk])
    assert "We are trying again" in pages_between[1]
    assert "Try again to prepare the PDF" not in pages_between[1]
    page = client_for(world.family).get(f"/ehcp/versions/{final.public_id}/").content.decode()
    assert f"/documents/{final.document.public_id}/" in page
    assert "Download the PDF" in page


def test_a_pdf_that_keeps_failing_is_shown_and_staff_can_try_again(
    final, world, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    from sendcpp.tasks import render_pdf

    def broken(spec):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    render_pdf.apply(args=[PLAN_VERSION_PDF, final.pk])
    final.document.refresh_from_db()
    assert final.document.status == Document.Status.FAILED
    assert "WeasyPrint fell over" in final.document.failure_reason
    assert CaseEvent.objects.filter(case=world.case, kind="ehcp_plan_pdf_failed").count() == 1

    url = f"/ehcp/versions/{final.public_id}/"
    family_page = client_for(world.family).get(url).content.decode()
    assert "Could not be prepared" in family_page
    assert "Try again to prepare the PDF" not in family_page
    staff_page = client_for(world.coordinator).get(url).content.decode()
    assert "Try again to prepare the PDF" in staff_page
    # A family member cannot ask; nothing changes.
    response = client_for(world.family).post(f"/ehcp/versions/{final.public_id}/retry-pdf/")
    assert response.status_code == 404
    final.document.refresh_from_db()
    assert final.document.status == Document.Status.FAILED

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.coordinator).post(
            f"/ehcp/versions/{final.public_id}/retry-pdf/"
        )
    assert response.status_code == 302
    final.document.refresh_from_db()
    assert final.document.status == Document.Status.READY


def test_only_a_failed_pdf_can_be_made_again(final, world):
    with pytest.raises(TransitionNotAllowed, match="could not be prepared"):
        services.retry_plan_pdf(final, by=world.coordinator)
    final.document.status = Document.Status.FAILED
    final.document.save()
    with pytest.raises(DomainError, match="You cannot change this plan"):
        services.retry_plan_pdf(final, by=world.family)


def test_the_comparison_shows_added_and_removed_lines_by_section(world):
    draft = f.draft_issued(world.case, world.coordinator)
    plan = draft.plan
    plan.refresh_from_db()
    services.update_plan_section(
        plan,
        section="history",
        values={"history": "Moved schools in 2024."},
        lock_version=plan.lock_version,
        by=world.coordinator,
    )
    services.name_setting_in_plan(plan, setting=world.school, by=world.coordinator)
    final = services.issue_final_plan(plan, issued_on=f.days_ago(1), by=world.coordinator)
    changes = compare_versions(draft.content, final.content)
    assert ("Section A", "added", "History: Moved schools in 2024.") in [
        (c.section, c.change, c.text) for c in changes
    ]
    assert any(c.section == "Section I: placement" and c.change == "added" for c in changes)
    assert compare_versions(final.content, final.content) == []
    assert plan_as_text(final.content)[0] == "## Personal details"


def test_drawings_and_recordings_of_the_childs_views_are_listed_in_section_a(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sendcpp import services as core_services

    core_services.add_document(
        world.case,
        upload=SimpleUploadedFile(
            "me.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png"
        ),
        title="My drawing of school",
        kind="views",
        audience="family",
        by=world.coordinator,
    )
    final = f.final_issued(world.case, world.coordinator)
    assert final.content["section_a"]["attachments"] == ["My drawing of school"]
    assert "My drawing of school" in render_plan_html(final, media="print")

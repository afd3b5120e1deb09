"""The plan's layout: accessible HTML, a tagged PDF (title, language, structure tree), a fetcher
that fetches nothing, and the comparison of two versions."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from ehcp import services
from ehcp.documents import (
    compare_versions,
    plan_as_text,
    render_plan_html,
    render_plan_pdf,
    url_fetcher,
)
from ehcp.models import PlanVersion
from ehcp.tests import factories as f
from ehcp.tests.html_checks import check_page
from sendcpp.models import Document


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
    reader = PdfReader(io.BytesIO(render_plan_pdf(final)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == f"Final plan for {final.content['child']['name']}"
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Section I: placement" in text
    assert world_school_name(final) in text


def world_school_name(version: PlanVersion) -> str:
    return version.content["placement"]["name"]


def test_the_fetcher_refuses_the_network_and_the_disk():
    fetcher = url_fetcher()
    for url in ("http://example.org/x.css", "https://example.org/x.png", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


def test_weasyprint_with_the_fetcher_fetches_no_external_resource(monkeypatch):
    from weasyprint import HTML

    calls = []
    monkeypatch.setattr("urllib.request.OpenerDirector.open", lambda *a, **k: calls.append(a))
    html = '<html lang="en"><title>t</title><img src="https://example.org/x.png" alt="">'
    pdf = HTML(string=html, url_fetcher=url_fetcher(), base_url=None).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert calls == []


def test_text_in_the_plan_is_never_markup(final):
    content = dict(final.content)
    content["section_a"] = dict(content["section_a"], history='<img src="https://example.org/x">')
    unsaved = PlanVersion(
        plan=final.plan, number=9, kind="final", issued_on=final.issued_on, content=content
    )
    assert "&lt;img" in render_plan_html(unsaved, media="print")


def test_storing_the_pdf_makes_the_document_ready_once(final):
    document = services.store_plan_pdf(final.pk)
    assert document.status == Document.Status.READY
    assert document.file.read(5) == b"%PDF-"
    again = services.store_plan_pdf(final.pk)
    assert again.sha256 == document.sha256


def test_a_failed_pdf_is_shown_and_can_be_made_again(
    final, world, django_capture_on_commit_callbacks
):
    services.mark_plan_pdf_failed(final.pk, reason="RuntimeError: out of memory")
    final.document.refresh_from_db()
    assert final.document.status == Document.Status.FAILED
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_plan_pdf(final, by=world.coordinator)
    final.document.refresh_from_db()
    assert final.document.status == Document.Status.READY


def test_the_task_records_the_failure_after_its_retries(final, monkeypatch):
    from ehcp.tasks import render_plan_version_pdf

    def broken(version):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr("ehcp.documents.render_plan_pdf", broken)
    render_plan_version_pdf.apply(args=[final.pk])
    final.document.refresh_from_db()
    assert final.document.status == Document.Status.FAILED
    assert "WeasyPrint fell over" in final.document.failure_reason


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

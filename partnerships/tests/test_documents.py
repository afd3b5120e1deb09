"""The LAIP as HTML and as a tagged PDF made from the same template by the shared pipeline; its
progress and failures on the staff and public pages."""

from __future__ import annotations

import pytest

from partnerships import documents
from partnerships.models import PdfStatus, PlanPdf
from partnerships.tests.conftest import publish
from partnerships.tests.factories import ActionFactory, EngagementFactory, PlanVersionFactory
from sendcpp import pdf
from sendcpp.tests.pdf_checks import assert_tagged_pdf


@pytest.fixture
def published(partnership, world):
    version = PlanVersionFactory(
        plan__board=partnership.board, plan__created_by=world.manager, status="draft"
    )
    ActionFactory(
        board=partnership.board,
        plan=version.plan,
        owner=partnership.staff_member,
        description="Open two resourced provisions",
        measure="Places filled by September",
    )
    EngagementFactory(board=partnership.board)
    return version


def test_the_html_has_every_template_section_actions_and_engagement(published):
    html = documents.render_laip_html(published)
    assert '<html lang="en-GB">' in html
    assert (
        "<title>Local Area Inclusion Plan 2026 to 2029 \u2013 Demo Borough Council</title>" in html
    )
    for heading in (
        "Context and needs analysis",
        "Current provision and sufficiency",
        "Priorities",
        "Actions",
        "Funding",
        "Engagement with children, young people and families",
        "Governance and review",
    ):
        assert heading in html
    assert "Open two resourced provisions" in html
    assert "Places filled by September" in html
    assert "24 people: Parents of primary-age children" in html


def test_the_pdf_is_tagged_titled_and_in_english(published):
    spec = documents.laip_pdf_spec(published)
    assert pdf.render_html(spec) == documents.render_laip_html(published)
    reader = assert_tagged_pdf(
        pdf.render_pdf(spec),
        title="Local Area Inclusion Plan 2026 to 2029 \u2013 Demo Borough Council",
        language="en-GB",
    )
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Governance and review" in text


def test_publishing_makes_the_pdf_once(world, things, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        published = publish(world, things)
    stored = PlanPdf.objects.get(version=published)
    stored.refresh_from_db()
    assert stored.status == PdfStatus.READY
    assert (stored.attempts, stored.failure_reason) == (1, "")
    assert stored.size_bytes > 1000
    assert stored.generated_at is not None
    assert stored.file.name == f"partnerships/plans/{published.public_id}.pdf"
    again = pdf.attempt(documents.LAIP_PDF, published.pk, last_attempt=False)
    assert again == pdf.Outcome.ALREADY_READY
    assert PlanPdf.objects.filter(version=published).count() == 1


def test_a_failed_render_is_shown_then_made_again(
    world, things, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    from sendcpp.tasks import render_pdf

    published = publish(world, things)
    stored = PlanPdf.objects.get(version=published)
    public_page = client_for(None).get(f"/partnership/published/{published.plan.public_id}/")
    assert "Being prepared" in public_page.content.decode()

    def broken(spec):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    render_pdf.apply(args=[documents.LAIP_PDF, published.pk])
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == (PdfStatus.FAILED, 5)
    assert "no fonts" in stored.failure_reason

    plan = published.plan
    public_page = client_for(None).get(f"/partnership/published/{plan.public_id}/")
    assert "Could not be prepared" in public_page.content.decode()
    assert "Try again to prepare the PDF" not in public_page.content.decode()
    pdf_url = f"/partnership/published/{plan.public_id}/versions/{published.number}/pdf/"
    assert client_for(None).get(pdf_url).status_code == 404
    staff_page = client_for(world.manager).get(f"/partnership/plan-versions/{published.public_id}/")
    assert "Try again to prepare the PDF" in staff_page.content.decode()

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.manager).post(
            f"/partnership/plan-versions/{published.public_id}/retry-pdf/"
        )
    stored.refresh_from_db()
    assert stored.status == PdfStatus.READY
    response = client_for(None).get(pdf_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.7")

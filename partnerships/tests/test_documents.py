"""The LAIP as HTML and as a tagged PDF made from the same template."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from partnerships import documents, services
from partnerships.models import PdfStatus, PlanPdf
from partnerships.tests.factories import ActionFactory, EngagementFactory, PlanVersionFactory


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
    content = documents.render_laip_pdf(published)
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert content.startswith(b"%PDF-1.7")
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).lower().startswith("en")
    assert (
        reader.metadata.title
        == "Local Area Inclusion Plan 2026 to 2029 \u2013 Demo Borough Council"
    )
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Governance and review" in text


def test_generating_the_pdf_stores_it_once(published, world, partnership):
    pdf = PlanPdf.objects.create(version=published)
    assert services.generate_plan_pdf(pdf.pk) == "ready"
    pdf.refresh_from_db()
    assert pdf.status == PdfStatus.READY
    assert pdf.size_bytes > 1000
    assert pdf.file.name == f"partnerships/plans/{published.public_id}.pdf"
    assert services.generate_plan_pdf(pdf.pk) == "skipped"


def test_a_failed_render_is_recorded(published, monkeypatch):
    def broken(version):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(documents, "render_laip_pdf", broken)
    pdf = PlanPdf.objects.create(version=published)
    assert services.generate_plan_pdf(pdf.pk) == "failed"
    pdf.refresh_from_db()
    assert (pdf.status, pdf.attempts) == (PdfStatus.FAILED, 1)
    assert "no fonts" in pdf.failure_reason

"""The tailored list's PDF: made by the shared pipeline from the same HTML as the page, tagged
(PDF/UA-1), titled and in English, and it says it guarantees no place. Its progress and failures
show on the list's pages."""

from __future__ import annotations

from placements.documents import (
    TAILORED_LIST_PDF,
    render_tailored_list_html,
    tailored_list_pdf_spec,
)
from sendcpp import pdf
from sendcpp.models import Document
from sendcpp.tests.pdf_checks import assert_tagged_pdf


def test_html_and_pdf_come_from_the_same_template(world, published):
    version = published.versions.get()
    html = render_tailored_list_html(version)
    assert '<html lang="en-GB">' in html
    assert (
        f"<title>Advisory tailored list for {world.case.child.full_name} (version 1)</title>"
        in html
    )
    assert "does not guarantee a place" in html
    spec = tailored_list_pdf_spec(version)
    assert pdf.render_html(spec) == html
    reader = assert_tagged_pdf(
        pdf.render_pdf(spec),
        title=f"Advisory tailored list for {world.case.child.full_name} (version 1)",
        language="en-GB",
    )
    text = "".join(page.extract_text() for page in reader.pages)
    assert "does not guarantee a place" in " ".join(text.split())
    assert "Oakwood Special School" in text


def _pages(world, client_for, version):
    case = world.case.public_id
    staff = client_for(world.coordinator).get(
        f"/placements/cases/{case}/tailored-list/versions/{version.number}/"
    )
    family = client_for(world.family).get(f"/placements/cases/{case}/tailored-list/")
    return staff.content.decode(), family.content.decode()


def test_the_pdf_state_shows_on_the_pages_and_staff_can_try_again(
    world, published, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    from sendcpp.tasks import render_pdf

    version = published.versions.get()
    staff, family = _pages(world, client_for, version)
    assert "Being prepared" in staff
    assert "Being prepared" in family

    def broken(spec):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    render_pdf.apply(args=[TAILORED_LIST_PDF, version.pk])
    staff, family = _pages(world, client_for, version)
    assert "Could not be prepared" in staff
    assert "Could not be prepared" in family
    assert "Try again to prepare the PDF" in staff
    assert "Try again to prepare the PDF" not in family
    retry = f"/placements/cases/{world.case.public_id}/tailored-list/versions/1/retry-pdf/"
    assert client_for(world.family).post(retry).status_code == 404

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(world.coordinator).post(retry).status_code == 302
    version.document.refresh_from_db()
    assert version.document.status == Document.Status.READY
    staff, family = _pages(world, client_for, version)
    download = f"/documents/{version.document.public_id}/"
    assert download in staff
    assert download in family

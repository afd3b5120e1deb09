"""The tailored list's PDF: made from the same HTML as the page, tagged (PDF/UA-1), titled and in
English, and it says it guarantees no place."""

from __future__ import annotations

import io

from pypdf import PdfReader

from placements.documents import PDF_VARIANT, render_tailored_list_html, render_tailored_list_pdf


def test_html_and_pdf_come_from_the_same_template(world, published):
    version = published.versions.get()
    html = render_tailored_list_html(version)
    assert '<html lang="en-GB">' in html
    assert (
        f"<title>Advisory tailored list for {world.case.child.full_name} (version 1)</title>"
        in html
    )
    assert "does not guarantee a place" in html
    pdf = PdfReader(io.BytesIO(render_tailored_list_pdf(version)))
    root = pdf.trailer["/Root"]
    assert PDF_VARIANT == "pdf/ua-1"
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert (
        pdf.metadata.title == f"Advisory tailored list for {world.case.child.full_name} (version 1)"
    )
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "does not guarantee a place" in " ".join(text.split())
    assert "Oakwood Special School" in text

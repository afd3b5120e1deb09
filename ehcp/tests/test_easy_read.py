"""The easy-read summary of a plan: what the child needs, what help they get, who helps and when
we check, in short sentences with headings, as a page and as a tagged PDF."""

from __future__ import annotations

from ehcp.documents import easy_read_context
from ehcp.tests.factories import final_issued
from sendcpp.readability import page_grade
from sendcpp.tests.pdf_checks import assert_tagged_pdf


def test_the_summary_is_short_plain_and_a_tagged_pdf(world, client_for):
    version = final_issued(world.case, world.coordinator)
    context = easy_read_context(version)
    assert context["is_final"]
    assert context["check_by"] is not None
    family = client_for(world.family)
    page = family.get(f"/ehcp/versions/{version.public_id}/easy-read/")
    assert page.status_code == 200
    html = page.content.decode()
    for heading in ("needs</h2>", "gets</h2>", "Who helps</h2>", "When we check</h2>"):
        assert heading in html
    assert page_grade(html) <= 9
    download = family.get(f"/ehcp/versions/{version.public_id}/easy-read.pdf")
    assert download["Content-Type"] == "application/pdf"
    assert_tagged_pdf(download.content, title=context["document_title"], language="en-GB")


def test_another_family_cannot_read_it(world, client_for):
    version = final_issued(world.case, world.coordinator)
    other = client_for(world.other_family)
    assert other.get(f"/ehcp/versions/{version.public_id}/easy-read/").status_code == 404
    assert other.get(f"/ehcp/versions/{version.public_id}/easy-read.pdf").status_code == 404

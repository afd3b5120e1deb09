"""A letter as a tagged PDF, through the shared pipeline (``sendcpp.pdf``): the council's
letterhead, the date and who it is to, the letter as sent, who can help (the SEND team, SENDIASS
and the mediation adviser) and how to ask for a translation or another format."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from letters.models import Letter
from letters.services import LETTER_PDF
from sendcpp import contacts, pdf

_TEMPLATE = "letters/pdf/letter.html"
_STYLESHEET = "letters/letter.css"  # a static file


def paragraphs(text: str) -> list[list[str]]:
    """The letter's paragraphs (split at blank lines), each a list of its lines."""
    blocks = [block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block.split("\n") for block in blocks if block.strip()]


def letter_context(letter: Letter) -> dict[str, Any]:
    team = contacts.send_team()
    return {
        "letter": letter,
        "paragraphs": paragraphs(letter.body),
        "document_title": letter.subject,
        "council_name": settings.COUNCIL_NAME,
        "send_team": team,
        "contacts": contacts.everyone(),
    }


def letter_pdf_spec(letter: Letter) -> pdf.PdfSpec:
    return pdf.titled_spec(_TEMPLATE, letter_context(letter), stylesheets=(_STYLESHEET,))


pdf.register_case_document(
    LETTER_PDF,
    Letter.objects.select_related("case"),
    spec=letter_pdf_spec,
    case=lambda letter: letter.case,
    failed_kind="letter_pdf_failed",
    failed_summary=lambda letter: f"The PDF of the letter “{letter.subject}” could not be made",
)

"""A letter as a tagged PDF, through the shared pipeline (``sendcpp.pdf``): the council's
letterhead, the date and who it is to, the letter as sent, who can help (the SEND team, SENDIASS
and the mediation adviser) and how to ask for a translation or another format."""

from __future__ import annotations

from datetime import date
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


def preview(*, subject: str, addressee: str, sent_on: date, body: str) -> dict[str, Any]:
    """What ``letters/letter_preview.html`` shows of a letter on a page, around its wording as
    the PDF prints it: the date, who it is to, the subject, the paragraphs and the contacts."""
    return {
        "subject": subject,
        "addressee": addressee,
        "sent_on": sent_on,
        "paragraphs": paragraphs(body),
        "contacts": contacts.everyone(),
        "send_team": contacts.send_team(),
    }


def letter_preview(letter: Letter) -> dict[str, Any]:
    """The preview of a letter as made (or about to be made, see ``services.preview_letters``)."""
    return preview(
        subject=letter.subject, addressee=letter.addressee, sent_on=letter.sent_on, body=letter.body
    )


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

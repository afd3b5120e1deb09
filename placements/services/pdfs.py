"""Making the PDF of a published tailored list (called by ``placements.tasks``)."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from placements.models import TailoredListVersion
from sendcpp.models import Document
from sendcpp.timeline import record_case_event


@transaction.atomic
def store_list_pdf(version_id: int) -> Document:
    """Render a published version's PDF and store it on its document. Safe to run twice: a
    document already ready is left alone, and the row lock keeps two workers apart."""
    from placements.documents import render_tailored_list_pdf

    version = TailoredListVersion.objects.select_related("tailored_list__case").get(pk=version_id)
    document = Document.objects.select_for_update().get(pk=version.document_id)
    if document.status == Document.Status.READY:
        return document
    pdf = render_tailored_list_pdf(version)
    document.file.save(f"{document.public_id}.pdf", ContentFile(pdf), save=False)
    document.size_bytes = len(pdf)
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.status = Document.Status.READY
    document.failure_reason = ""
    document.save(update_fields=["file", "size_bytes", "sha256", "status", "failure_reason"])
    return document


@transaction.atomic
def mark_list_pdf_failed(version_id: int, *, reason: str) -> Document:
    """The PDF could not be made after every retry: show the failure on the list."""
    version = TailoredListVersion.objects.select_related("tailored_list__case").get(pk=version_id)
    document = Document.objects.select_for_update().get(pk=version.document_id)
    if document.status != Document.Status.READY:
        document.status = Document.Status.FAILED
        document.failure_reason = reason[:300]
        document.save(update_fields=["status", "failure_reason"])
        record_case_event(
            case=version.tailored_list.case,
            kind="placements_list_pdf_failed",
            by=None,
            summary=f"The PDF of the tailored list (version {version.number}) could not be made",
        )
    return document

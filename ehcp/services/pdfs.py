"""Making the PDF of an issued plan version (called by ``ehcp.tasks``)."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from ehcp.models import (
    PlanVersion,
)
from ehcp.services.casework import (
    require,
)
from sendcpp.access import Action, Actor
from sendcpp.celery import enqueue_on_commit
from sendcpp.exceptions import TransitionNotAllowed
from sendcpp.models import (
    Document,
)
from sendcpp.timeline import record_case_event

# --- PDFs -----------------------------------------------------------------------------------------


@transaction.atomic
def store_plan_pdf(version_id: int) -> Document:
    """Render an issued version's PDF and store it on its document. Safe to run twice: a
    document already ready is left alone, and the row lock keeps two workers apart."""
    from ehcp.documents import render_plan_pdf

    version = PlanVersion.objects.select_related("plan__case").get(pk=version_id)
    document = Document.objects.select_for_update().get(pk=version.document_id)
    if document.status == Document.Status.READY:
        return document
    pdf = render_plan_pdf(version)
    document.file.save(f"{document.public_id}.pdf", ContentFile(pdf), save=False)
    document.size_bytes = len(pdf)
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.status = Document.Status.READY
    document.failure_reason = ""
    document.save(update_fields=["file", "size_bytes", "sha256", "status", "failure_reason"])
    return document


@transaction.atomic
def mark_plan_pdf_failed(version_id: int, *, reason: str) -> Document:
    """The PDF could not be made after every retry: show the failure to the user."""
    version = PlanVersion.objects.select_related("plan__case").get(pk=version_id)
    document = Document.objects.select_for_update().get(pk=version.document_id)
    if document.status != Document.Status.READY:
        document.status = Document.Status.FAILED
        document.failure_reason = reason[:300]
        document.save(update_fields=["status", "failure_reason"])
        record_case_event(
            case=version.plan.case,
            kind="ehcp_plan_pdf_failed",
            by=None,
            summary=f"The PDF of {version} could not be made",
        )
    return document


@transaction.atomic
def retry_plan_pdf(version: PlanVersion, *, by: Actor) -> Document:
    """Try again to make a PDF that failed."""
    version = PlanVersion.objects.select_related("plan__case").get(pk=version.pk)
    require(by, Action.EDIT, version.plan.case, "You cannot change this plan")
    document = Document.objects.select_for_update().get(pk=version.document_id)
    if document.status != Document.Status.FAILED:
        raise TransitionNotAllowed("Only a PDF that failed can be made again")
    document.status = Document.Status.PENDING
    document.failure_reason = ""
    document.save(update_fields=["status", "failure_reason"])
    enqueue_on_commit("ehcp.tasks.render_plan_version_pdf", version.pk)
    return document

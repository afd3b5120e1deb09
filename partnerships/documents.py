"""The Local Area Inclusion Plan as a document: the accessible HTML the public reads and the
tagged PDF made from the same template by the shared pipeline (``sendcpp.pdf``).

``templates/partnerships/pdf/laip_body.html`` holds the plan's content. The public page includes
it inside the site layout; ``templates/partnerships/pdf/laip.html`` wraps it in a standalone
document (language, title), which the pipeline renders with the print stylesheet
``static/partnerships/pdf/laip.css`` as a tagged PDF, titled and in English.

A published plan is not about a child, so its PDF is stored on its ``PlanPdf`` (public, no case)
rather than on a case ``Document``; the pipeline fills either the same way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from partnerships import selectors
from partnerships.models import (
    PLAN_SECTIONS,
    PdfStatus,
    PlanPdf,
    PlanVersion,
    PlanVersionStatus,
)
from sendcpp import pdf

#: The PDF source of a published plan version (object id: the ``PlanVersion``'s pk).
LAIP_PDF = "partnerships.plan_version"

_TEMPLATE = "partnerships/pdf/laip.html"
_STYLESHEET = "partnerships/pdf/laip.css"  # a static file


def _dated(rows: list[dict[str, Any]], *fields: str) -> list[dict[str, Any]]:
    return [
        {**row, **{f: date.fromisoformat(row[f]) for f in fields if row.get(f)}} for row in rows
    ]


def laip_context(version: PlanVersion, *, today: date | None = None) -> dict[str, Any]:
    """Everything the plan's body template shows. A draft shows the plan's live actions and
    engagement; an approved or published version shows what was frozen when it was approved."""
    plan = version.plan
    board = plan.board
    if version.status == PlanVersionStatus.DRAFT:
        actions = selectors.plan_action_rows(plan)
        engagement = selectors.engagement_rows(board, until=today or timezone.localdate())
    else:
        actions = version.actions_snapshot
        engagement = version.engagement_snapshot
    return {
        "version": version,
        "plan": plan,
        "local_authority": board.local_authority,
        "sections": [
            {"slug": field.replace("_", "-"), "heading": heading, "text": getattr(version, field)}
            for field, heading, _hint in PLAN_SECTIONS
        ],
        "plan_actions": _dated(actions, "due_on"),
        "engagement_activities": _dated(engagement, "held_on"),
        "document_title": f"{plan.title} \u2013 {board.local_authority.name}",
        "council_name": settings.COUNCIL_NAME,
    }


def render_laip_html(version: PlanVersion) -> str:
    """The plan as a standalone HTML document (the PDF's source)."""
    return pdf.render_html(laip_pdf_spec(version))


def laip_pdf_spec(version: PlanVersion) -> pdf.PdfSpec:
    return pdf.titled_spec(_TEMPLATE, laip_context(version), stylesheets=(_STYLESHEET,))


def _version(version_id: int) -> PlanVersion:
    return PlanVersion.objects.select_related("plan__board__local_authority").get(pk=version_id)


def _locked_pdf(version_id: int) -> PlanPdf:
    return PlanPdf.objects.select_for_update().get(version_id=version_id)


pdf.register(
    pdf.PdfSource(
        name=LAIP_PDF,
        build=lambda version_id: laip_pdf_spec(_version(version_id)),
        record=_locked_pdf,
        stale=lambda before: PlanPdf.objects.filter(
            status=PdfStatus.PENDING, version__published_at__lt=before
        ).values_list("version_id", flat=True),
    )
)

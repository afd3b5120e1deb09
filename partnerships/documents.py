"""The Local Area Inclusion Plan as a document: the accessible HTML the public reads and the
tagged PDF made from the same template with WeasyPrint.

``templates/partnerships/pdf/laip_body.html`` holds the plan's content. The public page includes
it inside the site layout; ``render_laip_html`` wraps it in a standalone document (language,
title, print styles) and ``render_laip_pdf`` feeds exactly that HTML to WeasyPrint as PDF/UA-1,
so the PDF is tagged, titled and in English.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from partnerships import selectors
from partnerships.models import PLAN_SECTIONS, PlanVersion, PlanVersionStatus

PDF_STYLESHEET = Path(__file__).resolve().parent / "templates" / "partnerships" / "pdf" / "laip.css"

#: WeasyPrint's accessible-PDF variant: tagged structure, PDF 1.7, document language and title.
PDF_VARIANT = "pdf/ua-1"


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
    return render_to_string("partnerships/pdf/laip.html", laip_context(version))


def render_laip_pdf(version: PlanVersion) -> bytes:
    """The plan as a tagged PDF (PDF/UA-1), with its title and language, from
    ``render_laip_html``."""
    from weasyprint import CSS, HTML

    html = HTML(string=render_laip_html(version), base_url=str(settings.BASE_DIR))
    return html.write_pdf(
        stylesheets=[CSS(filename=str(PDF_STYLESHEET))],
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        custom_metadata=True,
    )

"""The Advisory Tailored List as a document: the accessible HTML the family reads on the portal
and the tagged PDF made from the same template with WeasyPrint.

``templates/placements/pdf/tailored_list_body.html`` holds the list's content. The portal page
includes it inside the site layout; ``render_tailored_list_html`` wraps it in a standalone
document (language, title, print styles) and ``render_tailored_list_pdf`` feeds exactly that HTML
to WeasyPrint as PDF/UA-1 (WeasyPrint 70 supports the variant), so the PDF is tagged, titled and
in English.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from placements.locations import miles
from placements.models import TailoredListVersion

PDF_STYLESHEET = Path(__file__).resolve().parent / "templates" / "placements" / "pdf" / "list.css"

#: WeasyPrint's accessible-PDF variant: tagged structure, PDF 1.7, document language and title.
PDF_VARIANT = "pdf/ua-1"


def _distance_text(km: float | None) -> str:
    if km is None:
        return "Not known"
    return f"{miles(km):.1f} miles ({km:.1f} km) in a straight line"


def list_context(version: TailoredListVersion) -> dict[str, Any]:
    """Everything the list's body template shows, from the frozen version only."""
    content = version.content
    entries = [
        {**entry, "distance_text": _distance_text(entry.get("distance_km"))}
        for entry in content.get("entries", [])
    ]
    return {
        "version": version,
        "content": content,
        "entries": entries,
        "starts_on": date.fromisoformat(content["starts_on"]),
        "published_on": date.fromisoformat(content["published_on"]),
        "document_title": (
            f"Advisory tailored list for {content['child_name']} (version {version.number})"
        ),
        "council_name": settings.COUNCIL_NAME,
    }


def render_tailored_list_html(version: TailoredListVersion) -> str:
    """The list as a standalone HTML document (the PDF's source)."""
    return render_to_string("placements/pdf/tailored_list.html", list_context(version))


def render_tailored_list_pdf(version: TailoredListVersion) -> bytes:
    """The list as a tagged PDF (PDF/UA-1) with its title and language, from
    ``render_tailored_list_html``."""
    from weasyprint import CSS, HTML

    html = HTML(string=render_tailored_list_html(version), base_url=str(settings.BASE_DIR))
    return html.write_pdf(
        stylesheets=[CSS(filename=str(PDF_STYLESHEET))],
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        custom_metadata=True,
    )

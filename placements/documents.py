"""The Advisory Tailored List as a document: the accessible HTML the family reads on the portal
and the tagged PDF made from the same template by the shared pipeline (``sendcpp.pdf``).

``templates/placements/pdf/tailored_list_body.html`` holds the list's content. The portal page
includes it inside the site layout; ``templates/placements/pdf/tailored_list.html`` wraps it in a
standalone document (language, title), which the pipeline renders with the print stylesheet
``static/placements/pdf/list.css`` as a tagged PDF, titled and in English.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings

from placements.locations import miles
from placements.models import TailoredListVersion
from sendcpp import pdf

#: The PDF source of a published tailored list (object id: the ``TailoredListVersion``'s pk).
TAILORED_LIST_PDF = "placements.tailored_list_version"

_TEMPLATE = "placements/pdf/tailored_list.html"
_STYLESHEET = "placements/pdf/list.css"  # a static file


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
    return pdf.render_html(tailored_list_pdf_spec(version))


def tailored_list_pdf_spec(version: TailoredListVersion) -> pdf.PdfSpec:
    return pdf.titled_spec(_TEMPLATE, list_context(version), stylesheets=(_STYLESHEET,))


pdf.register_case_document(
    TAILORED_LIST_PDF,
    TailoredListVersion.objects.select_related("tailored_list__case"),
    spec=tailored_list_pdf_spec,
    case=lambda version: version.tailored_list.case,
    failed_kind="placements_list_pdf_failed",
    failed_summary=lambda version: (
        f"The PDF of the tailored list (version {version.number}) could not be made"
    ),
)

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
    if miles(km) < 0.1:
        return "Very close to home (less than a tenth of a mile)"
    return f"{miles(km):.1f} miles ({km:.1f} km) in a straight line"


#: The list speaks to the family in plain words: the citations its frozen text carries are moved
#: to a "The law" section, and the internal names of where an entry came from are reworded.
_PLAIN_WORDS = (
    (
        "of the kinds set out in section 38(3) of the Children and Families Act 2014",
        "of the kinds the law allows",
    ),
    ("approved under section 41", "approved by the Secretary of State"),
)
_SOURCE_TEXT = {
    "Suggested by matching": "It matches what your child needs",
    "Added by the coordinator": "Your coordinator added it",
    "Added by the family": "You added it",
}
_NOT_A_PHASE = {"Not applicable", ""}
#: Where the family's rights on the list come from.
LIST_LAW = (
    "Children and Families Act 2014, sections 38(2)(b), 38(3), 39 and 41; SEND Code of Practice "
    "2015, paragraphs 9.78 to 9.79."
)


def _plain(text: str) -> str:
    for cited, plain in _PLAIN_WORDS:
        text = text.replace(cited, plain)
    return text


def _entry(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        **entry,
        "distance_text": _distance_text(entry.get("distance_km")),
        "source": _SOURCE_TEXT.get(entry.get("source", ""), entry.get("source", "")),
        "phase": "" if entry.get("phase") in _NOT_A_PHASE else entry.get("phase"),
    }


def list_context(version: TailoredListVersion) -> dict[str, Any]:
    """Everything the list's body template shows, from the frozen version only."""
    content = version.content
    entries = [_entry(entry) for entry in content.get("entries", [])]
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
        "no_guarantee": _plain(content.get("no_guarantee", "")),
        "rights": _plain(content.get("rights", "")),
        "list_law": LIST_LAW,
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

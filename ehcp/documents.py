"""The plan on the national template, as HTML (the on-screen preview) and as a tagged PDF, plus
the plain-text rendering two versions are compared by.

Both the preview and the PDF come from the template ``ehcp/pdf/plan.html``, so what staff check on
screen is what the family receives. The PDF is made by the shared pipeline (``sendcpp.pdf``):
this module only builds the template's context and registers the plan version as a PDF source.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string

from ehcp.models import PlanVersion
from sendcpp import pdf
from sendcpp.deadlines import annual_review_due

#: The PDF source of an issued plan version (object id: the ``PlanVersion``'s pk).
PLAN_VERSION_PDF = "ehcp.plan_version"

_STYLESHEET = "ehcp/plan.css"  # a static file; on screen the page links it itself


def _plan_context(version: PlanVersion, *, media: str, back_url: str = "") -> dict[str, Any]:
    return {
        "version": version,
        "c": version.content,
        "media": media,
        "back_url": back_url,
        "is_draft": version.kind in {PlanVersion.Kind.DRAFT, PlanVersion.Kind.AMENDMENT_NOTICE},
    }


def render_plan_html(version: PlanVersion, *, media: str = "screen", back_url: str = "") -> str:
    """The plan as a complete, accessible HTML document (``lang``, ``title``, headings in order,
    captioned tables). ``media="print"`` is the document the PDF is made from."""
    return render_to_string(
        "ehcp/pdf/plan.html", _plan_context(version, media=media, back_url=back_url)
    )


def plan_pdf_spec(version: PlanVersion) -> pdf.PdfSpec:
    """What the pipeline renders for an issued version: the print document, titled as the
    template's ``<title>`` and in English as its ``lang``."""
    content = version.content
    return pdf.PdfSpec(
        template="ehcp/pdf/plan.html",
        context=_plan_context(version, media="print"),
        title=f"{content['kind_label']} for {content['child']['name']}",
        language="en",
        stylesheets=(_STYLESHEET,),
    )


pdf.register_case_document(
    PLAN_VERSION_PDF,
    PlanVersion.objects.select_related("plan__case"),
    spec=plan_pdf_spec,
    case=lambda version: version.plan.case,
    failed_kind="ehcp_plan_pdf_failed",
    failed_summary=lambda version: f"The PDF of {version} could not be made",
)


# --- Comparing versions ---------------------------------------------------------------------------


def _lines(label: str, text: Any) -> list[str]:
    text = "" if text is None else str(text)
    if not text.strip():
        return []
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return [f"{label}: {paragraphs[0]}", *paragraphs[1:]]


def _row_lines(row: dict[str, Any]) -> list[str]:
    lines = _lines(f"{row['need_section']}: need", row["need"])
    provision = ", ".join(
        part
        for part in (
            row["provision_what"],
            f"by {row['provision_who']}" if row["provision_who"] else "",
            f"ratio {row['ratio']}" if row["ratio"] else "",
            row["frequency"],
            row["duration"],
        )
        if part
    )
    lines += _lines(f"{row['provision_section']}: provision", provision)
    outcome = row["outcome"]
    if row["outcome_timeframe"]:
        outcome = f"{outcome} ({row['outcome_timeframe']})"
    lines += _lines(f"{row['outcome_section']}: outcome", outcome)
    return lines


def _fields(title: str, values: dict[str, Any]) -> list[str]:
    lines = [f"## {title}"]
    for key, value in values.items():
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        if isinstance(value, bool):
            value = "Yes" if value else "No"
        lines += _lines(key.replace("_", " ").capitalize(), value)
    return lines


def _grid(title: str, strengths: str, rows: list[dict[str, Any]]) -> list[str]:
    lines = [f"## {title}", *_lines("Strengths", strengths)]
    for row in rows:
        lines += _row_lines(row)
    return lines


def plan_as_text(content: dict[str, Any]) -> list[str]:
    """The plan as lines of plain text, section headings starting with "## "."""
    lines = _fields("Personal details", content["child"])
    lines += _fields("Services involved", content["services"])
    lines += _fields("Section A", content["section_a"])
    for area in content["areas"]:
        lines += _grid(area["title"], area["strengths"], area["rows"])
    lines += _grid("Health (C, G)", "", content["health"])
    lines += _grid("Social care (D, H)", "", content["social_care"])
    lines += _fields("Section I: placement", content["placement"])
    lines += _fields("Section J: personal budget", content["budget"])
    lines.append("## Section K: advice and information")
    for row in content["advice"]:
        received = row["received_on"] or "not received"
        lines.append(f"{row['advice']}: {row['from'] or '-'} ({received})")
    return lines


@dataclass(frozen=True)
class DiffLine:
    section: str
    change: str  # "added" or "removed"
    text: str


def compare_versions(old: dict[str, Any], new: dict[str, Any]) -> list[DiffLine]:
    """The lines added and removed between two issued versions, each with its section."""
    old_lines, new_lines = plan_as_text(old), plan_as_text(new)
    changes: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for index in range(i1, i2):
            changes.append(DiffLine(_section(old_lines, index), "removed", old_lines[index]))
        for index in range(j1, j2):
            changes.append(DiffLine(_section(new_lines, index), "added", new_lines[index]))
    return [change for change in changes if not change.text.startswith("## ")]


def _section(lines: list[str], index: int) -> str:
    for position in range(index, -1, -1):
        if lines[position].startswith("## "):
            return lines[position][3:]
    return ""


# --- The easy-read summary ------------------------------------------------------------------------

#: Longest sentence kept in the easy-read summary, in words.
EASY_READ_WORDS = 20


def _short(text: str) -> str:
    """The first sentence of ``text``, at most ``EASY_READ_WORDS`` words, ending in a full stop."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    first = text.split(". ")[0].rstrip(".")
    words = first.split()
    if len(words) > EASY_READ_WORDS:
        return " ".join(words[:EASY_READ_WORDS]) + " …"
    return first + "."


def easy_read_context(version: PlanVersion) -> dict[str, Any]:
    """An easy-read summary of an issued plan, from its frozen content only: what the child
    needs, what help they get, who helps, and when we check, in short sentences."""
    content = version.content
    child = content["child"]
    name = child.get("preferred_name") or child["name"].split(" ")[0]
    needs: list[dict[str, Any]] = []
    helpers: list[str] = []
    for area in content.get("areas", []):
        rows = area.get("rows", [])
        if not rows:
            continue
        needs.append(
            {
                "title": area["title"],
                "needs": [_short(row["need"]) for row in rows if row.get("need")],
                "help": [
                    {
                        "what": _short(row["provision_what"]),
                        "who": row.get("provision_who", ""),
                        "how_often": row.get("frequency", ""),
                    }
                    for row in rows
                    if row.get("provision_what")
                ],
                "goals": [_short(row["outcome"]) for row in rows if row.get("outcome")],
            }
        )
        helpers.extend(row["provision_who"] for row in rows if row.get("provision_who"))
    for row in [*content.get("health", []), *content.get("social_care", [])]:
        if row.get("provision_who"):
            helpers.append(row["provision_who"])
    issued_on = date.fromisoformat(content["issued_on"])
    is_final = content["kind"] in {PlanVersion.Kind.FINAL, PlanVersion.Kind.FINAL_AMENDED}
    place = content.get("placement", {}).get("name") or content.get("services", {}).get("setting")
    return {
        "version": version,
        "name": name,
        "kind_label": content["kind_label"],
        "issued_on": issued_on,
        "is_final": is_final,
        "check_by": annual_review_due(issued_on) if is_final else None,
        "place": place,
        "areas": needs,
        "helpers": list(dict.fromkeys(helpers)),
        "document_title": f"Easy-read summary of the plan for {name}",
    }


def easy_read_pdf(version: PlanVersion) -> bytes:
    """The easy-read summary as a tagged PDF, made by the shared pipeline on request."""
    return pdf.render_pdf(
        pdf.titled_spec(
            "ehcp/pdf/easy_read.html",
            easy_read_context(version),
            stylesheets=(_EASY_READ_STYLESHEET,),
        )
    )


_EASY_READ_STYLESHEET = "ehcp/easy_read.css"

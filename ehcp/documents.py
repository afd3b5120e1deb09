"""The plan on the national template, as HTML (the on-screen preview) and as a tagged PDF
(WeasyPrint, PDF/UA-1), plus the plain-text rendering two versions are compared by.

Both the preview and the PDF come from ``render_plan_html``, so what staff check on screen is
what the family receives. WeasyPrint fetches nothing: its URL fetcher allows only ``data:`` URIs
and the stylesheet is passed in directly.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from ehcp.models import PlanVersion

_STYLESHEET = Path(__file__).parent / "static" / "ehcp" / "plan.css"


@cache
def _stylesheet_text() -> str:
    return _STYLESHEET.read_text(encoding="utf-8")


def url_fetcher() -> URLFetcher:
    """A fetcher that refuses every URL but inline ``data:`` ones: no http, https or file."""
    return URLFetcher(allowed_protocols={"data"})


def render_plan_html(version: PlanVersion, *, media: str = "screen", back_url: str = "") -> str:
    """The plan as a complete, accessible HTML document (``lang``, ``title``, headings in order,
    captioned tables). ``media="print"`` is the document the PDF is made from."""
    return render_to_string(
        "ehcp/pdf/plan.html",
        {
            "version": version,
            "c": version.content,
            "media": media,
            "back_url": back_url,
            "is_draft": version.kind in {PlanVersion.Kind.DRAFT, PlanVersion.Kind.AMENDMENT_NOTICE},
        },
    )


def render_plan_pdf(version: PlanVersion) -> bytes:
    """The plan as a tagged PDF (PDF/UA-1: structure tree, language, title)."""
    fetcher = url_fetcher()
    document = HTML(
        string=render_plan_html(version, media="print"), url_fetcher=fetcher, base_url=None
    )
    return document.write_pdf(
        stylesheets=[CSS(string=_stylesheet_text(), url_fetcher=fetcher)],
        pdf_variant="pdf/ua-1",
        uncompressed_pdf=False,
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

"""GOV.UK table rows written in Python, for the lists people page through all day.

Django's template engine spends about 0.2 ms on a table row of a dozen values (each lookup,
filter and ``{% url %}`` goes through the engine): on a page of 25 cases, or a manager's table of
every coordinator, more than the page's queries. A list's rows are written with these instead,
in one pass; the table around them (caption, headings, scroll region) stays in its template.
Every value is escaped here unless it is already safe HTML written by these functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString

__all__ = ["Addresses", "cell", "html", "link", "paragraph", "small", "strong", "table_rows"]


def html(value: Any) -> str:
    """``value`` as HTML: safe HTML as it is, anything else escaped. Django's
    ``conditional_escape`` does the same through a wrapper for lazy text that cost as much as
    the escaping itself on a list's hundreds of values (a manager's 120 coordinators)."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape(str(value))


def cell(*content: Any, css: str = "", numeric: bool = False) -> SafeString:
    """A table cell holding ``content`` (text is escaped; what these functions wrote is not)."""
    classes = "govuk-table__cell" + (" govuk-table__cell--numeric" if numeric else "")
    classes += f" {css}" if css else ""
    return SafeString(f'<td class="{classes}">{"".join(html(part) for part in content)}</td>')


def link(href: str, text: Any, *, hidden: Any = "") -> SafeString:
    """A link; ``hidden`` is said after ``text`` by screen readers only ("Decision" "on
    LA-1234"), where several rows' links share their words."""
    extra = f'<span class="govuk-visually-hidden"> {html(hidden)}</span>' if hidden else ""
    return SafeString(f'<a class="govuk-link" href="{html(href)}">{html(text)}{extra}</a>')


def paragraph(css: str, *content: Any) -> SafeString:
    """A paragraph of a cell (``css``: its GOV.UK body and spacing classes)."""
    return SafeString(f'<p class="{css}">{"".join(html(part) for part in content)}</p>')


def strong(text: Any) -> SafeString:
    return SafeString(f"<strong>{html(text)}</strong>")


def small(text: Any, css: str = "") -> SafeString:
    """Secondary text in a cell, on a line of its own."""
    classes = "govuk-body-s" + (f" {css}" if css else "")
    return SafeString(f'<br><span class="{classes}">{html(text)}</span>')


def table_rows(
    items: Iterable[Any], write: Callable[[Any], list[SafeString]], *, empty: str, columns: int
) -> SafeString:
    """A ``<tr>`` for each of ``items`` with the cells ``write`` gives for it; one row saying
    ``empty`` across ``columns`` columns when there are none."""
    rows = [f'<tr class="govuk-table__row">{"".join(write(item))}</tr>' for item in items]
    if not rows:
        rows.append(
            f'<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{columns}">'
            f"{html(empty)}</td></tr>"
        )
    return SafeString("\n".join(rows))


class Addresses:
    """The address of a named URL for many records, reversed once: ``reverse()`` for each row
    of a page costs more than the rest of the row."""

    _STAND_IN = "00000000-0000-0000-0000-000000000000"

    def __init__(self, name: str) -> None:
        self._pattern = reverse(name, args=[self._STAND_IN])

    def __call__(self, public_id: Any) -> str:
        return self._pattern.replace(self._STAND_IN, str(public_id))

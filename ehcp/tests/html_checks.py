"""A light stand-in for axe-core in unit tests: unique ids, one h1 and headings in order, a
caption on every table, a label for every form control, and ``lang``/``title`` on the page."""

from __future__ import annotations

import itertools
from collections import Counter
from html.parser import HTMLParser

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CONTROLS = {"input", "select", "textarea"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.controls: list[str] = []
        self.label_for: set[str] = set()
        self.lang = ""
        self.in_title = False
        self.title = ""
        self.inline_styles = 0
        self.inline_scripts = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if attributes.get("id"):
            self.ids.append(attributes["id"])
        self.inline_styles += int("style" in attributes or tag == "style")
        self.lang = attributes.get("lang", "") if tag == "html" else self.lang
        self.in_title = self.in_title or tag == "title"
        if tag in _HEADINGS:
            self.headings.append(int(tag[1]))
        self.tables += int(tag == "table")
        self.captions += int(tag == "caption")
        if tag == "label" and attributes.get("for"):
            self.label_for.add(attributes["for"])
        if tag in _CONTROLS and attributes.get("type") not in {"hidden", "submit"}:
            self.controls.append(attributes.get("id", ""))
        self._in_script = tag == "script" and not attributes.get("src")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        if self._in_script and data.strip():
            self.inline_scripts += 1


def _heading_problems(headings: list[int]) -> list[str]:
    problems = [] if headings.count(1) == 1 else [f"{headings.count(1)} h1 headings"]
    for before, after in itertools.pairwise(headings):
        if after > before + 1:
            problems.append(f"heading level jumps from h{before} to h{after}")
    return problems


def check_page(html: str) -> list[str]:
    """Problems an accessibility checker would report (empty when the page is clean)."""
    page = _Page()
    page.feed(html)
    duplicates = [i for i, n in Counter(page.ids).items() if n > 1]
    unlabelled = [c for c in page.controls if not c or c not in page.label_for]
    checks = [
        (bool(duplicates), f"duplicate ids: {duplicates}"),
        (page.tables != page.captions, f"{page.tables} tables but {page.captions} captions"),
        (bool(unlabelled), f"controls without a label: {unlabelled}"),
        (page.lang != "en", "no lang"),
        (not page.title.strip(), "no title"),
        (bool(page.inline_styles), "inline style"),
        (bool(page.inline_scripts), "inline script"),
    ]
    return _heading_problems(page.headings) + [message for failed, message in checks if failed]


def assert_clean(response) -> None:
    assert response.status_code == 200, response.status_code
    problems = check_page(response.content.decode())
    assert not problems, problems

"""Checks on a page's HTML that axe-core would also make, runnable without a browser: unique
ids, headings in order, captioned tables with scoped headers, labelled form controls, charts
with a text alternative, and nothing the content security policy forbids."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.in_thead = False
        self.unscoped_headers = 0
        self.label_for: set[str] = set()
        self.controls: list[str] = []
        self.svgs: list[dict[str, str]] = []
        self.styles = 0
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if "id" in found:
            self.ids.append(found["id"])
        if "style" in found:
            self.styles += 1
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        handler = getattr(self, f"_start_{tag}", None)
        if handler is not None:
            handler(found)

    def _start_table(self, found: dict[str, str]) -> None:
        self.tables += 1

    def _start_caption(self, found: dict[str, str]) -> None:
        self.captions += 1

    def _start_thead(self, found: dict[str, str]) -> None:
        self.in_thead = True

    def _start_th(self, found: dict[str, str]) -> None:
        if self.in_thead and found.get("scope") != "col":
            self.unscoped_headers += 1

    def _start_label(self, found: dict[str, str]) -> None:
        if "for" in found:
            self.label_for.add(found["for"])

    def _start_select(self, found: dict[str, str]) -> None:
        self.controls.append(found.get("id", ""))

    _start_textarea = _start_select

    def _start_input(self, found: dict[str, str]) -> None:
        if found.get("type") not in {"hidden", "submit", "button"}:
            self.controls.append(found.get("id", ""))

    def _start_svg(self, found: dict[str, str]) -> None:
        if found.get("role") == "img":
            self.svgs.append(found)

    def _start_script(self, found: dict[str, str]) -> None:
        if "src" not in found:
            self.inline_scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self.in_thead = False


def check_markup(html: str) -> None:
    page = _Collector()
    page.feed(html)
    duplicated = [i for i, n in Counter(page.ids).items() if n > 1]
    assert not duplicated, f"duplicate ids: {duplicated}"
    assert page.headings, "the page has headings"
    assert page.headings[0] == 1, "the page starts with its h1"
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"
    assert page.captions == page.tables, "every table has a caption"
    assert page.unscoped_headers == 0, "every column header has scope=col"
    unlabelled = [c for c in page.controls if c not in page.label_for]
    assert not unlabelled, f"form controls without a label: {unlabelled}"
    for svg in page.svgs:
        for part in svg.get("aria-labelledby", "").split():
            assert part in page.ids, f"chart text alternative {part} is missing"
        assert svg.get("aria-labelledby"), "a chart has a text alternative"
    assert page.styles == 0, "no style attributes (CSP)"
    assert page.inline_scripts == 0, "no inline scripts (CSP)"

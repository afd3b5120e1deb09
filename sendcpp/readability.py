"""How easy a family-facing page is to read: the Flesch-Kincaid grade level of its text.

    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

Grade 9 is about what a 14-year-old reads easily; GOV.UK writes for a reading age of 9 to 14.
Syllables are counted by the usual English spelling rules (groups of vowels, a silent final "e",
"-le" after a consonant), close to a dictionary count for plain words. A page's text is read
from its HTML: each heading, paragraph, list item, table cell and label is a sentence of its own,
so short headings and labels do not run into the next sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|[:;](?=\s)")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "label",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "section",
        "summary",
        "table",
        "td",
        "th",
        "tr",
        "ul",
        "button",
        "option",
    ]
)
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
_SKIPPED = frozenset({"script", "style", "template", "noscript", "svg", "head", "title"})


def syllables(word: str) -> int:
    """The syllables in one English word (at least 1)."""
    word = word.lower().replace("\u2019", "'").split("'")[0]
    if not word:
        return 1
    if len(word) <= 3:
        return 1
    count = len(_VOWEL_GROUPS.findall(word))
    consonant_le = word.endswith("le") and word[-3] not in "aeiouy"  # "table", "simple"
    if word.endswith("e") and not consonant_le and not word.endswith(("ee", "ye")):
        count -= 1  # a silent final e: "make", "these", "whole"
    if word.endswith("ed") and not word.endswith(("ted", "ded")) and count > 1:
        count -= 1  # "asked", "named": the -ed is not a syllable
    return max(1, count)


@dataclass(frozen=True)
class Reading:
    sentences: int
    words: int
    syllables: int

    @property
    def grade(self) -> float:
        """The Flesch-Kincaid grade level (0 for no words)."""
        if not self.words:
            return 0.0
        return round(
            0.39 * (self.words / max(1, self.sentences))
            + 11.8 * (self.syllables / self.words)
            - 15.59,
            1,
        )


def read_text(chunks: list[str] | str) -> Reading:
    """Count sentences, words and syllables in ``chunks`` (each a separate sentence or more)."""
    if isinstance(chunks, str):
        chunks = [chunks]
    sentences = words = syllable_count = 0
    for chunk in chunks:
        found = _WORD.findall(chunk)
        if not found:
            continue
        words += len(found)
        syllable_count += sum(syllables(word) for word in found)
        stripped = chunk.strip()
        ends = len(_SENTENCE_END.findall(stripped))
        # A chunk is at least one sentence; one ending in a full stop is not counted twice.
        sentences += max(1, ends + (0 if re.search(r"[.!?:;]$", stripped) else 1))
    return Reading(sentences, words, syllable_count)


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of plain ``text``."""
    return read_text(text).grade


class _Text(HTMLParser):
    def __init__(self, only_main: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.only_main = only_main
        self.depth_main = 0
        self.skip = 0
        self.hidden = 0
        self.chunks: list[str] = []
        self.current: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.chunks.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag in _BLOCKS:
                self._flush()
            return
        if tag in _SKIPPED:
            self.skip += 1
        if tag == "main":
            self.depth_main += 1
        classes = dict(attrs).get("class") or ""
        if self.hidden or "govuk-visually-hidden" in classes.split():
            self.hidden += 1
        if tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if tag in _SKIPPED and self.skip:
            self.skip -= 1
        if self.hidden:
            self.hidden -= 1
        if tag in _BLOCKS:
            self._flush()
        if tag == "main" and self.depth_main:
            self.depth_main -= 1

    def handle_data(self, data: str) -> None:
        if self.skip or self.hidden or (self.only_main and not self.depth_main):
            return
        self.current.append(data)


def page_text(html: str, *, only_main: bool = True) -> list[str]:
    """The visible text of a page as separate chunks (one per block), inside ``<main>`` unless
    ``only_main`` is false. Text hidden for screen readers' benefit only is kept out, since it
    repeats the visible text."""
    parser = _Text(only_main)
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.chunks


def page_grade(html: str) -> float:
    return read_text(page_text(html)).grade

"""The DfE code lists a child's record and the SEN2 return use, kept as data
(``sendcpp/data/dfe-codes.json``) so that a new code is one line in that file.

Each list is a tuple of ``(code, meaning)`` pairs, usable as form choices; ``*_CODES`` are the
sets of valid codes, and ``meaning`` gives the plain-English words for a code."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

CODE_LISTS_FILE = Path(__file__).resolve().parent / "data" / "dfe-codes.json"

Choices = tuple[tuple[str, str], ...]


@cache
def _lists() -> dict[str, Choices]:
    raw = json.loads(CODE_LISTS_FILE.read_text(encoding="utf-8"))
    return {
        name: tuple((str(code), str(words)) for code, words in pairs)
        for name, pairs in raw.items()
        if not name.startswith("_")
    }


def choices(name: str) -> Choices:
    """The ``(code, meaning)`` pairs of the list ``name`` (``ethnicity``, ``first_language``,
    ``upn_unknown``)."""
    return _lists()[name]


def codes(name: str) -> frozenset[str]:
    return frozenset(code for code, _ in choices(name))


def meaning(name: str, code: str) -> str:
    """The words for ``code`` in list ``name``; the code itself when it is not on the list."""
    return dict(choices(name)).get(code, code)


ETHNICITY = choices("ethnicity")
FIRST_LANGUAGE = choices("first_language")
UPN_UNKNOWN = choices("upn_unknown")
ETHNICITY_CODES = codes("ethnicity")
FIRST_LANGUAGE_CODES = codes("first_language")
UPN_UNKNOWN_CODES = codes("upn_unknown")

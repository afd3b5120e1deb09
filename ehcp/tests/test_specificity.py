"""Vague wording and missing quantities in provision and outcomes, table by table."""

from __future__ import annotations

import pytest

from ehcp.specificity import (
    VAGUE_PHRASES,
    check_outcome,
    check_provision,
    check_row,
    vague_phrases,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("_case clear: 30 minutes of phonics 1:1 daily", []),
        ("_case access to: Access to a quiet room", ["access to"]),
        ("_case as required: Support as required", ["as required"]),
        ("_case opportunities: Opportunities for social skills", ["opportunities for"]),
        ("_case regular: Regular speech therapy", ["regular"]),
        ("_case regularly counts once: Regularly reviewed", ["regularly"]),
        ("_case appropriate: Appropriate support", ["appropriate"]),
        ("_case as appropriate, not twice: Support as appropriate", ["as appropriate"]),
        ("_case irregular is not regular: Irregular verbs", []),
        (
            "_case several, in table order: Regular access to a room as required",
            ["access to", "as required", "regular"],
        ),
        ("_case upper case: ACCESS TO A LAPTOP", ["access to"]),
        ("_case up to: Up to 5 hours", ["up to"]),
        ("_case empty", []),
    ],
)
def test_vague_phrases(text, expected):
    assert vague_phrases(text.split(": ", 1)[1] if ": " in text else "") == expected


def test_every_phrase_has_a_reason():
    assert all(reason for reason in VAGUE_PHRASES.values())


GOOD = {
    "what": "Structured phonics programme (Read Write Inc)",
    "who": "Teaching assistant trained in the programme",
    "ratio": "1:1",
    "frequency": "4 times a week",
    "duration": "20 minutes",
}


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        (
            "_case specific",
            {},
        ),
        ("_case no provider", {"who": ""}),
        ("_case no ratio", {"ratio": ""}),
        ("_case no frequency", {"frequency": ""}),
        ("_case frequency without a number", {"frequency": "often"}),
        ("_case frequency in words", {"frequency": "twice a week"}),
        ("_case daily", {"frequency": "daily"}),
        ("_case each morning", {"frequency": "each morning"}),
        ("_case no duration", {"duration": ""}),
        ("_case duration without a number", {"duration": "a while"}),
        ("_case half an hour", {"duration": "half an hour"}),
        ("_case whole school day", {"duration": "throughout the school day"}),
        ("_case vague what", {"what": "Access to regular support"}),
        ("_case vague who", {"who": "Appropriate staff"}),
        (
            "_case nothing at all",
            {"what": "", "who": "", "ratio": "", "frequency": "", "duration": ""},
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_provision_warnings(changes, fields):
    expected_fields = {
        "_case specific": [],
        "_case no provider": ["provision_who"],
        "_case no ratio": ["ratio"],
        "_case no frequency": ["frequency"],
        "_case frequency without a number": ["frequency"],
        "_case frequency in words": [],
        "_case daily": [],
        "_case each morning": [],
        "_case no duration": ["duration"],
        "_case duration without a number": ["duration"],
        "_case half an hour": [],
        "_case whole school day": [],
        "_case vague what": ["provision_what", "provision_what"],
        "_case vague who": ["provision_who"],
        "_case nothing at all": [
            "provision_what",
            "provision_who",
            "ratio",
            "frequency",
            "duration",
        ],
    }[changes]
    warnings = check_provision(**(GOOD | fields))
    assert [warning.field for warning in warnings] == expected_fields


def test_health_provision_must_state_hours():
    warning = check_provision(**(GOOD | {"duration": ""}), health=True)[0]
    assert "must be specified" in warning.message
    assert "should usually" in check_provision(**(GOOD | {"duration": ""}))[0].message


def test_a_vague_phrase_names_itself_and_why():
    (warning,) = list(check_provision(**(GOOD | {"what": "Access to a laptop"})))
    assert warning.phrase == "access to"
    assert "“access to”" in warning.message


@pytest.mark.parametrize(
    ("outcome", "timeframe", "fields"),
    [
        ("Reads a book aloud to the class", "By July 2027", []),
        ("Reads a book aloud", "by the end of Year 6", []),
        ("Reads a book aloud", "within 2 terms", []),
        ("Reads a book aloud", "", ["outcome_timeframe"]),
        ("Reads a book aloud", "soon", ["outcome_timeframe"]),
        ("Has opportunities to read", "By July 2027", ["outcome"]),
        ("", "", ["outcome"]),
    ],
)
def test_outcome_warnings(outcome, timeframe, fields):
    assert [w.field for w in check_outcome(outcome=outcome, timeframe=timeframe)] == fields


def test_a_whole_row():
    warnings = check_row(
        area="health",
        need="",
        provision_what="Physiotherapy",
        provision_who="Physiotherapist",
        ratio="1:1",
        frequency="weekly",
        duration="",
        outcome="Walks up stairs",
        outcome_timeframe="",
    )
    assert [w.field for w in warnings] == ["need", "duration", "outcome_timeframe"]
    assert "must be specified" in warnings[1].message

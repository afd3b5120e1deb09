"""Is this provision specific enough? Pure functions that warn about vague wording and missing
quantities in the plan's provision (sections F, G, H1/H2) and outcomes (E).

Source (domain spec 2.2): CoP 9.69 says provision must be detailed, specific and normally
quantified (type, hours, frequency, level of expertise); L v Clarke and Somerset [1998] ELR 129:
so specific and clear as to leave no room for doubt; Worcestershire CC v SE [2020] UKUT 217
(AAC): words like "access to", "opportunities", "support" and "input" are unlikely to suffice.
The warning-word list follows aubis.co.uk's section F guide ("as required", "access to",
"regular", "appropriate", "when needed") with close relatives of each.

These are warnings, never errors: the person writing the plan decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Vague phrases and why each leaves room for doubt. Matched as whole words, case-insensitively.
VAGUE_PHRASES: dict[str, str] = {
    "access to": "says the child can reach something, not what they will get",
    "as required": "does not say how much or how often",
    "as needed": "does not say how much or how often",
    "as necessary": "does not say how much or how often",
    "as appropriate": "leaves the amount to someone else's judgement",
    "where appropriate": "leaves the amount to someone else's judgement",
    "when needed": "does not say when the provision happens",
    "where needed": "does not say when the provision happens",
    "if needed": "does not say when the provision happens",
    "where possible": "makes the provision optional",
    "opportunities for": "an opportunity is not a provision",
    "opportunity to": "an opportunity is not a provision",
    "opportunities to": "an opportunity is not a provision",
    "regular": "does not say how often",
    "regularly": "does not say how often",
    "appropriate": "does not say what is appropriate",
    "periodic": "does not say how often",
    "ongoing": "does not say how often or for how long",
    "some": "does not say how much",
    "up to": "sets a maximum, not an amount the child will get",
    "may": "makes the provision optional",
    "would benefit from": "describes a need, not the provision",
    "input from": "does not say what the professional will do",
    "support from": "does not say what the support is",
    "monitored": "does not say who monitors, how or how often",
    "encouraged to": "describes the child's effort, not the provision",
    "at the discretion of": "leaves the amount to someone else's judgement",
    "subject to": "makes the provision conditional",
}

_PHRASE_PATTERNS = [
    (phrase, re.compile(rf"\b{re.escape(phrase)}\b", re.IGNORECASE)) for phrase in VAGUE_PHRASES
]

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    "forty|forty-five|sixty|half|once|twice|a|an|each|every|per|daily|weekly|fortnightly|"
    "monthly|termly|half-termly|annually|yearly"
)
#: How often: a number or word of frequency with a unit of time ("3 times a week", "daily").
_FREQUENCY = re.compile(
    rf"(\b\d+\b|\b(?:{_NUMBER_WORDS})\b).*\b(day|days|daily|week|weeks|weekly|fortnight|"
    r"fortnightly|month|months|monthly|term|terms|termly|half-term|half-termly|year|annually|"
    r"yearly|lesson|lessons|session|sessions|morning|mornings|afternoon|afternoons|lunchtime|"
    r"lunchtimes)\b"
    r"|\b(daily|weekly|fortnightly|monthly|termly|half-termly|annually|yearly)\b",
    re.IGNORECASE,
)
#: How long: a number with a unit of time ("30 minutes", "1.5 hours", "a full school day").
_DURATION = re.compile(
    r"(\b\d+(\.\d+)?\b|\b(?:half|one|two|three|four|five|ten|fifteen|twenty|thirty|forty-five|"
    r"sixty|an|a)\b)\s*-?\s*(minute|minutes|min|mins|hour|hours|hr|hrs|day|days|"
    r"session|sessions|lesson|lessons|week|weeks|term|terms)\b"
    r"|\b(full|whole) (school )?(day|week|lesson|session)\b|\bthroughout the (school )?day\b",
    re.IGNORECASE,
)
#: A time frame for an outcome: a date, a school year or key stage, or a period.
_TIMEFRAME = re.compile(
    r"\b(by|within|before|end of|after)\b|\b\d{4}\b|\byear \d+\b|\bkey stage \d\b|"
    r"\b\d+ (week|weeks|month|months|term|terms|year|years)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class WordingWarning:
    """One thing a reader could doubt: which field, and what to fix."""

    field: str
    message: str
    phrase: str = ""


def vague_phrases(text: str) -> list[str]:
    """The vague phrases in ``text``, in the order of ``VAGUE_PHRASES``; a phrase already covered
    by a longer one that matched ("regular" inside "regularly") is reported once."""
    found: list[str] = []
    spans: list[tuple[int, int]] = []
    for phrase, pattern in sorted(_PHRASE_PATTERNS, key=lambda item: -len(item[0])):
        for match in pattern.finditer(text or ""):
            start, end = match.span()
            if any(s <= start and end <= e for s, e in spans):
                continue
            spans.append((start, end))
            if phrase not in found:
                found.append(phrase)
    order = list(VAGUE_PHRASES)
    return sorted(found, key=order.index)


def _vague_warnings(field: str, label: str, text: str) -> list[WordingWarning]:
    return [
        WordingWarning(field, f"{label} says “{phrase}”: it {VAGUE_PHRASES[phrase]}", phrase)
        for phrase in vague_phrases(text)
    ]


def check_provision(
    *,
    what: str,
    who: str,
    ratio: str = "",
    frequency: str,
    duration: str,
    health: bool = False,
) -> list[WordingWarning]:
    """Warnings for one provision (F, G or H): vague words, and a missing provider, ratio,
    frequency or duration. For health provision (G) the hours must be specified."""
    warnings: list[WordingWarning] = []
    if not (what or "").strip():
        warnings.append(WordingWarning("provision_what", "Say what the provision is"))
    warnings += _vague_warnings("provision_what", "The provision", what)
    if not (who or "").strip():
        warnings.append(
            WordingWarning("provision_who", "Say who provides it, with their role or qualification")
        )
    warnings += _vague_warnings("provision_who", "Who provides it", who)
    if not (ratio or "").strip():
        warnings.append(
            WordingWarning("ratio", "Say the staff to child ratio, for example 1:1 or 1:6")
        )
    if not (frequency or "").strip():
        warnings.append(WordingWarning("frequency", "Say how often, for example 3 times a week"))
    elif not _FREQUENCY.search(frequency):
        warnings.append(
            WordingWarning("frequency", "Say how often with a number, for example 3 times a week")
        )
    warnings += _vague_warnings("frequency", "How often", frequency)
    duration_missing = "must" if health else "should usually"
    if not (duration or "").strip():
        warnings.append(
            WordingWarning(
                "duration", f"Say how long each time: hours {duration_missing} be specified"
            )
        )
    elif not _DURATION.search(duration):
        warnings.append(
            WordingWarning(
                "duration", "Say how long each time with a number, for example 30 minutes"
            )
        )
    warnings += _vague_warnings("duration", "How long", duration)
    return warnings


def check_outcome(*, outcome: str, timeframe: str) -> list[WordingWarning]:
    """Warnings for one outcome (E): it needs a time frame, and should not be vague."""
    warnings: list[WordingWarning] = []
    if not (outcome or "").strip():
        return [WordingWarning("outcome", "Say what outcome is sought")]
    warnings += _vague_warnings("outcome", "The outcome", outcome)
    if not (timeframe or "").strip():
        warnings.append(
            WordingWarning(
                "outcome_timeframe", "Give the outcome a time frame, for example by July 2027"
            )
        )
    elif not _TIMEFRAME.search(timeframe):
        warnings.append(
            WordingWarning(
                "outcome_timeframe",
                "Give the time frame as a date or period, for example by the end of Year 6",
            )
        )
    return warnings


def check_row(
    *,
    area: str,
    need: str,
    provision_what: str,
    provision_who: str,
    ratio: str,
    frequency: str,
    duration: str,
    outcome: str,
    outcome_timeframe: str,
) -> list[WordingWarning]:
    """All the warnings for one row of the plan's grid (need, provision and outcome)."""
    warnings: list[WordingWarning] = []
    if not (need or "").strip():
        warnings.append(WordingWarning("need", "Say what the need is"))
    warnings += check_provision(
        what=provision_what,
        who=provision_who,
        ratio=ratio,
        frequency=frequency,
        duration=duration,
        health=area == "health",
    )
    warnings += check_outcome(outcome=outcome, timeframe=outcome_timeframe)
    return warnings

"""The wording of letters: the fields a council's wording may use, the standard wording of each
kind of letter, the statutory content each kind must keep, and merging a wording with a case's
details. Pure: no database.

A wording is plain text. A field is written in curly brackets, ``{child_name}``; a blank line
starts a new paragraph. Only the fields listed here can be used (so a wording can never reach
anything else about the case), and each kind of letter has fields it cannot do without: a
decision letter must keep the rights of appeal, mediation and the dates by which to act
(Children and Families Act 2014 section 51; SEND Regulations 2014 regulations 5, 10, 32 and 33);
a request for advice must keep the date the advice is due (regulation 8). The translation and
other-formats sentence, the letterhead and the contacts are printed on every letter around the
wording, so no wording can leave them out."""

from __future__ import annotations

import re
from collections.abc import Mapping

from sendcpp.exceptions import DomainError

#: Every field a wording may use, with what it is (shown to the person editing a wording).
FIELDS: dict[str, str] = {
    "addressee": "Who the letter is to",
    "child_name": "The child's or young person's name",
    "case_reference": "Our case reference",
    "council_name": "The council's name",
    "coordinator_name": "The EHCP coordinator's name",
    "today": "The date of the letter",
    "decision": "What we decided, in one sentence",
    "decision_date": "The date of the decision",
    "reasons": "The reasons for the decision",
    "appeal_rights": "The rights of appeal, with the dates by which to act (standard text)",
    "mediation": "How to contact the mediation adviser (standard text, with the date)",
    "mediation_by": "The date by which to contact the mediation adviser",
    "appeal_by": "The date by which to appeal to the tribunal",
    "contributor_name": "Who is asked for advice",
    "advice_kind": "The kind of advice asked for",
    "advice_due_date": "The date the advice is due",
    "advice_link": "Where to give the advice",
    "review_due_date": "The date by which the plan must be reviewed",
}

_DECISION_REQUIRED = ("appeal_rights", "mediation", "decision_date")
_ADVICE_REQUIRED = ("advice_due_date", "child_name")

#: The fields each kind of letter must keep (its statutory content).
REQUIRED: dict[str, tuple[str, ...]] = {
    "decision_assess": _DECISION_REQUIRED,
    "decision_issue": _DECISION_REQUIRED,
    "decision_reassess": _DECISION_REQUIRED,
    "decision_final_plan": _DECISION_REQUIRED,
    "decision_review": _DECISION_REQUIRED,
    "decision_amend": _DECISION_REQUIRED,
    "decision_cease": _DECISION_REQUIRED,
    "decision_reinstate": ("decision_date",),
    "advice_request": _ADVICE_REQUIRED,
    "advice_chaser": _ADVICE_REQUIRED,
    # The review must happen within 12 months (CFA 2014 s44(1)): the family is told by when.
    "review_invitation": ("review_due_date", "child_name"),
}

_DECISION_SUBJECT = "Our decision about {child_name}"
_DECISION_BODY = """Dear {addressee},

{decision}

We made this decision on {decision_date} about {child_name} (our reference {case_reference}).

Why we made this decision:
{reasons}

{appeal_rights}

{mediation}

If you have any questions, please contact {coordinator_name} in the SEND team.

Yours sincerely,

{coordinator_name}
{council_name}"""

_ADVICE_SUBJECT = "Request for advice: {child_name}"
_ADVICE_BODY = """Dear {contributor_name},

We are carrying out an education, health and care needs assessment for {child_name} (our reference {case_reference}). Please give us your {advice_kind}.

The law says the advice must reach us by {advice_due_date} (within 6 weeks of this request).

You can give your advice, save a draft and attach your full report at {advice_link}.

Yours sincerely,

{coordinator_name}
{council_name}"""

_CHASER_SUBJECT = "Reminder: advice for {child_name} is overdue"
_CHASER_BODY = """Dear {contributor_name},

We asked for your {advice_kind} for {child_name} (our reference {case_reference}). It was due by {advice_due_date} and we have not yet received it.

The family is waiting for the assessment to be finished. Please send your advice as soon as you can at {advice_link}, or tell us when you will.

Yours sincerely,

{coordinator_name}
{council_name}"""

_REVIEW_SUBJECT = "The annual review of {child_name}'s EHC plan"
_REVIEW_BODY = """Dear {addressee},

The education, health and care plan for {child_name} (our reference {case_reference}) must be reviewed by {review_due_date}. The review looks at how {child_name} is getting on and whether the plan still meets their needs.

We will contact you soon to arrange the review meeting. Before then, please think about what is going well, what is not, and what you would like to change. You can tell us your views, and {child_name}'s views, at the meeting, in writing or through the family portal.

If you have any questions, please contact {coordinator_name} in the SEND team.

Yours sincerely,

{coordinator_name}
{council_name}"""

#: The standard wording of each kind: (subject, body), used until the council saves its own.
STANDARD: dict[str, tuple[str, str]] = {
    **{
        kind: (_DECISION_SUBJECT, _DECISION_BODY)
        for kind in REQUIRED
        if kind.startswith("decision_")
    },
    "advice_request": (_ADVICE_SUBJECT, _ADVICE_BODY),
    "advice_chaser": (_CHASER_SUBJECT, _CHASER_BODY),
    "review_invitation": (_REVIEW_SUBJECT, _REVIEW_BODY),
}

_FIELD = re.compile(r"\{([^{}]*)\}")


def fields_in(text: str) -> list[str]:
    """The fields a wording uses, in order."""
    return [name.strip() for name in _FIELD.findall(text)]


def check(kind: str, subject: str, body: str) -> None:
    """Refuse a wording that uses a field that does not exist, or leaves out the statutory
    content of its kind of letter (``DomainError`` naming the field of the form)."""
    if not subject.strip():
        raise DomainError("Enter the subject of the letter", field="subject")
    if not body.strip():
        raise DomainError("Enter the wording of the letter", field="body")
    for field, text in (("subject", subject), ("body", body)):
        unknown = [name for name in fields_in(text) if name not in FIELDS]
        if unknown:
            raise DomainError(
                f"“{{{unknown[0]}}}” is not a field letters can use: choose one from the list",
                field=field,
            )
        if text.count("{") != text.count("}"):
            raise DomainError("Each field must start with “{” and end with “}”", field=field)
    used = set(fields_in(body))
    missing = [name for name in REQUIRED[kind] if name not in used]
    if missing:
        names = ", ".join(f"{{{name}}}" for name in missing)
        raise DomainError(
            f"The letter must keep what the law requires it to say: add {names} "
            f"({'; '.join(FIELDS[name].lower() for name in missing)})",
            field="body",
        )


def merge(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each field replaced by its value (a field with no value is left empty)."""
    return _FIELD.sub(lambda match: str(values.get(match.group(1).strip(), "")), text)

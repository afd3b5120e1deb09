"""Reads about letters, each checked against who is asking."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from letters import wording
from letters.models import Letter, LetterKind, LetterTemplateVersion
from sendcpp import access
from sendcpp.access import Action, Actor
from sendcpp.exceptions import DomainError
from sendcpp.models import Audience, Case, Deadline


def letters_for_case(case: Case, user: Actor) -> QuerySet[Letter]:
    """The letters on ``case`` that ``user`` may read, newest first, each with its document (the
    family reads those sent to them; staff all of them). The caller has checked the case."""
    letters = Letter.objects.filter(case=case).select_related("document", "posted")
    if not access.sees_staff_only_content(user):
        letters = letters.filter(to_family=True, document__audience=Audience.FAMILY)
    return letters.order_by("-created_at", "-id")


def letters_to_post(user: Actor) -> QuerySet[Letter]:
    """Letters to families who asked for letters on paper, not yet posted, on the cases ``user``
    may work on; oldest first."""
    return (
        Letter.objects.filter(
            by_post=True,
            posted__isnull=True,
            case__in=access.cases_for(user, Action.EDIT),
        )
        .select_related("case", "case__child", "document")
        .order_by("created_at", "id")
    )


def get_letter_to_post_or_404(user: Actor, public_id: Any) -> Letter:
    letter = letters_to_post(user).filter(public_id=public_id).first()
    if letter is None:
        raise access.Http404("No such letter")
    return letter


def wordings(local_authority_id: int | None) -> list[dict[str, Any]]:
    """Each kind of letter with the council's version in use (None: the standard wording)."""
    latest: dict[str, LetterTemplateVersion] = {}
    for version in LetterTemplateVersion.objects.filter(
        local_authority_id=local_authority_id
    ).select_related("changed_by"):
        if version.kind not in latest or version.number > latest[version.kind].number:
            latest[version.kind] = version
    return [
        {"kind": kind, "label": label, "version": latest.get(kind)}
        for kind, label in LetterKind.choices
    ]


def versions(local_authority_id: int | None, kind: str) -> QuerySet[LetterTemplateVersion]:
    return LetterTemplateVersion.objects.filter(
        local_authority_id=local_authority_id, kind=kind
    ).select_related("changed_by")


def sample_values() -> dict[str, str]:
    """Made-up details to preview a wording with."""
    values = {name: f"[{label.lower()}]" for name, label in wording.FIELDS.items()}
    values.update(
        {
            "addressee": "Alex Example",
            "child_name": "Sam Example",
            "case_reference": "EX-0001",
            "coordinator_name": "Jo Coordinator",
        }
    )
    return values


# --- Letters for several cases in one action -------------------------------------------------------

#: The kinds of letter a coordinator can make for several cases in one action.
SEVERAL_KINDS = (LetterKind.REVIEW_INVITATION,)

#: How soon before the plan must be reviewed the family is written to.
REVIEW_INVITATION_WINDOW = timedelta(weeks=16)


@dataclass(frozen=True)
class Planned:
    """One chosen case in a letter for several cases: the letter's own ``values``, or why it
    will not be made (``refused``)."""

    case: Case
    values: dict[str, str] | None
    refused: str = ""


def _review_invitations(cases: list[Case], today: date) -> list[Planned]:
    """Each case's invitation to its annual review, from its soonest open review deadline (all
    of them read in one query)."""
    soonest: dict[int, date] = {}
    for case_id, due_on in (
        Deadline.objects.filter(
            case__in=cases, rule="annual_review", met_on__isnull=True, cancelled_on__isnull=True
        )
        .order_by("due_on", "id")
        .values_list("case_id", "due_on")
    ):
        soonest.setdefault(case_id, due_on)
    planned = []
    for case in cases:
        due_on = soonest.get(case.pk)
        if due_on is None:
            planned.append(Planned(case, None, "No annual review is due on this case"))
        elif due_on > today + REVIEW_INVITATION_WINDOW:
            planned.append(
                Planned(
                    case,
                    None,
                    f"The review is not due until {due_on:%-d %B %Y}: too early to write",
                )
            )
        else:
            planned.append(Planned(case, {"review_due_date": f"{due_on:%-d %B %Y}"}))
    return planned


_PLANNERS: dict[str, Callable[[list[Case], date], list[Planned]]] = {
    LetterKind.REVIEW_INVITATION: _review_invitations,
}


def cases_for_several_letters(user: Actor, public_ids: Iterable[Any]) -> list[Case]:
    """The chosen cases ``user`` may write to the family about, by the child's surname (a case
    they may not, or that does not exist, is left out: never named)."""
    ids = []
    for value in public_ids:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return list(
        access.cases_for(user, Action.EDIT)
        .filter(public_id__in=ids[:200])
        .select_related("child", "coordinator")
        .order_by("child__legal_last_name", "id")
    )


def plan_several_letters(kind: str, cases: Iterable[Case], *, today: date) -> list[Planned]:
    """For each case, the letter of ``kind`` it would get, or why not."""
    if kind not in SEVERAL_KINDS:
        raise DomainError("Choose a letter", field="kind")
    return _PLANNERS[kind](list(cases), today)

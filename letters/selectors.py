"""Reads about letters, each checked against who is asking."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from letters import wording
from letters.models import Letter, LetterKind, LetterTemplateVersion
from sendcpp import access
from sendcpp.access import Action, Actor
from sendcpp.models import Audience, Case


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

"""Every write about letters: a council saving its wording of a kind of letter (checked for the
statutory content first), sending a letter on a case (merged with the case's details, frozen,
its tagged PDF made by the shared pipeline and kept on the case), and the same letter for several
cases in one action."""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from letters import selectors, wording
from letters.models import Letter, LetterKind, LetterPosted, LetterTemplateVersion
from sendcpp import access, contacts, pdf
from sendcpp.access import Actor
from sendcpp.clock import compute_due
from sendcpp.exceptions import DomainError, DuplicateSubmission
from sendcpp.models import Audience, Case, Document, Organisation, Relationship, User
from sendcpp.timeline import record_case_event

#: The PDF source of a letter (object id: the ``Letter``'s pk).
LETTER_PDF = "letters.letter"

#: Those who asked for letters on paper: staff print and post them.
ON_PAPER = (
    Relationship.ContactFormat.POST,
    Relationship.ContactFormat.LARGE_PRINT,
    Relationship.ContactFormat.BRAILLE,
)


_CALLER_SENDS = contextvars.ContextVar("letters_caller_sends_decision", default=False)


@contextmanager
def caller_sends_decision_letter() -> Iterator[None]:
    """Inside this block a decision's letter is sent by the caller (a panel sends its own
    letter, naming the panel's reasons), so the decision service does not send a second one."""
    token = _CALLER_SENDS.set(True)
    try:
        yield
    finally:
        _CALLER_SENDS.reset(token)


def decision_letter_wanted() -> bool:
    """Whether the decision service should send the decision's letter itself."""
    return not _CALLER_SENDS.get()


_PREVIEWED: contextvars.ContextVar[list[Letter] | None] = contextvars.ContextVar(
    "letters_previewed", default=None
)


class _NothingSaved(Exception):
    """Raised to roll back a previewed service call."""


def preview_letters(call: Callable[[], object]) -> list[Letter]:
    """The letters ``call`` (one service call, say a decision) would send, exactly as it would
    send them, without saving anything: the call runs in a transaction that is then rolled back,
    so no record is kept, no PDF is made and nobody is told (each of those happens only on
    commit). The letters returned are not saved. A refusal (``DomainError``) is raised as the
    call raised it."""
    previewed: list[Letter] = []
    token = _PREVIEWED.set(previewed)
    try:
        with transaction.atomic():
            call()
            raise _NothingSaved
    except _NothingSaved:
        pass
    finally:
        _PREVIEWED.reset(token)
    return previewed


def _person(by: Actor) -> User | None:
    return by if isinstance(by, User) else None


def current_wording(
    local_authority_id: int | None, kind: str
) -> tuple[str, str, LetterTemplateVersion | None]:
    """The subject, body and version of the council's wording of ``kind`` (the standard wording,
    and no version, until the council saves its own)."""
    version = (
        LetterTemplateVersion.objects.filter(local_authority_id=local_authority_id, kind=kind)
        .order_by("-number")
        .first()
    )
    if version is None:
        subject, body = wording.STANDARD[kind]
        return subject, body, None
    return version.subject, version.body, version


@transaction.atomic
def save_wording(
    *, kind: str, subject: str, body: str, by: User, reason: str = ""
) -> LetterTemplateVersion:
    """Save a new version of the council's wording of ``kind``: only by a manager or an
    administrator, and only with the statutory content the kind of letter must keep."""
    if not access.can_configure(by) or by.organisation_id is None:
        raise DomainError("You cannot change the wording of letters")
    if kind not in LetterKind.values:
        raise DomainError("Choose a kind of letter", field="kind")
    wording.check(kind, subject, body)
    la = Organisation.objects.select_for_update().get(pk=by.organisation_id)
    latest = (
        LetterTemplateVersion.objects.filter(local_authority=la, kind=kind)
        .order_by("-number")
        .first()
    )
    if latest is not None and (latest.subject, latest.body) == (subject.strip(), body.strip()):
        raise DomainError("The wording is the same as the version in use", field="body")
    return LetterTemplateVersion.objects.create(
        local_authority=la,
        kind=kind,
        number=(latest.number if latest else 0) + 1,
        subject=subject.strip(),
        body=body.strip(),
        changed_by=by,
        reason=reason.strip(),
    )


def _family(case: Case) -> list[Relationship]:
    return list(
        Relationship.objects.filter(child_id=case.child_id, is_decision_maker=True).order_by("id")
    )


def case_values(case: Case, *, today: date) -> dict[str, str]:
    """The fields every letter about ``case`` can use."""
    family = _family(case)
    coordinator = case.coordinator
    return {
        "addressee": " and ".join(person.full_name for person in family) or "parent or carer",
        "child_name": case.child.full_name,
        "case_reference": case.reference,
        "council_name": settings.COUNCIL_NAME,
        "coordinator_name": coordinator.display_name if coordinator else "The SEND team",
        "today": f"{today:%-d %B %Y}",
    }


def decision_values(
    *, decision: str, reasons: str, decided_on: date, appealable: bool
) -> dict[str, str]:
    """The fields of a decision letter: the decision, its date and reasons, and the statutory
    rights of appeal and mediation with the dates by which to act (CFA 2014 s51; SEND Regs
    regs 32-33; the tribunal's 2-month limit)."""
    adviser = contacts.mediation_adviser()
    advice = contacts.advice_service()
    reach = ", ".join(part for part in (adviser.phone, adviser.email) if part)
    values = {
        "decision": decision,
        "decision_date": f"{decided_on:%-d %B %Y}",
        "reasons": reasons,
    }
    if not appealable:
        return {
            **values,
            "appeal_rights": (
                "You cannot appeal to the tribunal against this decision. If you disagree with "
                "it, please talk to us first."
            ),
            "mediation": (
                f"For free, impartial advice you can contact {advice.name}"
                f"{' (' + advice.phone + ')' if advice.phone else ''}."
            ),
            "mediation_by": "",
            "appeal_by": "",
        }
    mediation_by = compute_due("mediation_adviser_contact", {"decision_sent_on": decided_on})
    appeal_by = compute_due(
        "appeal", {"decision_sent_on": decided_on, "certificate_issued_on": None}
    )
    return {
        **values,
        "mediation_by": f"{mediation_by:%-d %B %Y}",
        "appeal_by": f"{appeal_by:%-d %B %Y}",
        "appeal_rights": (
            "Your right to appeal: if you disagree with this decision, you can appeal to the "
            "First-tier Tribunal (Special Educational Needs and Disability). Your appeal must "
            f"reach the tribunal by {appeal_by:%-d %B %Y}, or within 1 month of the date on a "
            "mediation certificate if that is later. Find out how to appeal at "
            f"{contacts.TRIBUNAL_GUIDANCE_URL}."
        ),
        "mediation": (
            "Mediation: before you appeal, you must contact the mediation adviser by "
            f"{mediation_by:%-d %B %Y} to hear about mediation, unless your appeal is only about "
            "the school or college named in the plan. Mediation is free and you do not have to "
            f"take it up. The mediation adviser is {adviser.name}"
            f"{' (' + reach + ')' if reach else ''}. For free, impartial advice you can contact "
            f"{advice.name}{' (' + advice.phone + ')' if advice.phone else ''}."
        ),
    }


@transaction.atomic
def send_letter(
    case: Case,
    *,
    kind: str,
    values: Mapping[str, str],
    by: Actor,
    source: str = "",
    to_family: bool = True,
    addressee: str = "",
    sent_on: date | None = None,
) -> Letter:
    """Send a letter on ``case``: the council's current wording of ``kind`` merged with the
    case's details and ``values``, frozen as sent, with its tagged PDF made on the case. A letter
    to the family who asked for letters on paper is listed for staff to print and post.
    ``source`` (what the letter is about) is sent once."""
    if source and Letter.objects.filter(kind=kind, source=source).exists():
        raise DuplicateSubmission("This letter has already been sent")
    today = sent_on or timezone.localdate()
    subject, body, version = current_wording(case.local_authority_id, kind)
    merged = {**case_values(case, today=today), **values}
    if addressee:
        merged["addressee"] = addressee
    subject, body = wording.merge(subject, merged), wording.merge(body, merged)
    document = Document.objects.create(
        case=case,
        kind=Document.Kind.LETTER,
        title=subject[:200],
        audience=Audience.FAMILY if to_family else Audience.STAFF,
        status=Document.Status.PENDING,
        original_filename=f"letter-{today:%Y-%m-%d}.pdf",
        content_type="application/pdf",
        uploaded_by=_person(by),
    )
    on_paper = to_family and any(person.contact_format in ON_PAPER for person in _family(case))
    try:
        with transaction.atomic():
            letter = Letter.objects.create(
                case=case,
                kind=kind,
                template_version=version,
                source=source,
                addressee=merged["addressee"][:300],
                subject=subject[:200],
                body=body,
                to_family=to_family,
                by_post=on_paper,
                sent_on=today,
                sent_by=_person(by),
                document=document,
            )
    except IntegrityError as error:
        raise DuplicateSubmission("This letter has already been sent") from error
    record_case_event(
        case=case,
        kind="letter_sent",
        by=by if isinstance(by, User) else None,
        summary=f"Letter sent: {subject}"[:300],
        audience=Audience.FAMILY if to_family else Audience.STAFF,
        letter=str(letter.public_id),
    )
    pdf.prepare(LETTER_PDF, letter.pk)
    previewed = _PREVIEWED.get()
    if previewed is not None:
        previewed.append(letter)
    return letter


@transaction.atomic
def mark_posted(letter: Letter, *, by: User) -> LetterPosted:
    """Staff printed the letter and posted it."""
    if not access.can(by, access.Action.EDIT, letter.case):
        raise DomainError("You cannot post letters on this case")
    if not letter.by_post:
        raise DomainError("This letter goes by email and the portal only")
    if LetterPosted.objects.filter(letter=letter).exists():
        raise DuplicateSubmission("This letter has already been posted")
    return LetterPosted.objects.create(letter=letter, posted_by=by)


@dataclass(frozen=True)
class Made:
    """What happened to one case in a letter for several cases: its ``letter``, or why none was
    made (``refused``)."""

    case: Case
    letter: Letter | None
    refused: str = ""


def send_several(
    kind: str, case_ids: Iterable[Any], *, by: User, batch: str, today: date | None = None
) -> list[Made]:
    """Make a letter of ``kind`` on each chosen case ``by`` may work on, each in its own
    transaction (one case refused does not stop the others), and say what happened to each.
    ``batch`` names the one confirmation: confirming it twice makes no second letter."""
    if not (access.is_coordinator(by) or access.is_manager(by)):
        raise DomainError("You cannot make letters for several cases")
    try:
        batch = str(uuid.UUID(batch))
    except (TypeError, ValueError) as error:
        raise DomainError("Start again from the caseload") from error
    today = today or timezone.localdate()
    cases = selectors.cases_for_several_letters(by, case_ids)
    if not cases:
        raise DomainError("Choose at least one case", field="case")
    results = []
    for planned in selectors.plan_several_letters(kind, cases, today=today):
        if planned.values is None:
            results.append(Made(planned.case, None, planned.refused))
            continue
        try:
            letter = send_letter(
                planned.case,
                kind=kind,
                values=planned.values,
                by=by,
                source=f"several:{batch}:{planned.case.public_id}",
                sent_on=today,
            )
        except DuplicateSubmission:
            results.append(Made(planned.case, None, "Already made when you first confirmed"))
        except DomainError as error:
            results.append(Made(planned.case, None, error.message))
        else:
            results.append(Made(planned.case, letter))
    return results

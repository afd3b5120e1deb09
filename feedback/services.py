"""Every write of the feedback app: atomic, ``by=`` the acting person, access checked here.

Invitations follow the case timeline: ``sweep_invitations`` (a periodic task, and queued when a
touchpoint's event is written: ``apps.py``) finds each timeline event of a touchpoint with a
published questionnaire since it was published, and asks each person once. An invitation is
unique per person and event (a database constraint), and its message goes through the shared
outbox with a key made of the same two things, so two sweeps at once, or a sweep run again,
never ask anyone twice.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from feedback import screening
from feedback.models import (
    CASE_TOUCHPOINTS,
    Answer,
    AnswerTheme,
    ForumFeedback,
    ForumRepresentative,
    Invitation,
    InvitationStatus,
    Pattern,
    Question,
    Questionnaire,
    QuestionnaireStatus,
    Response,
    Theme,
    Touchpoint,
    Variant,
    YouSaidWeDid,
)
from feedback.workflow import INVITATION, QUESTIONNAIRE
from sendcpp import access
from sendcpp.exceptions import DomainError, DuplicateSubmission
from sendcpp.models import CaseEvent, Relationship, User
from sendcpp.notifications import family_recipients, family_words, notify

log = logging.getLogger(__name__)

#: Reminders go this many days after the invitation (once), and it expires after this many.
REMIND_AFTER_DAYS = 7
EXPIRE_AFTER_DAYS = 28


def is_officer(user: Any) -> bool:
    """The council's officers who build questionnaires and read the reports: SEND managers and
    EHCP coordinators."""
    return access.is_manager(user) or access.is_coordinator(user)


def forum_role(user: Any) -> ForumRepresentative | None:
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    return ForumRepresentative.objects.filter(user=user, active=True).first()


def _require_officer(by: Any) -> None:
    if not is_officer(by) or by.organisation_id is None:
        raise DomainError("Only the council's SEND officers can do this")


# --- Questionnaires --------------------------------------------------------------------------


@transaction.atomic
def create_questionnaire(
    *,
    by: User,
    title: str,
    reform: str,
    touchpoint: str,
    introduction: str = "",
    easy_read_introduction: str = "",
    children_introduction: str = "",
) -> Questionnaire:
    _require_officer(by)
    return Questionnaire.objects.create(
        local_authority_id=by.organisation_id,
        title=title.strip(),
        reform=reform,
        touchpoint=touchpoint,
        introduction=introduction.strip(),
        easy_read_introduction=easy_read_introduction.strip(),
        children_introduction=children_introduction.strip(),
        created_by=by,
    )


def _lock_draft(questionnaire: Questionnaire, by: User) -> Questionnaire:
    _require_officer(by)
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if locked.local_authority_id != by.organisation_id:
        raise DomainError("Only the council's SEND officers can do this")
    if locked.status != QuestionnaireStatus.DRAFT:
        raise DomainError(
            "A published questionnaire's questions never change: start a new questionnaire"
        )
    return locked


def _options(pattern: str, standard: str, easy_read: str, children: str) -> list[dict[str, str]]:
    if pattern not in {Pattern.RADIOS, Pattern.CHECKBOXES}:
        if standard.strip():
            raise DomainError(
                "Only radios and checkboxes have answers to choose from", field="options"
            )
        return []

    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    options = lines(standard)
    if len(options) < 2:
        raise DomainError(
            "Enter at least 2 answers to choose from, one on each line", field="options"
        )
    easy, child = lines(easy_read), lines(children)
    for wording, field in ((easy, "easy_read_options"), (child, "children_options")):
        if wording and len(wording) != len(options):
            raise DomainError(
                f"Enter the same number of answers as the standard wording ({len(options)}), "
                "one on each line",
                field=field,
            )
    return [
        {
            "standard": option,
            "easy_read": easy[i] if easy else "",
            "children": child[i] if child else "",
        }
        for i, option in enumerate(options)
    ]


@transaction.atomic
def add_question(
    questionnaire: Questionnaire,
    *,
    by: User,
    pattern: str,
    text: str,
    easy_read_text: str = "",
    children_text: str = "",
    options: str = "",
    easy_read_options: str = "",
    children_options: str = "",
    required: bool = True,
) -> Question:
    locked = _lock_draft(questionnaire, by)
    position = locked.questions.count() + 1
    return Question.objects.create(
        questionnaire=locked,
        position=position,
        pattern=pattern,
        text=text.strip(),
        easy_read_text=easy_read_text.strip(),
        children_text=children_text.strip(),
        options=_options(pattern, options, easy_read_options, children_options),
        required=required,
    )


@transaction.atomic
def remove_question(question: Question, *, by: User) -> None:
    locked = _lock_draft(question.questionnaire, by)
    question.delete()
    for position, remaining in enumerate(locked.questions.order_by("position"), start=1):
        if remaining.position != position:
            Question.objects.filter(pk=remaining.pk).update(position=position)


@transaction.atomic
def publish_questionnaire(questionnaire: Questionnaire, *, by: User) -> Questionnaire:
    """Publish and attach to the touchpoint: from now on each event of the touchpoint asks the
    people it concerns. The questionnaire published there before is retired."""
    locked = _lock_draft(questionnaire, by)
    status = QUESTIONNAIRE.check(locked.status, QuestionnaireStatus.PUBLISHED)
    if not locked.questions.exists():
        raise DomainError("Add at least one question before publishing")
    Questionnaire.objects.filter(
        local_authority_id=locked.local_authority_id,
        touchpoint=locked.touchpoint,
        status=QuestionnaireStatus.PUBLISHED,
    ).update(status=QuestionnaireStatus.RETIRED)
    Questionnaire.objects.filter(pk=locked.pk).update(status=status, published_at=timezone.now())
    locked.refresh_from_db()
    return locked


@transaction.atomic
def retire_questionnaire(questionnaire: Questionnaire, *, by: User) -> Questionnaire:
    _require_officer(by)
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if locked.local_authority_id != by.organisation_id:
        raise DomainError("Only the council's SEND officers can do this")
    status = QUESTIONNAIRE.check(locked.status, QuestionnaireStatus.RETIRED)
    Questionnaire.objects.filter(pk=locked.pk).update(status=status)
    locked.refresh_from_db()
    return locked


# --- Sending -----------------------------------------------------------------------------------


def _recipients(event: CaseEvent, touchpoint: str) -> list[User]:
    """Whom a touchpoint's event asks: the family members who may see the case now (as every
    family notification), or the professional who acted (advice)."""
    if CASE_TOUCHPOINTS.get(Touchpoint(touchpoint)) == "actor":
        return (
            [event.actor] if event.actor is not None and not access.is_la_staff(event.actor) else []
        )
    return family_recipients(event.case)


def _segment(event: CaseEvent, touchpoint: str) -> dict[str, str]:
    """What the comparisons group this answer by, as it was when the event happened."""
    if touchpoint == Touchpoint.PANEL_DECISION:
        from panels.models import PanelDecision, PanelKind

        decision = (
            PanelDecision.objects.filter(public_id=event.data.get("decision"))
            .select_related("item__meeting__panel")
            .first()
        )
        if decision is None:
            return {}
        kind = decision.item.meeting.panel.kind
        return {"panels": "one" if kind == PanelKind.COMBINED else "two", "panel_kind": kind}
    if touchpoint == Touchpoint.FINAL_PLAN_ISSUED:
        # Every plan issued by this service is on the national template.
        return {"plan_format": "national"}
    return {}


def answer_by(invitation: Invitation) -> date:
    """The last day the invitation can be answered: it closes ``EXPIRE_AFTER_DAYS`` after it
    was sent."""
    sent_on = timezone.localtime(invitation.created_at).date()
    return sent_on + timedelta(days=EXPIRE_AFTER_DAYS - 1)


def answer_link(invitation: Invitation) -> str:
    return reverse("feedback:answer", kwargs={"token": invitation.token})


def _invite(
    questionnaire: Questionnaire,
    recipient: User,
    *,
    source: str,
    event: CaseEvent | None = None,
    segment: dict[str, str] | None = None,
) -> Invitation | None:
    """Ask one person once about one moment (``source``: "event:<id>", "meeting:<id>"); None
    when they were already asked."""
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                questionnaire=questionnaire,
                local_authority_id=questionnaire.local_authority_id,
                touchpoint=questionnaire.touchpoint,
                recipient=recipient,
                case=event.case if event is not None else None,
                event=event,
                source=source,
                segment=segment or {},
            )
            subject, body = family_words(
                "feedback",
                on=answer_by(invitation),
                step=Touchpoint(questionnaire.touchpoint).label,
            )
            notify(
                key=f"feedback:invite:{questionnaire.touchpoint}:{source}:{recipient.pk}",
                recipient=recipient,
                subject=subject,
                body=body,
                link=answer_link(invitation),
            )
    except IntegrityError:
        return None
    return invitation


def sweep_invitations(*, now: Any = None) -> int:
    """Ask everyone a touchpoint's events concern who has not been asked yet. Returns how many
    were asked. Safe to run at the same time as another sweep, and again."""
    now = now or timezone.now()
    since = now - timedelta(days=EXPIRE_AFTER_DAYS)
    asked = 0
    questionnaires = Questionnaire.objects.filter(status=QuestionnaireStatus.PUBLISHED)
    for questionnaire in questionnaires:
        if questionnaire.touchpoint == Touchpoint.PARTNERSHIP_MEETING:
            asked += _sweep_meetings(questionnaire, since=since, now=now)
            continue
        if questionnaire.touchpoint not in CASE_TOUCHPOINTS:
            continue
        events = (
            CaseEvent.objects.filter(
                kind=questionnaire.touchpoint,
                case__local_authority_id=questionnaire.local_authority_id,
                occurred_at__gte=max(questionnaire.published_at or now, since),
            )
            .select_related("case", "actor")
            .order_by("id")
        )
        for event in events:
            source = f"event:{event.pk}"
            asked_already = set(
                Invitation.objects.filter(
                    touchpoint=questionnaire.touchpoint, source=source
                ).values_list("recipient_id", flat=True)
            )
            recipients = [
                r for r in _recipients(event, questionnaire.touchpoint) if r.pk not in asked_already
            ]
            if not recipients:
                continue
            segment = _segment(event, questionnaire.touchpoint)
            for recipient in recipients:
                invited = _invite(
                    questionnaire, recipient, source=source, event=event, segment=segment
                )
                asked += invited is not None
    return asked


def _sweep_meetings(questionnaire: Questionnaire, *, since: Any, now: Any) -> int:
    """Ask the board members with an account who were present at each partnership meeting
    held since the questionnaire was published."""
    from partnerships.models import Attendance, AttendanceStatus, MeetingStatus

    published = timezone.localtime(questionnaire.published_at or now).date()
    present = (
        Attendance.objects.filter(
            meeting__board__local_authority_id=questionnaire.local_authority_id,
            meeting__status=MeetingStatus.HELD,
            meeting__meets_on__gte=max(published, timezone.localtime(since).date()),
            status=AttendanceStatus.PRESENT,
            member__user__isnull=False,
            member__user__is_active=True,
        )
        .select_related("member__user")
        .order_by("id")
    )
    asked = 0
    for attendance in present:
        source = f"meeting:{attendance.meeting_id}"
        recipient = attendance.member.user
        if Invitation.objects.filter(
            touchpoint=questionnaire.touchpoint, source=source, recipient=recipient
        ).exists():
            continue
        asked += _invite(questionnaire, recipient, source=source) is not None
    return asked


def send_reminders(*, now: Any = None) -> int:
    """Remind once those who have not answered after ``REMIND_AFTER_DAYS``; close the
    invitations nobody answered after ``EXPIRE_AFTER_DAYS``."""
    now = now or timezone.now()
    Invitation.objects.filter(
        status=InvitationStatus.SENT, created_at__lte=now - timedelta(days=EXPIRE_AFTER_DAYS)
    ).update(status=InvitationStatus.EXPIRED, closed_at=now)
    reminded = 0
    due = Invitation.objects.filter(
        status=InvitationStatus.SENT,
        reminded_at__isnull=True,
        created_at__lte=now - timedelta(days=REMIND_AFTER_DAYS),
    ).select_related("recipient")
    for invitation in due:
        with transaction.atomic():
            marked = Invitation.objects.filter(
                pk=invitation.pk, status=InvitationStatus.SENT, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not marked:
                continue
            subject, body = family_words(
                "feedback_reminder",
                on=answer_by(invitation),
                step=Touchpoint(invitation.touchpoint).label,
            )
            notify(
                key=f"feedback:remind:{invitation.pk}",
                recipient=invitation.recipient,
                subject=subject,
                body=body,
                link=answer_link(invitation),
            )
            reminded += 1
    return reminded


# --- Answering ---------------------------------------------------------------------------------


def _lock_open(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.status == InvitationStatus.ANSWERED:
        raise DuplicateSubmission("You have already answered. Thank you.")
    if locked.status != InvitationStatus.SENT:
        raise DomainError("This questionnaire is closed.")
    return locked


@transaction.atomic
def decline(invitation: Invitation) -> Invitation:
    locked = _lock_open(invitation)
    status = INVITATION.check(locked.status, InvitationStatus.DECLINED)
    Invitation.objects.filter(pk=locked.pk).update(status=status, closed_at=timezone.now())
    locked.refresh_from_db()
    return locked


def names_to_screen(invitation: Invitation) -> list[str]:
    """The child's names and the names of everyone linked to the child."""
    if invitation.case_id is None:
        return [invitation.recipient.first_name, invitation.recipient.last_name]
    child = invitation.case.child
    names = [child.legal_first_name, child.legal_last_name, child.preferred_name]
    for relationship in Relationship.objects.filter(child=child).select_related("user"):
        if relationship.user is not None:
            names += [relationship.user.first_name, relationship.user.last_name]
        names.append(getattr(relationship, "full_name", "") or "")
    names += [invitation.recipient.first_name, invitation.recipient.last_name]
    return [name for name in names if name]


def _clean_text(question: Question, field: str, value: Any) -> dict[str, Any] | None:
    text = (value or "").strip()
    if len(text) > 5000:
        raise DomainError("Answer must be 5,000 characters or fewer", field=field)
    if question.required and not text:
        raise DomainError("Enter your answer", field=field)
    return {"text": text} if text else None


def _clean_choice(question: Question, field: str, value: Any) -> dict[str, Any] | None:
    values = value if isinstance(value, list) else ([value] if value else [])
    try:
        numbers = sorted({int(v) for v in values})
    except (TypeError, ValueError):
        raise DomainError("Choose from the answers given", field=field) from None
    if not numbers:
        if question.required:
            checkboxes = question.pattern == Pattern.CHECKBOXES
            raise DomainError(
                "Select all that apply" if checkboxes else "Select an answer", field=field
            )
        return None
    if question.pattern == Pattern.RATING:
        if len(numbers) != 1 or not 1 <= numbers[0] <= 5:
            raise DomainError("Choose a rating from 1 to 5", field=field)
        return {"rating": numbers[0]}
    if any(not 0 <= n < len(question.options) for n in numbers) or (
        question.pattern == Pattern.RADIOS and len(numbers) != 1
    ):
        raise DomainError("Choose from the answers given", field=field)
    return {"choices": numbers}


def clean_answers(questions: list[Question], data: Mapping[str, Any]) -> dict[int, dict[str, Any]]:
    """Check each answer against its question; ``data`` maps ``q<position>`` to a value (a list
    for checkboxes). Raises ``DomainError`` naming the first question wrongly answered."""
    cleaned: dict[int, dict[str, Any]] = {}
    for question in questions:
        field = f"q{question.position}"
        clean = _clean_text if question.pattern == Pattern.TEXT else _clean_choice
        value = clean(question, field, data.get(field))
        if value is not None:
            cleaned[question.pk] = value
    return cleaned


@transaction.atomic
def submit_response(
    invitation: Invitation, *, variant: str, answers: Mapping[str, Any]
) -> Response:
    """Keep a person's answers exactly as given, once. Free text is screened now, so a report
    never needs the names."""
    locked = _lock_open(invitation)
    if variant not in Variant.values:
        variant = Variant.STANDARD
    questions = list(locked.questionnaire.questions.all())
    cleaned = clean_answers(questions, answers)
    response = Response.objects.create(
        invitation=locked,
        questionnaire=locked.questionnaire,
        local_authority_id=locked.local_authority_id,
        touchpoint=locked.touchpoint,
        case=locked.case,
        segment=locked.segment,
        variant=variant,
    )
    names = names_to_screen(locked)
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question_id=question_id,
            choices=value.get("choices", []),
            rating=value.get("rating"),
            text=value.get("text", ""),
            screened_text=screening.screen(value["text"], names) if value.get("text") else "",
        )
        for question_id, value in cleaned.items()
    )
    Invitation.objects.filter(pk=locked.pk).update(
        status=INVITATION.check(locked.status, InvitationStatus.ANSWERED), closed_at=timezone.now()
    )
    return response


@transaction.atomic
def submit_page_feedback(
    questionnaire: Questionnaire, *, page: str, variant: str, answers: Mapping[str, Any]
) -> Response:
    """An anonymous answer on a public page ("Was this page useful?"): no person, no case; the
    page is kept by its route name. Free text is screened of email addresses, phone numbers and
    postcodes."""
    if questionnaire.status != QuestionnaireStatus.PUBLISHED or (
        questionnaire.touchpoint != Touchpoint.DASHBOARD_PAGE
    ):
        raise DomainError("This questionnaire is closed.")
    if variant not in Variant.values:
        variant = Variant.STANDARD
    cleaned = clean_answers(list(questionnaire.questions.all()), answers)
    response = Response.objects.create(
        questionnaire=questionnaire,
        local_authority_id=questionnaire.local_authority_id,
        touchpoint=questionnaire.touchpoint,
        variant=variant,
        page=page[:100],
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question_id=question_id,
            choices=value.get("choices", []),
            rating=value.get("rating"),
            text=value.get("text", ""),
            screened_text=screening.screen(value["text"], []) if value.get("text") else "",
        )
        for question_id, value in cleaned.items()
    )
    return response


# --- Coding frame -----------------------------------------------------------------------------


@transaction.atomic
def add_theme(*, by: User, name: str, description: str = "") -> Theme:
    _require_officer(by)
    name = name.strip()
    if Theme.objects.filter(local_authority_id=by.organisation_id, name__iexact=name).exists():
        raise DomainError("There is already a theme with that name", field="name")
    return Theme.objects.create(
        local_authority_id=by.organisation_id, name=name, description=description.strip()
    )


@transaction.atomic
def tag_answer(answer: Answer, *, by: User, themes: list[Theme]) -> None:
    """Set the themes of a free-text answer (the answer itself never changes)."""
    _require_officer(by)
    if answer.response.local_authority_id != by.organisation_id or not answer.text:
        raise DomainError("Only free-text answers can be tagged")
    if any(theme.local_authority_id != by.organisation_id for theme in themes):
        raise DomainError("Choose from the council's themes", field="themes")
    AnswerTheme.objects.filter(answer=answer).exclude(theme__in=themes).delete()
    for theme in themes:
        AnswerTheme.objects.get_or_create(answer=answer, theme=theme, defaults={"tagged_by": by})


# --- You said, we did -------------------------------------------------------------------------


@transaction.atomic
def publish_you_said_we_did(
    *,
    by: User,
    reform: str,
    title: str,
    you_said: str,
    we_did: str,
    engagement_ids: list[int] | None = None,
) -> YouSaidWeDid:
    _require_officer(by)
    return YouSaidWeDid.objects.create(
        local_authority_id=by.organisation_id,
        reform=reform,
        title=title.strip(),
        you_said=you_said.strip(),
        we_did=we_did.strip(),
        engagement_ids=engagement_ids or [],
        published_at=timezone.now(),
        created_by=by,
    )


# --- The parent carer forum ------------------------------------------------------------------


@transaction.atomic
def grant_forum_access(*, by: User, user: User, forum_name: str) -> ForumRepresentative:
    """Give a forum representative's account the aggregate reports. Never a staff account."""
    if not access.is_manager(by):
        raise DomainError("Only a SEND manager can give a forum representative access")
    if access.is_la_staff(user) or access.is_family(user):
        raise DomainError(
            "Use an account of the forum's own, not a staff or family account", field="user"
        )
    representative, _created = ForumRepresentative.objects.update_or_create(
        user=user,
        defaults={
            "local_authority_id": by.organisation_id,
            "forum_name": forum_name.strip(),
            "granted_by": by,
            "granted_at": timezone.now(),
            "active": True,
        },
    )
    notify(
        key=f"feedback:forum:{representative.pk}:{representative.granted_at:%Y%m%d%H%M%S%f}",
        recipient=user,
        subject="You can now read the council's feedback reports",
        body="As the parent carer forum's representative you can read the evaluation reports "
        "(figures only) and add the forum's own feedback.",
        link=reverse("feedback:index"),
    )
    return representative


@transaction.atomic
def grant_forum_access_by_username(
    *, by: User, username: str, forum_name: str
) -> ForumRepresentative:
    """``grant_forum_access`` for the account with this username (an account of the forum's
    own)."""
    if not access.is_manager(by):
        raise DomainError("Only a SEND manager can give a forum representative access")
    user = User.objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise DomainError("There is no active account with that username", field="username")
    return grant_forum_access(by=by, user=user, forum_name=forum_name)


@transaction.atomic
def revoke_forum_access(representative: ForumRepresentative, *, by: User) -> None:
    if not access.is_manager(by) or representative.local_authority_id != by.organisation_id:
        raise DomainError("Only a SEND manager of the council can remove this access")
    ForumRepresentative.objects.filter(pk=representative.pk).update(active=False)


@transaction.atomic
def add_forum_feedback(*, by: User, where: str, meeting_on: date, feedback: str) -> ForumFeedback:
    role = forum_role(by)
    if role is None:
        raise DomainError("Only the parent carer forum's representatives can add this")
    if meeting_on > timezone.localdate():
        raise DomainError("The meeting date must be today or in the past", field="meeting_on")
    return ForumFeedback.objects.create(
        local_authority_id=role.local_authority_id,
        where=where,
        meeting_on=meeting_on,
        feedback=feedback.strip(),
        given_by=by,
    )


def retention_days() -> int:
    """How long answers are kept (configuration: ``FEEDBACK_RETENTION_DAYS``; three years
    unless set)."""
    return int(getattr(settings, "FEEDBACK_RETENTION_DAYS", 3 * 365))


@transaction.atomic
def apply_retention(*, now: Any = None) -> int:
    """Delete the answers given, and the invitations sent, longer ago than the retention
    period. The append-only triggers are lifted for this one statement only (the only code
    that deletes answers). Returns how many responses were deleted."""
    import pgtrigger

    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days())
    old = Response.objects.filter(submitted_at__lt=cutoff)
    ids = list(old.values_list("pk", flat=True))
    with pgtrigger.ignore(
        "feedback.Answer:feedback_answer_append_only",
        "feedback.Response:feedback_response_append_only",
    ):
        AnswerTheme.objects.filter(answer__response_id__in=ids).delete()
        Answer.objects.filter(response_id__in=ids).delete()
        Response.objects.filter(pk__in=ids).delete()
    Invitation.objects.filter(created_at__lt=cutoff, response__isnull=True).delete()
    return len(ids)

"""Permission-scoped reads of the feedback app, and the evaluation report.

Who reads what:
- the council's officers (SEND managers and EHCP coordinators): their council's questionnaires
  and reports; an answer's case only when they have access to that case;
- a parent carer forum representative: the reports of their council, aggregates only (never
  an answer, a comment or a case);
- the person asked: their own invitation, by its token;
- everyone, signed out too: the published "you said, we did" entries.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from feedback import reports
from feedback.models import (
    Answer,
    ForumFeedback,
    ForumRepresentative,
    Invitation,
    InvitationStatus,
    Pattern,
    Question,
    Questionnaire,
    QuestionnaireStatus,
    Reform,
    Theme,
    Touchpoint,
    YouSaidWeDid,
)
from feedback.services import forum_role, is_officer
from sendcpp import access
from sendcpp.disclosure import suppress_table
from sendcpp.shapes import Shapes


def council_of(user: Any) -> int | None:
    """The council whose reports this person reads: an officer's, or a forum
    representative's; None for anyone else."""
    if is_officer(user):
        return user.organisation_id
    role = forum_role(user)
    return role.local_authority_id if role else None


def questionnaires_for(user: Any) -> QuerySet[Questionnaire]:
    if not is_officer(user):
        return Questionnaire.objects.none()
    return Questionnaire.objects.filter(local_authority_id=user.organisation_id)


def reportable_for(user: Any) -> QuerySet[Questionnaire]:
    """Questionnaires whose reports this person reads (never a draft)."""
    council = council_of(user)
    if council is None:
        return Questionnaire.objects.none()
    return Questionnaire.objects.filter(local_authority_id=council).exclude(
        status=QuestionnaireStatus.DRAFT
    )


def _get(queryset: QuerySet[Any], public_id: UUID | str) -> Any:
    try:
        return queryset.get(public_id=public_id)
    except (queryset.model.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None


def get_questionnaire_or_404(user: Any, public_id: UUID | str) -> Questionnaire:
    return _get(questionnaires_for(user), public_id)


def get_reportable_or_404(user: Any, public_id: UUID | str) -> Questionnaire:
    return _get(reportable_for(user), public_id)


def get_question_or_404(user: Any, public_id: UUID | str) -> Question:
    return _get(
        Question.objects.filter(questionnaire__in=questionnaires_for(user)).select_related(
            "questionnaire"
        ),
        public_id,
    )


def get_invitation_by_token_or_404(token: str) -> Invitation:
    invitation = (
        Invitation.objects.filter(token=token)
        .select_related("questionnaire", "recipient", "case__child")
        .first()
    )
    if invitation is None or len(token) < 20:
        raise Http404
    return invitation


def themes_for(user: Any) -> QuerySet[Theme]:
    council = council_of(user)
    if council is None:
        return Theme.objects.none()
    return Theme.objects.filter(local_authority_id=council)


def comments_for(user: Any, questionnaire: Questionnaire) -> QuerySet[Answer]:
    """The screened free-text answers, for officers only; a forum representative reads none."""
    if not is_officer(user) or questionnaire.local_authority_id != user.organisation_id:
        return Answer.objects.none()
    return (
        Answer.objects.filter(response__questionnaire=questionnaire)
        .exclude(screened_text="")
        .select_related("question", "response__case")
        .prefetch_related("themes__theme")
        .order_by("-response__submitted_at", "-id")
    )


def get_comment_or_404(user: Any, answer_id: int) -> Answer:
    answer = (
        Answer.objects.filter(pk=answer_id, response__local_authority_id=user.organisation_id)
        .exclude(screened_text="")
        .select_related("question", "response")
        .first()
        if is_officer(user)
        else None
    )
    if answer is None:
        raise Http404
    return answer


def visible_case_ids(user: Any, answers: list[Answer]) -> set[int]:
    """Of the cases these answers are about, those this person has access to (one query): an
    answer is linked to its case only for staff with access to that case."""
    case_ids = {a.response.case_id for a in answers if a.response.case_id is not None}
    if not case_ids:
        return set()
    return set(access.cases_for(user).filter(pk__in=case_ids).values_list("pk", flat=True))


def you_said_we_did(local_authority_id: int | None = None) -> QuerySet[YouSaidWeDid]:
    entries = YouSaidWeDid.objects.filter(published_at__isnull=False)
    if local_authority_id is not None:
        entries = entries.filter(local_authority_id=local_authority_id)
    return entries


def get_entry_or_404(public_id: UUID | str) -> YouSaidWeDid:
    return _get(you_said_we_did(), public_id)


def forum_feedback_for(user: Any) -> QuerySet[ForumFeedback]:
    council = council_of(user)
    if council is None:
        return ForumFeedback.objects.none()
    return ForumFeedback.objects.filter(local_authority_id=council)


# --- The evaluation report ------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionReport:
    question: Question
    distribution: reports.Distribution | None
    answered_in_text: Any = None


@dataclass
class Report:
    questionnaire: Questionnaire
    starts_on: date
    ends_on: date
    rate: reports.ResponseRate
    questions: list[QuestionReport]
    themes: reports.Distribution
    comparison: list[reports.SegmentSummary] = field(default_factory=list)
    comparison_question: Question | None = None
    comparison_title: str = ""


def _period(starts_on: date, ends_on: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(starts_on, time.min, tzinfo=zone),
        datetime.combine(ends_on, time.max, tzinfo=zone),
    )


COMPARISONS = {
    Touchpoint.PANEL_DECISION: ("panels", reports.PANEL_SEGMENTS, "One panel against two panels"),
    Touchpoint.FINAL_PLAN_ISSUED: (
        "plan_format",
        reports.PLAN_FORMAT_SEGMENTS,
        "The national template against the previous plan format",
    ),
}


def report(questionnaire: Questionnaire, *, starts_on: date, ends_on: date) -> Report:
    """The questionnaire's figures for a period, every count protected by the small-number
    rule. Nothing in it names a person or a case."""
    start, end = _period(starts_on, ends_on)
    invitations = Invitation.objects.filter(
        questionnaire=questionnaire, created_at__range=(start, end)
    )
    by_status = dict(
        invitations.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    sent = sum(by_status.values())
    rate = reports.response_rate(
        sent,
        by_status.get(InvitationStatus.ANSWERED, 0),
        by_status.get(InvitationStatus.DECLINED, 0),
    )
    answers = list(
        Answer.objects.filter(
            response__questionnaire=questionnaire, response__submitted_at__range=(start, end)
        ).values("question_id", "choices", "rating", "response__segment")
    )
    by_question: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for answer in answers:
        by_question[answer["question_id"]].append(answer)
    questions = []
    rating_question = None
    for question in questionnaire.questions.all():
        given = by_question.get(question.pk, [])
        if question.pattern == Pattern.TEXT:
            questions.append(QuestionReport(question, None, suppress_table([[len(given)]])[0][0]))
            continue
        labels = question.option_labels()
        counts: Counter[int] = Counter()
        for answer in given:
            if question.pattern == Pattern.RATING:
                counts[answer["rating"] - 1] += 1
            else:
                counts.update(answer["choices"])
        questions.append(
            QuestionReport(
                question,
                reports.distribution(labels, [counts[i] for i in range(len(labels))]),
            )
        )
        if question.pattern == Pattern.RATING and rating_question is None:
            rating_question = question
    theme_counts = list(
        Theme.objects.filter(
            local_authority_id=questionnaire.local_authority_id,
        )
        .annotate(
            n=Count(
                "tags",
                filter=_theme_filter(questionnaire, start, end),
            )
        )
        .values_list("name", "n")
    )
    result = Report(
        questionnaire=questionnaire,
        starts_on=starts_on,
        ends_on=ends_on,
        rate=rate,
        questions=questions,
        themes=reports.distribution([n for n, _ in theme_counts], [c for _, c in theme_counts]),
    )
    comparison = COMPARISONS.get(Touchpoint(questionnaire.touchpoint))
    if comparison is not None and rating_question is not None:
        key, segments, title = comparison
        facts = [
            reports.RatingFact(segment=a["response__segment"].get(key, ""), rating=a["rating"])
            for a in by_question.get(rating_question.pk, [])
        ]
        result.comparison = reports.compare_ratings(facts, segments)
        result.comparison_question = rating_question
        result.comparison_title = title
    return result


def _theme_filter(questionnaire: Questionnaire, start: datetime, end: datetime) -> Any:
    from django.db.models import Q

    return Q(
        tags__answer__response__questionnaire=questionnaire,
        tags__answer__response__submitted_at__range=(start, end),
    )


def export_rows(result: Report) -> list[list[Any]]:
    """The report in the documented layout for the DfE's delivery partner (docs in
    ``feedback/EXPORT.md``): one row per figure, hidden figures as "c"."""
    q = result.questionnaire
    head = [
        q.get_reform_display(),
        q.get_touchpoint_display(),
        q.title,
        result.starts_on.isoformat(),
        result.ends_on.isoformat(),
    ]
    rows: list[list[Any]] = [
        [
            "reform",
            "touchpoint",
            "questionnaire",
            "period_start",
            "period_end",
            "measure",
            "question",
            "answer",
            "count",
            "value",
        ]
    ]
    for measure, value in (
        ("invited", result.rate.sent),
        ("answered", result.rate.answered),
        ("declined", result.rate.declined),
    ):
        rows.append([*head, measure, "", "", value, ""])
    rows.append([*head, "response_rate", "", "", "", _text(result.rate.rate)])
    for item in result.questions:
        if item.distribution is None:
            rows.append(
                [*head, "free_text_answers", item.question.text, "", item.answered_in_text, ""]
            )
            continue
        for row in item.distribution.rows:
            rows.append(
                [
                    *head,
                    "answer_count",
                    item.question.text,
                    row.label,
                    row.count,
                    _text(row.percentage),
                ]
            )
    for row in result.themes.rows:
        rows.append([*head, "theme_count", "", row.label, row.count, _text(row.percentage)])
    for summary in result.comparison:
        rows.append(
            [
                *head,
                "comparison_responses",
                result.comparison_title,
                summary.label,
                summary.responses,
                "",
            ]
        )
        rows.append(
            [
                *head,
                "comparison_mean_rating",
                result.comparison_title,
                summary.label,
                "",
                _text(summary.mean),
            ]
        )
    return rows


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def representatives_for(user: Any) -> QuerySet[ForumRepresentative]:
    """The council's forum representatives, for its SEND managers."""
    if not access.is_manager(user):
        return ForumRepresentative.objects.none()
    return ForumRepresentative.objects.filter(
        local_authority_id=user.organisation_id, active=True
    ).select_related("user")


def get_representative_or_404(user: Any, representative_id: int) -> ForumRepresentative:
    found = representatives_for(user).filter(pk=representative_id).first()
    if found is None:
        raise Http404
    return found


# Asked on every public page: compiled once per process (``sendcpp.shapes``).
_PAGE_QUESTIONNAIRE = Shapes("the public pages' questionnaire")


def page_questionnaire() -> Questionnaire | None:
    """The questionnaire published for the public pages ("Was this page useful?"), if any."""
    return _PAGE_QUESTIONNAIRE.first(
        "published",
        lambda _: Questionnaire.objects.filter(
            touchpoint=Touchpoint.DASHBOARD_PAGE, status=QuestionnaireStatus.PUBLISHED
        ).order_by("-published_at", "-pk")[:1],
        {},
    )


def get_page_questionnaire_or_404(public_id: UUID | str) -> Questionnaire:
    return _get(
        Questionnaire.objects.filter(
            touchpoint=Touchpoint.DASHBOARD_PAGE, status=QuestionnaireStatus.PUBLISHED
        ),
        public_id,
    )


@dataclass(frozen=True)
class ReformRow:
    questionnaire: Questionnaire
    rate: reports.ResponseRate


def reform_summary(user: Any, *, starts_on: date, ends_on: date) -> dict[str, list[ReformRow]]:
    """Each reform's questionnaires with how many were asked and answered in the period, every
    count protected; reforms in the order of ``Reform``."""
    start, end = _period(starts_on, ends_on)
    questionnaires = list(reportable_for(user).order_by("reform", "-published_at", "-id"))
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for questionnaire_id, status, n in (
        Invitation.objects.filter(questionnaire__in=questionnaires, created_at__range=(start, end))
        .values_list("questionnaire_id", "status")
        .annotate(n=Count("id"))
        .values_list("questionnaire_id", "status", "n")
    ):
        counts[questionnaire_id][status] = n
    summary: dict[str, list[ReformRow]] = {}
    for reform in Reform:
        rows = []
        for questionnaire in questionnaires:
            if questionnaire.reform != reform:
                continue
            by_status = counts.get(questionnaire.pk, {})
            rows.append(
                ReformRow(
                    questionnaire,
                    reports.response_rate(
                        sum(by_status.values()),
                        by_status.get(InvitationStatus.ANSWERED, 0),
                        by_status.get(InvitationStatus.DECLINED, 0),
                    ),
                )
            )
        if rows:
            summary[reform.label] = rows
    return summary

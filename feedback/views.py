"""HTML views of feedback. Thin: find the record through ``selectors`` (404 for missing and
forbidden alike), call one service, render."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from feedback import selectors, services
from feedback.charts import bar_chart
from feedback.forms import (
    VARIANT_LINKS,
    ForumAccessForm,
    ForumFeedbackForm,
    PeriodForm,
    QuestionForm,
    QuestionnaireForm,
    TagForm,
    ThemeForm,
    YouSaidWeDidForm,
    answer_form,
)
from feedback.models import InvitationStatus, QuestionnaireStatus, Variant
from sendcpp import access, audit
from sendcpp.exceptions import DomainError
from sendcpp.models import User
from sendcpp.web.forms import apply_domain_error
from sendcpp.web.handling import handle_action, handle_form, posted

GET_POST = ["GET", "POST"]


def _require(condition: bool) -> None:
    if not condition:
        raise Http404


def _questionnaire_url(questionnaire: Any) -> str:
    return reverse("feedback:questionnaire", kwargs={"questionnaire_id": questionnaire.public_id})


# --- Officers and forum representatives: the start page ------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(selectors.council_of(user) is not None)
    officer = services.is_officer(user)
    return render(
        request,
        "feedback/index.html",
        {
            "officer": officer,
            "questionnaires": selectors.questionnaires_for(user).prefetch_related("questions")
            if officer
            else selectors.reportable_for(user),
            "forum": services.forum_role(user),
            "can_grant": access.is_manager(user),
        },
    )


@require_http_methods(GET_POST)
def questionnaire_new(request: HttpRequest) -> HttpResponse:
    _require(services.is_officer(request.user))
    return handle_form(
        request,
        QuestionnaireForm(posted(request)),
        call=lambda data: services.create_questionnaire(by=request.user, **data),
        success="Questionnaire started: now add its questions",
        next_url=_questionnaire_url,
        context={
            "title": "Build a questionnaire",
            "back_url": reverse("feedback:index"),
            "submit": "Continue",
        },
    )


def questionnaire_detail(request: HttpRequest, questionnaire_id: str) -> HttpResponse:
    questionnaire = selectors.get_questionnaire_or_404(request.user, questionnaire_id)
    variant = request.GET.get("variant", Variant.STANDARD)
    if variant not in Variant.values:
        variant = Variant.STANDARD
    questions = list(questionnaire.questions.all())
    return render(
        request,
        "feedback/questionnaire.html",
        {
            "questionnaire": questionnaire,
            "questions": questions,
            "preview": answer_form(questions, variant) if questions else None,
            "variant": variant,
            "variants": VARIANT_LINKS,
            "is_draft": questionnaire.status == QuestionnaireStatus.DRAFT,
            "is_published": questionnaire.status == QuestionnaireStatus.PUBLISHED,
        },
    )


@require_http_methods(GET_POST)
def question_add(request: HttpRequest, questionnaire_id: str) -> HttpResponse:
    questionnaire = selectors.get_questionnaire_or_404(request.user, questionnaire_id)
    return handle_form(
        request,
        QuestionForm(posted(request), initial={"required": True}),
        call=lambda data: services.add_question(questionnaire, by=request.user, **data),
        success="Question added",
        next_url=_questionnaire_url(questionnaire),
        context={
            "title": "Add a question",
            "caption": questionnaire.title,
            "back_url": _questionnaire_url(questionnaire),
            "submit": "Add question",
        },
    )


@require_POST
def question_remove(request: HttpRequest, question_id: str) -> HttpResponse:
    question = selectors.get_question_or_404(request.user, question_id)
    url = _questionnaire_url(question.questionnaire)
    return handle_action(
        request,
        lambda: services.remove_question(question, by=request.user),
        success="Question removed",
        next_url=url,
    )


@require_POST
def questionnaire_publish(request: HttpRequest, questionnaire_id: str) -> HttpResponse:
    questionnaire = selectors.get_questionnaire_or_404(request.user, questionnaire_id)
    return handle_action(
        request,
        lambda: services.publish_questionnaire(questionnaire, by=request.user),
        success=lambda q: f"Published: it is now sent {q.get_touchpoint_display().lower()}",
        next_url=_questionnaire_url(questionnaire),
    )


@require_POST
def questionnaire_retire(request: HttpRequest, questionnaire_id: str) -> HttpResponse:
    questionnaire = selectors.get_questionnaire_or_404(request.user, questionnaire_id)
    return handle_action(
        request,
        lambda: services.retire_questionnaire(questionnaire, by=request.user),
        success="Retired: it is no longer sent",
        next_url=_questionnaire_url(questionnaire),
    )


# --- Answering (the person asked; signed in or not) -----------------------------------------


@login_not_required
@require_http_methods(GET_POST)
def answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.get_invitation_by_token_or_404(token)
    questionnaire = invitation.questionnaire
    if invitation.status != InvitationStatus.SENT:
        return render(request, "feedback/answer_closed.html", {"invitation": invitation})
    variant = request.GET.get("variant", Variant.STANDARD)
    if variant not in Variant.values:
        variant = Variant.STANDARD
    questions = list(questionnaire.questions.all())
    form = answer_form(questions, variant, posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_response(invitation, variant=variant, answers=form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return redirect("feedback:thanks")
    introduction = {
        Variant.EASY_READ: questionnaire.easy_read_introduction,
        Variant.CHILDREN: questionnaire.children_introduction,
    }.get(variant) or questionnaire.introduction
    return render(
        request,
        "feedback/answer.html",
        {
            "form": form,
            "questionnaire": questionnaire,
            "introduction": introduction,
            "variant": variant,
            "variants": [
                (value, label)
                for value, label in VARIANT_LINKS
                if value == Variant.STANDARD
                or (value == Variant.EASY_READ and questionnaire.has_easy_read)
                or (value == Variant.CHILDREN and questionnaire.has_children_version)
            ],
            "token": token,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_not_required
@require_POST
def decline(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.get_invitation_by_token_or_404(token)
    with contextlib.suppress(DomainError):
        services.decline(invitation)
    return render(request, "feedback/declined.html")


#: A public page is named by its route name ("dashboard:area"), never by its URL.
PAGE_NAME = re.compile(r"^[a-z0-9_-]{1,40}:[a-z0-9_-]{1,58}$")


@login_not_required
@require_http_methods(GET_POST)
def page_feedback(request: HttpRequest, questionnaire_id: str) -> HttpResponse:
    """ "Was this page useful?" on the public pages: anonymous, no sign-in."""
    questionnaire = selectors.get_page_questionnaire_or_404(questionnaire_id)
    page = request.GET.get("from", "")
    if not PAGE_NAME.match(page):
        page = ""
    variant = request.GET.get("variant", Variant.STANDARD)
    if variant not in Variant.values:
        variant = Variant.STANDARD
    questions = list(questionnaire.questions.all())
    form = answer_form(questions, variant, posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_page_feedback(
                questionnaire, page=page, variant=variant, answers=form.cleaned_data
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return redirect("feedback:thanks")
    return render(
        request,
        "feedback/page_feedback.html",
        {"form": form, "questionnaire": questionnaire},
        status=400 if request.method == "POST" else 200,
    )


@login_not_required
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/thanks.html")


# --- Reports ---------------------------------------------------------------------------------


def _period(request: HttpRequest) -> tuple[PeriodForm, date, date]:
    today = timezone.localdate()
    starts_on, ends_on = today - timedelta(days=365), today
    form = PeriodForm(request.GET if "starts_on-day" in request.GET else None)
    if form.is_bound and form.is_valid():
        starts_on, ends_on = form.cleaned_data["starts_on"], form.cleaned_data["ends_on"]
    elif not form.is_bound:
        form = PeriodForm(initial={"starts_on": starts_on, "ends_on": ends_on})
    return form, starts_on, ends_on


def report(request: HttpRequest, questionnaire_id: str) -> HttpResponse:
    questionnaire = selectors.get_reportable_or_404(request.user, questionnaire_id)
    form, starts_on, ends_on = _period(request)
    result = selectors.report(questionnaire, starts_on=starts_on, ends_on=ends_on)
    charts = [
        (item, bar_chart(item.distribution.rows, title=item.question.text))
        for item in result.questions
        if item.distribution is not None
    ]
    officer = services.is_officer(request.user)
    return render(
        request,
        "feedback/report.html",
        {
            "form": form,
            "report": result,
            "charts": charts,
            "texts": [item for item in result.questions if item.distribution is None],
            "themes_chart": bar_chart(result.themes.rows, title="Themes in the comments")
            if result.themes.rows
            else None,
            "officer": officer,
            "query": request.GET.urlencode(),
        },
    )


def reforms(request: HttpRequest) -> HttpResponse:
    """The evaluation of each reform for a period: its questionnaires, asked and answered."""
    _require(selectors.council_of(request.user) is not None)
    form, starts_on, ends_on = _period(request)
    return render(
        request,
        "feedback/reforms.html",
        {
            "form": form,
            "summary": selectors.reform_summary(request.user, starts_on=starts_on, ends_on=ends_on),
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )


def report_export(request: HttpRequest, questionnaire_id: str, fmt: str) -> HttpResponse:
    _require(fmt in {"csv", "xlsx"})
    questionnaire = selectors.get_reportable_or_404(request.user, questionnaire_id)
    _form, starts_on, ends_on = _period(request)
    rows = selectors.export_rows(
        selectors.report(questionnaire, starts_on=starts_on, ends_on=ends_on)
    )
    name = f"feedback-{questionnaire.touchpoint}-{starts_on}-{ends_on}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in rows:
            writer.writerow([_safe(cell) for cell in row])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Feedback"
    for row in rows:
        sheet.append([_safe(cell) for cell in row])
    output = io.BytesIO()
    book.save(output)
    response = HttpResponse(
        output.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _safe(cell: Any) -> Any:
    """No cell is read as a formula by a spreadsheet."""
    if isinstance(cell, str) and cell[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + cell
    return cell


def comments(request: HttpRequest, questionnaire_id: str) -> HttpResponse:
    questionnaire = selectors.get_questionnaire_or_404(request.user, questionnaire_id)
    answers = list(selectors.comments_for(request.user, questionnaire)[:200])
    visible = selectors.visible_case_ids(request.user, answers)
    rows = [
        {"answer": item, "case": item.response.case if item.response.case_id in visible else None}
        for item in answers
    ]
    for row in rows:
        if row["case"] is not None:
            audit.record_read(
                request.user,
                child_id=row["case"].child_id,
                case=row["case"],
                what="feedback answer",
                item=str(row["answer"].response.public_id),
            )
    return render(
        request,
        "feedback/comments.html",
        {"questionnaire": questionnaire, "rows": rows},
    )


@require_http_methods(GET_POST)
def comment_tag(request: HttpRequest, answer_id: int) -> HttpResponse:
    item = selectors.get_comment_or_404(request.user, answer_id)
    themes = list(selectors.themes_for(request.user))
    form = TagForm(
        posted(request),
        themes=themes,
        initial={"themes": [str(tag.theme_id) for tag in item.themes.all()]},
    )
    back = reverse(
        "feedback:comments", kwargs={"questionnaire_id": item.response.questionnaire.public_id}
    )
    return handle_form(
        request,
        form,
        call=lambda data: services.tag_answer(
            item, by=request.user, themes=[form.themes_by_id[key] for key in data["themes"]]
        ),
        success="Themes saved",
        next_url=back,
        template="feedback/tag.html",
        context={"answer": item, "back_url": back, "has_themes": bool(themes)},
    )


@require_http_methods(GET_POST)
def themes(request: HttpRequest) -> HttpResponse:
    _require(services.is_officer(request.user))
    return handle_form(
        request,
        ThemeForm(posted(request)),
        call=lambda data: services.add_theme(by=request.user, **data),
        success=lambda theme: f"Theme added: {theme.name}",
        next_url=reverse("feedback:themes"),
        template="feedback/themes.html",
        context={"themes": selectors.themes_for(request.user)},
    )


# --- You said, we did -----------------------------------------------------------------------


def _engagement_for(user: User) -> Any:
    from partnerships.models import EngagementActivity

    return EngagementActivity.objects.filter(board__local_authority_id=user.organisation_id)


@require_http_methods(GET_POST)
def you_said_we_did_new(request: HttpRequest) -> HttpResponse:
    _require(services.is_officer(request.user))
    engagement = list(_engagement_for(request.user)[:50])
    return handle_form(
        request,
        YouSaidWeDidForm(posted(request), engagement=engagement),
        call=lambda data: services.publish_you_said_we_did(
            by=request.user,
            reform=data["reform"],
            title=data["title"],
            you_said=data["you_said"],
            we_did=data["we_did"],
            engagement_ids=[int(pk) for pk in data.get("engagement", [])],
        ),
        success="Published on the public “You said, we did” page",
        next_url=lambda entry: reverse(
            "feedback:public-entry", kwargs={"entry_id": entry.public_id}
        ),
        context={
            "title": "Publish a “You said, we did” entry",
            "intro": "This is published on a public page at once. Write nothing that could "
            "identify a child or a family.",
            "back_url": reverse("feedback:index"),
            "submit": "Publish",
        },
    )


@login_not_required
def public_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "feedback/public_list.html",
        {"entries": selectors.you_said_we_did().select_related("local_authority")[:100]},
    )


@login_not_required
def public_entry(request: HttpRequest, entry_id: str) -> HttpResponse:
    entry = selectors.get_entry_or_404(entry_id)
    from partnerships.models import EngagementActivity

    return render(
        request,
        "feedback/public_entry.html",
        {
            "entry": entry,
            "engagement": EngagementActivity.objects.filter(
                pk__in=entry.engagement_ids, board__local_authority_id=entry.local_authority_id
            ),
        },
    )


# --- The parent carer forum -----------------------------------------------------------------


@require_http_methods(GET_POST)
def forum_feedback(request: HttpRequest) -> HttpResponse:
    role = services.forum_role(request.user)
    officer = services.is_officer(request.user)
    _require(role is not None or officer)
    form = ForumFeedbackForm(posted(request)) if role is not None else None
    context = {
        "entries": selectors.forum_feedback_for(request.user)[:100],
        "role": role,
    }
    if form is None:
        return render(request, "feedback/forum.html", {"form": None, **context})
    return handle_form(
        request,
        form,
        call=lambda data: services.add_forum_feedback(by=request.user, **data),
        success="The forum's feedback is recorded",
        next_url=reverse("feedback:forum"),
        template="feedback/forum.html",
        context=context,
    )


@require_http_methods(GET_POST)
def forum_access(request: HttpRequest) -> HttpResponse:
    """A SEND manager gives a forum representative's account the aggregate reports."""
    _require(access.is_manager(request.user))
    return handle_form(
        request,
        ForumAccessForm(posted(request)),
        call=lambda data: services.grant_forum_access_by_username(by=request.user, **data),
        success=lambda rep: f"{rep.forum_name} can now read the reports (figures only)",
        next_url=reverse("feedback:forum-access"),
        template="feedback/forum_access.html",
        context={"representatives": selectors.representatives_for(request.user)},
    )


@require_POST
def forum_access_remove(request: HttpRequest, representative_id: int) -> HttpResponse:
    representative = selectors.get_representative_or_404(request.user, representative_id)
    return handle_action(
        request,
        lambda: services.revoke_forum_access(representative, by=request.user),
        success="Access removed",
        next_url=reverse("feedback:forum-access"),
    )

"""HTML views of the partnership. Thin: find the record through ``selectors`` (404 for missing
and forbidden alike), call one service, render."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from partnerships import documents, selectors, services
from partnerships.forms import (
    ActionForm,
    ActionProgressForm,
    AgendaItemForm,
    ApprovePlanForm,
    AttendanceForm,
    BoardRulesForm,
    BoardSetUpForm,
    DecisionForm,
    EngagementForm,
    MemberForm,
    MinutesForm,
    PaperForm,
    PlanDraftForm,
    PlanForm,
    RequiredRoleForm,
    ScheduleMeetingsForm,
)
from partnerships.models import (
    PLAN_SECTIONS,
    BoardActionStatus,
    BoardMember,
    MeetingStatus,
    PartnershipBoard,
    PdfStatus,
    PlanPdf,
    PlanVersion,
    PlanVersionStatus,
    RequiredRole,
)
from sendcpp import access
from sendcpp.exceptions import DomainError, StaleEdit
from sendcpp.web.forms import apply_domain_error
from sendcpp.web.handling import handle_action, handle_form, handle_record_form
from sendcpp.web.paging import paginate

GET_POST = ["GET", "POST"]


def _today() -> date:
    return timezone.localdate()


def _with_revision(form_class: Any, request: HttpRequest, revision: int, error: StaleEdit) -> Any:
    """The refused form again, holding the writer's text but now based on the latest revision
    and saying why: saving it again knowingly replaces the other person's text."""
    data = request.POST.copy()
    data["revision"] = str(revision)
    form = form_class(data)
    form.is_valid()
    apply_domain_error(form, error)
    return form


def _version_url(version: PlanVersion) -> str:
    return reverse("partnerships:version-detail", kwargs={"version_id": version.public_id})


def _board_page(
    request: HttpRequest, template: str, listing: Callable[[PartnershipBoard], dict[str, Any]]
) -> HttpResponse:
    """A page that lists some of the board's records to anyone on the board; ``listing(board)``
    gives what it lists."""
    the_board = selectors.get_board_or_404(request.user, today=_today())
    return render(
        request,
        template,
        {
            "board": the_board,
            "can_manage": selectors.can_manage(request.user, the_board),
            **listing(the_board),
        },
    )


def _new_for_board(
    request: HttpRequest,
    form_class: Callable[[Any], Any],
    service: Callable[..., Any],
    *,
    success: str | Callable[[Any], str],
    next_url: str | Callable[[Any], str],
    template: str,
) -> HttpResponse:
    """A form that adds something to the board (engagement, a plan), on its own page."""
    the_board = selectors.get_board_or_404(request.user, today=_today(), manage=True)
    return handle_record_form(
        request,
        the_board,
        form_class(request.POST or None),
        service,
        success=success,
        next_url=next_url,
        template=template,
        context={"board": the_board},
    )


# --- The board ------------------------------------------------------------------------------------


def board(request: HttpRequest) -> HttpResponse:
    today = _today()
    try:
        the_board = selectors.get_board_or_404(request.user, today=today)
    except Http404:
        if selectors.can_set_up_board(request.user):
            return redirect("partnerships:board-set-up")
        raise
    seats = selectors.seat_compliance(the_board, today=today)
    return render(
        request,
        "partnerships/board.html",
        {
            "board": the_board,
            "today": today,
            "seats": seats,
            "gaps": [seat for seat in seats if seat.is_gap],
            "upcoming": selectors.upcoming_meetings(the_board, today=today)[:5],
            "overdue": list(selectors.overdue_actions(the_board, today=today)[:50]),
            "plans": the_board.plans.all()[:10],
            "can_manage": selectors.can_manage(request.user, the_board),
        },
    )


@require_http_methods(GET_POST)
def board_set_up(request: HttpRequest) -> HttpResponse:
    access.require(selectors.can_set_up_board(request.user))
    form = BoardSetUpForm(request.POST or None)
    return handle_form(
        request,
        form,
        call=lambda data: services.set_up_board(
            local_authority=request.user.organisation,
            name=data["name"],
            by=request.user,
        ),
        success="Partnership board set up with the default membership",
        next_url="partnerships:board",
        template="partnerships/board_set_up.html",
        context={"form": form},
    )


@require_http_methods(GET_POST)
def board_rules(request: HttpRequest) -> HttpResponse:
    the_board = selectors.get_board_or_404(request.user, today=_today(), manage=True)
    initial = {
        "name": the_board.name,
        "quorum_minimum": the_board.quorum_minimum,
        "meeting_interval_weeks": the_board.meeting_interval_weeks,
        "reminder_days": the_board.reminder_days,
    }
    form = BoardRulesForm(request.POST or None, initial=initial)
    return handle_record_form(
        request,
        the_board,
        form,
        services.update_board_rules,
        success="Board rules saved",
        next_url="partnerships:board-rules",
        template="partnerships/board_rules.html",
        context={"board": the_board, "required_roles": the_board.required_roles.all()},
    )


@require_http_methods(GET_POST)
def required_role_edit(request: HttpRequest) -> HttpResponse:
    the_board = selectors.get_board_or_404(request.user, today=_today(), manage=True)
    existing = the_board.required_roles.filter(role=request.GET.get("role", "")).first()
    initial = (
        {
            "role": existing.role,
            "minimum_members": existing.minimum_members,
            "required_for_quorum": existing.required_for_quorum,
        }
        if existing
        else None
    )
    form = RequiredRoleForm(request.POST or None, initial=initial)
    return handle_record_form(
        request,
        the_board,
        form,
        services.save_required_role,
        success="Required role saved",
        next_url="partnerships:board-rules",
        template="partnerships/required_role_form.html",
        context={"board": the_board, "existing": existing},
    )


@require_POST
def required_role_remove(request: HttpRequest, role_id: int) -> HttpResponse:
    the_board = selectors.get_board_or_404(request.user, today=_today(), manage=True)
    try:
        required = the_board.required_roles.get(pk=role_id)
    except RequiredRole.DoesNotExist as error:
        raise Http404("No such role") from error
    services.remove_required_role(required, by=request.user)
    messages.success(request, f"{required.get_role_display()} is no longer a required role")
    return redirect("partnerships:board-rules")


# --- Members --------------------------------------------------------------------------------------


def member_list(request: HttpRequest) -> HttpResponse:
    today = _today()
    the_board = selectors.get_board_or_404(request.user, today=today)
    members = list(selectors.members_of(the_board).order_by("ends_on", "full_name", "id"))
    rows = [
        (
            member,
            "Current"
            if member.is_active_on(today)
            else "Term ended"
            if member.has_lapsed_on(today)
            else "Not started",
        )
        for member in members
    ]
    return render(
        request,
        "partnerships/member_list.html",
        {
            "board": the_board,
            "rows": rows,
            "can_manage": selectors.can_manage(request.user, the_board),
        },
    )


def _member_initial(member: BoardMember) -> dict[str, Any]:
    return {
        "full_name": member.full_name,
        "role": member.role,
        "organisation": member.organisation_id,
        "organisation_name": member.organisation_name,
        "job_title": member.job_title,
        "user": member.user_id,
        "is_chair": member.is_chair,
        "starts_on": member.starts_on,
        "ends_on": member.ends_on,
    }


@require_http_methods(GET_POST)
def member_add(request: HttpRequest) -> HttpResponse:
    the_board = selectors.get_board_or_404(request.user, today=_today(), manage=True)
    form = MemberForm(
        request.POST or None,
        local_authority=the_board.local_authority,
        initial={"starts_on": _today()},
    )
    return handle_record_form(
        request,
        the_board,
        form,
        services.add_member,
        success=lambda member: f"{member.full_name} added to the board",
        next_url="partnerships:member-list",
        template="partnerships/member_form.html",
        context={"board": the_board, "member": None},
    )


@require_http_methods(GET_POST)
def member_edit(request: HttpRequest, member_id: str) -> HttpResponse:
    member = selectors.get_member_or_404(request.user, member_id, today=_today(), manage=True)
    form = MemberForm(
        request.POST or None,
        local_authority=member.board.local_authority,
        initial=_member_initial(member),
    )
    return handle_record_form(
        request,
        member,
        form,
        services.update_member,
        success=f"{member.full_name}'s membership updated",
        next_url="partnerships:member-list",
        template="partnerships/member_form.html",
        context={"board": member.board, "member": member},
    )


# --- Meetings -------------------------------------------------------------------------------------


def meeting_list(request: HttpRequest) -> HttpResponse:
    return _board_page(
        request,
        "partnerships/meeting_list.html",
        lambda board: paginate(
            request, selectors.board_meetings(board).order_by("-meets_on", "-id")
        ),
    )


@require_http_methods(GET_POST)
def meeting_schedule(request: HttpRequest) -> HttpResponse:
    the_board = selectors.get_board_or_404(request.user, today=_today(), manage=True)
    form = ScheduleMeetingsForm(
        request.POST or None, initial={"interval_weeks": the_board.meeting_interval_weeks}
    )
    return handle_record_form(
        request,
        the_board,
        form,
        services.schedule_meetings,
        success=_scheduled_message,
        next_url="partnerships:meeting-list",
        template="partnerships/meeting_schedule.html",
        context={"board": the_board},
    )


def _scheduled_message(meetings: list[Any]) -> str:
    moved = sum(1 for m in meetings if m.was_moved)
    note = f"; {moved} moved to the next working day" if moved else ""
    return f"{len(meetings)} meetings scheduled{note}"


def meeting_detail(request: HttpRequest, meeting_id: str) -> HttpResponse:
    today = _today()
    meeting = selectors.get_meeting_or_404(request.user, meeting_id, today=today)
    held = meeting.status == MeetingStatus.HELD
    return render(
        request,
        "partnerships/meeting_detail.html",
        {
            "meeting": meeting,
            "board": meeting.board,
            "today": today,
            "agenda": meeting.agenda_items.all(),
            "papers": meeting.papers.all(),
            "attendance": meeting.attendance.select_related("member__organisation"),
            "quorum": selectors.meeting_quorum(meeting) if held else None,
            "decisions": meeting.decisions.select_related("recorded_by"),
            "actions": meeting.actions.select_related("owner"),
            "can_manage": selectors.can_manage(request.user, meeting.board),
        },
    )


@require_http_methods(GET_POST)
def meeting_cancel(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = selectors.get_meeting_or_404(request.user, meeting_id, today=_today(), manage=True)
    error_message = ""
    if request.method == "POST":
        try:
            services.cancel_meeting(meeting, by=request.user)
        except DomainError as error:
            error_message = error.message
        else:
            messages.success(request, "Meeting cancelled")
            return redirect("partnerships:meeting-detail", meeting_id=meeting.public_id)
    return render(
        request,
        "partnerships/meeting_cancel.html",
        {"meeting": meeting, "error_message": error_message},
    )


def _meeting_form_view(
    request: HttpRequest,
    meeting_id: str,
    *,
    form_class: Any,
    template: str,
    save: Any,
    success: str,
    files: bool = False,
) -> HttpResponse:
    meeting = selectors.get_meeting_or_404(request.user, meeting_id, today=_today(), manage=True)
    form = (
        form_class(request.POST or None, request.FILES or None)
        if files
        else form_class(request.POST or None)
    )
    return handle_form(
        request,
        form,
        call=lambda data: save(meeting, data),
        success=success,
        next_url=reverse("partnerships:meeting-detail", kwargs={"meeting_id": meeting.public_id}),
        template=template,
        context={"meeting": meeting},
    )


@require_http_methods(GET_POST)
def meeting_agenda_add(request: HttpRequest, meeting_id: str) -> HttpResponse:
    return _meeting_form_view(
        request,
        meeting_id,
        form_class=AgendaItemForm,
        template="partnerships/agenda_item_form.html",
        save=lambda meeting, data: services.add_agenda_item(meeting, by=request.user, **data),
        success="Agenda item added",
    )


@require_http_methods(GET_POST)
def meeting_paper_add(request: HttpRequest, meeting_id: str) -> HttpResponse:
    return _meeting_form_view(
        request,
        meeting_id,
        form_class=PaperForm,
        template="partnerships/paper_form.html",
        save=lambda meeting, data: services.add_paper(
            meeting, upload=data["file"], title=data["title"], by=request.user
        ),
        success="Paper added",
        files=True,
    )


@require_http_methods(GET_POST)
def meeting_decision_add(request: HttpRequest, meeting_id: str) -> HttpResponse:
    return _meeting_form_view(
        request,
        meeting_id,
        form_class=DecisionForm,
        template="partnerships/decision_form.html",
        save=lambda meeting, data: services.record_decision(
            meeting, text=data["text"], by=request.user
        ),
        success="Decision recorded",
    )


def paper_download(request: HttpRequest, paper_id: str) -> FileResponse:
    paper = selectors.get_paper_or_404(request.user, paper_id, today=_today())
    response = FileResponse(
        paper.file.open("rb"),
        as_attachment=True,
        filename=paper.original_filename,
        content_type=paper.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(GET_POST)
def meeting_attendance(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = selectors.get_meeting_or_404(request.user, meeting_id, today=_today(), manage=True)
    members = [
        m
        for m in selectors.members_of(meeting.board).order_by("full_name", "id")
        if m.is_active_on(meeting.meets_on)
    ]
    current = dict(meeting.attendance.values_list("member_id", "status"))
    form = AttendanceForm(request.POST or None, members=members, current=current)
    return handle_form(
        request,
        form,
        call=lambda _data: services.record_attendance(
            meeting, statuses=form.statuses(), by=request.user
        ),
        success=lambda _result: (
            f"Attendance recorded. {selectors.meeting_quorum(meeting).explanation}"
        ),
        next_url=reverse("partnerships:meeting-detail", kwargs={"meeting_id": meeting.public_id}),
        template="partnerships/attendance_form.html",
        context={"meeting": meeting, "members": members},
    )


@require_http_methods(GET_POST)
def meeting_minutes(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = selectors.get_meeting_or_404(request.user, meeting_id, today=_today(), manage=True)
    form = MinutesForm(
        request.POST or None,
        initial={"minutes": meeting.minutes, "revision": meeting.minutes_revision},
    )
    context: dict[str, Any] = {"meeting": meeting, "latest": None}

    def refused(error: DomainError) -> MinutesForm:
        """Someone else saved the minutes meanwhile: show theirs, and keep the writer's text on
        a form now based on them (saving it again knowingly replaces them)."""
        if not isinstance(error, StaleEdit):
            apply_domain_error(form, error)
            return form
        meeting.refresh_from_db()
        context["latest"] = meeting.minutes
        return _with_revision(MinutesForm, request, meeting.minutes_revision, error)

    return handle_form(
        request,
        form,
        call=lambda data: services.save_minutes(
            meeting, text=data["minutes"], revision=data["revision"], by=request.user
        ),
        success="Minutes saved",
        next_url=reverse("partnerships:meeting-detail", kwargs={"meeting_id": meeting.public_id}),
        template="partnerships/minutes_form.html",
        context=context,
        refused=refused,
    )


@require_http_methods(GET_POST)
def meeting_action_add(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = selectors.get_meeting_or_404(request.user, meeting_id, today=_today(), manage=True)
    return _action_form(request, meeting.board, meeting=meeting)


# --- Actions --------------------------------------------------------------------------------------

ACTION_FILTERS = {
    "open": ("Open actions", {"status": BoardActionStatus.OPEN}),
    "overdue": ("Overdue actions", {"status": BoardActionStatus.OPEN}),
    "done": ("Completed actions", {"status": BoardActionStatus.DONE}),
    "all": ("All actions", {}),
}


def action_list(request: HttpRequest) -> HttpResponse:
    today = _today()
    the_board = selectors.get_board_or_404(request.user, today=today)
    show = request.GET.get("show", "open")
    if show not in ACTION_FILTERS:
        show = "open"
    caption, filters = ACTION_FILTERS[show]
    actions = selectors.board_actions(the_board).filter(**filters)
    if show == "overdue":
        actions = actions.filter(due_on__lt=today)
    return render(
        request,
        "partnerships/action_list.html",
        {
            "board": the_board,
            "today": today,
            "show": show,
            "caption": caption,
            "filters": [(key, label) for key, (label, _f) in ACTION_FILTERS.items()],
            "can_manage": selectors.can_manage(request.user, the_board),
            **paginate(request, actions.order_by("due_on", "id")),
        },
    )


def _action_form(request: HttpRequest, the_board: Any, *, meeting: Any = None) -> HttpResponse:
    today = _today()
    members = (
        BoardMember.objects.filter(board=the_board, starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .order_by("full_name", "id")
    )
    form = ActionForm(request.POST or None, members=members, plans=the_board.plans.all())
    return handle_form(
        request,
        form,
        call=lambda data: services.add_action(the_board, by=request.user, meeting=meeting, **data),
        success="Action added",
        next_url=lambda action: reverse(
            "partnerships:action-detail", kwargs={"action_id": action.public_id}
        ),
        template="partnerships/action_form.html",
        context={"board": the_board, "meeting": meeting},
    )


@require_http_methods(GET_POST)
def action_add(request: HttpRequest) -> HttpResponse:
    the_board = selectors.get_board_or_404(request.user, today=_today(), manage=True)
    return _action_form(request, the_board)


@require_http_methods(GET_POST)
def action_detail(request: HttpRequest, action_id: str) -> HttpResponse:
    today = _today()
    action = selectors.get_action_or_404(request.user, action_id, today=today)
    can_update = selectors.can_update_action(request.user, action)
    if request.method == "POST" and not can_update:
        raise Http404("Not found")
    form = ActionProgressForm(request.POST or None, initial={"status": action.status})
    return handle_record_form(
        request,
        action,
        form,
        services.update_action_progress,
        success="Progress recorded",
        next_url=reverse("partnerships:action-detail", kwargs={"action_id": action.public_id}),
        template="partnerships/action_detail.html",
        context={
            "action": action,
            "board": action.board,
            "today": today,
            "updates": action.updates.select_related("by"),
            "form": form if can_update else None,
        },
    )


# --- Engagement -----------------------------------------------------------------------------------


def engagement_list(request: HttpRequest) -> HttpResponse:
    return _board_page(
        request,
        "partnerships/engagement_list.html",
        lambda board: paginate(request, selectors.engagement_of(board)),
    )


@require_http_methods(GET_POST)
def engagement_add(request: HttpRequest) -> HttpResponse:
    return _new_for_board(
        request,
        EngagementForm,
        services.record_engagement,
        success="Engagement activity recorded",
        next_url="partnerships:engagement-list",
        template="partnerships/engagement_form.html",
    )


# --- The inclusion plan (staff) -------------------------------------------------------------------


def plan_list(request: HttpRequest) -> HttpResponse:
    return _board_page(
        request, "partnerships/plan_list.html", lambda board: {"plans": board.plans.all()}
    )


@require_http_methods(GET_POST)
def plan_add(request: HttpRequest) -> HttpResponse:
    return _new_for_board(
        request,
        PlanForm,
        services.start_plan,
        success="Plan started: write the first draft",
        next_url=lambda plan: reverse(
            "partnerships:plan-detail", kwargs={"plan_id": plan.public_id}
        ),
        template="partnerships/plan_form.html",
    )


def plan_detail(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = selectors.get_plan_or_404(request.user, plan_id, today=_today())
    versions = list(selectors.plan_versions(plan))
    return render(
        request,
        "partnerships/plan_detail.html",
        {
            "plan": plan,
            "board": plan.board,
            "versions": versions,
            "open_version": next(
                (v for v in versions if v.status != PlanVersionStatus.PUBLISHED), None
            ),
            "has_published": any(v.is_published for v in versions),
            "can_manage": selectors.can_manage(request.user, plan.board),
        },
    )


@require_POST
def plan_new_version(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = selectors.get_plan_or_404(request.user, plan_id, today=_today(), manage=True)
    return handle_action(
        request,
        lambda: services.start_new_version(plan, by=request.user),
        success=lambda version: f"Version {version.number} started as a draft",
        next_url=lambda version: reverse(
            "partnerships:version-edit", kwargs={"version_id": version.public_id}
        ),
        refused_url=reverse("partnerships:plan-detail", kwargs={"plan_id": plan.public_id}),
    )


def version_detail(request: HttpRequest, version_id: str) -> HttpResponse:
    today = _today()
    version = selectors.get_version_or_404(request.user, version_id, today=today)
    can_manage = selectors.can_manage(request.user, version.plan.board)
    approve_form = None
    if can_manage and version.status == PlanVersionStatus.DRAFT:
        approve_form = ApprovePlanForm(
            meetings=selectors.held_meetings_for_approval(version.plan.board)
        )
    return render(
        request,
        "partnerships/version_detail.html",
        {
            **documents.laip_context(version, today=today),
            "can_manage": can_manage,
            "form": approve_form,
            "pdf": PlanPdf.objects.filter(version=version).first(),
        },
    )


@require_http_methods(GET_POST)
def version_edit(request: HttpRequest, version_id: str) -> HttpResponse:
    version = selectors.get_version_or_404(request.user, version_id, today=_today(), manage=True)
    if version.status != PlanVersionStatus.DRAFT:
        messages.error(request, "Only a draft can be changed")
        return redirect("partnerships:version-detail", version_id=version.public_id)
    initial = {field: getattr(version, field) for field, _h, _hint in PLAN_SECTIONS}
    form = PlanDraftForm(request.POST or None, initial={**initial, "revision": version.revision})
    context: dict[str, Any] = {"version": version, "plan": version.plan, "latest": []}

    def refused(error: DomainError) -> PlanDraftForm:
        """Someone else saved the draft meanwhile: show the sections they changed, and keep the
        writer's text on a form now based on theirs."""
        if not isinstance(error, StaleEdit):
            apply_domain_error(form, error)
            return form
        version.refresh_from_db()
        context["latest"] = [
            {"heading": heading, "text": getattr(version, field)}
            for field, heading, _hint in PLAN_SECTIONS
            if getattr(version, field) != form.cleaned_data[field].strip()
        ]
        return _with_revision(PlanDraftForm, request, version.revision, error)

    return handle_form(
        request,
        form,
        call=lambda data: services.save_plan_draft(
            version, sections=form.sections(), revision=data["revision"], by=request.user
        ),
        success="Draft saved",
        next_url=_version_url(version),
        template="partnerships/version_edit.html",
        context=context,
        refused=refused,
    )


@require_POST
def version_approve(request: HttpRequest, version_id: str) -> HttpResponse:
    today = _today()
    version = selectors.get_version_or_404(request.user, version_id, today=today, manage=True)
    form = ApprovePlanForm(
        request.POST, meetings=selectors.held_meetings_for_approval(version.plan.board)
    )
    return handle_record_form(
        request,
        version,
        form,
        services.approve_plan_version,
        success="Approval by the board recorded",
        next_url=_version_url(version),
        template="partnerships/version_detail.html",
        context={**documents.laip_context(version, today=today), "can_manage": True},
        refused_status=400,
    )


def _version_move(
    request: HttpRequest, version_id: str, *, move: Any, success: str
) -> HttpResponse:
    version = selectors.get_version_or_404(request.user, version_id, today=_today(), manage=True)
    return handle_action(
        request,
        lambda: move(version, by=request.user),
        success=success,
        next_url=_version_url(version),
    )


@require_POST
def version_publish(request: HttpRequest, version_id: str) -> HttpResponse:
    return _version_move(
        request, version_id, move=services.publish_plan_version, success="Published"
    )


@require_POST
def version_retry_pdf(request: HttpRequest, version_id: str) -> HttpResponse:
    return _version_move(
        request,
        version_id,
        move=services.retry_plan_pdf,
        success="Preparing the PDF again. Refresh this page in a moment.",
    )


@require_POST
def version_return_to_draft(request: HttpRequest, version_id: str) -> HttpResponse:
    return _version_move(
        request, version_id, move=services.return_to_draft, success="Returned to draft"
    )


# --- Public pages: published plans only, no sign-in -----------------------------------------------


@login_not_required
def public_plan_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnerships/public_plan_list.html",
        {"plans": selectors.published_plans()[:100]},
    )


@login_not_required
def public_plan(request: HttpRequest, plan_id: str, number: int | None = None) -> HttpResponse:
    today = _today()
    version = selectors.get_published_version_or_404(plan_id, number)
    published = list(
        selectors.published_versions()
        .filter(plan=version.plan)
        .order_by("-number")
        .values("number", "published_at")
    )
    return render(
        request,
        "partnerships/public_plan.html",
        {
            **documents.laip_context(version, today=today),
            "published": published,
            "is_latest": published[0]["number"] == version.number,
            "pdf": _plan_pdf(version),
            "progress": selectors.plan_progress(version.plan, today=today),
            "today": today,
            # Live indicators from the inclusion dashboard (dashboard app); empty until it is built.
            "indicators": [],
        },
    )


def _plan_pdf(version: PlanVersion) -> PlanPdf | None:
    """The version's PDF record (selected with the version), if it has one."""
    try:
        return version.pdf
    except PlanPdf.DoesNotExist:
        return None


@login_not_required
def public_plan_pdf(request: HttpRequest, plan_id: str, number: int) -> HttpResponse:
    version = selectors.get_published_version_or_404(plan_id, number)
    filename = f"local-area-inclusion-plan-v{version.number}.pdf"
    stored = _plan_pdf(version)
    if stored is None or stored.status != PdfStatus.READY or not stored.file:
        # Still being prepared (or it could not be): the page says so and offers no link.
        raise Http404("This PDF is not ready")
    response = FileResponse(
        stored.file.open("rb"), content_type="application/pdf", filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response

"""The plan editor: the task list of the national template, each section and row of the grid
(saved with no lost updates), the preview, and issuing the draft, the final plan and amendments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ehcp import forms as ehcp_forms
from ehcp import selectors, services
from ehcp.documents import render_plan_html
from ehcp.models import (
    GRID_SECTIONS,
    AdviceRow,
    GridArea,
    Plan,
    PlanRow,
    PlanStatus,
    PlanVersion,
)
from ehcp.views.pages import case_url, form_page, plan_url
from ehcp.workflow import CASE
from sendcpp import access
from sendcpp.access import Action
from sendcpp.exceptions import DomainError
from sendcpp.models import Stage
from sendcpp.web.editing import handle_edit

# --- The plan -------------------------------------------------------------------------------------


def plan_page(request: HttpRequest, plan_id: str) -> HttpResponse:
    """The plan's task list: each section of the national template with its status."""
    # The buttons' rights are read with the case, in one query.
    rights = (Action.EDIT, Action.TRANSITION)
    plan = selectors.get_plan_or_404(request.user, plan_id, rights=rights)
    response = selectors.draft_response(plan)
    return render(
        request,
        "ehcp/plan.html",
        {
            "plan": plan,
            "case": plan.case,
            "tasks": selectors.plan_tasks(plan),
            "can_edit": plan.is_editable and plan.case.rights[Action.EDIT],
            "can_issue": plan.case.rights[Action.TRANSITION],
            "versions": selectors.latest_versions(plan),
            "may_consult": CASE.allows(plan.case.stage, Stage.CONSULTATION),
            "may_name_setting": plan.status
            in {PlanStatus.DRAFT_ISSUED, PlanStatus.AMENDING, PlanStatus.AMENDMENT_ISSUED},
            **response,
        },
    )


def _edit_plan(
    request: HttpRequest,
    plan: Plan,
    form: forms.Form,
    *,
    call: Callable[[dict[str, Any]], Any],
    success: str,
    next_url: str | Callable[[Any], str],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Save a change to the working copy. The form carries the plan's ``lock_version``: if
    someone else saved in between, the save is refused, their saved plan is shown, and this
    person's text stays in the form, now carrying on from the saved plan."""

    def reload() -> tuple[int, dict[str, Any]]:
        plan.refresh_from_db()
        return plan.lock_version, {"stale": True, "current": plan}

    return handle_edit(
        request,
        form,
        version_field="lock_version",
        reload=reload,
        call=call,
        success=success,
        next_url=next_url,
        template=template,
        context={"plan": plan, "case": plan.case, **context},
    )


@require_http_methods(["GET", "POST"])
def plan_section(request: HttpRequest, plan_id: str, section: str) -> HttpResponse:
    """Edit one section of the working copy."""
    if section not in ehcp_forms.SECTION_FORMS:
        raise Http404("No such section")
    plan = selectors.get_plan_or_404(request.user, plan_id, Action.EDIT)
    title, form_class = ehcp_forms.SECTION_FORMS[section]
    fields = services.PLAN_SECTION_FIELDS[section]
    initial = {name: getattr(plan, name) for name in fields} | {"lock_version": plan.lock_version}
    return _edit_plan(
        request,
        plan,
        form_class(request.POST or None, initial=initial),
        call=lambda data: services.update_plan_section(
            plan,
            section=section,
            values=data,
            lock_version=data["lock_version"],
            by=request.user,
        ),
        success=f"{title}: saved",
        next_url=plan_url(plan),
        template="ehcp/plan_section.html",
        context={
            "title": title,
            "fields": fields,
            "caption": f"{plan.case.child.full_name}, case {plan.case.reference}",
            "back_url": plan_url(plan),
            "back_text": "Back to the plan",
        },
    )


def _area_or_404(area: str) -> GridArea:
    if area not in GridArea.values:
        raise Http404("No such area")
    return GridArea(area)


@require_http_methods(["GET", "POST"])
def plan_area(request: HttpRequest, plan_id: str, area: str) -> HttpResponse:
    """One block of the grid: the strengths box and the rows of need, provision and outcome,
    each with its wording warnings."""
    grid_area = _area_or_404(area)
    plan = selectors.get_plan_or_404(request.user, plan_id)
    can_edit = plan.is_editable and access.can(request.user, Action.EDIT, plan.case)
    if request.method == "POST":
        access.require(can_edit)
    form = ehcp_forms.AreaStrengthsForm(
        request.POST or None,
        initial={"text": plan.area_strengths.get(area, ""), "lock_version": plan.lock_version},
    )
    rows = PlanRow.objects.filter(plan=plan, area=area).select_related(
        "source_advice_row__submission__request"
    )
    return _edit_plan(
        request,
        plan,
        form,
        call=lambda data: services.update_area_strengths(
            plan,
            area=area,
            text=data["text"],
            lock_version=data["lock_version"],
            by=request.user,
        ),
        success="Strengths saved",
        next_url=_area_url(plan, area),
        template="ehcp/plan_area.html",
        context={
            "area": grid_area,
            "sections": _sections_label(grid_area),
            "rows": selectors.with_warnings(rows),
            "can_edit": can_edit,
            "advice_available": selectors.advice_rows_available(plan, area).exists(),
        },
    )


def _area_url(plan: Plan, area: str) -> str:
    return reverse("ehcp:plan-area", kwargs={"plan_id": plan.public_id, "area": area})


def _sections_label(area: GridArea) -> str:
    need, provision, outcome = GRID_SECTIONS[area]
    provision = "H1 or H2" if provision == "H" else provision
    return f"{need}, {provision} and {outcome}"


@require_http_methods(["GET", "POST"])
def plan_row(
    request: HttpRequest, plan_id: str, area: str = "", row_id: int | None = None
) -> HttpResponse:
    """Add or change a row of the grid; the wording warnings show as the person writes."""
    plan = selectors.get_plan_or_404(request.user, plan_id, Action.EDIT)
    row = None
    if row_id is not None:
        row = PlanRow.objects.filter(plan=plan, pk=row_id).first()
        if row is None:
            raise Http404("No such row")
        area = row.area
    grid_area = _area_or_404(area)
    initial: dict[str, Any] = {"area": grid_area.value, "lock_version": plan.lock_version}
    if row is not None:
        initial |= {name: getattr(row, name) for name in services.PLAN_ROW_FIELDS}
    form = ehcp_forms.PlanRowForm(request.POST or None, initial=initial)
    return _edit_plan(
        request,
        plan,
        form,
        call=lambda data: services.save_plan_row(
            plan, row=row, values=data, lock_version=data["lock_version"], by=request.user
        ),
        success="Row saved",
        next_url=lambda _saved: _area_url(plan, form.cleaned_data["area"]),
        template="ehcp/plan_row.html",
        context={
            "area": grid_area,
            "row": row,
            "warnings": selectors.with_warnings([row])[0].warnings if row is not None else [],
        },
    )


@require_http_methods(["GET", "POST"])
def plan_row_delete(request: HttpRequest, plan_id: str, row_id: int) -> HttpResponse:
    plan = selectors.get_plan_or_404(request.user, plan_id, Action.EDIT)
    row = PlanRow.objects.filter(plan=plan, pk=row_id).first()
    if row is None:
        raise Http404("No such row")
    form = ehcp_forms.DeleteRowForm(
        request.POST or None, initial={"lock_version": plan.lock_version}
    )
    return form_page(
        request,
        form,
        call=lambda data: services.delete_plan_row(
            plan, row=row, lock_version=data["lock_version"], by=request.user
        ),
        success="Row removed",
        next_url=_area_url(plan, row.area),
        context={
            "case": plan.case,
            "title": "Remove this row from the plan?",
            "intro": [row.need or row.provision_what or row.outcome],
            "submit": "Remove the row",
            "warning_button": True,
            "back_url": _area_url(plan, row.area),
        },
    )


def _advice_row_label(row: AdviceRow) -> str:
    request = row.submission.request
    return (
        f"{row.need or row.provision_what or row.outcome} "
        f"(from {request.get_kind_display().lower()}, {row.submission.advisor_name})"
    )


@require_http_methods(["GET", "POST"])
def plan_pull_advice(request: HttpRequest, plan_id: str, area: str) -> HttpResponse:
    """Choose rows of the advice received to copy into this area of the plan."""
    _area_or_404(area)
    plan = selectors.get_plan_or_404(request.user, plan_id, Action.EDIT)
    available = list(selectors.advice_rows_available(plan, area))
    form = ehcp_forms.PullAdviceForm(
        request.POST or None,
        choices=[(str(row.pk), _advice_row_label(row)) for row in available],
        initial={"lock_version": plan.lock_version},
    )
    back = _area_url(plan, area)
    return form_page(
        request,
        form,
        call=lambda data: services.pull_advice_into_plan(
            plan,
            advice_rows=[row for row in available if str(row.pk) in data["rows"]],
            lock_version=data["lock_version"],
            by=request.user,
        ),
        success="Advice added to the plan. Check the wording of each row.",
        next_url=back,
        context={
            "case": plan.case,
            "title": f"Use advice in {GridArea(area).label.lower()}",
            "intro": [
                "Each row keeps a reference to the advice it came from (section K)."
                if available
                else "No advice has been received for this area yet."
            ],
            "submit": "Add to the plan",
            "back_url": back,
        },
    )


def plan_preview(request: HttpRequest, plan_id: str) -> HttpResponse:
    """The working copy laid out as the issued plan will be (the same HTML the PDF is made from)."""
    plan = selectors.get_plan_or_404(request.user, plan_id)
    version = selectors.working_copy(plan, by=request.user)
    html = render_plan_html(version, back_url=plan_url(plan))
    return HttpResponse(html)


def _check_answers(plan: Plan) -> dict[str, Any]:
    tasks = selectors.plan_tasks(plan)
    return {
        "tasks": tasks,
        "row_warnings": selectors.row_warnings(plan),
        "warning_count": sum(task.warnings for task in tasks),
        "k_rows": selectors.k_section(plan.case),
    }


#: Issuing a version: the form, the service and its date argument, the page title, the message.
_ISSUE_STEPS: dict[str, tuple[type[forms.Form], Callable[..., PlanVersion], str, str, str]] = {
    "draft": (
        ehcp_forms.IssueDraftForm,
        services.issue_draft_plan,
        "served_on",
        "Check the plan, then send the draft",
        "Draft plan sent to the family.",
    ),
    "final": (
        ehcp_forms.IssueFinalForm,
        services.issue_final_plan,
        "issued_on",
        "Check the plan, then issue the final plan",
        "Final plan issued.",
    ),
    "amendments": (
        ehcp_forms.AmendmentNoticeForm,
        services.issue_amendment_notice,
        "sent_on",
        "Check the changes, then send the proposed amendments",
        "Proposed amendments sent.",
    ),
}


@require_http_methods(["GET", "POST"])
def plan_issue(request: HttpRequest, plan_id: str, what: str) -> HttpResponse:
    """Check answers, then issue: the draft, the final plan, or the proposed amendments."""
    if what not in _ISSUE_STEPS:
        raise Http404("No such step")
    plan = selectors.get_plan_or_404(request.user, plan_id, Action.TRANSITION)
    form_class, service, date_name, title, success = _ISSUE_STEPS[what]
    form = form_class(request.POST or None, initial={date_name: timezone.localdate()})
    return form_page(
        request,
        form,
        call=lambda data: service(plan, by=request.user, **{date_name: data[date_name]}),
        success=success,
        next_url=lambda version: reverse("ehcp:version", kwargs={"version_id": version.public_id}),
        template="ehcp/plan_check.html",
        context={
            "plan": plan,
            "case": plan.case,
            "title": title,
            "what": what,
            "back_url": plan_url(plan),
            "back_text": "Back to the plan",
            **_check_answers(plan),
            **selectors.draft_response(plan),
        },
    )


@require_POST
def plan_consult(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = selectors.get_plan_or_404(request.user, plan_id, Action.TRANSITION)
    try:
        services.begin_setting_consultation(plan, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Consultation with settings started.")
    return redirect("ehcp:plan", plan_id=plan.public_id)


@require_http_methods(["GET", "POST"])
def plan_name_setting(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = selectors.get_plan_or_404(request.user, plan_id, Action.TRANSITION)
    form = ehcp_forms.NameSettingForm(
        request.POST or None,
        initial={
            "setting": plan.placement_setting_id,
            "placement_type": plan.placement_type,
            "placement_pattern": plan.placement_pattern,
        },
    )
    return form_page(
        request,
        form,
        call=lambda data: services.name_setting_in_plan(plan, **data, by=request.user),
        success="Setting named in section I.",
        next_url=plan_url(plan),
        context={
            "case": plan.case,
            "title": "Name the setting in section I",
            "intro": [
                "Name the setting once the settings have been consulted. The family's preference "
                "is on the plan page."
            ],
            "submit": "Name the setting",
            "back_url": plan_url(plan),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_not_amending(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = selectors.get_plan_or_404(request.user, plan_id, Action.TRANSITION)
    form = ehcp_forms.NotAmendingForm(
        request.POST or None, initial={"decided_on": timezone.localdate()}
    )
    return form_page(
        request,
        form,
        call=lambda data: services.decide_not_to_amend(plan, **data, by=request.user),
        success="Decision not to amend recorded.",
        next_url=case_url(plan.case),
        context={
            "case": plan.case,
            "title": "Decide not to amend the plan after all",
            "intro": ["The family can appeal against a decision not to amend the plan."],
            "submit": "Record the decision",
            "back_url": plan_url(plan),
        },
    )

"""HTML pages for support in schools and settings. Thin: find the record through ``selectors``
(404 for missing and forbidden alike), call one service through the HTML kit, render."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sendcpp import access
from sendcpp.access import Action
from sendcpp.needs import BroadArea
from sendcpp.web.editing import handle_edit
from sendcpp.web.handling import handle_action, handle_form, posted
from support import access as support_access
from support import documents, forms, selectors, services
from support.models import (
    Delivered,
    DeliveryLine,
    Exclusion,
    SupportPlanRow,
    SupportPlanStatus,
    Tier1Episode,
)

GET_POST = ["GET", "POST"]


def _today() -> date:
    return timezone.localdate()


def _plan_url(plan: Any) -> str:
    return reverse("support:plan", kwargs={"plan_id": plan.public_id})


def _child_url(child: Any) -> str:
    return reverse("support:child", kwargs={"child_id": child.public_id})


# --- Home -----------------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    """What each person does here: a SENCO their setting's children and reviews due; LA staff
    the evidence sent with requests and the shortfalls to follow up; a family their children's
    plans."""
    user = request.user
    today = _today()
    if support_access.setting_of(user) is not None:
        return render(
            request,
            "support/setting_home.html",
            {
                "children": selectors.setting_children(user),
                "due": selectors.reviews_due(user, today),
                "at_risk": selectors.at_risk_without_tier1(user),
                "to_confirm": support_access.ehc_plans_to_confirm(user).select_related(
                    "case__child"
                ),
                "today": today,
            },
        )
    if access.is_family(user):
        return render(
            request,
            "support/family_home.html",
            {"plans": selectors.plans_for(user).order_by("-started_on", "id")},
        )
    if access.is_la_staff(user):
        return render(
            request,
            "support/staff_home.html",
            {
                "evidence": selectors.evidence_inbox(user)[:50],
                "shortfalls": selectors.shortfalls_to_follow_up(user)[:100],
                "is_manager": access.is_manager(user),
            },
        )
    raise Http404("Not found")


def standards(request: HttpRequest) -> HttpResponse:
    if not (support_access.setting_of(request.user) or access.is_la_staff(request.user)):
        raise Http404("Not found")
    return render(
        request,
        "support/standards.html",
        {
            "groups": selectors.standards_by_area(),
            "source": selectors.standards_source(),
            "can_load": access.is_manager(request.user),
        },
    )


@require_http_methods(GET_POST)
def standards_upload(request: HttpRequest) -> HttpResponse:
    """A SEND manager replaces the standards with the authority's own file."""
    access.require(access.is_manager(request.user))
    form = forms.StandardsFileForm(posted(request), request.FILES or None)
    return handle_form(
        request,
        form,
        call=lambda data: services.load_standards_upload(data["file"].read(), by=request.user),
        success=lambda loaded: (
            f"Standards loaded: {loaded.added} added, {loaded.changed} changed, "
            f"{loaded.retired} retired"
        ),
        next_url=reverse("support:standards"),
        context={
            "title": "Load the authority's standards",
            "intro": "Plans keep the standards they drew on: a standard left out of the new "
            "file is retired, not deleted.",
            "submit": "Load the standards",
            "multipart": True,
            "back_url": reverse("support:standards"),
            "cancel_url": reverse("support:standards"),
        },
    )


# --- A child at the setting ---------------------------------------------------------------------


def child(request: HttpRequest, child_id: str) -> HttpResponse:
    the_child = selectors.get_child_or_404(request.user, child_id)
    may_edit = support_access.children_for(request.user, Action.EDIT).filter(pk=the_child.pk)
    return render(
        request,
        "support/child.html",
        {
            "child": the_child,
            "plans": selectors.plans_for(request.user).filter(child=the_child),
            "exclusions": access.records_for(
                request.user, Exclusion.objects.filter(child=the_child)
            ),
            "episodes": access.records_for(
                request.user, Tier1Episode.objects.filter(child=the_child)
            ),
            "flag": the_child.at_risk_flags.filter(cleared_on__isnull=True).first(),
            "can_edit": may_edit.exists(),
            "has_active_plan": the_child.support_plans.filter(
                status=SupportPlanStatus.ACTIVE
            ).exists(),
        },
    )


def _child_form(
    request: HttpRequest,
    child_id: str,
    form_class: Any,
    service: Any,
    *,
    title: str,
    submit: str,
    success: str,
) -> HttpResponse:
    the_child = selectors.get_child_or_404(request.user, child_id, Action.EDIT)
    return handle_form(
        request,
        form_class(posted(request)),
        call=lambda data: service(the_child, by=request.user, **data),
        success=success,
        next_url=_child_url(the_child),
        context={
            "title": title,
            "caption": the_child.full_name,
            "submit": submit,
            "back_url": _child_url(the_child),
            "cancel_url": _child_url(the_child),
        },
    )


@require_http_methods(GET_POST)
def plan_new(request: HttpRequest, child_id: str) -> HttpResponse:
    the_child = selectors.get_child_or_404(request.user, child_id, Action.EDIT)
    return handle_form(
        request,
        forms.PlanForm(posted(request)),
        call=lambda data: services.write_plan(the_child, by=request.user, **data),
        success="Support plan started: now add the needs, provision and outcomes",
        next_url=_plan_url,
        context={
            "title": "Write a support plan",
            "caption": the_child.full_name,
            "submit": "Start the plan",
            "back_url": _child_url(the_child),
        },
    )


@require_http_methods(GET_POST)
def exclusion_add(request: HttpRequest, child_id: str) -> HttpResponse:
    return _child_form(
        request,
        child_id,
        forms.ExclusionForm,
        services.record_exclusion,
        title="Record a suspension, part-time timetable or exclusion",
        submit="Record it",
        success="Recorded",
    )


@require_http_methods(GET_POST)
def tier1_add(request: HttpRequest, child_id: str) -> HttpResponse:
    return _child_form(
        request,
        child_id,
        forms.Tier1Form,
        services.record_tier1,
        title="Record tier 1 support",
        submit="Record the support",
        success="Tier 1 support recorded",
    )


@require_http_methods(GET_POST)
def flag_raise(request: HttpRequest, child_id: str) -> HttpResponse:
    return _child_form(
        request,
        child_id,
        forms.FlagForm,
        services.raise_flag,
        title="Flag as at risk of exclusion",
        submit="Flag the child",
        success="Flagged as at risk of exclusion: record the tier 1 support they will get",
    )


@require_POST
def flag_clear(request: HttpRequest, flag_id: str) -> HttpResponse:
    flag = selectors.get_flag_or_404(request.user, flag_id)
    url = _child_url(flag.child)
    return handle_action(
        request,
        lambda: services.clear_flag(flag, by=request.user),
        success="The flag is cleared",
        next_url=url,
    )


# --- A support plan --------------------------------------------------------------------------------


def plan(request: HttpRequest, plan_id: str) -> HttpResponse:
    the_plan = selectors.get_plan_or_404(request.user, plan_id)
    can_edit = (
        access.can(request.user, Action.EDIT, the_plan)
        and the_plan.status == SupportPlanStatus.ACTIVE
    )
    return render(
        request,
        "support/plan.html",
        {
            "plan": the_plan,
            "areas": selectors.rows_with_warnings(the_plan),
            "reviews": the_plan.reviews.select_related("reviewed_by").order_by("reviewed_on"),
            "comments": the_plan.comments.select_related("author"),
            "transfers": the_plan.transfers.select_related("from_setting", "to_setting"),
            "evidence": access.records_for(request.user, the_plan.evidence.all()),
            "can_edit": can_edit,
            "views_url": reverse("support:plan-views", args=[the_plan.public_id])
            if can_edit
            else "",
            "review_url": reverse("support:plan-review", args=[the_plan.public_id])
            if can_edit
            else "",
            "can_comment": access.can(request.user, Action.CONTRIBUTE, the_plan),
            "is_staff": access.is_la_staff(request.user),
            "today": _today(),
            "broad_areas": BroadArea.choices,
            "source": selectors.standards_source(),
        },
    )


def _plan_form(
    request: HttpRequest,
    plan_id: str,
    form: Any,
    call: Any,
    *,
    title: str,
    submit: str,
    success: str,
    action: Action = Action.EDIT,
    template: str = "form_page.html",
    **extra: Any,
) -> HttpResponse:
    the_plan = selectors.get_plan_or_404(request.user, plan_id, action)
    built = form(the_plan) if callable(form) and not hasattr(form, "is_valid") else form
    return handle_form(
        request,
        built,
        call=lambda data: call(the_plan, data),
        success=success,
        next_url=_plan_url(the_plan),
        template=template,
        context={
            "title": title,
            "caption": f"Support plan for {the_plan.child.full_name}",
            "submit": submit,
            "back_url": _plan_url(the_plan),
            "cancel_url": _plan_url(the_plan),
            "plan": the_plan,
            **extra,
        },
    )


@require_http_methods(GET_POST)
def plan_views(request: HttpRequest, plan_id: str) -> HttpResponse:
    """The views and strengths, which the SENCO and colleagues may edit at once: a save based
    on an older copy is refused and the page shows what was saved since."""
    the_plan = selectors.get_plan_or_404(request.user, plan_id, Action.EDIT)
    initial = {
        "lock_version": the_plan.lock_version,
        "child_views": the_plan.child_views,
        "family_views": the_plan.family_views,
        "strengths": the_plan.strengths,
    }

    def reload() -> tuple[int, dict[str, Any]]:
        the_plan.refresh_from_db()
        return the_plan.lock_version, {
            "intro": (
                "Someone saved these since you opened them. They now say: "
                f"what the child says: {the_plan.child_views or 'nothing'}; what the family "
                f"says: {the_plan.family_views or 'nothing'}; strengths: "
                f"{the_plan.strengths or 'nothing'}. Save again to replace them with yours."
            )
        }

    return handle_edit(
        request,
        forms.ViewsForm(posted(request), initial=initial),
        version_field="lock_version",
        reload=reload,
        call=lambda data: services.update_plan(the_plan, by=request.user, **data),
        success="Saved",
        next_url=_plan_url(the_plan),
        context={
            "title": "Views and strengths",
            "caption": f"Support plan for {the_plan.child.full_name}",
            "submit": "Save",
            "back_url": _plan_url(the_plan),
            "cancel_url": _plan_url(the_plan),
        },
    )


@require_http_methods(GET_POST)
def row_add(request: HttpRequest, plan_id: str, area: str) -> HttpResponse:
    if area not in BroadArea.values:
        raise Http404("No such area")
    label = BroadArea(area).label

    def call(the_plan: Any, data: dict[str, Any]) -> Any:
        standard = data.pop("standard", None)
        return services.add_row(the_plan, values=data, standard=standard, by=request.user)

    return _plan_form(
        request,
        plan_id,
        forms.RowForm(posted(request), area=area),
        call,
        title=f"{label}: add a need, provision and outcome",
        submit="Add to the plan",
        success="Added to the plan",
        template="support/row_form.html",
        source=selectors.standards_source(),
    )


@require_POST
def row_remove(request: HttpRequest, plan_id: str, row_id: int) -> HttpResponse:
    the_plan = selectors.get_plan_or_404(request.user, plan_id, Action.EDIT)
    row = SupportPlanRow.objects.filter(plan=the_plan, pk=row_id).first()
    if row is None:
        raise Http404("No such row")
    return handle_action(
        request,
        lambda: services.remove_row(the_plan, row=row, by=request.user),
        success="Removed from the plan",
        next_url=_plan_url(the_plan),
    )


@require_http_methods(GET_POST)
def plan_review(request: HttpRequest, plan_id: str) -> HttpResponse:
    return _plan_form(
        request,
        plan_id,
        forms.ReviewForm(posted(request)),
        lambda the_plan, data: services.record_review(the_plan, by=request.user, **data),
        title="Review the plan",
        submit="Record the review",
        success="Review recorded",
    )


@require_http_methods(GET_POST)
def plan_evidence(request: HttpRequest, plan_id: str) -> HttpResponse:
    the_plan = selectors.get_plan_or_404(request.user, plan_id, Action.EDIT)
    return handle_form(
        request,
        forms.EvidenceForm(posted(request)),
        call=lambda data: services.send_evidence(the_plan, by=request.user, **data),
        success="Sent to the local authority with the plan's history",
        next_url=lambda evidence: reverse(
            "support:evidence", kwargs={"evidence_id": evidence.public_id}
        ),
        template="support/evidence_form.html",
        context={
            "title": "Send the plan's history with a request for an EHC needs assessment",
            "caption": f"Support plan for {the_plan.child.full_name}",
            "submit": "Send to the local authority",
            "back_url": _plan_url(the_plan),
            "cancel_url": _plan_url(the_plan),
            "summary": selectors.plan_history(the_plan),
        },
    )


@require_http_methods(GET_POST)
def plan_move(request: HttpRequest, plan_id: str) -> HttpResponse:
    def form(the_plan: Any) -> forms.TransferForm:
        return forms.TransferForm(
            posted(request), child_id=the_plan.child_id, exclude_setting=the_plan.setting_id
        )

    return _plan_form(
        request,
        plan_id,
        form,
        lambda the_plan, data: services.transfer_plan(the_plan, by=request.user, **data),
        title="Move the plan to the child's new setting",
        submit="Move the plan",
        success="The plan has moved to the new setting",
        intro=(
            "The plan goes to the new setting only with the family's consent. Once it moves, "
            "your setting can no longer see it."
        ),
    )


@require_http_methods(GET_POST)
def plan_close(request: HttpRequest, plan_id: str) -> HttpResponse:
    return _plan_form(
        request,
        plan_id,
        forms.CloseForm(posted(request)),
        lambda the_plan, data: services.close_plan(the_plan, by=request.user, **data),
        title="Close the plan",
        submit="Close the plan",
        success="The plan is closed",
    )


@require_http_methods(GET_POST)
def plan_comment(request: HttpRequest, plan_id: str) -> HttpResponse:
    return _plan_form(
        request,
        plan_id,
        forms.CommentForm(posted(request)),
        lambda the_plan, data: services.comment_on_plan(the_plan, by=request.user, **data),
        title="Comment on the plan",
        submit="Send your comment",
        success="Your comment has been sent to the school",
        action=Action.CONTRIBUTE,
    )


def plan_pdf(request: HttpRequest, plan_id: str) -> HttpResponse:
    the_plan = selectors.get_plan_or_404(request.user, plan_id)
    response = HttpResponse(documents.plan_pdf(the_plan), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="support-plan.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def evidence(request: HttpRequest, evidence_id: str) -> HttpResponse:
    item = selectors.get_evidence_or_404(request.user, evidence_id)
    return render(
        request,
        "support/evidence.html",
        {"item": item, "summary": item.summary, "is_staff": access.is_la_staff(request.user)},
    )


# --- Provision delivered as section F says ---------------------------------------------------------


@require_http_methods(GET_POST)
def delivery_confirm(request: HttpRequest, plan_id: str) -> HttpResponse:
    ehc_plan = selectors.get_ehc_plan_to_confirm_or_404(request.user, plan_id)
    rows = services.section_f_rows(ehc_plan)
    form = forms.DeliveryForm(posted(request), rows=rows, terms=forms.term_choices(_today()))

    def call(data: dict[str, Any]) -> Any:
        year, term = data["term"].split(":")
        lines = [
            services.LineInput(
                row=row,
                delivered=data[f"row-{row.pk}-delivered"],
                sessions_specified=data[f"row-{row.pk}-specified"],
                sessions_delivered=data[f"row-{row.pk}-done"],
                reason=data[f"row-{row.pk}-reason"] or "",
            )
            for row in rows
        ]
        return services.confirm_delivery(
            ehc_plan, school_year=int(year), term=term, lines=lines, by=request.user
        )

    return handle_form(
        request,
        form,
        call=call,
        success="Thank you: the term's delivery is confirmed",
        next_url=lambda made: reverse("support:delivery", kwargs={"delivery_id": made.public_id}),
        template="support/delivery_form.html",
        context={
            "title": "Confirm the provision delivered this term",
            "caption": ehc_plan.case.child.full_name,
            "back_url": reverse("support:index"),
            "submit": "Confirm delivery",
        },
    )


def delivery(request: HttpRequest, delivery_id: str) -> HttpResponse:
    made = selectors.get_delivery_or_404(request.user, delivery_id)
    can_follow_up = access.can(request.user, Action.EDIT, made)
    return render(
        request,
        "support/delivery.html",
        {
            "delivery": made,
            "lines": made.lines.select_related("followed_up_by"),
            "can_follow_up": can_follow_up,
            "is_staff": access.is_la_staff(request.user),
        },
    )


@require_http_methods(GET_POST)
def follow_up(request: HttpRequest, delivery_id: str, line_id: int) -> HttpResponse:
    made = selectors.get_delivery_or_404(request.user, delivery_id, Action.EDIT)
    line = (
        DeliveryLine.objects.filter(delivery=made, pk=line_id)
        .exclude(delivered=Delivered.FULLY)
        .first()
    )
    if line is None:
        raise Http404("No such shortfall")
    url = reverse("support:delivery", kwargs={"delivery_id": made.public_id})
    return handle_form(
        request,
        forms.FollowUpForm(posted(request)),
        call=lambda data: services.follow_up_shortfall(line, by=request.user, **data),
        success="Follow-up recorded",
        next_url=url,
        context={
            "title": "Follow up a shortfall",
            "caption": made.case.child.full_name,
            "intro": f"{line.get_delivered_display()}: {line.provision}. Reason given: {line.reason}",
            "submit": "Record the follow-up",
            "back_url": url,
            "cancel_url": url,
        },
    )


# --- Reports --------------------------------------------------------------------------------------


def reports(request: HttpRequest) -> HttpResponse:
    """Managers' figures: delivery rates, preventable exclusions, suspension rates and which
    standards the plans draw on."""
    user = request.user
    access.require(access.is_manager(user))
    la = user.organisation  # type: ignore[union-attr]
    today = _today()
    year_start = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    return render(
        request,
        "support/reports.html",
        {
            "rates": selectors.delivery_rates(la),
            "figures": selectors.exclusion_figures(la, starts_on=year_start, ends_on=today),
            "movements": selectors.tier_movements(
                la, starts_on=year_start, ends_on=date(year_start.year + 1, 8, 31), today=today
            ),
            "year_start": year_start,
            "today": today,
            "standards_use": selectors.standards_use(la),
            "standards_by_setting": selectors.standards_by_setting(la),
            "source": selectors.standards_source(),
        },
    )

"""HTML views for panels. Thin: ask ``panels.selectors`` (which ask ``sendcpp.access``) for the
record, call one service, render. What a person may not see or do answers 404."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods, require_POST

from panels import analytics, forms, quorum, selectors, services
from panels.letters import is_appealable
from panels.models import (
    DecisionCriterion,
    DecisionKind,
    ItemStatus,
    MeetingStatus,
    Panel,
)
from sendcpp import access
from sendcpp.exceptions import DomainError
from sendcpp.models import Organisation, StaffProfile, User
from sendcpp.rows import deadline_cell
from sendcpp.web.handling import handle_action, handle_form, posted
from sendcpp.web.rows import Addresses, cell, link, small, table_rows


def _form_context(page: dict[str, Any]) -> dict[str, Any]:
    """The shared form page's context for a panels form: back to (and cancel to) the record the
    form is about, named in the caption; ``hint`` is the page's introduction."""
    back, meeting, decision, panel = (page.get(k) for k in ("back", "meeting", "decision", "panel"))
    if back:
        back_url = reverse(back)
    elif meeting:
        back_url = reverse("panels:meeting-detail", kwargs={"meeting_id": meeting.public_id})
    elif decision:
        back_url = reverse("panels:decision-detail", kwargs={"decision_id": decision.public_id})
    elif panel:
        back_url = reverse("panels:panel-detail", kwargs={"panel_id": panel.public_id})
    else:
        back_url = reverse("panels:index")
    if meeting:
        caption = str(meeting)
    elif panel:
        caption = str(panel)
    elif decision:
        caption = f"Case {decision.case.reference}"
    else:
        caption = ""
    return {
        **page,
        "back_url": back_url,
        "cancel_url": back_url,
        "caption": caption,
        "intro": page.get("hint", ""),
    }


def _la_id(request: HttpRequest) -> int | None:
    return getattr(request.user, "organisation_id", None)


def _owners(case_la_id: int) -> Any:
    return User.objects.filter(
        is_active=True,
        organisation_id=case_la_id,
        staff_profile__role__in=[StaffProfile.Role.COORDINATOR, StaffProfile.Role.MANAGER],
    ).order_by("last_name", "first_name", "id")


# --- Panels ---------------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    """The panels a person sits on (or configures) and the meetings coming up."""
    access.require(access.is_la_staff(request.user))
    panels = selectors.panels_for(request.user).annotate(
        member_count=Count("members", filter=Q(members__left_on__isnull=True))
    )
    meetings = (
        selectors.meetings_for(request.user)
        .exclude(status=MeetingStatus.CLOSED)
        .select_related("panel")
        .annotate(item_count=Count("items", filter=~Q(items__status=ItemStatus.WITHDRAWN)))
        .order_by("starts_at", "id")[:50]
    )
    return render(
        request,
        "panels/index.html",
        {
            "panels": panels[:100],
            "meetings": meetings,
            "can_configure": selectors.may_configure(request.user, _la_id(request)),
            "is_manager": access.is_manager(request.user),
        },
    )


def _council_setup(
    request: HttpRequest,
    form_class: type[django_forms.Form],
    service: Callable[..., Any],
    *,
    success: str,
    next_url: str | Callable[[Any], str],
    page: dict[str, Any],
) -> HttpResponse:
    """A form that sets up something of the person's own council (a panel, a funding band):
    the form's fields are the service's keyword arguments."""
    access.require(selectors.may_configure(request.user, _la_id(request)))
    return handle_form(
        request,
        form_class(posted(request)),
        call=lambda data: service(
            local_authority=request.user.organisation, by=request.user, **data
        ),
        success=success,
        next_url=next_url,
        context=_form_context(page),
    )


@require_http_methods(["GET", "POST"])
def panel_create(request: HttpRequest) -> HttpResponse:
    return _council_setup(
        request,
        forms.PanelForm,
        services.create_panel,
        success="Panel set up: now add its members",
        next_url=lambda panel: reverse("panels:panel-detail", kwargs={"panel_id": panel.public_id}),
        page={"title": "Set up a panel", "submit": "Set up panel", "back": "panels:index"},
    )


def panel_detail(request: HttpRequest, panel_id: str) -> HttpResponse:
    panel = selectors.get_panel_or_404(request.user, panel_id)
    meetings = (
        selectors.meetings_for(request.user)
        .filter(panel=panel)
        .annotate(
            item_count=Count("items", filter=~Q(items__status=ItemStatus.WITHDRAWN)),
            decided=Count("items", filter=Q(items__status=ItemStatus.DECIDED)),
        )
        .order_by("-starts_at", "-id")[:50]
    )
    from panels.quorum import MINIMUM_VOTING_MEMBERS, required_roles

    return render(
        request,
        "panels/panel_detail.html",
        {
            "panel": panel,
            "members": selectors.current_members(panel),
            "meetings": meetings,
            "can_configure": selectors.may_configure(request.user, panel.local_authority_id),
            "runs": selectors.runs_panel(request.user, panel),
            "required_roles": sorted(r.label for r in required_roles(panel.kind)),
            "minimum": MINIMUM_VOTING_MEMBERS,
        },
    )


def _configured_panel(request: HttpRequest, panel_id: str) -> Panel:
    panel = selectors.get_panel_or_404(request.user, panel_id)
    access.require(selectors.may_configure(request.user, panel.local_authority_id))
    return panel


@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, panel_id: str) -> HttpResponse:
    panel = _configured_panel(request, panel_id)
    form = forms.MemberForm(posted(request), users=selectors.eligible_members(panel))
    return handle_form(
        request,
        form,
        call=lambda data: services.add_panel_member(panel, by=request.user, **data),
        success="Member added",
        next_url=reverse("panels:panel-detail", kwargs={"panel_id": panel.public_id}),
        context=_form_context(
            {
                "title": f"Add a member to the {panel}",
                "submit": "Add member",
                "panel": panel,
            }
        ),
    )


def _member_action(
    request: HttpRequest, panel_id: str, member_id: str, service: Any, done: str
) -> HttpResponse:
    """A button on a member of the panel; ``done`` follows the member's name."""
    panel = _configured_panel(request, panel_id)
    member = selectors.get_member_or_404(request.user, panel, member_id)
    return handle_action(
        request,
        lambda: service(member, by=request.user),
        success=f"{member.user.display_name} {done}",
        next_url=reverse("panels:panel-detail", kwargs={"panel_id": panel.public_id}),
    )


@require_POST
def member_remove(request: HttpRequest, panel_id: str, member_id: str) -> HttpResponse:
    return _member_action(
        request, panel_id, member_id, services.remove_panel_member, "has left the panel"
    )


@require_POST
def member_make_chair(request: HttpRequest, panel_id: str, member_id: str) -> HttpResponse:
    return _member_action(request, panel_id, member_id, services.make_chair, "is now the chair")


# --- Meetings -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, panel_id: str) -> HttpResponse:
    panel = selectors.get_panel_or_404(request.user, panel_id)
    access.require(selectors.runs_panel(request.user, panel))
    form = forms.MeetingForm(posted(request))
    return handle_form(
        request,
        form,
        call=lambda data: services.schedule_meeting(
            panel,
            starts_at=form.starts_at(),
            location=data["location"],
            by=request.user,
        ),
        success="Meeting scheduled: now add cases to the agenda",
        next_url=lambda meeting: reverse(
            "panels:meeting-detail", kwargs={"meeting_id": meeting.public_id}
        ),
        context=_form_context(
            {
                "title": f"Schedule a meeting of the {panel}",
                "submit": "Schedule meeting",
                "panel": panel,
            }
        ),
    )


def _agenda_rows(
    items: list[Any], meeting: Any, *, runs: bool, member: bool, today: date, empty: str
) -> SafeString:
    """The agenda's table rows, written with the kit (``sendcpp.web.rows``) in one pass: the 40
    rows of a full agenda through the template engine were most of the meeting page's time."""
    item_url = Addresses("panels:item-detail")
    decision_url = Addresses("panels:decision-detail")
    decide_url = Addresses("panels:item-decide")
    withdraw_url = Addresses("panels:item-withdraw")
    conflict_url = Addresses("panels:item-conflict")

    def write(item: Any) -> list[SafeString]:
        reference = item.case.reference
        waiting = item.status == ItemStatus.WAITING
        actions = []
        if item.status == ItemStatus.DECIDED:
            actions.append(
                link(decision_url(item.decision.public_id), "Decision", hidden=f"on {reference}")
            )
        if runs and waiting and meeting.status == MeetingStatus.IN_PROGRESS:
            actions.append(
                link(decide_url(item.public_id), "Record decision", hidden=f"on {reference}")
            )
        if runs and waiting and meeting.status != MeetingStatus.CLOSED:
            actions.append(link(withdraw_url(item.public_id), "Take off", hidden=reference))
        if waiting and (member or runs):
            actions.append(
                link(conflict_url(item.public_id), "Declare conflict", hidden=f"on {reference}")
            )
        deadline = item.deadline
        conflicts = item.conflict_count
        return [
            cell(link(item_url(item.public_id), item.case.child.full_name), small(reference)),
            cell(item.get_decision_kind_display()),
            deadline_cell(
                deadline.rule_info.title if deadline else "",
                deadline.due_on if deadline else None,
                today,
            ),
            cell(
                item.get_status_display(),
                small(f"{conflicts} conflict{pluralize(conflicts)} of interest")
                if conflicts
                else "",
            ),
            cell(
                SafeString(
                    '<ul class="govuk-list govuk-!-margin-bottom-0">'
                    + "".join(f"<li>{action}</li>" for action in actions)
                    + "</ul>"
                )
            ),
        ]

    return table_rows(items, write, empty=empty, columns=5)


def meeting_detail(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = selectors.get_meeting_or_404(request.user, meeting_id)
    runs = selectors.runs_panel(request.user, meeting.panel)
    membership = selectors.current_membership(request.user, meeting.panel)
    today = timezone.localdate()
    # Read once: listed below the agenda, and counted for the quorum check.
    attendance = selectors.attendance_list(meeting)
    items = selectors.agenda(meeting, request.user)
    published = meeting.papers_are_published()
    return render(
        request,
        "panels/meeting_detail.html",
        {
            "meeting": meeting,
            "rows": _agenda_rows(
                items,
                meeting,
                runs=runs,
                member=membership is not None,
                today=today,
                empty="No cases on the agenda"
                + ("" if published or runs else " that you can see yet")
                + ".",
            ),
            "attendance": attendance,
            "quorum": selectors.check_meeting_quorum(meeting, attendance),
            "runs": runs,
            "membership": membership,
            "published": published,
            "today": today,
        },
    )


def _case_label(case: Any, today: date) -> str:
    deadlines = getattr(case, "open_deadlines", [])
    due = f"due {deadlines[0].due_on:%-d %b %Y}" if deadlines else "no deadline"
    return f"{case.reference}: {case.child.full_name} · {case.get_stage_display()} · {due}"


@require_http_methods(["GET", "POST"])
def agenda_add(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """Cases waiting for a decision, most urgent first, to put on the agenda."""
    meeting = selectors.get_meeting_or_404(request.user, meeting_id, run=True)
    kinds = meeting.panel.decision_kinds
    kind = request.POST.get("decision_kind") or request.GET.get("kind") or kinds[0]
    if kind not in kinds:
        kind = kinds[0]
    cases = selectors.waiting_cases(request.user, meeting, kind)
    shown = list(cases[:100])
    today = timezone.localdate()
    form = forms.AddCasesForm(
        posted(request),
        initial={"decision_kind": kind},
        cases=cases,
        shown={case.pk: _case_label(case, today) for case in shown},
    )
    return handle_form(
        request,
        form,
        call=lambda data: services.add_cases_to_agenda(
            meeting, cases=list(data["cases"]), decision_kind=kind, by=request.user
        ),
        success=lambda items: (
            f"{len(items)} case{'s' if len(items) != 1 else ''} added to the agenda"
        ),
        next_url=reverse("panels:meeting-detail", kwargs={"meeting_id": meeting.public_id}),
        template="panels/agenda_add.html",
        context={
            "meeting": meeting,
            "kind": kind,
            "kinds": [(k, DecisionKind(k).label) for k in kinds],
            "count": len(shown),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = selectors.get_meeting_or_404(request.user, meeting_id, run=True)
    members = selectors.current_members(meeting.panel)
    present = selectors.attendance(meeting).filter(present=True).values_list("member_id", flat=True)
    form = forms.AttendanceForm(
        posted(request), members=members, initial={"present": list(present)}
    )
    return handle_form(
        request,
        form,
        call=lambda data: services.record_attendance(
            meeting,
            present_member_ids={m.pk for m in data["present"]},
            by=request.user,
        ),
        success="Attendance recorded",
        next_url=reverse("panels:meeting-detail", kwargs={"meeting_id": meeting.public_id}),
        context=_form_context(
            {
                "title": "Who is at the meeting",
                "submit": "Save attendance",
                "meeting": meeting,
            }
        ),
    )


def _meeting_move(request: HttpRequest, meeting_id: str, service: Any, done: str) -> HttpResponse:
    meeting = selectors.get_meeting_or_404(request.user, meeting_id, run=True)
    return handle_action(
        request,
        lambda: service(meeting, by=request.user),
        success=done,
        next_url=reverse("panels:meeting-detail", kwargs={"meeting_id": meeting.public_id}),
    )


@require_POST
def meeting_publish(request: HttpRequest, meeting_id: str) -> HttpResponse:
    return _meeting_move(
        request, meeting_id, services.publish_papers, "Papers published to members"
    )


@require_POST
def meeting_start(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = selectors.get_meeting_or_404(request.user, meeting_id, run=True)
    try:
        meeting = services.start_meeting(meeting, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("panels:meeting-detail", meeting_id=meeting.public_id)
    if meeting.quorate_at_start:
        messages.success(request, "Meeting started: the panel is quorate")
    else:
        messages.warning(request, "Meeting started without a quorum: decisions will be marked")
    return redirect("panels:meeting-run", meeting_id=meeting.public_id)


@require_POST
def meeting_close(request: HttpRequest, meeting_id: str) -> HttpResponse:
    return _meeting_move(request, meeting_id, services.close_meeting, "Meeting closed")


def meeting_run(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """Go to the first item still waiting for a decision."""
    meeting = selectors.get_meeting_or_404(request.user, meeting_id, run=True)
    waiting = (
        selectors.agenda_items_for(request.user)
        .filter(meeting=meeting, status=ItemStatus.WAITING)
        .order_by("position", "id")
        .first()
    )
    if waiting is None or meeting.status != MeetingStatus.IN_PROGRESS:
        return redirect("panels:meeting-detail", meeting_id=meeting.public_id)
    return redirect("panels:item-decide", item_id=waiting.public_id)


# --- Agenda items ---------------------------------------------------------------------------------


def item_detail(request: HttpRequest, item_id: str) -> HttpResponse:
    """An item's case papers, for members (from publication) and the chair."""
    item = selectors.get_item_or_404(request.user, item_id)
    case = access.get_case_or_404(request.user, item.case.public_id)
    membership = selectors.current_membership(request.user, item.meeting.panel)
    return render(
        request,
        "panels/item_detail.html",
        {
            "item": item,
            "case": case,
            "deadline": selectors.item_deadline(item),
            "documents": access.documents_for(request.user, case).select_related("uploaded_by")[
                :50
            ],
            "runs": selectors.runs_panel(request.user, item.meeting.panel),
            "membership": membership,
            "today": timezone.localdate(),
        },
    )


def _decision_form(item: Any, data: Any = None) -> forms.DecisionForm:
    la_id = item.case.local_authority_id
    return forms.DecisionForm(
        data,
        kind=item.decision_kind,
        bands=selectors.bands_in_force(la_id, item.meeting.meeting_date),
        settings=Organisation.objects.filter(kind__in=services.EDUCATION_SETTING_KINDS).order_by(
            "name"
        ),
        owners=_owners(la_id),
        initial={"next_step_owner": item.case.coordinator_id},
    )


@require_http_methods(["GET", "POST"])
def item_decide(request: HttpRequest, item_id: str) -> HttpResponse:
    """The chair's screen: the agenda on the left, the decision form for this item on the right."""
    item = selectors.get_item_or_404(request.user, item_id, run=True)
    meeting = item.meeting
    form = _decision_form(item, posted(request))
    conflicted = selectors.conflicted_member_ids(item)
    return handle_form(
        request,
        form,
        call=lambda data: services.record_panel_decision(
            item, by=request.user, **{k: v for k, v in data.items() if v not in (None, "")}
        ),
        success=f"Decision recorded for {item.case.reference}: letter sent",
        next_url=reverse("panels:meeting-run", kwargs={"meeting_id": meeting.public_id}),
        template="panels/item_decide.html",
        context={
            "item": item,
            "meeting": meeting,
            "items": selectors.agenda(meeting, request.user),
            "deadline": selectors.item_deadline(item),
            "defer_form": forms.ReasonForm(prefix="defer"),
            "quorum": quorum.check_quorum(meeting.panel.kind, selectors.seats(meeting), conflicted),
            "today": timezone.localdate(),
        },
    )


@require_POST
def item_defer(request: HttpRequest, item_id: str) -> HttpResponse:
    item = selectors.get_item_or_404(request.user, item_id, run=True)
    form = forms.ReasonForm(request.POST, prefix="defer")
    if form.is_valid():
        try:
            services.defer_item(item, reason=form.cleaned_data["reason"], by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Decision on {item.case.reference} deferred")
            return redirect("panels:meeting-run", meeting_id=item.meeting.public_id)
    else:
        messages.error(request, "Enter why the panel deferred it")
    return redirect("panels:item-decide", item_id=item.public_id)


@require_http_methods(["GET", "POST"])
def item_withdraw(request: HttpRequest, item_id: str) -> HttpResponse:
    item = selectors.get_item_or_404(request.user, item_id, run=True)
    form = forms.ReasonForm(posted(request))
    form.fields["reason"].label = "Why is it coming off the agenda?"
    return handle_form(
        request,
        form,
        call=lambda data: services.withdraw_from_agenda(
            item, reason=data["reason"], by=request.user
        ),
        success=f"{item.case.reference} taken off the agenda",
        next_url=reverse("panels:meeting-detail", kwargs={"meeting_id": item.meeting.public_id}),
        context=_form_context(
            {
                "title": f"Take {item.case.reference} off the agenda",
                "submit": "Take off the agenda",
                "meeting": item.meeting,
            }
        ),
    )


@require_http_methods(["GET", "POST"])
def item_conflict(request: HttpRequest, item_id: str) -> HttpResponse:
    """A member declares a conflict of interest on an item (the chair may record one for any
    member)."""
    item = selectors.get_item_or_404(request.user, item_id)
    panel = item.meeting.panel
    members = selectors.current_members(panel)
    if not selectors.runs_panel(request.user, panel):
        members = members.filter(user=request.user)
    access.require(members.exists())
    form = forms.ConflictForm(posted(request), members=members)
    return handle_form(
        request,
        form,
        call=lambda data: services.declare_conflict(item, by=request.user, **data),
        success="Conflict of interest recorded",
        next_url=reverse("panels:meeting-detail", kwargs={"meeting_id": item.meeting.public_id}),
        context=_form_context(
            {
                "title": f"Declare a conflict of interest on {item.case.reference}",
                "hint": "Once declared, the member no longer sees this case's papers and is not counted for its decision.",
                "submit": "Declare conflict of interest",
                "meeting": item.meeting,
            }
        ),
    )


# --- Decisions ------------------------------------------------------------------------------------


def decision_detail(request: HttpRequest, decision_id: str) -> HttpResponse:
    decision = selectors.get_decision_or_404(request.user, decision_id)
    return render(
        request,
        "panels/decision_detail.html",
        {
            "decision": decision,
            "reads": selectors.decision_as_it_reads(decision),
            "amendments": selectors.amendments(decision),
            "runs": selectors.runs_panel(request.user, decision.item.meeting.panel),
            "appealable": is_appealable(decision),
        },
    )


@require_http_methods(["GET", "POST"])
def decision_amend(request: HttpRequest, decision_id: str) -> HttpResponse:
    decision = selectors.get_decision_or_404(request.user, decision_id, run=True)
    reads = selectors.decision_as_it_reads(decision)
    form = forms.AmendmentForm(
        posted(request),
        initial={**reads, "next_step_owner": reads["next_step_owner"]},
    )
    form.set_owners(_owners(decision.case.local_authority_id))
    return handle_form(
        request,
        form,
        call=lambda data: services.amend_panel_decision(decision, by=request.user, **data),
        success="Correction recorded: a corrected letter was sent",
        next_url=reverse("panels:decision-detail", kwargs={"decision_id": decision.public_id}),
        context=_form_context(
            {
                "title": "Correct a recorded decision",
                "hint": "The original decision stays on record. The outcome cannot be changed here.",
                "submit": "Record correction",
                "decision": decision,
            }
        ),
    )


# --- Bands and criteria ---------------------------------------------------------------------------


def band_list(request: HttpRequest) -> HttpResponse:
    access.require(access.is_la_staff(request.user))
    today = timezone.localdate()
    return render(
        request,
        "panels/band_list.html",
        {
            "bands": selectors.bands_for(request.user).select_related("created_by")[:200],
            "today": today,
            "can_configure": selectors.may_configure(request.user, _la_id(request)),
            "is_manager": access.is_manager(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def band_create(request: HttpRequest) -> HttpResponse:
    return _council_setup(
        request,
        forms.BandForm,
        services.create_funding_band,
        success="Band added",
        next_url="panels:band-list",
        page={
            "title": "Add a funding band or tariff period",
            "submit": "Add band",
            "back": "panels:band-list",
        },
    )


@require_http_methods(["GET", "POST"])
def band_end(request: HttpRequest, band_id: str) -> HttpResponse:
    band = selectors.get_band_or_404(request.user, band_id)
    access.require(selectors.may_configure(request.user, band.local_authority_id))
    form = forms.EndBandForm(posted(request))
    return handle_form(
        request,
        form,
        call=lambda data: services.end_funding_band(
            band, effective_to=data["effective_to"], by=request.user
        ),
        success=f"End date set for {band.name}",
        next_url="panels:band-list",
        context=_form_context(
            {
                "title": f"End the tariff period of {band.name}",
                "hint": str(band),
                "submit": "Set end date",
                "back": "panels:band-list",
            }
        ),
    )


def commitments(request: HttpRequest) -> HttpResponse:
    """High-needs commitments by band (SEND managers), as a table or CSV."""
    access.require(access.is_manager(request.user))
    form = forms.CommitmentsForm(request.GET or None)
    on = (form.cleaned_data.get("on") if form.is_valid() else None) or timezone.localdate()
    rows, total = analytics.commitments_by_band(selectors.funding_facts(request.user, on=on))
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="high-needs-commitments-{on:%Y-%m-%d}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(["Band", "Children", "Annual commitment (GBP)"])
        for row in rows:
            writer.writerow([row.band_name, row.children, f"{row.annual_total:.2f}"])
        writer.writerow(["Total", sum(r.children for r in rows), f"{total:.2f}"])
        return response
    return render(
        request,
        "panels/commitments.html",
        {
            "form": form,
            "rows": rows,
            "total": total,
            "on": on,
            "children": sum(r.children for r in rows),
        },
    )


def criteria_list(request: HttpRequest) -> HttpResponse:
    access.require(selectors.may_configure(request.user, _la_id(request)))
    return render(
        request,
        "panels/criteria_list.html",
        {"criteria": DecisionCriterion.objects.all(), "kinds": dict(DecisionKind.choices)},
    )


@require_http_methods(["GET", "POST"])
def criterion_create(request: HttpRequest) -> HttpResponse:
    access.require(selectors.may_configure(request.user, _la_id(request)))
    form = forms.CriterionForm(posted(request))
    return handle_form(
        request,
        form,
        call=lambda data: services.add_decision_criterion(by=request.user, **data),
        success="Criterion added",
        next_url="panels:criteria-list",
        context=_form_context(
            {
                "title": "Add a decision criterion",
                "submit": "Add criterion",
                "back": "panels:criteria-list",
            }
        ),
    )


@require_POST
def criterion_toggle(request: HttpRequest, code: str) -> HttpResponse:
    access.require(selectors.may_configure(request.user, _la_id(request)))
    criterion = DecisionCriterion.objects.filter(code=code).first()
    access.require(criterion is not None)
    services.set_criterion_active(criterion, is_active=not criterion.is_active, by=request.user)
    messages.success(
        request,
        f"“{criterion.title}” is {'offered' if criterion.is_active else 'no longer offered'}",
    )
    return redirect("panels:criteria-list")


# --- Analytics ------------------------------------------------------------------------------------


def _default_periods(today: date) -> dict[str, date]:
    b_to = today
    b_from = today - timedelta(days=182)
    a_to = b_from - timedelta(days=1)
    return {"a_from": a_to - timedelta(days=182), "a_to": a_to, "b_from": b_from, "b_to": b_to}


def _summaries(request: HttpRequest) -> tuple[forms.PeriodsForm, list[analytics.PeriodSummary]]:
    defaults = _default_periods(timezone.localdate())
    form = forms.PeriodsForm(request.GET or None, initial=defaults)
    periods = form.cleaned_data if form.is_bound and form.is_valid() else defaults
    if form.is_bound and not form.is_valid():
        return form, []
    facts = {
        f"Period A ({periods['a_from']:%-d %b %Y} to {periods['a_to']:%-d %b %Y})": selectors.decision_facts(
            request.user, start=periods["a_from"], end=periods["a_to"]
        ),
        f"Period B ({periods['b_from']:%-d %b %Y} to {periods['b_to']:%-d %b %Y})": selectors.decision_facts(
            request.user, start=periods["b_from"], end=periods["b_to"]
        ),
    }
    return form, analytics.compare(facts)


def analytics_report(request: HttpRequest) -> HttpResponse:
    """Panel analytics for two chosen periods, side by side (SEND managers)."""
    access.require(access.is_manager(request.user))
    form, summaries = _summaries(request)
    return render(
        request,
        "panels/analytics.html",
        {
            "form": form,
            "summaries": summaries,
            "kinds": dict(DecisionKind.choices),
            "query": request.GET.urlencode(),
        },
    )


def _pct(share: float | None) -> str:
    return "" if share is None else f"{share * 100:.1f}"


def analytics_csv(request: HttpRequest) -> HttpResponse:
    access.require(access.is_manager(request.user))
    _form, summaries = _summaries(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="panel-analytics.csv"'
    writer = csv.writer(response)
    writer.writerow(["Period", "Measure", "Panel", "Decision", "Value"])
    for s in summaries:
        for measure, value in [
            ("Panel configuration", s.configuration),
            ("Decisions", s.decisions),
            ("Meetings", s.meetings),
            ("Decisions per meeting", s.decisions_per_meeting),
            ("Median days from request: whether to assess", s.assess_timing.median_days),
            ("Median days from request: whether to issue", s.issue_timing.median_days),
            ("Decisions whether to assess within 6 weeks (%)", _pct(s.within_six_weeks.share)),
            ("Consistency for the same need profile (%)", _pct(s.consistency.share)),
            (
                "Need profiles with different outcomes",
                s.consistency.profiles_with_different_outcomes,
            ),
        ]:
            writer.writerow([s.label, measure, "", "", "" if value is None else value])
        for row in s.outcomes:
            writer.writerow(
                [
                    s.label,
                    "Agreed (%)",
                    row.panel,
                    DecisionKind(row.kind).label,
                    _pct(row.agreed_share),
                ]
            )
            writer.writerow(
                [s.label, "Decisions", row.panel, DecisionKind(row.kind).label, row.decisions]
            )
    return response

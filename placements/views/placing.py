"""Placements on a case (main, dual, residential, alternative provision) and the list of
alternative provision placements with their reintegration reviews."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from placements import selectors, services
from placements.forms import EndPlacementForm, PlacementForm, ReintegrationReviewForm
from placements.models import Consultation, Placement
from placements.views import GET_POST, posted
from sendcpp import access
from sendcpp.access import Action
from sendcpp.models import Case
from sendcpp.web.handling import handle_form
from sendcpp.web.paging import paginate


def _case_url(case: Case) -> str:
    return reverse("placements:case", kwargs={"case_id": case.public_id})


def _case_page(case: Case) -> HttpResponse:
    return redirect(_case_url(case))


def case_page(request: HttpRequest, case_id: str) -> HttpResponse:
    """Everything about settings on one case: the tailored list, consultations, placements."""
    access.require(access.is_la_staff(request.user))
    case = access.get_case_or_404(request.user, case_id)
    return render(
        request,
        "placements/case.html",
        {
            "case": case,
            "today": timezone.localdate(),
            "tailored_list": selectors.tailored_list_for(case),
            "consultations": Consultation.objects.filter(case=case).select_related("setting"),
            "placements": Placement.objects.filter(case=case).select_related(
                "setting", "home_setting"
            ),
            "can_edit": access.can(request.user, Action.EDIT, case),
            "can_transition": access.can(request.user, Action.TRANSITION, case),
        },
    )


@require_http_methods(GET_POST)
def placement_add(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.get_case_or_404(request.user, case_id, Action.EDIT)
    form = PlacementForm(posted(request))
    choices = selectors.settings_for_choice()
    form.fields["setting"].queryset = choices
    form.fields["home_setting"].queryset = choices
    return handle_form(
        request,
        form,
        call=lambda data: services.record_placement(
            case,
            setting=data["setting"],
            sen_setting=data["sen_setting"],
            rank=data["rank"],
            provision_type=data["provision_type"],
            sen_unit=data["sen_unit"],
            resourced_provision=data["resourced_provision"],
            residential=data["residential"],
            starts_on=data["starts_on"],
            ap_tier=data["ap_tier"],
            home_setting=data["home_setting"],
            planned_return_on=data["planned_return_on"],
            next_review_on=data["next_review_on"],
            by=request.user,
        ),
        success="Placement recorded",
        next_url=_case_url(case),
        template="placements/placement_form.html",
        context={"case": case, "heading": "Record a placement", "submit": "Save placement"},
    )


@require_http_methods(GET_POST)
def placement_end(request: HttpRequest, placement_id: str) -> HttpResponse:
    placement = selectors.get_placement_or_404(request.user, placement_id, Action.EDIT)
    form = EndPlacementForm(posted(request))
    return handle_form(
        request,
        form,
        call=lambda data: services.end_placement(
            placement,
            ends_on=data["ends_on"],
            reason=data["reason"],
            by=request.user,
        ),
        success="Placement ended",
        next_url=_case_url(placement.case),
        template="placements/placement_form.html",
        context={
            "case": placement.case,
            "placement": placement,
            "heading": "End the placement",
            "submit": "End placement",
        },
    )


@require_http_methods(GET_POST)
def placement_review(request: HttpRequest, placement_id: str) -> HttpResponse:
    placement = selectors.get_placement_or_404(request.user, placement_id, Action.EDIT)
    form = ReintegrationReviewForm(posted(request))
    return handle_form(
        request,
        form,
        call=lambda data: services.record_reintegration_review(
            placement,
            reviewed_on=data["reviewed_on"],
            outcome=data["outcome"],
            notes=data["notes"],
            next_review_on=data["next_review_on"],
            planned_return_on=data["planned_return_on"],
            by=request.user,
        ),
        success="Review recorded",
        next_url=_case_url(placement.case),
        template="placements/placement_form.html",
        context={
            "case": placement.case,
            "placement": placement,
            "reviews": placement.reviews.select_related("reviewed_by"),
            "heading": "Record a reintegration review",
            "submit": "Save review",
        },
    )


def alternative_provision(request: HttpRequest) -> HttpResponse:
    """Current alternative provision placements, overdue reintegration reviews first."""
    access.require(access.is_la_staff(request.user))
    today = timezone.localdate()
    placements = selectors.alternative_provision(request.user)
    return render(
        request,
        "placements/alternative_provision.html",
        {
            "today": today,
            "overdue": placements.filter(next_review_on__lt=today).count(),
            **paginate(request, placements),
        },
    )

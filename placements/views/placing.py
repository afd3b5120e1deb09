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
from placements.views import GET_POST, RecordFormPage
from sendcpp import access
from sendcpp.access import Action
from sendcpp.models import Case
from sendcpp.web.handling import handle_form, posted
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
        call=lambda data: services.record_placement(case, by=request.user, **data),
        success="Placement recorded",
        next_url=_case_url(case),
        template="placements/placement_form.html",
        context={"case": case, "heading": "Record a placement", "submit": "Save placement"},
    )


_PLACEMENT_PAGE = RecordFormPage(
    template="placements/placement_form.html",
    next_url=lambda placement: _case_url(placement.case),
    about=lambda placement: {"case": placement.case, "placement": placement},
)


@require_http_methods(GET_POST)
def placement_end(request: HttpRequest, placement_id: str) -> HttpResponse:
    return _PLACEMENT_PAGE.show(
        request,
        selectors.get_placement_or_404(request.user, placement_id, Action.EDIT),
        EndPlacementForm,
        services.end_placement,
        success="Placement ended",
        heading="End the placement",
        submit="End placement",
    )


@require_http_methods(GET_POST)
def placement_review(request: HttpRequest, placement_id: str) -> HttpResponse:
    placement = selectors.get_placement_or_404(request.user, placement_id, Action.EDIT)
    return _PLACEMENT_PAGE.show(
        request,
        placement,
        ReintegrationReviewForm,
        services.record_reintegration_review,
        success="Review recorded",
        reviews=placement.reviews.select_related("reviewed_by"),
        heading="Record a reintegration review",
        submit="Save review",
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

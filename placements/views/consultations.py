"""Consultations with settings: the LA sends one, the setting's SENCO or head reads only the
pack and answers, the LA decides whether to name the setting."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from placements import selectors, services
from placements.forms import (
    AnswerConsultationForm,
    DecideConsultationForm,
    SendConsultationForm,
    WithdrawConsultationForm,
)
from placements.matching import age_at_start_of_school_year, year_group_label
from placements.models import Consultation, ConsultationReason, ConsultationStatus
from placements.views import GET_POST, RecordFormPage
from sendcpp import access
from sendcpp.access import Action
from sendcpp.models import Document, Organisation
from sendcpp.selectors import family_preference
from sendcpp.web.handling import handle_form, posted
from sendcpp.web.paging import paginate


def _detail_url(consultation: Consultation) -> str:
    return reverse("placements:consultation", kwargs={"consultation_id": consultation.public_id})


def _detail(consultation: Consultation) -> HttpResponse:
    return redirect(_detail_url(consultation))


def consultation_list(request: HttpRequest) -> HttpResponse:
    """A setting's inbox of consultations sent to it; LA staff's consultations on their cases."""
    access.require(not access.is_family(request.user))
    consultations = (
        selectors.consultations_for(request.user)
        .select_related("case__child", "setting")
        .order_by(F("closed_at").asc(nulls_first=True), "due_on", "id")
    )
    return render(
        request,
        "placements/consultation_list.html",
        {
            "is_setting": not access.is_la_staff(request.user),
            "today": timezone.localdate(),
            **paginate(request, consultations),
        },
    )


def _chosen_setting(public_id: str) -> Organisation | None:
    """The setting named in the link (e.g. "Consult this setting" on the list), if any."""
    if not public_id:
        return None
    try:
        return selectors.settings_for_choice().filter(public_id=public_id).first()
    except ValidationError:
        return None


@require_http_methods(GET_POST)
def consultation_send(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.get_case_or_404(request.user, case_id, Action.TRANSITION)
    tailored_list = selectors.tailored_list_for(case)
    initial = {"sent_on": timezone.localdate(), "reason": ConsultationReason.LA_PROPOSAL}
    stated = family_preference(case, tailored_list=tailored_list)
    preferred = (
        selectors.settings_for_choice().filter(pk=stated.setting_id).first()
        if stated is not None and stated.setting_id is not None
        else None
    )
    chosen = _chosen_setting(request.GET.get("setting", "")) or preferred
    if chosen is not None:
        initial["setting"] = chosen.pk
        if preferred is not None and chosen.pk == preferred.pk:
            initial["reason"] = ConsultationReason.FAMILY_PREFERENCE
    if tailored_list is not None:
        initial["starts_on"] = tailored_list.starts_on
    form = SendConsultationForm(posted(request), initial=initial)
    form.fields["setting"].queryset = selectors.settings_for_choice()
    form.fields["documents"].queryset = Document.objects.filter(
        case=case, status=Document.Status.READY
    ).order_by("-created_at", "-id")
    return handle_form(
        request,
        form,
        call=lambda data: services.send_consultation(case, by=request.user, **data),
        success=lambda consultation: f"Consultation sent to {consultation.setting.name}",
        next_url=lambda consultation: _detail_url(consultation),
        template="placements/consultation_send.html",
        context={"case": case, "family_preference": stated},
    )


def consultation_detail(request: HttpRequest, consultation_id: str) -> HttpResponse:
    """The consultation: for the setting, the pack only; for LA staff, everything."""
    consultation = selectors.get_consultation_or_404(request.user, consultation_id)
    child = consultation.case.child
    starts = consultation.starts_on or timezone.localdate()
    age = age_at_start_of_school_year(child.date_of_birth, starts)
    is_setting = selectors.is_setting_reader(request.user, consultation)
    case = consultation.case
    return render(
        request,
        "placements/consultation_detail.html",
        {
            "consultation": consultation,
            "child": child,
            "age_at_start": age,
            "year_group": year_group_label(age),
            "documents": consultation.documents.order_by("title", "id"),
            "is_setting": is_setting,
            "today": timezone.localdate(),
            "can_answer": consultation.status == ConsultationStatus.SENT
            and (is_setting or access.can(request.user, Action.EDIT, case)),
            "can_decide": consultation.is_open
            and access.can(request.user, Action.TRANSITION, case),
        },
    )


_STEP_PAGE = RecordFormPage(
    template="placements/consultation_form.html",
    next_url=_detail_url,
    about=lambda consultation: {"consultation": consultation},
)


@require_http_methods(GET_POST)
def consultation_answer(request: HttpRequest, consultation_id: str) -> HttpResponse:
    return _STEP_PAGE.show(
        request,
        selectors.get_consultation_or_404(request.user, consultation_id),
        AnswerConsultationForm,
        services.answer_consultation,
        success="Your answer has been sent to the council",
        heading="Answer the consultation",
        submit="Send answer",
    )


@require_http_methods(GET_POST)
def consultation_decide(request: HttpRequest, consultation_id: str) -> HttpResponse:
    return _STEP_PAGE.show(
        request,
        selectors.get_consultation_or_404(request.user, consultation_id, Action.TRANSITION),
        DecideConsultationForm,
        services.decide_consultation,
        success="Decision recorded",
        heading="Decide whether to name the setting",
        intro="Naming it puts it into section I of the plan.",
        submit="Record decision",
    )


@require_http_methods(GET_POST)
def consultation_withdraw(request: HttpRequest, consultation_id: str) -> HttpResponse:
    return _STEP_PAGE.show(
        request,
        selectors.get_consultation_or_404(request.user, consultation_id, Action.TRANSITION),
        WithdrawConsultationForm,
        services.withdraw_consultation,
        success="Consultation withdrawn",
        heading="Withdraw the consultation",
        submit="Withdraw",
    )

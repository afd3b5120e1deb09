"""Advisory Tailored Lists: the coordinator's working page (proposals with reasons, the list,
publishing) and the family's page (the published list, questions, what matters to them, their
preference)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from placements import documents, selectors, services
from placements.forms import (
    AddSettingForm,
    AnswerQuestionForm,
    FamilySettingForm,
    ListCriteriaForm,
    PreferenceForm,
    PrioritiesForm,
)
from placements.models import Consultation, TailoredList
from placements.views import GET_POST
from sendcpp import access
from sendcpp.access import Action
from sendcpp.models import Case
from sendcpp.selectors import family_preference
from sendcpp.web.handling import handle_action, handle_form, handle_record_form, posted


def _list_or_404(case: Case) -> TailoredList:
    tailored_list = selectors.tailored_list_for(case)
    if tailored_list is None:
        raise access.Http404("No tailored list")
    return tailored_list


def _list_url(case: Case) -> str:
    return reverse("placements:tailored-list", kwargs={"case_id": case.public_id})


def _criteria(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "starts_on": data["starts_on"],
        "max_distance_km": data["max_distance_km"],
        "provision_types": data["provision_types"],
        "only_with_vacancies": data["only_with_vacancies"],
    }


def tailored_list(request: HttpRequest, case_id: str) -> HttpResponse:
    """The family's published list and what they can do with it; or the coordinator's working
    page."""
    case = access.get_case_or_404(request.user, case_id)
    current = selectors.tailored_list_for(case)
    if access.is_family(request.user):
        return _family_page(request, case, current)
    access.require(access.is_la_staff(request.user))
    if current is None:
        return render(
            request,
            "placements/list_start.html",
            {
                "case": case,
                "form": ListCriteriaForm(),
                "can_edit": access.can(request.user, Action.EDIT, case),
            },
        )
    return render(
        request,
        "placements/list_coordinator.html",
        {**_coordinator_context(request, case, current), "add_form": _add_form(None)},
    )


def _coordinator_context(request: HttpRequest, case: Case, current: TailoredList) -> dict[str, Any]:
    return {
        "case": case,
        "tailored_list": current,
        "entries": selectors.list_entries(current),
        "proposals": selectors.propose_settings(current),
        "versions": current.versions.select_related("document", "published_by"),
        "can_edit": access.can(request.user, Action.EDIT, case),
        "child_facts": selectors.child_facts(case.child),
        "family_preference": family_preference(case, tailored_list=current),
    }


def _add_form(data: Any) -> AddSettingForm:
    form = AddSettingForm(data)
    form.fields["setting"].queryset = selectors.settings_for_choice()
    return form


def _family_page(request: HttpRequest, case: Case, current: TailoredList | None) -> HttpResponse:
    version = selectors.latest_version(current)
    context: dict[str, Any] = {
        "case": case,
        "tailored_list": current,
        "version": version,
        "family_preference": family_preference(case, tailored_list=current),
    }
    if version is not None:
        context.update(documents.list_context(version))
        context["questions"] = selectors.list_entries(current).exclude(family_question="")
        context["consultations"] = Consultation.objects.filter(case=case).select_related("setting")
    return render(request, "placements/list_family.html", context)


@require_POST
def list_start(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.get_case_or_404(request.user, case_id, Action.EDIT)
    form = ListCriteriaForm(request.POST)
    return handle_form(
        request,
        form,
        call=lambda data: services.start_tailored_list(case, by=request.user, **_criteria(data)),
        success="Tailored list started",
        next_url=_list_url(case),
        template="placements/list_start.html",
        context={"case": case, "can_edit": True},
    )


@require_http_methods(GET_POST)
def list_criteria(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.get_case_or_404(request.user, case_id, Action.EDIT)
    current = _list_or_404(case)
    initial = {
        "starts_on": current.starts_on,
        "max_distance_km": current.max_distance_km,
        "provision_types": current.provision_types,
        "only_with_vacancies": current.only_with_vacancies,
        "revision": current.revision,
    }
    form = ListCriteriaForm(posted(request), initial=initial)
    return handle_form(
        request,
        form,
        call=lambda data: services.update_list_criteria(
            current,
            revision=data["revision"] or 0,
            by=request.user,
            **_criteria(data),
        ),
        success="What the list is drawn from has been changed",
        next_url=_list_url(case),
        template="placements/list_criteria.html",
        context={"case": case, "tailored_list": current},
    )


@require_POST
def list_add(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.get_case_or_404(request.user, case_id, Action.EDIT)
    current = _list_or_404(case)
    form = _add_form(request.POST)
    return handle_form(
        request,
        form,
        call=lambda data: services.add_to_list(current, by=request.user, **data),
        success=lambda entry: f"{entry.setting.name} added to the list",
        next_url=_list_url(case),
        template="placements/list_coordinator.html",
        context={**_coordinator_context(request, case, current), "add_form": form},
    )


@require_POST
def list_remove(request: HttpRequest, case_id: str, entry_id: str) -> HttpResponse:
    case = access.get_case_or_404(request.user, case_id, Action.CONTRIBUTE)
    entry = selectors.get_entry_or_404(_list_or_404(case), entry_id)
    return handle_action(
        request,
        lambda: services.remove_from_list(entry, by=request.user),
        success=f"{entry.setting.name} taken off the list",
        next_url=_list_url(case),
    )


@require_http_methods(GET_POST)
def list_answer(request: HttpRequest, case_id: str, entry_id: str) -> HttpResponse:
    case = access.get_case_or_404(request.user, case_id, Action.EDIT)
    current = _list_or_404(case)
    entry = selectors.get_entry_or_404(current, entry_id)
    form = AnswerQuestionForm(posted(request), initial={"answer": entry.answer})
    return handle_record_form(
        request,
        entry,
        form,
        services.answer_family_question,
        success="Answer saved: the family can read it on their list",
        next_url=_list_url(case),
        template="placements/list_answer.html",
        context={"case": case, "entry": entry},
    )


@require_POST
def list_publish(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.get_case_or_404(request.user, case_id, Action.EDIT)
    current = _list_or_404(case)
    return handle_action(
        request,
        lambda: services.publish_tailored_list(current, by=request.user),
        success=lambda version: f"Version {version.number} published to the family",
        next_url=_list_url(case),
        refused_url=_list_url(case),
    )


def list_version(request: HttpRequest, case_id: str, number: int) -> HttpResponse:
    """A published version, exactly as the family received it (the PDF's own HTML body)."""
    case = access.get_case_or_404(request.user, case_id)
    version = selectors.get_version_or_404(case, number)
    return render(
        request,
        "placements/list_version.html",
        {
            "case": case,
            **documents.list_context(version),
            "can_edit": access.can(request.user, Action.EDIT, case),
        },
    )


@require_POST
def list_version_retry_pdf(request: HttpRequest, case_id: str, number: int) -> HttpResponse:
    """Staff try again to prepare a version's PDF that could not be prepared."""
    case = access.get_case_or_404(request.user, case_id, Action.EDIT)
    version = selectors.get_version_or_404(case, number)
    return handle_action(
        request,
        lambda: services.retry_list_pdf(version, by=request.user),
        success="Preparing the PDF again. Refresh this page in a moment.",
        next_url=reverse(
            "placements:list-version", kwargs={"case_id": case.public_id, "number": version.number}
        ),
    )


def _family_form_page(
    request: HttpRequest,
    case: Case,
    form: Any,
    *,
    template: str,
    current: TailoredList,
    call: Any,
    success: str,
) -> HttpResponse:
    """A family's form about their child's list, on the shared form page."""
    return handle_form(
        request,
        form,
        call=call,
        success=success,
        next_url=_list_url(case),
        template=template,
        context={"case": case, "tailored_list": current},
    )


@require_http_methods(GET_POST)
def list_ask(request: HttpRequest, case_id: str) -> HttpResponse:
    """The family adds a setting to be considered, or asks about one."""
    case = access.get_case_or_404(request.user, case_id, Action.CONTRIBUTE)
    current = _list_or_404(case)
    access.require(access.is_family(request.user))
    form = FamilySettingForm(posted(request))
    form.fields["setting"].queryset = selectors.settings_for_choice()
    return _family_form_page(
        request,
        case,
        form,
        template="placements/list_ask.html",
        current=current,
        call=lambda data: (
            services.ask_about_setting(
                current, setting=data["setting"], question=data["question"], by=request.user
            )
            if data["question"].strip()
            else services.add_to_list(current, setting=data["setting"], by=request.user)
        ),
        success="Your coordinator has been told",
    )


@require_http_methods(GET_POST)
def list_priorities(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.get_case_or_404(request.user, case_id, Action.CONTRIBUTE)
    current = _list_or_404(case)
    form = PrioritiesForm(posted(request), initial={"priorities": current.family_priorities})
    return _family_form_page(
        request,
        case,
        form,
        template="placements/list_priorities.html",
        current=current,
        call=lambda data: services.record_family_priorities(
            current, priorities=data["priorities"], by=request.user
        ),
        success="What matters to you has been saved",
    )


@require_http_methods(GET_POST)
def list_preference(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.get_case_or_404(request.user, case_id, Action.CONTRIBUTE)
    current = _list_or_404(case)
    form = PreferenceForm(
        posted(request),
        initial={"setting": current.preferred_setting_id, "reasons": current.preference_reasons},
    )
    form.fields["setting"].queryset = selectors.settings_for_choice()
    return _family_form_page(
        request,
        case,
        form,
        template="placements/list_preference.html",
        current=current,
        call=lambda data: services.state_list_preference(
            current, setting=data["setting"], reasons=data["reasons"], by=request.user
        ),
        success="Your preference has been sent to your coordinator",
    )

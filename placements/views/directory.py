"""The setting directory: public pages with the directory's public facts (no personal data), and
the pages a SEND manager uses to import files and keep the LA's facts up to date."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from placements import selectors, services
from placements.forms import DirectorySearchForm, SettingFactsForm, SettingImportForm
from placements.importers import ImportRejected
from placements.models import SettingContact, SettingImport
from placements.views import GET_POST
from sendcpp import access
from sendcpp.exceptions import DomainError
from sendcpp.web.forms import apply_domain_error
from sendcpp.web.handling import handle_form, posted
from sendcpp.web.paging import paginate


@login_not_required
def directory_list(request: HttpRequest) -> HttpResponse:
    """The directory, searchable by anyone (public facts only)."""
    form = DirectorySearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    settings = selectors.search_directory(
        text=(filters.get("q") or "").strip(),
        provision_type=filters.get("provision_type", ""),
        phase=filters.get("phase", ""),
        broad_area=filters.get("broad_area", ""),
        need_type=filters.get("need_type", ""),
    )
    return render(
        request,
        "placements/directory_list.html",
        {
            "form": form,
            "is_staff": access.is_la_staff(request.user),
            "can_maintain": access.can_maintain_directory(request.user),
            **paginate(request, settings),
        },
    )


@login_not_required
def setting_detail(request: HttpRequest, setting_id: str) -> HttpResponse:
    """One setting's public facts; LA staff also see places, vacancies and contacts."""
    setting = selectors.get_setting_or_404(setting_id)
    is_staff = access.is_la_staff(request.user)
    return render(
        request,
        "placements/setting_detail.html",
        {
            "setting": setting,
            "is_staff": is_staff,
            "contacts": setting.contacts.all() if is_staff else [],
            "can_maintain": access.can_maintain_directory(request.user),
        },
    )


@require_http_methods(GET_POST)
def setting_edit(request: HttpRequest, setting_id: str) -> HttpResponse:
    access.require(access.can_maintain_directory(request.user))
    setting = selectors.get_setting_or_404(setting_id)
    senco = setting.contacts.filter(role=SettingContact.Role.SENCO).first()
    initial = {
        "need_types": setting.need_types,
        "broad_areas": setting.broad_areas,
        "places": setting.places,
        "vacancies": setting.vacancies,
        "vacancies_on": setting.vacancies_on,
        "has_resourced_provision": setting.has_resourced_provision,
        "has_sen_unit": setting.has_sen_unit,
        "is_section_41": setting.is_section_41,
        "senco_name": senco.name if senco else "",
        "senco_email": senco.email if senco else "",
    }
    form = SettingFactsForm(posted(request), initial=initial)
    return handle_form(
        request,
        form,
        call=lambda data: services.update_setting_facts(
            setting,
            by=request.user,
            clear=[k for k in ("places", "vacancies", "vacancies_on") if data[k] is None],
            **data,
        ),
        success=f"{setting} updated",
        next_url=reverse(
            "placements:setting", kwargs={"setting_id": setting.organisation.public_id}
        ),
        template="placements/setting_edit.html",
        context={
            "setting": setting,
            "heading": "Change the council's facts",
            "submit": "Save changes",
        },
    )


@require_http_methods(GET_POST)
def directory_import(request: HttpRequest) -> HttpResponse:
    """Import a GIAS file or a file of LA facts: all or nothing, errors by row and column."""
    access.require(access.can_maintain_directory(request.user))
    form = SettingImportForm(posted(request), request.FILES or None)
    context: dict[str, Any] = {
        "problems": [],
        "imports": SettingImport.objects.select_related("imported_by")[:10],
    }

    def refused(error: DomainError) -> SettingImportForm:
        if isinstance(error, ImportRejected):  # the rows and columns that are wrong
            form.add_error("file", error.message)
            context["problems"] = [str(problem) for problem in error.errors]
        else:
            apply_domain_error(form, error)
        return form

    return handle_form(
        request,
        form,
        call=lambda data: services.import_settings(
            data["file"].read(),
            filename=data["file"].name or "upload",
            file_format=data["file_format"],
            encoding=data["encoding"],
            by=request.user,
        ),
        success=lambda result: (
            f"Imported {result.rows} rows: {result.created} settings added, "
            f"{result.updated} updated, {result.skipped} skipped"
        ),
        next_url=reverse("placements:directory"),
        template="placements/directory_import.html",
        context=context,
        refused=refused,
    )

"""The SEN2 return pages (SEND managers): check it, see each problem with the child's name and
a link to where it is put right, download it (only once it matches the DfE's structure), freeze
it as submitted, and compare the submitted return with the live check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from dashboard import selectors, sen2, sen2_services
from dashboard.forms import Sen2YearForm
from dashboard.models import SubmittedReturn
from dashboard.sen2_records import CaseFacts, gather
from sendcpp import access
from sendcpp.exceptions import DomainError

FIGURE_LABELS = {
    "children": "Children",
    "requests": "Requests received in the year",
    "plans_in_force": "Plans in force at the census",
    "plans_issued": "Plans issued in the year",
    "plans_ceased": "Plans ceased in the year",
}


def _manager(request: HttpRequest) -> Any:
    access.require(access.is_manager(request.user))
    organisation = request.user.organisation  # type: ignore[union-attr]
    if organisation is None:
        raise Http404("No local authority")
    return organisation


def _year_or_404(year: int) -> int:
    today = timezone.localdate()
    if not today.year - 3 <= year <= today.year + 1:
        raise Http404("No return for that year")
    return year


def _facts(request: HttpRequest, year: int) -> list[CaseFacts]:
    return gather(selectors.sen2_cases(request.user, year))


def fix_url(failure: sen2.Failure) -> str:
    """The page where the failing item is put right."""
    if failure.where == sen2.CHILD:
        url = reverse("sendcpp:child-edit", args=[failure.child_id])
        return f"{url}#id_{failure.field}" if failure.field else url
    if failure.where == sen2.PLACEMENTS:
        return reverse("placements:case", args=[failure.case_id])
    return reverse("ehcp:case", args=[failure.case_id])


@require_GET
def sen2_return(request: HttpRequest) -> HttpResponse:
    """The SEN2 return for a census year: its checks, then its download."""
    organisation = _manager(request)
    today = timezone.localdate()
    form = Sen2YearForm(request.GET or None, this_year=today.year)
    context: dict[str, object] = {"form": form}
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
        facts = _facts(request, year)
        chosen = sen2.in_return(facts, year)
        failures = sen2.check_return(facts, year)
        fixed = sen2_services.record_check(organisation, year, failures)
        live = sen2.figures(facts, year)
        submitted = SubmittedReturn.objects.filter(local_authority=organisation, year=year).first()
        context.update(
            {
                "year": year,
                "census": sen2.census_date(year),
                "case_count": len(chosen),
                "person_count": len({f.child.pk for f in chosen}),
                "failures": [{"failure": f, "url": fix_url(f)} for f in failures],
                "failure_count": len(failures),
                "failed_cases": len({f.reference for f in failures}),
                "fixed": fixed,
                "submitted": submitted,
                "comparison": [
                    (
                        label,
                        submitted.figures.get(key) if submitted else None,
                        live[key],
                    )
                    for key, label in FIGURE_LABELS.items()
                ],
            }
        )
    return render(request, "dashboard/sen2.html", context)


@require_GET
def sen2_download(request: HttpRequest, year: int) -> HttpResponse:
    """The live return's XML, once it matches the DfE's structure."""
    organisation = _manager(request)
    _year_or_404(year)
    facts = _facts(request, year)
    try:
        body = sen2_services.build_checked_xml(
            facts, year=year, local_authority=organisation, now=timezone.now()
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('dashboard:sen2')}?year={year}")
    sen2_services.log_return_read(facts, year, request.user)  # type: ignore[arg-type]
    return _xml(body, f"SEN2-{year}.xml")


@require_POST
def sen2_freeze(request: HttpRequest, year: int) -> HttpResponse:
    """Keep the return as submitted to the DfE."""
    organisation = _manager(request)
    _year_or_404(year)
    facts = _facts(request, year)
    try:
        sen2_services.freeze_return(
            facts,
            year=year,
            local_authority=organisation,
            by=request.user,  # type: ignore[arg-type]
            now=timezone.now(),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The return for January {year} is kept as submitted")
    return redirect(f"{reverse('dashboard:sen2')}?year={year}")


@require_GET
def sen2_submitted_download(request: HttpRequest, year: int) -> HttpResponse:
    """The return exactly as it was submitted."""
    organisation = _manager(request)
    submitted = SubmittedReturn.objects.filter(local_authority=organisation, year=year).first()
    if submitted is None:
        raise Http404("No submitted return for that year")
    return _xml(submitted.xml.encode("utf-8"), f"SEN2-{year}-submitted.xml")


def _xml(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response

"""The public dashboard (no sign-in: aggregates only) and the SEN2 return (SEND managers).
Thin: find the area or authority, ask ``figures``/``selectors``, render."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from dashboard import figures, selectors, services
from dashboard.datasets import EHCP_URL, SYMBOLS, Release
from dashboard.forms import StatisticsUploadForm
from dashboard.importers import StatisticsFileError
from dashboard.models import Area, Dataset, GeographicLevel
from sendcpp import access, disclosure
from sendcpp.models import Organisation

DOWNLOAD_FORMATS = {"csv", "json"}


def _area_or_404(code: str) -> Area:
    area = selectors.area_by_code(code)
    if area is None:
        raise Http404("No such area")
    return area


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """England's page, which is also where every region and authority is found."""
    area = selectors.area_by_code(selectors.ENGLAND)
    if area is None:
        return render(request, "dashboard/no_figures.html", status=200)
    return _area_response(request, area)


@login_not_required
@require_GET
def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    area = _area_or_404(code)
    if area.level == GeographicLevel.NATIONAL:
        return redirect("dashboard:index")
    return _area_response(request, area)


def _area_response(request: HttpRequest, area: Area) -> HttpResponse:
    datasets = selectors.published_datasets()
    version = selectors.data_version(datasets)
    # Built (or read from the cache) only if the template's cached fragments are not there.
    page = SimpleLazyObject(lambda: figures.area_page(area, datasets=datasets, version=version))
    # The area chooser's list is only read when its cached fragment is not there, except on a
    # region's page, which lists its authorities below the fragment too.
    navigation = SimpleLazyObject(lambda: figures.navigation(version))
    region_links = next(
        (r for r in navigation if r.region.code == area.code), None
    ) if area.level == GeographicLevel.REGIONAL else None  # fmt: skip
    return render(
        request,
        "dashboard/area.html",
        {
            "area": area,
            "page": page,
            "version": version,
            "navigation": navigation,
            "region_links": region_links,
            "live_authority": selectors.linked_organisation(area),
            "live_authorities": selectors.local_authorities_with_cases()
            if area.level == GeographicLevel.NATIONAL
            else [],
            "symbols": SYMBOLS,
            "source_url": EHCP_URL,
        },
    )


@login_not_required
@require_GET
def area_choose(request: HttpRequest) -> HttpResponse:
    """Where the area chooser goes (it works without JavaScript)."""
    code = request.GET.get("area", "")
    if code == selectors.ENGLAND or not selectors.area_by_code(code):
        return redirect("dashboard:index")
    return redirect("dashboard:area", code=code)


def _download(table: figures.Table, name: str, fmt: str, about: dict[str, object]) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(table.csv_text(), content_type="text/csv; charset=utf-8")
    else:
        body = {**about, **table.as_json()}
        response = HttpResponse(
            json.dumps(body, indent=2, ensure_ascii=False), content_type="application/json"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_not_required
@require_GET
@cache_control(max_age=300)
def area_table_download(request: HttpRequest, code: str, table: str, fmt: str) -> HttpResponse:
    """One table of an area's page as CSV or JSON: exactly the figures the page shows."""
    area = _area_or_404(code)
    found = figures.area_page(area).table(table)
    if found is None or fmt not in DOWNLOAD_FORMATS:
        raise Http404("No such table")
    about = {"area": {"code": area.code, "name": area.name, "level": area.level}}
    return _download(found, f"{area.code}-{table}", fmt, about)


def _live_authority_or_404(organisation_id: str) -> Organisation:
    authority = selectors.local_authorities_with_cases().filter(public_id=organisation_id).first()
    if authority is None:
        raise Http404("No such local authority")
    return authority


@login_not_required
@require_GET
def live(request: HttpRequest, organisation_id: str) -> HttpResponse:
    """Live figures from an authority's case records, with small numbers suppressed."""
    authority = _live_authority_or_404(organisation_id)
    page = figures.live_page(authority, today=timezone.localdate())
    return render(
        request,
        "dashboard/live.html",
        {"authority": authority, "page": page, "symbols": SYMBOLS},
    )


@login_not_required
@require_GET
@cache_control(max_age=300)
def live_table_download(
    request: HttpRequest, organisation_id: str, table: str, fmt: str
) -> HttpResponse:
    authority = _live_authority_or_404(organisation_id)
    page = figures.live_page(authority, today=timezone.localdate())
    found = page.table(table)
    if found is None or fmt not in DOWNLOAD_FORMATS:
        raise Http404("No such table")
    about = {
        "local_authority": authority.name,
        "counted_on": page.counted_on.isoformat(),
        "suppression": f"counts of 1 to {page.small_count_max} are shown as "
        f"'{disclosure.SUPPRESSED}', with secondary suppression across every table of the "
        f"page, audited so that no hidden count can be narrowed to within "
        f"{page.protection} of its value",
    }
    return _download(found, f"live-{table}", fmt, about)


SHOWN_PROBLEMS = 20


@require_http_methods(["GET", "POST"])
def statistics_upload(request: HttpRequest) -> HttpResponse:
    """Load a release of published statistics (SEND managers): the same checks and messages as
    the ``load_published_statistics`` command. The files are checked and loaded while the page
    waits (one transaction, all or nothing); the page then says what was loaded, step by step."""
    access.require(access.is_manager(request.user))
    today = timezone.localdate()
    form = StatisticsUploadForm(request.POST or None, request.FILES or None, today=today)
    if request.method == "POST" and form.is_valid():
        release = Release(form.cleaned_data["reporting_year"], form.cleaned_data["published_on"])
        files = [
            services.ReleaseFile(upload.name.rpartition(".")[0], upload.name, upload.read())
            for upload in form.cleaned_data["files"]
        ]
        steps: list[str] = []
        try:
            result = services.import_release(
                files, release=release, by=request.user, progress=steps.append
            )
        except StatisticsFileError as error:
            form.add_error("files", error.headline)
            for problem in error.errors[:SHOWN_PROBLEMS]:
                form.add_error("files", problem)
            if error.total > SHOWN_PROBLEMS:
                form.add_error("files", f"And {error.total - SHOWN_PROBLEMS} more problems")
        except services.OlderRelease as error:
            form.add_error("files", error.message)
        else:
            return render(
                request,
                "dashboard/statistics_upload.html",
                {
                    "form": StatisticsUploadForm(today=today),
                    "release": release,
                    "result": result,
                    "steps": steps,
                    **_loaded(),
                },
            )
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "dashboard/statistics_upload.html", {"form": form, **_loaded()}, status=status
    )


def _loaded() -> dict[str, object]:
    return {"datasets": Dataset.objects.order_by("title")}

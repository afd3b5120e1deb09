"""The council's performance reports, for SEND managers: every measure for a month, one measure
by month, team and coordinator (a chart with its table beside it, CSV and workbook downloads),
and the cases behind each figure."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dashboard import charts
from reports import exports, selectors
from reports.forms import CasesForm, MonthForm
from sendcpp import access, performance
from sendcpp.performance import Measure
from sendcpp.web.paging import paginate


def _measure(key: str) -> Measure:
    measure = performance.BY_KEY.get(key)
    if measure is None:
        raise Http404("No such report")
    return measure


def _allowed(request: HttpRequest) -> None:
    access.require(access.is_manager(request.user))


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    form = MonthForm(request.GET, today=timezone.localdate())
    month = form.chosen()
    return render(
        request,
        "reports/index.html",
        {"form": form, "month": month, "summary": selectors.summary(request.user, month)},
    )


def _percent(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@require_GET
def measure_report(request: HttpRequest, measure_key: str) -> HttpResponse:
    _allowed(request)
    measure = _measure(measure_key)
    today = timezone.localdate()
    form = MonthForm(request.GET, today=today)
    month = form.chosen()
    report = selectors.report(request.user, measure, month, today=today)
    chart = charts.line_chart(
        "chart-trend",
        f"{measure.label}: percentage on time, {report.trend[0].label} to {month.label}",
        [row.group["month"][2:].replace("-", "/") for row in report.trend],
        [
            charts.Series(
                "Including exceptions",
                [_percent(row.counts.percent_including) for row in report.trend],
            ),
            charts.Series(
                "Excluding exceptions",
                [_percent(row.counts.percent_excluding) for row in report.trend],
            ),
        ],
    )
    return render(
        request,
        "reports/measure.html",
        {
            "form": form,
            "measure": measure,
            "month": month,
            "report": report,
            "chart": chart.svg(),
            "head": exports.header(report),
        },
    )


@require_GET
def download(request: HttpRequest, measure_key: str, extension: str) -> HttpResponse:
    _allowed(request)
    measure = _measure(measure_key)
    if extension not in {"csv", "xlsx"}:
        raise Http404("No such download")
    today = timezone.localdate()
    month = MonthForm(request.GET, today=today).chosen()
    report = selectors.report(request.user, measure, month, today=today)
    name = f"{measure.key}-{month.key}"
    if extension == "xlsx":
        response = HttpResponse(
            exports.as_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(exports.as_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def cases(request: HttpRequest, measure_key: str) -> HttpResponse:
    """The cases behind a figure: only those the manager may see, one line per item counted."""
    _allowed(request)
    measure = _measure(measure_key)
    form = CasesForm(request.GET, today=timezone.localdate())
    month = form.chosen()
    valid = form.is_bound and form.is_valid()
    filters = form.cleaned_data if valid else {}
    show = filters.get("show") or "all"
    items = selectors.cases_behind(
        request.user,
        measure,
        month,
        team=filters.get("team", ""),
        coordinator=filters.get("coordinator", ""),
        show=show,
    )
    context = paginate(request, items)
    context["rows"] = [
        {"item": item, "case": item if measure.from_cases else item.case}
        for item in context["page_obj"]
    ]
    return render(
        request,
        "reports/cases.html",
        {
            **context,
            "form": form,
            "valid": valid or not form.is_bound,
            "measure": measure,
            "month": month,
            "show_label": selectors.SHOW[show][0],
        },
    )

"""The sufficiency view for managers: designated places against demand by broad area of need and
phase, and why settings said no to consultations (GOV.UK tables, with a CSV download)."""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from placements import selectors
from sendcpp import access


def index(request: HttpRequest) -> HttpResponse:
    """Where placements work starts: a setting's consultations, or the LA's overview."""
    if access.is_la_staff(request.user):
        today = timezone.localdate()
        return render(
            request,
            "placements/index.html",
            {
                "is_manager": access.is_manager(request.user),
                "ap_overdue": selectors.alternative_provision(request.user)
                .filter(next_review_on__lt=today)
                .count(),
                "lists_waiting": selectors.lists_without_preference(request.user)[:25],
                "consultations_open": selectors.consultations_for(request.user)
                .filter(status__in=["sent", "answered"])
                .count(),
            },
        )
    access.require(not access.is_family(request.user))
    return redirect("placements:consultations")


def _safe(value: object) -> object:
    """Stop a spreadsheet treating a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@"}:
        return f"'{value}"
    return value


def sufficiency(request: HttpRequest) -> HttpResponse:
    access.require(access.is_manager(request.user))
    today = timezone.localdate()
    rows = selectors.sufficiency(request.user, today=today)
    return render(
        request,
        "placements/sufficiency.html",
        {
            "today": today,
            "rows": [r for r in rows if r.places or r.children or r.settings],
            "refusals": selectors.refusals(request.user),
            "refusal_totals": selectors.refusal_totals(request.user),
            "lists_waiting": selectors.lists_without_preference(request.user).count(),
        },
    )


def sufficiency_csv(request: HttpRequest) -> HttpResponse:
    access.require(access.is_manager(request.user))
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sufficiency-{today:%Y-%m-%d}.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(
        [
            "Table",
            "Broad area of need",
            "Phase",
            "Settings",
            "Places",
            "Places free",
            "Children",
            "Children without a designated place",
        ]
    )
    for row in selectors.sufficiency(request.user, today=today):
        writer.writerow(
            [
                "Places and demand",
                row.area_label,
                row.phase_label,
                row.settings,
                row.places,
                row.vacancies,
                row.children,
                "Counted in each phase" if row.shortfall is None else row.shortfall,
            ]
        )
    writer.writerow([])
    writer.writerow(["Table", "Setting", "Reason", "Refusals"])
    for refusal in selectors.refusals(request.user):
        writer.writerow(
            [
                "Consultation refusals",
                _safe(refusal["setting"]),
                refusal["reason"],
                refusal["count"],
            ]
        )
    return response

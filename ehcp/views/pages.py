"""What every EHC page shares: one form for one step of the journey on the shared form page
(``sendcpp.web.handling.handle_form``); and the links between pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from ehcp.models import (
    Plan,
)
from sendcpp import access
from sendcpp.models import Relationship
from sendcpp.web.handling import FORM_PAGE, handle_form


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    call: Callable[[dict[str, Any]], Any],
    success: str,
    next_url: str | Callable[[Any], str],
    context: dict[str, Any],
    template: str = FORM_PAGE,
) -> HttpResponse:
    """One step of the journey on the shared form page (``handle_form``): the child and case in
    the caption, and the case's open statutory deadlines above the form when given."""
    page = {"today": timezone.localdate(), **context}
    case = context.get("case")
    if case is not None and "caption" not in page:
        page["caption"] = f"{case.child.full_name}, case {case.reference}"
    if "deadlines" in page:
        page["intro_template"] = "ehcp/partials/deadlines.html"
    return handle_form(
        request,
        form,
        call=call,
        success=success,
        next_url=next_url,
        template=template,
        context=page,
    )


def case_url(case: Any) -> str:
    return reverse("ehcp:case", kwargs={"case_id": case.public_id})


def plan_url(plan: Plan) -> str:
    return reverse("ehcp:plan", kwargs={"plan_id": plan.public_id})


def family_relationship(request: HttpRequest, case: Any) -> Relationship | None:
    if not access.is_family(request.user):
        return None
    return Relationship.objects.filter(child_id=case.child_id, user=request.user).first()


def index(request: HttpRequest) -> HttpResponse:
    """Professionals and settings land on their requests for advice; everyone else on home."""
    if request.user.account_type in {"professional", "setting"}:
        return redirect("ehcp:advice-inbox")
    return redirect("sendcpp:home")

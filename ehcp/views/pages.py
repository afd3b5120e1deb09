"""What every EHC page shares: one form for one step of the journey, calling one service and
showing a ``DomainError`` as an error on the form (nothing is changed); and the links between
pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from ehcp.models import (
    Plan,
)
from sendcpp import access
from sendcpp.exceptions import DomainError
from sendcpp.models import Relationship


def form_error(form: forms.Form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    call: Callable[[dict[str, Any]], Any],
    success: str,
    next_url: str | Callable[[Any], str],
    context: dict[str, Any],
    template: str = "ehcp/form_page.html",
) -> HttpResponse:
    """Show ``form``; on a valid POST call the one service (``call``) and go to ``next_url``."""
    if request.method == "POST" and form.is_valid():
        try:
            result = call(form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, success)
            return redirect(next_url(result) if callable(next_url) else next_url)
    return render(request, template, {"form": form, "today": timezone.localdate(), **context})


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

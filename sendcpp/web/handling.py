"""One way for a page to take a form: show it, and on a valid POST call one service; a
``DomainError`` from the service is shown on the form (nothing changed), success redirects with
a banner (a Django message, shown as the GOV.UK success notification banner)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sendcpp.exceptions import DomainError
from sendcpp.web.forms import apply_domain_error

FORM_PAGE = "form_page.html"


def handle_form(
    request: HttpRequest,
    form: forms.Form,
    *,
    call: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    next_url: str | Callable[[Any], str],
    template: str = FORM_PAGE,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render ``form`` on ``template``; on a valid POST, ``call(form.cleaned_data)`` (one
    service call, which is atomic), then redirect to ``next_url`` with the ``success`` banner.

    ``success`` and ``next_url`` may be functions of what the service returned."""
    if request.method == "POST" and form.is_valid():
        try:
            result = call(form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(next_url(result) if callable(next_url) else next_url)
    return render(request, template, {"form": form, **(context or {})})

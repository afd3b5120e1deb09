"""One way for a page to take a form: show it, and on a valid POST call one service; a
``DomainError`` from the service is shown on the form (nothing changed), success redirects with
a banner (a Django message, shown as the GOV.UK success notification banner).

``handle_record_form`` is ``handle_form`` for a form whose fields are the service's keyword
arguments; ``handle_action`` is the same flow for a button with no fields (publish, remove, retry): the
service's refusal or the success banner, then back to the page."""

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


def posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one, so its errors show), else None."""
    return request.POST if request.method == "POST" else None


def _of(value: str | Callable[[Any], str], result: Any) -> str:
    return value(result) if callable(value) else value


def handle_form(
    request: HttpRequest,
    form: forms.Form,
    *,
    call: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    next_url: str | Callable[[Any], str],
    template: str = FORM_PAGE,
    context: dict[str, Any] | None = None,
    refused: Callable[[DomainError], forms.Form] | None = None,
    refused_status: int = 200,
) -> HttpResponse:
    """Render ``form`` on ``template``; on a valid POST, ``call(form.cleaned_data)`` (one
    service call, which is atomic), then redirect to ``next_url`` with the ``success`` banner.

    ``success`` and ``next_url`` may be functions of what the service returned. ``refused``, if
    given, shows the service's refusal instead of ``apply_domain_error``: it returns the form to
    show with the error on it (for example a form based on the text someone else has just
    saved), and may add to ``context``. A POST not carried out answers with ``refused_status``."""
    page = context if context is not None else {}
    if request.method == "POST" and form.is_valid():
        try:
            result = call(form.cleaned_data)
        except DomainError as error:
            if refused is None:
                apply_domain_error(form, error)
            else:
                form = refused(error)
        else:
            messages.success(request, _of(success, result))
            return redirect(_of(next_url, result))
    status = refused_status if request.method == "POST" else 200
    return render(request, template, {"form": form, **page}, status=status)


def handle_record_form(
    request: HttpRequest,
    record: Any,
    form: forms.Form,
    service: Callable[..., Any],
    **options: Any,
) -> HttpResponse:
    """``handle_form`` for the usual form about one record: the form's fields are the keyword
    arguments of ``service``, which is called with ``record`` and the person acting (``by``).
    ``options`` are ``handle_form``'s (``success``, ``next_url``, ``template``...)."""
    return handle_form(
        request, form, call=lambda data: service(record, by=request.user, **data), **options
    )


def handle_action(
    request: HttpRequest,
    call: Callable[[], Any],
    *,
    success: str | Callable[[Any], str],
    next_url: str | Callable[[Any], str],
    refused_url: str | None = None,
) -> HttpResponse:
    """A button that asks one service to do one thing: on success the ``success`` banner and
    ``next_url``; a ``DomainError`` is shown as an error banner on ``refused_url`` (by default
    ``next_url``, which must then not depend on the result)."""
    try:
        result = call()
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(refused_url if refused_url is not None else _of(next_url, None))
    messages.success(request, _of(success, result))
    return redirect(_of(next_url, result))

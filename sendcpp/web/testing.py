"""Helpers for tests that post to HTML forms."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from sendcpp.web.dates import PARTS


def _no_response(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


def page_request(method: str, path: str, data: dict[str, str] | None = None) -> HttpRequest:
    """A ``method`` request for ``path`` as a page sees it: with a session, the messages
    framework and an anonymous person."""
    request: HttpRequest = getattr(RequestFactory(), method)(path, data or {})
    SessionMiddleware(_no_response).process_request(request)
    MessageMiddleware(_no_response).process_request(request)
    request.user = AnonymousUser()
    return request


def date_parts(name: str, value: date) -> dict[str, str]:
    """What a person types in the GOV.UK date input ``name`` for ``value``."""
    return dict(
        zip(
            (f"{name}-{part}" for part in PARTS),
            (str(value.day), str(value.month), str(value.year)),
            strict=True,
        )
    )


def form_data(data: dict[str, Any]) -> dict[str, Any]:
    """Form data with every ``date`` value typed into its three date boxes."""
    typed: dict[str, Any] = {}
    for name, value in data.items():
        if isinstance(value, date):
            typed.update(date_parts(name, value))
        else:
            typed[name] = value
    return typed

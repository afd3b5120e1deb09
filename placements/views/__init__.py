"""HTML views of the placements app, by sub-domain (``directory``, ``lists``, ``consultations``,
``placing``, ``reports``). Thin: find the record through ``sendcpp.access`` or
``placements.selectors`` (404 for missing and forbidden alike), call one service, render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse

from sendcpp.web.handling import handle_record_form, posted

GET_POST = ["GET", "POST"]


@dataclass(frozen=True)
class RecordFormPage:
    """The form page of one kind of record (a consultation, a placement): its template, where
    to go after, and what the page shows of the record."""

    template: str
    next_url: Callable[[Any], str]
    about: Callable[[Any], dict[str, Any]]

    def show(
        self,
        request: HttpRequest,
        record: Any,
        form_class: type[forms.Form],
        service: Callable[..., object],
        *,
        success: str,
        **context: Any,
    ) -> HttpResponse:
        """One change to ``record`` on this page: the form's fields are the service's keyword
        arguments."""
        return handle_record_form(
            request,
            record,
            form_class(posted(request)),
            service,
            success=success,
            next_url=self.next_url(record),
            template=self.template,
            context={**self.about(record), **context},
        )

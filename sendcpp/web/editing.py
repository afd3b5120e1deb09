"""Editing a record that several people may change at once: the form carries the version the
person started from, and the service refuses a save made on an older one (``StaleEdit``).

``handle_edit`` is ``handle_form`` for such a form: when the save is refused, the form keeps the
person's text but now carries the version saved since (so saving again is a deliberate choice),
and the page shows what the other person saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict

from sendcpp.exceptions import StaleEdit
from sendcpp.web.handling import FORM_PAGE, handle_form


def handle_edit(
    request: HttpRequest,
    form: forms.Form,
    *,
    version_field: str,
    reload: Callable[[], tuple[Any, dict[str, Any]]],
    call: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    next_url: str | Callable[[Any], str],
    template: str = FORM_PAGE,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """``handle_form``; when ``call`` raises ``StaleEdit``, ``reload()`` reads the record again
    and returns its current version and what the page should show of it (added to ``context``);
    the form's ``version_field`` then holds that version. The refusal itself is shown on the
    form as any ``DomainError`` is."""
    page = dict(context or {})

    def call_or_catch_up(data: dict[str, Any]) -> Any:
        try:
            return call(data)
        except StaleEdit:
            version, shown = reload()
            typed = form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
            typed[form.add_prefix(version_field)] = str(version)
            form.data = typed
            page.update(shown)
            raise

    return handle_form(
        request,
        form,
        call=call_or_catch_up,
        success=success,
        next_url=next_url,
        template=template,
        context=page,
    )

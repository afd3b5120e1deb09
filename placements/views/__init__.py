"""HTML views of the placements app, by sub-domain (``directory``, ``lists``, ``consultations``,
``placing``, ``reports``). Thin: find the record through ``sendcpp.access`` or
``placements.selectors`` (404 for missing and forbidden alike), call one service, render."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest

from sendcpp.exceptions import DomainError

PAGE_SIZE = 25
GET_POST = ["GET", "POST"]


def paginate(request: HttpRequest, items: Any, size: int = PAGE_SIZE) -> dict[str, Any]:
    page_obj = Paginator(items, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return {"page_obj": page_obj, "querystring_without_page": f"{encoded}&" if encoded else ""}


def posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one, so its errors show), else None."""
    return request.POST if request.method == "POST" else None


def form_error(form: Any, error: DomainError) -> None:
    """Show a service's refusal on the form: on its field if the form has it."""
    form.add_error(error.field if error.field in form.fields else None, error.message)

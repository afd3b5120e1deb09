"""One paginator for list pages. The page links keep the other query parameters (filters)
through Django's ``{% querystring %}`` tag in ``govuk/pagination.html``."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest

PAGE_SIZE = 25


def paginate(request: HttpRequest, items: Any, *, per_page: int = PAGE_SIZE) -> dict[str, Any]:
    """``{"page_obj": ...}`` for the page asked for in ``?page=`` (the last page if it is past
    the end, the first if it is not a number)."""
    return {"page_obj": Paginator(items, per_page).get_page(request.GET.get("page"))}

"""HTML views of the placements app, by sub-domain (``directory``, ``lists``, ``consultations``,
``placing``, ``reports``). Thin: find the record through ``sendcpp.access`` or
``placements.selectors`` (404 for missing and forbidden alike), call one service, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

GET_POST = ["GET", "POST"]


def posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one, so its errors show), else None."""
    return request.POST if request.method == "POST" else None

"""HTML views of the placements app, by sub-domain (``directory``, ``lists``, ``consultations``,
``placing``, ``reports``). Thin: find the record through ``sendcpp.access`` or
``placements.selectors`` (404 for missing and forbidden alike), call one service, render."""

from __future__ import annotations

GET_POST = ["GET", "POST"]

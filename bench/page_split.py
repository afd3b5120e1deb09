"""Where each hot page's time goes, in parts that add up to the whole: the database (SQL sent and
rows read back, the driver included), compiling ORM queries to SQL, rendering templates, and the
rest of Python (middleware, views, model instances, forms). On the ``bench/foundation.py``
database with production settings, first page of each list. Run after ``bench/foundation.py`` has
seeded its database (see bench/README.md, "page_split").

Each part is timed exclusively (a query run while a template renders counts as database, not
template), with ``time.perf_counter`` around the functions named in ``PARTS``; the medians of 30
requests are printed beside the minimal signed-in view's, so the table says how far each page is
from 3x that view and which part stands in the way."""

from __future__ import annotations

import argparse
import functools
import logging
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bench.foundation as foundation  # noqa: E402  (sets the production environment)

_spent: dict[str, float] = defaultdict(float)
_stack: list[list[Any]] = []  # [part, started, time spent in parts nested inside]


def _timed(part: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        frame = [part, time.perf_counter(), 0.0]
        _stack.append(frame)
        try:
            return function(*args, **kwargs)
        finally:
            _stack.pop()
            elapsed = time.perf_counter() - frame[1]
            _spent[part] += elapsed - frame[2]
            if _stack:
                _stack[-1][2] += elapsed

    return wrapper


def _instrument() -> None:
    """Wrap the functions each part is made of (the names are Django's and psycopg's own)."""
    import psycopg
    from django.db.backends import utils
    from django.db.models.sql import compiler
    from django.template import base

    parts = {
        "database": [
            (utils.CursorWrapper, "_execute"),
            (utils.CursorWrapper, "_executemany"),
            (psycopg.Cursor, "fetchone"),
            (psycopg.Cursor, "fetchmany"),
            (psycopg.Cursor, "fetchall"),
        ],
        "compile": [(compiler.SQLCompiler, "as_sql")],
        "template": [(base.Template, "render")],
    }
    for part, places in parts.items():
        for owner, name in places:
            setattr(owner, name, _timed(part, getattr(owner, name)))


PARTS = ("database", "compile", "template")


def _pages() -> list[tuple[str, Any, str]]:
    from django.contrib.auth import get_user_model

    from dashboard.models import Area, GeographicLevel
    from ehcp.models import Plan
    from panels.models import PanelMeeting
    from sendcpp.models import Case

    people = get_user_model().objects
    coordinator = people.filter(staff_profile__role="coordinator").order_by("id").first()
    manager = people.filter(staff_profile__role="manager").order_by("id").first()
    parent = people.filter(username="bench-parent").first()
    case = Case.objects.filter(coordinator=coordinator).order_by("-id").first()
    plan = max(Plan.objects.all()[: foundation.PLANS], key=lambda p: p.rows.count())
    meeting = PanelMeeting.objects.order_by("id").first()
    area = Area.objects.filter(level=GeographicLevel.LOCAL_AUTHORITY).order_by("code").first()
    if None in (coordinator, manager, parent, case, meeting, area):
        raise SystemExit("Seed the database first: run bench/foundation.py (bench/README.md).")
    return [
        ("minimal authenticated view", coordinator, foundation.MINIMAL),
        ("signed-in page that does nothing", coordinator, "/accessibility/"),
        ("family home", parent, "/"),
        ("coordinator caseload", coordinator, "/"),
        ("case page", coordinator, f"/cases/{case.public_id}/"),
        ("team caseload", coordinator, "/?view=team"),
        ("API case list (manager)", manager, "/api/v1/cases/"),
        ("manager: all cases", manager, "/cases/"),
        ("manager: overdue deadlines", manager, "/deadlines/?when=overdue"),
        ("coordinator: deadlines this week", coordinator, "/deadlines/"),
        ("audit log: records viewed", manager, "/audit/?tab=reads"),
        ("audit log: changes", manager, "/audit/?tab=changes"),
        ("EHC plan page (largest plan)", manager, f"/ehcp/plans/{plan.public_id}/"),
        ("panel meeting", manager, f"/panels/meetings/{meeting.public_id}/"),
        ("public dashboard: LA page", None, f"/dashboard/areas/{area.code}/"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    import django

    django.setup()
    from django.test.utils import override_settings

    logging.disable(logging.INFO)
    pages = _pages()
    _instrument()
    print(
        f"{'page':34} {'total':>6} {'x min':>6} {'database':>9} {'compile':>8} "
        f"{'template':>9} {'other':>6}  (median ms of {args.runs} requests)"
    )
    minimal = None
    with override_settings(ROOT_URLCONF="bench.bench_urls"):
        for label, user, path in pages:
            client = foundation.signed_in(user)
            client.get(path)
            totals: list[float] = []
            parts: dict[str, list[float]] = {part: [] for part in PARTS}
            for _ in range(args.runs):
                _spent.clear()
                started = time.perf_counter()
                response = client.get(path)
                totals.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
                for part in PARTS:
                    parts[part].append(_spent[part] * 1000)
            total = statistics.median(totals)
            minimal = minimal or total
            medians = {part: statistics.median(values) for part, values in parts.items()}
            other = total - sum(medians.values())
            print(
                f"{label:34} {total:6.1f} {total / minimal:6.1f} {medians['database']:9.1f} "
                f"{medians['compile']:8.1f} {medians['template']:9.1f} {other:6.1f}"
            )


if __name__ == "__main__":
    main()

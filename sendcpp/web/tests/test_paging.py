"""Keyset ("seek") paging in the shared kit: every row exactly once, in order, both ways, with
no count and no OFFSET."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import F, QuerySet
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from sendcpp.models import Case, Team
from sendcpp.tests.factories import CaseFactory, TeamFactory
from sendcpp.web.paging import SeekPage, paginate, seek_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases() -> QuerySet[Case]:
    team: Team = TeamFactory.create()
    # Ties on the date, and cases with no date (sorted last), so the id decides.
    due = [date(2026, 12, 1) + timedelta(days=n % 4) for n in range(11)] + [None] * 6
    for day in due:
        CaseFactory.create(team=team, next_due_on=day)
    return Case.objects.filter(team=team).order_by(F("next_due_on").asc(nulls_last=True), "id")


def _walk_forward(queryset: QuerySet[Case], per_page: int) -> tuple[list[list[int]], SeekPage]:
    pages: list[list[int]] = []
    cursor: str | None = None
    while True:
        page = seek_page(queryset, after=cursor, before=None, per_page=per_page)
        pages.append([case.pk for case in page])
        if not page.has_next():
            return pages, page
        cursor = page.next_cursor


@pytest.mark.parametrize("per_page", [1, 4, 5, 17, 30])
def test_seek_pages_show_every_row_once_in_order(cases: QuerySet[Case], per_page: int) -> None:
    pages, _ = _walk_forward(cases, per_page)
    assert [pk for page in pages for pk in page] == list(cases.values_list("pk", flat=True))
    assert all(len(page) == per_page for page in pages[:-1])


def test_seek_pages_walk_back_to_the_first_page(cases: QuerySet[Case]) -> None:
    forward, last = _walk_forward(cases, 4)
    backward: list[list[int]] = []
    page = last
    while page.has_previous():
        page = seek_page(cases, after=None, before=page.previous_cursor, per_page=4)
        backward.append([case.pk for case in page])
    assert backward == forward[-2::-1]
    assert not page.has_previous()
    assert page.has_next()


def test_seek_pages_follow_a_mixed_direction_ordering(cases: QuerySet[Case]) -> None:
    newest_first = cases.order_by("-next_due_on", "id")  # nulls first, as PostgreSQL does
    pages, _ = _walk_forward(newest_first, 3)
    assert [pk for page in pages for pk in page] == list(newest_first.values_list("pk", flat=True))


def test_seek_page_reads_no_count_and_no_offset(cases: QuerySet[Case]) -> None:
    _, _ = _walk_forward(cases, 4)
    with CaptureQueriesContext(connection) as queries:
        middle = seek_page(
            cases,
            after=seek_page(cases, after=None, before=None, per_page=4).next_cursor,
            before=None,
            per_page=4,
        )
        list(middle)
    sql = " ".join(query["sql"] for query in queries).upper()
    assert "COUNT(" not in sql
    assert "OFFSET" not in sql
    assert len(middle) == 4


def _cursor(*values: str) -> str:
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps(list(values)).encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "nonsense",
        "W10",
        "%%%",
        _cursor("2026-02-30", "1"),  # no such day
        _cursor("2026-12-01", "99999999999999999999999"),  # past any id
        _cursor("2026-12-01", "one"),
        _cursor("2026-12-01"),  # too few values
    ],
)
def test_seek_page_starts_again_from_a_cursor_it_cannot_read(
    cases: QuerySet[Case], cursor: str
) -> None:
    page = seek_page(cases, after=cursor, before=None, per_page=5)
    assert [case.pk for case in page] == list(cases.values_list("pk", flat=True)[:5])
    assert not page.has_previous()


def test_seek_page_needs_an_ordering_that_ends_with_a_unique_field(
    cases: QuerySet[Case],
) -> None:
    with pytest.raises(ValueError, match="unique field"):
        seek_page(cases.order_by("next_due_on"), after=None, before=None, per_page=5)


def test_seek_links_keep_the_filters_and_say_previous_and_next(
    cases: QuerySet[Case],
) -> None:
    first = RequestFactory().get("/x/", {"stage": "request", "page": "3"})
    page = paginate(first, cases, per_page=5, seek=True)["page_obj"]
    request = RequestFactory().get("/x/", {"stage": "request", "after": page.next_cursor})
    request.user = AnonymousUser()
    context = paginate(request, cases, per_page=5, seek=True)
    html = Template('{% include "govuk/pagination.html" %}').render(
        RequestContext(request, context)
    )
    assert 'aria-label="Pagination"' in html
    assert (
        f'href="?stage=request&amp;before={context["page_obj"].previous_cursor}" rel="prev"' in html
    )
    assert f'href="?stage=request&amp;after={context["page_obj"].next_cursor}" rel="next"' in html
    assert 'Previous<span class="govuk-visually-hidden"> page</span>' in html
    assert "Page " not in html  # keyset pages are never counted

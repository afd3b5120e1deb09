"""Query counts on the busiest pages and API lists are capped and do not grow with rows."""

from __future__ import annotations

from datetime import date

import pytest

from sendcpp import clock
from sendcpp.tests.factories import CaseFactory, DocumentFactory
from sendcpp.timeline import record_case_event


def _more_cases(world, n):
    for _ in range(n):
        case = CaseFactory(team=world.case.team, coordinator=world.coordinator)
        clock.start_deadline(case, rule="final_plan", by=None, request_received_on=date(2026, 9, 1))
        record_case_event(case=case, kind="note_added", by=world.coordinator)
        DocumentFactory(case=case)


@pytest.mark.parametrize("rows", [1, 30], ids=["few-rows", "many-rows"])
@pytest.mark.parametrize(
    ("who", "path", "limit"),
    [
        ("coordinator", "/", 12),
        ("coordinator", "/?view=team", 12),
        ("manager", "/cases/", 14),
        ("coordinator", "/deadlines/?view=team", 12),
        ("manager", "/deadlines/", 14),
        ("manager", "/audit/", 12),
        ("coordinator", "/children/search/", 7),
        ("coordinator", "/api/v1/cases/", 11),
        ("coordinator", "/api/v1/children/", 11),
        ("family", "/", 10),
    ],
)
def test_list_query_counts_are_capped(
    world, client_for, django_assert_max_num_queries, who, path, limit, rows
):
    _more_cases(world, rows)
    client = client_for(getattr(world, who))
    if path == "/children/search/":
        # The search is posted once; its results (and their pages) are shown by token.
        path = client.post(path, {"q": "a"})["Location"]
    with django_assert_max_num_queries(limit):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("rows", [1, 40], ids=["few-rows", "many-rows"])
def test_case_page_query_count_is_capped(world, client_for, django_assert_max_num_queries, rows):
    for n in range(rows):
        record_case_event(case=world.case, kind="note_added", by=world.coordinator)
        DocumentFactory(case=world.case, title=f"Doc {n}")
    client = client_for(world.coordinator)
    with django_assert_max_num_queries(15):
        assert client.get(f"/cases/{world.case.public_id}/").status_code == 200
    with django_assert_max_num_queries(13):
        assert client.get(f"/api/v1/cases/{world.case.public_id}/timeline/").status_code == 200

"""The support API: reads scoped like the pages (404 for another setting's plan), a review
recorded by the setting through the command pattern, and no partner key acting for a SENCO."""

from __future__ import annotations

from datetime import date

import pytest

from support.models import PlanReview
from support.tests.conftest import write_plan

pytestmark = pytest.mark.django_db


def test_a_setting_lists_and_reads_only_its_own_plans(schools, client_for):
    plan = write_plan(schools)
    mine = client_for(schools.senco).get("/api/v1/support/plans/")
    assert mine.status_code == 200
    assert [item["id"] for item in mine.json()["results"]] == [str(plan.public_id)]
    theirs = client_for(schools.other_senco)
    assert theirs.get("/api/v1/support/plans/").json()["results"] == []
    assert theirs.get(f"/api/v1/support/plans/{plan.public_id}/").status_code == 404


def test_a_review_is_recorded_through_the_api_and_refused_for_others(schools, client_for, world):
    plan = write_plan(schools)
    body = {
        "reviewed_on": "2026-12-08",
        "progress": "some",
        "what_worked": "The group helped",
        "next_steps": "Carry on",
        "layer_after": "targeted",
        "next_review_on": "2027-03-26",
    }
    url = f"/api/v1/support/plans/{plan.public_id}/review/"
    for outsider in (schools.other_senco, world.family, world.coordinator):
        assert (
            client_for(outsider).post(url, body, content_type="application/json").status_code == 404
        )
    assert not PlanReview.objects.exists()
    bad = client_for(schools.senco).post(
        url, {**body, "next_review_on": "2026-12-01"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert not PlanReview.objects.exists()
    made = client_for(schools.senco).post(url, body, content_type="application/json")
    assert made.status_code == 201
    assert made.json()["progress"] == "some"
    plan.refresh_from_db()
    assert plan.next_review_on == date(2027, 3, 26)


def test_a_partner_key_reads_no_support_plan(schools, partner_keys, client):
    write_plan(schools)
    _, key = partner_keys["school_reader"]
    response = client.get("/api/v1/support/plans/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_the_standards_are_listed_with_their_source(schools, client_for):
    response = client_for(schools.senco).get("/api/v1/support/standards/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 23
    assert "not the official" in body["results"][0]["source"]

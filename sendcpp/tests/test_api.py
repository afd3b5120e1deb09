"""The partner API: keys, scopes, revocation, rate limits, the audit of every call, the schema."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client

from sendcpp import clock
from sendcpp.api.authentication import hash_key, issue_api_client
from sendcpp.models import AccessLog, ApiClient, ApiRequestLog
from sendcpp.tests.factories import CaseFactory


def _bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_only_a_hash_of_the_key_is_stored(world):
    client, key = issue_api_client(name="MIS", organisation=world.school, scopes=["cases:read"])
    assert key not in str(ApiClient.objects.filter(pk=client.pk).values().get())
    assert client.key_hash == hash_key(key)


def test_unknown_scope_is_refused(world):
    with pytest.raises(ValueError, match="Unknown scopes"):
        issue_api_client(name="MIS", organisation=world.school, scopes=["everything"])


@pytest.mark.parametrize(
    "header",
    ["Bearer nonsense", "Bearer abc.def", "Bearer "],
    ids=["no-dot", "unknown-prefix", "empty"],
)
def test_bad_keys_get_401(world, header):
    response = Client(HTTP_AUTHORIZATION=header).get("/api/v1/cases/")
    assert response.status_code == 401


def test_right_prefix_wrong_secret_gets_401(world, partner_keys):
    _, key = partner_keys["la_reader"]
    prefix = key.split(".")[0]
    assert _bearer(f"{prefix}.wrong-secret").get("/api/v1/cases/").status_code == 401


def test_every_partner_call_is_audited_without_personal_data(world, partner_keys):
    client, key = partner_keys["la_reader"]
    _bearer(key).get(f"/api/v1/cases/{world.case.public_id}/")
    _bearer(key).get(f"/api/v1/cases/{world.other_case.public_id}/timeline/")
    entries = list(
        ApiRequestLog.objects.filter(api_client=client)
        .order_by("id")
        .values_list("endpoint", "status_code")
    )
    assert entries == [("api-case-detail", 200), ("api-case-timeline", 200)]
    assert AccessLog.objects.filter(api_client=client, via="api").count() == 2
    client.refresh_from_db()
    assert client.last_used_at is not None


def test_partner_keys_are_rate_limited(world, partner_keys, settings):
    cache.clear()
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    from rest_framework.throttling import SimpleRateThrottle

    original = dict(SimpleRateThrottle.THROTTLE_RATES)
    SimpleRateThrottle.THROTTLE_RATES = {**rates, "partner": "3/minute"}
    try:
        _, key = partner_keys["school_reader"]
        statuses = [_bearer(key).get("/api/v1/cases/").status_code for _ in range(4)]
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
        cache.clear()
    assert statuses == [200, 200, 200, 429]


def test_case_list_filters_and_paginates(world, client_for):
    client = client_for(world.manager)
    data = client.get("/api/v1/cases/", {"stage": "request"}).json()
    assert data["count"] == 2
    assert client.get("/api/v1/cases/", {"stage": "maintained"}).json()["count"] == 0
    assert client.get("/api/v1/cases/", {"stage": "nonsense"}).status_code == 400
    assert client.get("/api/v1/cases/", {"page": 99}).status_code == 404


def test_deadlines_endpoint_gives_basis_and_status(world, client_for):
    clock.start_deadline(
        world.case, rule="assessment_decision", by=None, request_received_on=date(2020, 1, 6)
    )
    rows = (
        client_for(world.family)
        .get(f"/api/v1/cases/{world.case.public_id}/deadlines/")
        .json()["results"]
    )
    assert rows[0]["rule"] == "assessment_decision"
    assert rows[0]["due_on"] == "2020-02-17"
    assert rows[0]["status"] == "overdue"
    assert "regulation 5" in rows[0]["legal_basis"]


def test_family_api_timeline_hides_staff_notes(world, client_for):
    from sendcpp.timeline import record_case_event

    record_case_event(
        case=world.case, kind="note_added", by=world.coordinator, summary="Private note"
    )
    rows = (
        client_for(world.family)
        .get(f"/api/v1/cases/{world.case.public_id}/timeline/")
        .json()["results"]
    )
    assert rows == []


def test_openapi_schema_and_docs_are_published(db):
    schema = Client().get("/api/schema/")
    assert schema.status_code == 200
    body = schema.content.decode()
    assert "/api/v1/cases/{public_id}/deadlines/" in body
    assert "partnerKey" in body
    assert Client().get("/api/docs/").status_code == 200


def test_api_errors_from_domain_rules_are_json(world, client_for):
    from sendcpp.api.errors import exception_handler
    from sendcpp.exceptions import StaleEdit

    response = exception_handler(StaleEdit("Someone else saved this first", field="text"), {})
    assert response.status_code == 409
    assert response.data == {"detail": "Someone else saved this first", "field": "text"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/ehcp/requests/000000000000000000000000000000000000/",
        "/api/v1/ehcp/assessments/000000000000000000000000000000000000/",
        "/api/v1/ehcp/advice-submissions/000000000000000000000000000000000000/",
    ],
)
def test_a_record_id_that_is_not_a_uuid_is_not_found(world, client_for, path):
    """The path names a record that cannot exist: 404, as for any record not there (not a 400
    about the id's format, which the schema does not document)."""
    response = client_for(world.manager).get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_validation_error_with_a_valid_id_in_the_path_stays_a_400():
    from django.core.exceptions import ValidationError

    from sendcpp.api.errors import exception_handler

    response = exception_handler(
        ValidationError("The date is not valid"),
        {"kwargs": {"public_id": "0b6f6a56-8b5c-4a4e-9a59-2f0f6c1c1d11"}},
    )
    assert response.status_code == 400
    assert response.data == {"detail": ["The date is not valid"]}


@pytest.mark.parametrize(
    ("updated_since", "status", "finds"),
    [
        # Python and ISO 8601 allow offsets up to 23:59; PostgreSQL refused this with a 500.
        ("1221-03-22T14:47:44-21:20", 200, "all"),
        ("9000-01-01T00:00:00+23:59", 200, "none"),
        # Year 1 at +23:59 is before the year 1 in UTC, and year 9999 at -23:59 after 9999.
        ("0001-01-01T00:00:00+23:59", 400, None),
        ("9999-12-31T12:00:00-23:59", 400, None),
        ("not a date", 400, None),
    ],
)
def test_updated_since_takes_any_offset_without_a_server_error(
    world, partner_keys, updated_since, status, finds
):
    _, key = partner_keys["la_reader"]
    everything = _bearer(key).get("/api/v1/cases/").json()["count"]
    assert everything > 0
    response = _bearer(key).get("/api/v1/cases/", {"updated_since": updated_since})
    assert response.status_code == status, response.content
    if finds is not None:
        assert response.json()["count"] == (everything if finds == "all" else 0)
    else:
        assert "updated_since" in response.json()


@pytest.mark.parametrize(
    "value",
    [
        {"\x00E$": "text"},
        {"question": "an \x00 answer"},
        {"nested": [{"deeper": ["fine", "not\x00fine"]}]},
    ],
)
def test_json_input_with_a_null_character_anywhere_is_refused(value):
    """PostgreSQL cannot store NUL in text or JSON: advice content with one in a key gave a 500."""
    from ehcp.api.serializers import PlanSectionInput, SubmitAdviceInput

    advice = SubmitAdviceInput(
        data={"content": value, "advisor_name": "A Person", "advisor_role": "EP"}
    )
    section = PlanSectionInput(data={"section": "views", "values": value, "lock_version": 1})
    if all(isinstance(v, str) for v in value.values()):
        assert not advice.is_valid()
        assert "content" in advice.errors
    assert not section.is_valid()
    assert "values" in section.errors


def test_json_input_without_null_characters_is_accepted():
    from ehcp.api.serializers import SubmitAdviceInput

    advice = SubmitAdviceInput(
        data={
            "content": {"needs": "Reads slowly"},
            "advisor_name": "A Person",
            "advisor_role": "EP",
        }
    )
    assert advice.is_valid(), advice.errors


def test_case_list_pages_by_cursor_without_counting(world, client_for):
    for _ in range(3):
        CaseFactory(team=world.case.team, stage="maintained")
    client = client_for(world.manager)
    numbered = [
        row["id"] for row in client.get("/api/v1/cases/", {"page_size": 200}).json()["results"]
    ]
    assert len(numbered) >= 3
    first = client.get("/api/v1/cases/", {"cursor": "", "page_size": 2}).json()
    assert "count" not in first
    assert first["previous"] is None
    assert "cursor=" in first["next"]
    seen, page = [row["id"] for row in first["results"]], first
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [row["id"] for row in page["results"]]
    assert seen == numbered  # every case once, in the same order as numbered pages
    back = client.get(page["previous"]).json()
    assert [row["id"] for row in back["results"]] == seen[
        -len(page["results"]) - 2 : -len(page["results"])
    ]


def test_case_list_cursor_keeps_filters_and_restarts_on_a_cursor_it_cannot_read(world, client_for):
    client = client_for(world.manager)
    data = client.get("/api/v1/cases/", {"stage": "request", "cursor": "not-a-cursor"}).json()
    assert len(data["results"]) == 2
    assert {row["stage"] for row in data["results"]} == {"request"}
    assert data["next"] is None


@pytest.mark.parametrize(
    "details",
    [
        {},
        {"coordinator": None, "next_due_on": None, "next_due_label": ""},
        {"closed_on": date(2026, 11, 2), "plan_issued_on": date(2025, 3, 4)},
    ],
)
def test_the_case_list_writes_each_case_as_drf_would_field_by_field(world, details):
    """The case serializer reads its values directly; what it gives must stay what DRF's walk of
    its declared fields gives (a field added to ``Meta.fields`` and not to the direct read fails
    here)."""
    from rest_framework import serializers as drf

    from sendcpp.api.serializers import CaseSerializer
    from sendcpp.tests.factories import CaseFactory

    case = CaseFactory(team=world.case.team, **details)
    serializer = CaseSerializer()
    direct = serializer.to_representation(case)
    generic = drf.ModelSerializer.to_representation(serializer, case)
    assert direct == generic
    assert list(direct) == CaseSerializer.Meta.fields

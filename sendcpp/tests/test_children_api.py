"""The API reads a child's record with their contacts, and an LA key with ``children:write``
(or signed-in staff who may edit the case) changes it through the same service."""

from __future__ import annotations

import pytest
from django.test import Client

from sendcpp.api.authentication import issue_api_client
from sendcpp.identifiers import upn_check_letter
from sendcpp.models import Child

BODY = "801200000011"
UPN = upn_check_letter(BODY) + BODY


def _bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _writer(world) -> Client:
    _, key = issue_api_client(
        name="LA records", organisation=world.la, scopes=["cases:read", "children:write"]
    )
    return _bearer(key)


def test_an_la_key_reads_the_child_with_contacts(world, partner_keys):
    child = world.case.child
    body = _bearer(partner_keys["la_reader"][1]).get(f"/api/v1/children/{child.public_id}/").json()
    assert body["version"] == 1
    assert body["contacts"][0]["kind"] == "mother"


def test_an_la_key_with_the_scope_corrects_the_upn(world):
    child = world.case.child
    url = f"/api/v1/children/{child.public_id}/correct/"
    api = _writer(world)
    bad = api.post(url, {"version": 1, "upn": "B" + BODY}, content_type="application/json")
    assert bad.status_code == 400
    assert "not valid" in str(bad.json())
    good = api.post(
        url, {"version": 1, "upn": UPN, "ethnicity": "WBRI"}, content_type="application/json"
    )
    assert good.status_code == 200, good.content
    assert good.json()["upn"] == UPN
    child.refresh_from_db()
    assert (child.upn, child.ethnicity, child.version) == (UPN, "WBRI", 2)
    stale = api.post(url, {"version": 1, "uln": ""}, content_type="application/json")
    assert stale.status_code == 409


def test_a_code_outside_the_list_is_refused(world):
    child = world.case.child
    response = _writer(world).post(
        f"/api/v1/children/{child.public_id}/correct/",
        {"version": 1, "ethnicity": "ASIA"},
        content_type="application/json",
    )
    assert response.status_code == 400
    child.refresh_from_db()
    assert child.ethnicity == ""


@pytest.mark.parametrize("key", ["la_reader", "school_reader"])
def test_a_key_without_the_scope_may_not_write(world, partner_keys, key):
    child = world.case.child
    response = _bearer(partner_keys[key][1]).post(
        f"/api/v1/children/{child.public_id}/correct/",
        {"version": 1, "postcode": "M1 1AE"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Child.objects.get(pk=child.pk).postcode == ""


def test_a_contact_is_added_through_the_api(world):
    child = world.case.child
    response = _writer(world).post(
        f"/api/v1/children/{child.public_id}/contact/",
        {"version": 1, "full_name": "Alex Carer", "kind": "carer", "postcode": "b33 8th"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    added = [c for c in response.json()["contacts"] if c["full_name"] == "Alex Carer"]
    assert added[0]["postcode"] == "B33 8TH"


def test_another_councils_key_gets_404(world):
    from sendcpp.tests.factories import LocalAuthorityFactory

    _, key = issue_api_client(
        name="Elsewhere",
        organisation=LocalAuthorityFactory(),
        scopes=["cases:read", "children:write"],
    )
    response = _bearer(key).post(
        f"/api/v1/children/{world.case.child.public_id}/correct/",
        {"version": 1, "postcode": "M1 1AE"},
        content_type="application/json",
    )
    assert response.status_code == 404

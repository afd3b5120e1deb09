"""The ELSEC API: reads scoped to the caller (404 for others), a screening recorded through the
command only with consent, and partner keys refused."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from elsec import services
from elsec.models import Screening

DAY = date(2026, 10, 1)


def _url(name, *args):
    return reverse(f"api-elsec-{name}", args=args)


def test_lists_show_only_what_the_caller_sees(elsec, world, client_for):
    for user, count in (
        (elsec.therapist, 1),
        (elsec.nursery_staff, 1),
        (elsec.parent, 1),
        (world.manager, 2),
        (world.other_la_manager, 0),
    ):
        response = client_for(user).get(_url("child-list"))
        assert response.status_code == 200
        assert response.json()["count"] == count, user.username
    names = [
        row["name"] for row in client_for(elsec.parent).get(_url("child-list")).json()["results"]
    ]
    assert names == ["Amara Okafor"]
    assert client_for(None).get(_url("child-list")).status_code in {401, 403}


def test_one_record_is_404_for_those_who_may_not_see_it(elsec, world, client_for):
    url = _url("child-detail", elsec.record.public_id)
    assert client_for(elsec.therapist).get(url).status_code == 200
    for user in (elsec.support_worker, elsec.nursery_staff, world.family, world.coordinator):
        assert client_for(user).get(url).status_code == 404


def test_screening_command_needs_consent_and_the_right_worker(elsec, client_for):
    url = _url("child-screenings", elsec.record.public_id)
    body = {"tool": str(elsec.tool.public_id), "screened_on": "2026-10-01", "score": 30}
    therapist = client_for(elsec.therapist)
    refused = therapist.post(url, body, content_type="application/json")
    assert refused.status_code == 400
    assert "consent" in str(refused.json())
    services.record_consent(
        elsec.record, given_by="P", given_on=DAY, share_with_send_service=False, by=elsec.therapist
    )
    for other in (elsec.support_worker, elsec.parent, elsec.nursery_staff):
        assert client_for(other).post(url, body, content_type="application/json").status_code == 404
    assert not Screening.objects.exists()
    created = therapist.post(url, body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["at_expected_level"] is True
    bad = therapist.post(url, {**body, "score": 99}, content_type="application/json")
    assert bad.status_code == 400
    assert Screening.objects.count() == 1


def test_partner_keys_see_no_child(elsec, partner_keys, client):
    for _client, secret in partner_keys.values():
        response = client.get(_url("child-list"), HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert response.status_code in {200, 403}
        if response.status_code == 200:
            assert response.json()["count"] == 0


def test_settings_list_shows_only_the_callers_settings(elsec, world, client_for):
    def names(user):
        rows = client_for(user).get(_url("setting-list")).json()["results"]
        return sorted(row["name"] for row in rows)

    assert names(elsec.therapist) == [world.school.name]
    assert names(elsec.nursery_staff) == ["Little Acorns Nursery"]
    assert names(world.manager) == ["Little Acorns Nursery", world.school.name]
    assert names(elsec.parent) == []


def test_evaluation_figures_for_the_lead_only_with_disclosure_control(elsec, world, client_for):
    url = _url("pathfinder-evaluation", elsec.pathfinder.public_id)
    for user in (elsec.therapist, elsec.parent, world.other_la_manager, world.coordinator):
        assert client_for(user).get(url).status_code == 404
    services.record_consent(
        elsec.record, given_by="P", given_on=DAY, share_with_send_service=False, by=elsec.therapist
    )
    services.record_screening(
        elsec.record, tool=elsec.tool, screened_on=DAY, score=3, by=elsec.therapist
    )
    response = client_for(world.manager).get(
        url, {"starts_on": "2026-09-01", "ends_on": "2026-12-31"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["starts_on"], body["type_of_setting"]) == ("2026-09-01", "all")
    values = {(row["table"], row["measure"]): row["value"] for row in body["figures"]}
    assert values[("Children", "Screened")] == "c"
    assert values[("Screened by type of setting", "Early years")] == "0"
    bad = client_for(world.manager).get(url, {"ends_on": "2026-08-01", "starts_on": "2026-09-01"})
    assert bad.status_code == 400
    assert client_for(world.manager).get(url, {"age_group": "teen"}).status_code == 400
    listed = client_for(elsec.therapist).get(_url("pathfinder-list")).json()
    assert [row["name"] for row in listed["results"]] == ["Demo ELSEC pathfinder"]

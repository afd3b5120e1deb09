"""The permission matrix for every HTML page and API endpoint of the placements app: anonymous,
the child's family, another family, the coordinator, a teammate, another team, the manager, a
manager of another LA, the administrator, a professional, the setting's SENCO (consulted), and
partner keys. A denial is a 404 (a sign-in redirect for anonymous pages, 401 for anonymous API
calls, 403 for directory writes) and changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from placements import services
from placements.locations import DATA_DIR
from placements.models import (
    Consultation,
    Placement,
    Setting,
    SettingImport,
    TailoredList,
    TailoredListVersion,
)
from placements.tests.conftest import next_september
from sendcpp.api.authentication import issue_api_client
from sendcpp.models import AccessLog, CaseEvent
from sendcpp.web.testing import date_parts

PEOPLE = [
    "anonymous",
    "family",
    "other_family",
    "coordinator",
    "teammate",
    "other_team_coordinator",
    "manager",
    "other_la_manager",
    "administrator",
    "professional",
    "setting_user",
]
STAFF = {
    "coordinator",
    "teammate",
    "other_team_coordinator",
    "manager",
    "other_la_manager",
    "administrator",
}
CASE_STAFF = {"coordinator", "teammate", "manager"}  # staff who may see and act on world.case
CASE_READERS = CASE_STAFF | {"family"}
MANAGERS = {"manager", "other_la_manager"}


@dataclass
class Scene:
    tailored_list: TailoredList
    consultation: Consultation  # sent to world.school, where setting_user works
    placement: Placement  # tier 2 alternative provision


@pytest.fixture
def scene(world, directory, published) -> Scene:
    today = timezone.localdate()
    consultation = services.send_consultation(
        world.case,
        setting=directory.school.organisation,
        reason="family",
        sent_on=today,
        by=world.coordinator,
    )
    placement = services.record_placement(
        world.case,
        setting=directory.special.organisation,
        ap_tier=2,
        home_setting=directory.school.organisation,
        starts_on=today,
        planned_return_on=today.replace(year=today.year + 1),
        next_review_on=today,
        by=world.coordinator,
    )
    return Scene(published, consultation, placement)


def _client(world, client_for, who: str) -> Client:
    return client_for(None if who == "anonymous" else getattr(world, who))


def _denied(response, who: str) -> bool:
    if who == "anonymous":
        return response.status_code == 302 and "/sign-in/" in response["Location"]
    return response.status_code == 404


def _paths(world, scene: Scene, directory) -> dict[str, str]:
    case = world.case.public_id
    consultation = scene.consultation.public_id
    placement = scene.placement.public_id
    setting = directory.school.organisation.public_id
    return {
        "index": "/placements/",
        "directory": "/placements/directory/?q=school",
        "setting": f"/placements/directory/{setting}/",
        "setting-edit": f"/placements/directory/{setting}/edit/",
        "import": "/placements/directory/import/",
        "case": f"/placements/cases/{case}/",
        "list": f"/placements/cases/{case}/tailored-list/",
        "list-version": f"/placements/cases/{case}/tailored-list/versions/1/",
        "list-criteria": f"/placements/cases/{case}/tailored-list/criteria/",
        "list-ask": f"/placements/cases/{case}/tailored-list/ask/",
        "list-priorities": f"/placements/cases/{case}/tailored-list/priorities/",
        "list-preference": f"/placements/cases/{case}/tailored-list/preference/",
        "consultation-send": f"/placements/cases/{case}/consultations/new/",
        "placement-add": f"/placements/cases/{case}/placements/new/",
        "consultations": "/placements/consultations/",
        "consultation": f"/placements/consultations/{consultation}/",
        "consultation-answer": f"/placements/consultations/{consultation}/answer/",
        "consultation-decide": f"/placements/consultations/{consultation}/decide/",
        "consultation-withdraw": f"/placements/consultations/{consultation}/withdraw/",
        "placement-end": f"/placements/placements/{placement}/end/",
        "placement-review": f"/placements/placements/{placement}/review/",
        "alternative-provision": "/placements/alternative-provision/",
        "sufficiency": "/placements/sufficiency/",
        "sufficiency-csv": "/placements/sufficiency/download/",
    }


# Who gets a 200 on each page (everyone else is denied).
EVERYONE = set(PEOPLE)
SIGNED_IN = EVERYONE - {"anonymous"}
PAGE_ACCESS = {
    "index": STAFF,
    "directory": EVERYONE,
    "setting": EVERYONE,
    "setting-edit": MANAGERS,
    "import": MANAGERS,
    "case": CASE_STAFF,
    "list": CASE_READERS,
    "list-version": CASE_READERS,
    "list-criteria": CASE_STAFF,
    "list-ask": {"family"},
    "list-priorities": CASE_READERS,
    "list-preference": CASE_READERS,
    "consultation-send": CASE_STAFF,
    "placement-add": CASE_STAFF,
    "consultations": SIGNED_IN - {"family", "other_family"},
    "consultation": CASE_STAFF | {"setting_user"},
    "consultation-answer": CASE_STAFF | {"setting_user"},
    "consultation-decide": CASE_STAFF,
    "consultation-withdraw": CASE_STAFF,
    "placement-end": CASE_STAFF,
    "placement-review": CASE_STAFF,
    "alternative-provision": STAFF,
    "sufficiency": MANAGERS,
    "sufficiency-csv": MANAGERS,
}
# Signed-in people who are not LA staff or family start from their consultations.
REDIRECTED = {"index": {"professional", "setting_user"}}


@pytest.mark.parametrize("who", PEOPLE)
def test_pages(world, client_for, directory, scene, who):
    """Every page, for one person (the pages only read, so one scene serves them all)."""
    client = _client(world, client_for, who)
    for page, path in _paths(world, scene, directory).items():
        logs_before = AccessLog.objects.count()
        response = client.get(path)
        if who in PAGE_ACCESS[page]:
            assert response.status_code == 200, (page, response.content[:500])
        elif who in REDIRECTED.get(page, set()):
            assert response.status_code == 302, page
            assert response["Location"] == "/placements/consultations/"
        else:
            assert _denied(response, who), page
            assert AccessLog.objects.count() == logs_before, page


def test_the_setting_sees_only_the_pack(world, client_for, directory, scene):
    response = client_for(world.setting_user).get(
        f"/placements/consultations/{scene.consultation.public_id}/"
    )
    text = response.content.decode()
    assert world.case.child.full_name in text
    assert world.case.reference not in text
    for relationship in world.case.child.relationships.all():
        assert relationship.full_name not in text
    assert AccessLog.objects.filter(user=world.setting_user, what="consultation").count() == 1
    # The case itself stays closed to them.
    assert client_for(world.setting_user).get(f"/cases/{world.case.public_id}/").status_code == 404


def test_a_setting_sees_only_consultations_sent_to_it(world, client_for, directory, scene):
    other = services.send_consultation(
        world.case,
        setting=directory.special.organisation,
        reason="la",
        sent_on=timezone.localdate(),
        by=world.coordinator,
    )
    client = client_for(world.setting_user)
    listing = client.get("/placements/consultations/").content.decode()
    assert str(scene.consultation.public_id) in listing
    assert str(other.public_id) not in listing
    assert client.get(f"/placements/consultations/{other.public_id}/").status_code == 404
    before = CaseEvent.objects.count()
    response = client.post(
        f"/placements/consultations/{other.public_id}/answer/",
        {"answer": "can_meet", "reasons": "Yes"},
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.answer == ""
    assert CaseEvent.objects.count() == before


# --- Writes through the HTML forms: allowed people change things, nobody else does ---------------


def _post_cases(world, scene, directory):
    case = world.case.public_id
    consultation = scene.consultation.public_id
    placement = scene.placement.public_id
    setting = directory.school.organisation
    today = timezone.localdate()
    return {
        "list-publish": (
            f"/placements/cases/{case}/tailored-list/publish/",
            {},
            lambda: TailoredListVersion.objects.count(),
            CASE_STAFF,
        ),
        "list-add": (
            f"/placements/cases/{case}/tailored-list/add/",
            {"setting": setting.pk},
            lambda: scene.tailored_list.entries.count(),
            CASE_STAFF,
        ),
        "list-priorities": (
            f"/placements/cases/{case}/tailored-list/priorities/",
            {"priorities": "Quiet"},
            lambda: TailoredList.objects.filter(family_priorities="Quiet").count(),
            CASE_READERS,
        ),
        "consultation-send": (
            f"/placements/cases/{case}/consultations/new/",
            {
                "setting": directory.special.organisation.pk,
                "reason": "la",
                **date_parts("sent_on", today),
            },
            lambda: Consultation.objects.count(),
            CASE_STAFF,
        ),
        "consultation-answer": (
            f"/placements/consultations/{consultation}/answer/",
            {"answer": "can_meet", "reasons": "We can"},
            lambda: Consultation.objects.filter(answer="can_meet").count(),
            CASE_STAFF | {"setting_user"},
        ),
        "consultation-decide": (
            f"/placements/consultations/{consultation}/decide/",
            {"decision": "not_name", "reasons": "Too far"},
            lambda: Consultation.objects.filter(status="decided").count(),
            CASE_STAFF,
        ),
        "placement-end": (
            f"/placements/placements/{placement}/end/",
            {**date_parts("ends_on", today), "reason": "Returned"},
            lambda: Placement.objects.filter(ends_on__isnull=False).count(),
            CASE_STAFF,
        ),
        "setting-edit": (
            f"/placements/directory/{setting.public_id}/edit/",
            {"places": "30", "vacancies": "2"},
            lambda: Setting.objects.filter(places=30).count(),
            MANAGERS,
        ),
    }


WRITES = [
    "list-publish",
    "list-add",
    "list-priorities",
    "consultation-send",
    "consultation-answer",
    "consultation-decide",
    "placement-end",
    "setting-edit",
]


@pytest.mark.parametrize("write", WRITES)
def test_form_writes_are_refused_and_change_nothing(world, client_for, directory, scene, write):
    path, data, count, allowed = _post_cases(world, scene, directory)[write]
    before, events = count(), CaseEvent.objects.count()
    for who in PEOPLE:
        if who in allowed:
            continue
        response = _client(world, client_for, who).post(path, data)
        assert _denied(response, who), who
        assert count() == before, who
        assert CaseEvent.objects.count() == events, who


ALLOWED_WRITES = [
    (write, who)
    for write in WRITES
    for who in PEOPLE
    if who
    in {"setting-edit": MANAGERS, "list-priorities": CASE_READERS}.get(
        write, CASE_STAFF | ({"setting_user"} if write == "consultation-answer" else set())
    )
]


@pytest.mark.parametrize(("write", "who"), ALLOWED_WRITES)
def test_form_writes_by_those_allowed(world, client_for, directory, scene, write, who):
    path, data, count, allowed = _post_cases(world, scene, directory)[write]
    assert who in allowed
    before = count()
    response = _client(world, client_for, who).post(path, data)
    assert response.status_code == 302, response.content[:800]
    assert count() == before + 1


def test_import_upload(world, client_for):
    content = (DATA_DIR / "demo-borough-settings.csv").read_bytes()
    for who in PEOPLE:
        upload = SimpleUploadedFile("settings.csv", content, "text/csv")
        response = _client(world, client_for, who).post(
            "/placements/directory/import/",
            {"file": upload, "file_format": "gias", "encoding": "utf-8"},
        )
        if who in MANAGERS:
            assert response.status_code == 302
            assert Setting.objects.count() == 10
        else:
            assert _denied(response, who), who
    assert SettingImport.objects.count() == len(MANAGERS)


# --- The API --------------------------------------------------------------------------------------


def _api(world, client_for, partner_keys, who: str) -> Client:
    if who in partner_keys:
        return Client(HTTP_AUTHORIZATION=f"Bearer {partner_keys[who][1]}")
    if who == "school_system":
        # The school's own system, allowed to answer the consultations sent to the school.
        _, key = issue_api_client(
            name="School MIS (answers)",
            organisation=world.school,
            scopes=["cases:read", "consultations:answer"],
        )
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    return _client(world, client_for, who)


API_CALLERS = [*PEOPLE, "la_reader", "school_reader", "no_scope"]
API_CASE_STAFF = CASE_STAFF | {"la_reader"}


def _api_denied(response, who: str) -> bool:
    if who == "anonymous":
        return response.status_code in {401, 403}
    return response.status_code == 404


API_READS = {
    "settings": set(API_CALLERS),
    "setting": set(API_CALLERS),
    "list": API_CASE_STAFF | {"family"},
    # The school's own system reads the consultation sent to the school, as its SENCO does.
    "consultation": API_CASE_STAFF | {"setting_user", "school_reader"},
    "placement": API_CASE_STAFF | {"family"},
}


def test_api_reads(world, client_for, partner_keys, directory, scene):
    paths = {
        "settings": "/api/v1/placements/settings/",
        "setting": f"/api/v1/placements/settings/{directory.school.organisation.public_id}/",
        "list": f"/api/v1/placements/tailored-lists/{scene.tailored_list.public_id}/",
        "consultation": f"/api/v1/placements/consultations/{scene.consultation.public_id}/",
        "placement": f"/api/v1/placements/placements/{scene.placement.public_id}/",
    }
    for who in API_CALLERS:
        client = _api(world, client_for, partner_keys, who)
        for endpoint, allowed in API_READS.items():
            response = client.get(paths[endpoint])
            if who in allowed:
                assert response.status_code == 200, (who, endpoint, response.content[:300])
            else:
                assert _api_denied(response, who), (who, endpoint)


def test_api_lists_are_scoped(world, client_for, partner_keys, directory, scene):
    for who in API_CALLERS:
        client = _api(world, client_for, partner_keys, who)
        for path, readers in (
            ("/api/v1/placements/tailored-lists/", API_CASE_STAFF | {"family"}),
            (
                "/api/v1/placements/consultations/",
                API_CASE_STAFF | {"setting_user", "school_reader"},
            ),
            ("/api/v1/placements/placements/", API_CASE_STAFF | {"family"}),
        ):
            response = client.get(path)
            if who == "anonymous":
                assert response.status_code in {401, 403}
                continue
            assert response.status_code == 200
            assert (response.json()["count"] == 1) is (who in readers), (who, path)


def _api_writes(world, scene, directory):
    """(method, path, body, how many changed, who may)"""
    consultation = scene.consultation.public_id
    return {
        "setting-facts": (
            "patch",
            f"/api/v1/placements/settings/{directory.school.organisation.public_id}/",
            {"places": 40},
            lambda: Setting.objects.filter(places=40).count(),
            MANAGERS | {"no_scope"},  # "no_scope" is the LA's key with only settings:write
        ),
        "answer": (
            "post",
            f"/api/v1/placements/consultations/{consultation}/answer/",
            {"answer": "can_meet", "reasons": "Yes"},
            lambda: Consultation.objects.filter(answer="can_meet").count(),
            CASE_STAFF | {"setting_user"},
        ),
        "decide": (
            "post",
            f"/api/v1/placements/consultations/{consultation}/decide/",
            {"decision": "not_name", "reasons": "Too far"},
            lambda: Consultation.objects.filter(status="decided").count(),
            CASE_STAFF,
        ),
        "send": (
            "post",
            "/api/v1/placements/consultations/send/",
            {
                "case": str(world.case.public_id),
                "setting": str(directory.special.organisation.public_id),
                "reason": "la",
                "sent_on": timezone.localdate().isoformat(),
            },
            lambda: Consultation.objects.count(),
            CASE_STAFF,
        ),
        "publish": (
            "post",
            f"/api/v1/placements/tailored-lists/{scene.tailored_list.public_id}/publish/",
            {},
            lambda: TailoredListVersion.objects.count(),
            CASE_STAFF,
        ),
        "placement": (
            "post",
            "/api/v1/placements/placements/",
            {
                "case": str(world.case.public_id),
                "setting": str(directory.school.organisation.public_id),
                "rank": 2,
                "starts_on": next_september().isoformat(),
            },
            lambda: Placement.objects.count(),
            CASE_STAFF,
        ),
    }


API_WRITES = ["setting-facts", "answer", "decide", "send", "publish", "placement"]
API_ALLOWED = {
    "setting-facts": MANAGERS | {"no_scope"},
    "answer": CASE_STAFF | {"setting_user", "school_system"},
}
# The partner keys that may read what each write acts on: refused with 403, not 404. The
# school's key reads the consultation sent to the school and the case of a child there.
API_KEY_READERS = {
    "answer": {"la_reader", "school_reader"},
    "decide": {"la_reader", "school_reader"},
    "send": {"la_reader", "school_reader"},
    "publish": {"la_reader"},
    "placement": {"la_reader", "school_reader"},
}


@pytest.mark.parametrize("write", API_WRITES)
def test_api_writes_are_refused_and_change_nothing(
    world, client_for, partner_keys, directory, scene, write
):
    method, path, body, count, allowed = _api_writes(world, scene, directory)[write]
    before, events = count(), CaseEvent.objects.count()
    for who in API_CALLERS:
        if who in allowed:
            continue
        client = _api(world, client_for, partner_keys, who)
        response = getattr(client, method)(path, body, content_type="application/json")
        if who == "anonymous":
            assert response.status_code in {401, 403}
        elif write == "setting-facts":
            assert response.status_code == 403, who
        elif who in API_KEY_READERS[write]:
            assert response.status_code == 403, (who, response.status_code)
        else:
            # A reader who may not act gets 404, or 400 when the service refuses the move.
            assert response.status_code in {400, 404}, (who, response.status_code)
        assert count() == before, who
        assert CaseEvent.objects.count() == events, who


@pytest.mark.parametrize(
    ("write", "who"),
    [(w, who) for w in API_WRITES for who in sorted(API_ALLOWED.get(w, CASE_STAFF))],
)
def test_api_writes_by_those_allowed(world, client_for, partner_keys, directory, scene, write, who):
    method, path, body, count, _allowed = _api_writes(world, scene, directory)[write]
    before = count()
    client = _api(world, client_for, partner_keys, who)
    response = getattr(client, method)(path, body, content_type="application/json")
    assert response.status_code in {200, 201}, response.content[:300]
    assert count() == before + 1

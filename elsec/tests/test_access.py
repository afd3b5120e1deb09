"""Who sees what in ELSEC: a setting sees only its own children, a member of the workforce only
the settings they cover, a family only its own child, the lead everything in their pathfinder,
and nobody else anything (404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from elsec import selectors, services
from elsec.models import ChildRecord, PathfinderSetting
from sendcpp import access
from sendcpp.access import Action
from sendcpp.models import AccessLog, User
from sendcpp.tests.factories import UserFactory


def _records(user):
    return set(access.records_for(user, ChildRecord.objects.all()))


def _settings(user, action=Action.VIEW):
    return set(access.records_for(user, PathfinderSetting.objects.all(), action))


def test_a_setting_sees_only_its_own_children(elsec):
    assert _records(elsec.nursery_staff) == {elsec.other_record}
    assert _settings(elsec.nursery_staff) == {elsec.nursery}
    assert _settings(elsec.nursery_staff, Action.EDIT) == set()


def test_the_worlds_school_sees_its_child(elsec, world):
    assert _records(world.setting_user) == {elsec.record}


def test_a_worker_sees_only_the_settings_they_cover(elsec):
    assert _settings(elsec.therapist) == {elsec.school}
    assert _settings(elsec.therapist, Action.EDIT) == {elsec.school}
    assert _records(elsec.therapist) == {elsec.record}
    assert _settings(elsec.support_worker) == {elsec.nursery}
    assert _records(elsec.support_worker) == {elsec.other_record}


def test_a_worker_who_stops_covering_sees_nothing(elsec, world):
    services.set_coverage(
        elsec.therapist_member, settings=[elsec.school], is_active=False, by=world.manager
    )
    assert _records(elsec.therapist) == set()
    assert _settings(elsec.therapist) == set()


def test_a_family_sees_only_its_child_and_changes_nothing(elsec, world):
    assert _records(elsec.parent) == {elsec.record}
    assert set(access.records_for(elsec.parent, ChildRecord.objects.all(), Action.EDIT)) == set()
    assert _records(world.family) == set()
    assert _settings(elsec.parent) == set()


def test_the_lead_sees_everything_in_their_pathfinder_and_other_las_nothing(elsec, world):
    assert _records(world.manager) == {elsec.record, elsec.other_record}
    assert _settings(world.manager) == {elsec.school, elsec.nursery}
    for outsider in (world.other_la_manager, world.coordinator, world.administrator):
        assert _records(outsider) == set()
        assert _settings(outsider) == set()


def test_revoked_portal_access_hides_the_child(elsec):
    relationship = elsec.record.child.relationships.get(user=elsec.parent)
    relationship.portal_access = False
    relationship.save()
    assert _records(elsec.parent) == set()


def test_partner_keys_see_nothing(elsec, partner_keys):
    for client, _secret in partner_keys.values():
        assert _records(client) == set()


@pytest.mark.parametrize(
    ("who", "name", "status"),
    [
        ("therapist", "school", 200),
        ("therapist", "nursery", 404),
        ("support_worker", "school", 404),
        ("nursery_staff", "nursery", 200),
        ("nursery_staff", "school", 404),
        ("parent", "school", 404),
    ],
)
def test_setting_pages_answer_404_to_those_who_may_not_see_them(
    elsec, client_for, who, name, status
):
    setting = getattr(elsec, name)
    response = client_for(getattr(elsec, who)).get(
        reverse("elsec:setting", kwargs={"setting_id": setting.public_id})
    )
    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("therapist", 200),
        ("parent", 200),
        ("support_worker", 404),
        ("nursery_staff", 404),
        ("other_parent", 404),
        ("other_la_manager", 404),
        ("coordinator", 404),
    ],
)
def test_child_page_answers_404_to_those_who_may_not_see_it(elsec, world, client_for, who, status):
    user = getattr(elsec, who, None) or getattr(
        world, {"other_parent": "other_family"}.get(who, who)
    )
    response = client_for(user).get(
        reverse("elsec:child", kwargs={"record_id": elsec.record.public_id})
    )
    assert response.status_code == status


def test_reading_a_childs_record_is_logged(elsec, client_for):
    client_for(elsec.therapist).get(
        reverse("elsec:child", kwargs={"record_id": elsec.record.public_id})
    )
    assert AccessLog.objects.filter(
        user=elsec.therapist, child=elsec.record.child, what="early language record"
    ).exists()


def test_a_setting_person_of_another_organisation_sees_nothing(elsec):
    stranger = UserFactory(username="stranger", account_type=User.AccountType.SETTING)
    assert _records(stranger) == set()
    assert selectors.settings_for(stranger).count() == 0


def test_changes_to_a_childs_record_are_in_the_audit_trail_by_child(elsec, world):
    from sendcpp import audit

    services.record_consent(
        elsec.record,
        given_by="P",
        given_on=elsec.pathfinder.starts_on,
        share_with_send_service=False,
        by=elsec.therapist,
    )
    rows = audit.change_rows(
        audit.changes_for(world.manager, audit.AuditFilters(child=elsec.record.child))
    )
    assert "Consent for early language support" in {row.record for row in rows}
    assert "Early language record" in {row.record for row in rows}
    elsewhere = audit.changes_for(world.other_la_manager, audit.AuditFilters())
    assert "Consent for early language support" not in {
        row.record for row in audit.change_rows(elsewhere)
    }

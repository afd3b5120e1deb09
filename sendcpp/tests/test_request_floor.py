"""What every signed-in request costs: one query to load the person (with their role and their
authenticator devices), the session saved at most once a minute, and nothing read once and kept
that could outlive a change to the account."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import TEST_NOW
from sendcpp import users
from sendcpp.accounts import SessionUserBackend
from sendcpp.models import Notification, StaffProfile
from sendcpp.tests.test_navigation import _links

PASSWORD = "correct-horse-battery-staple"


def _expiry(client: Client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_signed_in_page_needs_one_query(world, client_for, django_assert_num_queries):
    client = client_for(world.coordinator)
    client.get("/accessibility/")
    # The person with their role, devices, grants and the menu's count of unread messages.
    with django_assert_num_queries(1):
        assert client.get("/accessibility/").status_code == 200


@pytest.mark.parametrize("who", ["coordinator", "manager", "family"])
def test_a_page_without_the_menu_needs_one_query(world, client_for, django_assert_num_queries, who):
    client = client_for(getattr(world, who))
    client.get("/api/v1/")
    with django_assert_num_queries(1):
        assert client.get("/api/v1/").status_code == 200


def test_the_session_is_saved_at_most_once_a_minute(world, client_for):
    with time_machine.travel(TEST_NOW, tick=False) as traveller:
        client = client_for(world.coordinator)
        client.get("/accessibility/")
        first = _expiry(client)
        traveller.shift(timedelta(seconds=30))
        client.get("/accessibility/")
        assert _expiry(client) == first  # not written again within the minute
        traveller.shift(timedelta(seconds=30))
        client.get("/accessibility/")
        assert _expiry(client) == first + timedelta(minutes=1)


def test_a_session_still_ends_after_30_minutes_without_a_request(world, client_for):
    with time_machine.travel(TEST_NOW, tick=False) as traveller:
        client = client_for(world.coordinator)
        for _ in range(3):  # busy for a while, a request every 20 seconds
            assert client.get("/accessibility/").status_code == 200
            traveller.shift(timedelta(seconds=20))
        traveller.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE))
        assert client.get("/")["Location"].startswith("/sign-in/")


def test_signing_in_and_out_still_work_with_a_session_saved_less_often(world):
    client = Client()
    client.post("/sign-in/", {"username": "parent", "password": PASSWORD})
    assert client.get("/").status_code == 200
    client.post("/sign-out/")
    assert client.get("/").status_code == 302


def test_a_change_of_role_shows_in_the_menu_on_the_next_request(world, client_for):
    client = client_for(world.teammate)
    assert "Audit log" not in _links(client.get("/").content.decode())
    users.change_role(world.teammate, role=StaffProfile.Role.MANAGER, by=world.administrator)
    assert "Audit log" in _links(client.get("/").content.decode())
    assert client.get("/audit/").status_code == 200
    users.change_role(world.teammate, role=StaffProfile.Role.COORDINATOR, by=world.administrator)
    assert "Audit log" not in _links(client.get("/").content.decode())
    assert client.get("/audit/").status_code == 404


def test_the_menu_is_each_persons_own_when_requests_interleave(world, client_for):
    manager, coordinator = client_for(world.manager), client_for(world.coordinator)
    Notification.objects.create(recipient=world.coordinator, key="t:1", subject="Hi", body="x")
    for _ in range(2):
        manager_page = manager.get("/").content.decode()
        coordinator_page = coordinator.get("/").content.decode()
        assert "Audit log" in _links(manager_page)
        assert "Audit log" not in _links(coordinator_page)
        assert 'Messages <strong class="govuk-tag' in coordinator_page
        assert 'Messages <strong class="govuk-tag' not in manager_page


def test_deactivation_ends_a_signed_in_session_on_the_next_request(world, client_for):
    client = client_for(world.teammate)
    assert client.get("/accessibility/").status_code == 200
    users.set_active(world.teammate, active=False, by=world.administrator)
    assert client.get("/")["Location"].startswith("/sign-in/")


def test_a_two_factor_reset_takes_effect_on_the_next_request(world, client_for):
    client = client_for(world.teammate)
    assert client.get("/").status_code == 200
    users.reset_two_factor(world.teammate, by=world.administrator)
    assert client.get("/")["Location"] == "/sign-in/security-code/"
    assert DEVICE_ID_SESSION_KEY not in client.session  # forgotten, as django-otp does


def test_another_persons_device_does_not_verify_a_session(world, client_for):
    client = client_for(world.coordinator)
    theirs = TOTPDevice.objects.filter(user=world.manager, confirmed=True).get()
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = theirs.persistent_id
    session.save()
    assert client.get("/")["Location"] == "/sign-in/security-code/"


def test_an_unconfirmed_device_does_not_verify_a_session(world, client_for):
    client = client_for(world.coordinator)
    TOTPDevice.objects.filter(user=world.coordinator).update(confirmed=False)
    assert client.get("/")["Location"] == "/sign-in/security-code/"


def test_the_verifying_device_is_read_only_when_used(world, client_for, django_assert_num_queries):
    from django.test import RequestFactory

    from sendcpp.accounts import SessionUserBackend
    from sendcpp.middleware import TwoFactorMiddleware

    device = TOTPDevice.objects.get(user=world.coordinator, confirmed=True)
    request = RequestFactory().get("/")
    request.session = client_for(world.coordinator).session
    with django_assert_num_queries(1):
        request.user = SessionUserBackend().get_user(world.coordinator.pk)
        TwoFactorMiddleware(lambda r: None)._install_lazy_accessors(request)
        assert request.user.is_verified()
    with django_assert_num_queries(1):
        assert request.user.otp_device.pk == device.pk


def test_the_person_is_read_by_their_own_id_from_one_compiled_query(world):
    """Each person loaded through the one compiled query is themself, with their own devices;
    a session key that is not an id loads nobody."""
    backend = SessionUserBackend()
    for person in (world.coordinator, world.manager, world.family):
        loaded = backend.get_user(person.pk)
        assert loaded == person
        devices = TOTPDevice.objects.filter(user=person, confirmed=True)
        assert sorted(loaded.confirmed_totp_ids or []) == sorted(d.pk for d in devices)
    assert backend.get_user(str(world.manager.pk)) == world.manager
    for key in ("not a number", "", None, 10**30):
        assert backend.get_user(key) is None

"""Signing in: staff two-factor authentication, throttling and lockout, session expiry, passwords."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendcpp.accounts import acceptable_code
from sendcpp.tests.factories import StaffFactory

PASSWORD = "correct-horse-battery-staple"


def _code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    code = acceptable_code(device)
    assert code is not None
    return code


def test_staff_must_enter_a_security_code_before_seeing_anything(world):
    client = Client()
    response = client.post("/sign-in/", {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 302
    for path in ["/", f"/cases/{world.case.public_id}/", "/api/v1/cases/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/sign-in/security-code/"
    device = TOTPDevice.objects.get(user=world.coordinator)
    assert client.post("/sign-in/security-code/", {"token": _code(device)}).status_code == 302
    assert client.get(f"/cases/{world.case.public_id}/").status_code == 200


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("", "Enter the 6-digit security code"),
        ("12ab56", "must be 6 digits"),
        ("000000", "not correct"),
    ],
    ids=["blank", "letters", "wrong-code"],
)
def test_wrong_security_code_is_refused_with_a_message(world, token, message):
    client = Client()
    client.post("/sign-in/", {"username": "coordinator", "password": PASSWORD})
    response = client.post("/sign-in/security-code/", {"token": token})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_used_code_is_refused_but_the_same_person_can_sign_in_again_in_one_step(world):
    device = TOTPDevice.objects.get(user=world.coordinator)
    first = Client()
    first.post("/sign-in/", {"username": "coordinator", "password": PASSWORD})
    used = _code(device)
    assert first.post("/sign-in/security-code/", {"token": used}).status_code == 302

    second = Client()
    second.post("/sign-in/", {"username": "coordinator", "password": PASSWORD})
    replay = second.post("/sign-in/security-code/", {"token": used})
    assert replay.status_code == 200
    assert "not correct" in replay.content.decode()
    assert second.get("/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()
    # The next code the app shows is accepted, even inside the same 30-second step.
    assert second.post("/sign-in/security-code/", {"token": _code(device)}).status_code == 302
    assert second.get("/").status_code == 200


def test_staff_without_an_authenticator_set_one_up(db):
    user = StaffFactory(username="newstarter")
    TOTPDevice.objects.filter(user=user).delete()
    client = Client()
    client.post("/sign-in/", {"username": "newstarter", "password": PASSWORD})
    assert client.get("/sign-in/security-code/")["Location"] == "/sign-in/set-up-security-code/"
    page = client.get("/sign-in/set-up-security-code/")
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/sign-in/set-up-security-code/", {"token": "000000"}).status_code == 200
    # After a wrong code django-otp makes the next try wait (throttling); time has passed here.
    device.refresh_from_db()
    device.throttle_reset()
    assert (
        client.post("/sign-in/set-up-security-code/", {"token": _code(device)}).status_code == 302
    )
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


def test_family_members_do_not_need_two_factor(world):
    client = Client()
    client.post("/sign-in/", {"username": "parent", "password": PASSWORD})
    assert client.get("/").status_code == 200


def test_demo_code_is_shown_only_for_demo_accounts_in_demo_mode(world, settings):
    settings.DEMO_MODE = True
    client = Client()
    client.post("/sign-in/", {"username": "coordinator", "password": PASSWORD})
    assert b"current code is" not in client.get("/sign-in/security-code/").content
    world.coordinator.is_demo = True
    world.coordinator.save()
    assert b"current code is" in client.get("/sign-in/security-code/").content
    settings.DEMO_MODE = False
    assert b"current code is" not in client.get("/sign-in/security-code/").content


def test_five_wrong_passwords_lock_the_account_for_everyone_trying_it(world):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/sign-in/", {"username": "parent", "password": "wrong"})
    response = client.post("/sign-in/", {"username": "parent", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert Client().get("/").status_code == 302  # still signed out


def test_wrong_password_message_does_not_say_which_part_was_wrong(world):
    response = Client().post("/sign-in/", {"username": "nobody", "password": "x"})
    assert "Enter a correct username and password" in response.content.decode()


def test_sessions_expire_after_inactivity_and_with_the_browser():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # Saved again at most once a minute while in use (see test_request_floor).
    assert settings.SESSION_REFRESH_SECONDS == 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.parametrize(
    "password",
    ["short1", "password123456", "12345678901234", "coordinator-x"],
    ids=["too-short", "common", "numeric", "like-username"],
)
def test_weak_passwords_are_refused(world, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=world.coordinator)


def test_sign_out_is_post_only(world, client_for):
    client = client_for(world.family)
    assert client.get("/sign-out/").status_code == 405
    assert client.post("/sign-out/").status_code == 302
    assert client.get("/").status_code == 302


def test_security_headers(world, client_for):
    response = client_for(world.family).get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"

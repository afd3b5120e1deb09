"""HTTP hardening found by trying the service as an attacker would: where people are sent after
signing in, how long a session lives, NUL bytes in addresses, caching of personal data, and when
the proxy's HTTPS header is believed."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendcpp.accounts import acceptable_code
from sendcpp.tests.factories import CaseFactory

PASSWORD = "correct-horse-battery-staple"
START = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def _code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    code = acceptable_code(device)
    assert code is not None
    return code


def _staff_signs_in(client: Client, world, next_page: str) -> object:
    response = client.post(
        "/sign-in/", {"username": "coordinator", "password": PASSWORD, "next": next_page}
    )
    assert response.status_code == 302
    location = response["Location"]
    device = TOTPDevice.objects.get(user=world.coordinator)
    return client.post(location, {"token": _code(device)})


# Open redirects -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
    ],
    ids=["absolute", "scheme-relative", "backslash", "javascript", "lookalike-host"],
)
def test_the_security_code_step_never_sends_staff_to_another_site(world, target):
    client = Client()
    # The attack: a sign-in link whose next page is the security-code step with its own next.
    response = _staff_signs_in(client, world, f"/sign-in/security-code/?next={target}")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_the_security_code_step_follows_a_next_page_on_this_site(world):
    client = Client()
    page = f"/cases/{world.case.public_id}/"
    response = _staff_signs_in(client, world, f"/sign-in/security-code/?next={page}")
    assert response["Location"] == page


def test_signed_in_staff_visiting_the_security_code_step_are_not_sent_away(world, client_for):
    client = client_for(world.coordinator)
    response = client.get("/sign-in/security-code/?next=https://evil.example/")
    assert response["Location"] == "/"


def test_the_session_key_changes_at_the_security_code_step(world):
    client = Client()
    client.post("/sign-in/", {"username": "coordinator", "password": PASSWORD})
    after_password = client.session.session_key
    device = TOTPDevice.objects.get(user=world.coordinator)
    assert client.post("/sign-in/security-code/", {"token": _code(device)}).status_code == 302
    assert client.session.session_key != after_password
    # The key known before the second step no longer signs anyone in.
    stolen = Client()
    stolen.cookies[django_settings.SESSION_COOKIE_NAME] = after_password
    assert stolen.get("/").status_code == 302


def test_the_session_key_changes_when_an_authenticator_is_set_up(world):
    TOTPDevice.objects.filter(user=world.coordinator).delete()
    client = Client()
    client.post("/sign-in/", {"username": "coordinator", "password": PASSWORD})
    client.get("/sign-in/set-up-security-code/")
    before = client.session.session_key
    device = TOTPDevice.objects.get(user=world.coordinator, confirmed=False)
    response = client.post("/sign-in/set-up-security-code/", {"token": _code(device)})
    assert response.status_code == 302
    assert client.session.session_key != before


# Absolute session lifetime -------------------------------------------------------------------


def test_sessions_have_an_absolute_lifetime_of_12_hours_by_default():
    assert django_settings.SESSION_ABSOLUTE_AGE == 12 * 60 * 60


def test_an_active_session_ends_12_hours_after_signing_in(world):
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        client.post("/sign-in/", {"username": "parent", "password": PASSWORD})
        # Busy all day: a page every 20 minutes keeps the idle timeout from ending the session.
        for _ in range(12 * 3 - 1):
            assert client.get("/").status_code == 200
            traveller.shift(timedelta(minutes=20))
        assert client.get("/").status_code == 200  # 11h40m after signing in
        traveller.shift(timedelta(minutes=20))
        response = client.get(f"/cases/{world.case.public_id}/")
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/?next=/cases/")
        page = client.get(response["Location"])
        assert "signed out because you were signed in for 12 hours" in page.content.decode()
        assert client.get("/").status_code == 302  # really signed out
        # Signing in again starts a new 12 hours.
        client.post("/sign-in/", {"username": "parent", "password": PASSWORD})
        assert client.get("/").status_code == 200


def test_the_absolute_lifetime_is_configurable(world, settings):
    settings.SESSION_ABSOLUTE_AGE = 60 * 60
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        client.post("/sign-in/", {"username": "parent", "password": PASSWORD})
        for minutes in (20, 20, 19):  # within the idle timeout each time
            traveller.shift(timedelta(minutes=minutes))
            assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=1))
        assert client.get("/").status_code == 302


def test_an_expired_session_gets_no_data_from_the_api(world):
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        client.post("/sign-in/", {"username": "parent", "password": PASSWORD})
        assert client.get("/api/v1/cases/").status_code == 200
        traveller.shift(timedelta(hours=12))
        assert client.get("/api/v1/cases/").status_code in {401, 403}


# NUL bytes ------------------------------------------------------------------------------------

# Each of these reached PostgreSQL with a NUL byte and failed with a server error.
NUL_ADDRESSES = [
    "/dashboard/areas/%00/",  # public page, path
    "/api/v1/dashboard/areas/%00/",  # public API, path
    "/dashboard/areas/?area=%00",  # public page, query string
    "/api/v1/dashboard/datasets/%00/",  # public API, path
    "/api/v1/placements/settings/?q=%00",  # API filter
]


@pytest.mark.parametrize("address", NUL_ADDRESSES)
@pytest.mark.parametrize("who", ["anonymous", "manager"])
def test_a_nul_byte_in_the_address_is_a_bad_request_not_a_server_error(
    world, client_for, address, who
):
    client = client_for(world.manager if who == "manager" else None)
    client.raise_request_exception = False
    response = client.get(address)
    assert response.status_code == 400
    if address.startswith("/api/"):
        assert response["Content-Type"] == "application/json"
        assert "not allowed" in response.json()["detail"]
    else:
        assert "There is a problem with the web address" in response.content.decode()


def test_a_nul_byte_in_a_parameter_name_or_a_signed_in_page_is_refused(world, client_for):
    client = client_for(world.coordinator)
    assert client.get("/caseload/?%00=1").status_code == 400
    assert client.get("/cases/?stage=request%00").status_code == 400
    # Ordinary percent signs are not mistaken for NUL.
    assert client.get("/caseload/?stage=100%25").status_code == 200


# Caching --------------------------------------------------------------------------------------


def _not_stored(response) -> bool:
    return "no-store" in response.get("Cache-Control", "") and response.get("Pragma") == "no-cache"


@pytest.mark.parametrize(
    "who", ["coordinator", "manager", "family", "professional", "setting_user"]
)
def test_pages_for_signed_in_people_are_never_stored(world, client_for, who):
    client = client_for(getattr(world, who))
    for address in ["/", "/messages/", "/dashboard/", "/placements/directory/", "/privacy/"]:
        response = client.get(address)
        assert response.status_code == 200, address
        assert _not_stored(response), address


def test_case_pages_and_api_answers_are_never_stored(world, client_for, partner_keys):
    client = client_for(world.coordinator)
    assert _not_stored(client.get(f"/cases/{world.case.public_id}/"))
    assert _not_stored(client.get("/api/v1/cases/"))
    _, key = partner_keys["la_reader"]
    partner = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert _not_stored(partner.get("/api/v1/cases/"))
    assert _not_stored(partner.get(f"/api/v1/cases/{world.case.public_id}/"))
    # Even a public API route, when a partner key is sent.
    assert _not_stored(partner.get("/api/v1/dashboard/datasets/"))


def test_pages_that_need_sign_in_are_not_stored_even_for_the_redirect(db):
    client = Client()
    for address in ["/", f"/cases/{CaseFactory().public_id}/", "/dashboard/sen2/", "/sign-in/"]:
        assert _not_stored(client.get(address)), address
    assert _not_stored(client.get("/api/v1/cases/"))
    # The advice link for people without a sign-in shows a child's details: never stored.
    assert _not_stored(client.get("/ehcp/advice/link/not-a-real-token/"))


def test_public_pages_stay_cacheable_for_anonymous_visitors(db):
    client = Client()
    for address in [
        "/dashboard/",
        "/placements/directory/",
        "/partnership/published/",
        "/accessibility/",
        "/api/v1/dashboard/datasets/",
    ]:
        response = client.get(address)
        assert response.status_code == 200, address
        assert "no-store" not in response.get("Cache-Control", ""), address
        assert "Pragma" not in response, address


# The proxy's HTTPS header ---------------------------------------------------------------------


def _proxy_header_with(env: dict[str, str]) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_BEHIND_PROXY"}
    environment.update(env)
    code = "import sendcpp.settings.test as s; print(repr(s.SECURE_PROXY_SSL_HEADER))"
    result = subprocess.run(  # noqa: S603 - a fixed command
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    )
    return result.stdout.strip()


def test_the_proxy_https_header_is_trusted_only_when_configured_behind_a_proxy():
    assert _proxy_header_with({}) == "None"
    assert _proxy_header_with({"DJANGO_BEHIND_PROXY": "false"}) == "None"
    assert _proxy_header_with({"DJANGO_BEHIND_PROXY": "true"}) == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_reached_directly_a_forged_https_header_does_not_make_a_request_secure(db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = None  # the default: not behind a proxy
    response = Client().get("/accessibility/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_behind_a_proxy_its_https_header_is_believed(db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert Client().get("/accessibility/", HTTP_X_FORWARDED_PROTO="https").status_code == 200
    assert Client().get("/accessibility/", HTTP_X_FORWARDED_PROTO="http").status_code == 301


@pytest.mark.parametrize(
    "link", ["/\\evil.example/", "//evil.example/", "https://evil.example/", "javascript:x"]
)
def test_opening_a_message_never_follows_a_link_off_the_site(world, client_for, link):
    from sendcpp import notifications

    message = notifications.notify(
        key=f"link-{link}", recipient=world.coordinator, subject="s", body="b", link=link
    )
    response = client_for(world.coordinator).post(f"/messages/{message.pk}/open/")
    assert response["Location"] == "/"

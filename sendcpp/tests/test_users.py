"""Administrators manage their council's staff accounts: invite (with a one-time link to set a
password, sent through the outbox), deactivate, reset two-factor and change role — each through a
service, each recorded, never for another council's accounts and never locking themselves out."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendcpp import users
from sendcpp.exceptions import DomainError
from sendcpp.models import Notification, StaffAccountEvent, StaffProfile, User
from sendcpp.tests.factories import StaffFactory

PASSWORD = "correct-horse-battery-staple"
NEW_PASSWORD = "lantern-meadow-copper-violet"
START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

INVITE = {
    "first_name": "Priya",
    "last_name": "Shah",
    "email": "Priya.Shah@council.example",
    "username": "pshah",
    "role": "coordinator",
    "team": "",
}


def _events(subject: User) -> list[tuple[str, str, str]]:
    return [
        (e.kind, e.by.username if e.by else "", e.detail)
        for e in StaffAccountEvent.objects.filter(subject=subject).order_by("id")
    ]


# Who may ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["coordinator", "manager", "family", "professional", "setting_user", "other_la_manager"]
)
def test_only_administrators_reach_the_user_pages(world, client_for, who):
    client = client_for(getattr(world, who))
    subject = world.teammate.public_id
    for address in ["/users/", "/users/invite/", f"/users/{subject}/"]:
        assert client.get(address).status_code == 404, address
    for action in ["deactivate", "reactivate", "reset-two-factor", "role"]:
        response = client.post(f"/users/{subject}/{action}/", {"role": "manager"})
        assert response.status_code == 404, action
    world.teammate.refresh_from_db()
    assert world.teammate.is_active
    assert not StaffAccountEvent.objects.exists()


def test_the_list_shows_only_the_administrators_own_council(world, client_for):
    page = client_for(world.administrator).get("/users/")
    assert page.status_code == 200
    body = page.content.decode()
    for own in (world.coordinator, world.manager, world.teammate, world.administrator):
        assert f"/users/{own.public_id}/" in body
    assert f"/users/{world.other_la_manager.public_id}/" not in body
    assert f"/users/{world.family.public_id}/" not in body


def test_another_councils_accounts_are_not_found(world, client_for):
    client = client_for(world.administrator)
    elsewhere = world.other_la_manager
    assert client.get(f"/users/{elsewhere.public_id}/").status_code == 404
    assert client.post(f"/users/{elsewhere.public_id}/deactivate/").status_code == 404
    assert client.post(f"/users/{elsewhere.public_id}/reset-two-factor/").status_code == 404
    response = client.post(f"/users/{elsewhere.public_id}/role/", {"role": "coordinator"})
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.is_active
    assert elsewhere.staff_profile.role == StaffProfile.Role.MANAGER
    assert TOTPDevice.objects.filter(user=elsewhere).exists()
    # Services refuse just the same, whoever calls them.
    with pytest.raises(users.access.Http404):
        users.set_active(elsewhere, active=False, by=world.administrator)


def test_administrators_see_their_link_in_the_navigation(world, client_for):
    assert b'href="/users/"' in client_for(world.administrator).get("/").content
    assert b'href="/users/"' not in client_for(world.manager).get("/").content


# Invite -----------------------------------------------------------------------------------------


def test_inviting_creates_an_account_without_a_password_and_sends_a_one_time_link(
    world, client_for, django_capture_on_commit_callbacks
):
    admin = client_for(world.administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post("/users/invite/", {**INVITE, "team": world.case.team.pk})
    assert response.status_code == 302
    invited = User.objects.get(username="pshah")
    assert response["Location"] == f"/users/{invited.public_id}/"
    assert invited.organisation == world.la
    assert invited.is_staff_member
    assert invited.email == "priya.shah@council.example"
    assert not invited.has_usable_password()
    assert invited.staff_profile.role == StaffProfile.Role.COORDINATOR
    assert invited.staff_profile.team == world.case.team
    assert _events(invited) == [("invited", "admin", "EHCP coordinator")]
    # Sent through the outbox, as every message is.
    notification = Notification.objects.get(recipient=invited)
    assert notification.link.startswith(f"/account/set-password/{invited.public_id}/")
    assert [m.to for m in mail.outbox] == [["priya.shah@council.example"]]
    assert f"http://localhost:8000{notification.link}" in mail.outbox[0].body
    # Without a password nobody can sign in as them.
    assert Client().post("/sign-in/", {"username": "pshah", "password": ""}).status_code == 200


def test_the_invited_person_sets_a_password_once_then_sets_up_two_factor(
    world, django_capture_on_commit_callbacks
):
    invited = users.invite_staff(**{**INVITE, "team": None}, by=world.administrator)
    link = Notification.objects.get(recipient=invited).link
    visitor = Client()
    assert visitor.get(link).status_code == 200
    weak = visitor.post(link, {"new_password1": "short", "new_password2": "short"})
    assert weak.status_code == 200
    assert "govuk-error-summary" in weak.content.decode()
    mismatch = visitor.post(link, {"new_password1": NEW_PASSWORD, "new_password2": "other"})
    assert "The passwords do not match" in mismatch.content.decode()
    done = visitor.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == "/sign-in/"
    # The link works once.
    again = Client().post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert again.status_code == 410
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)
    assert [kind for kind, _, _ in _events(invited)] == ["invited", "password_set"]
    # Signing in, they are asked to set up an authenticator app before anything else.
    client = Client()
    client.post("/sign-in/", {"username": "pshah", "password": NEW_PASSWORD})
    assert client.get("/")["Location"] == "/sign-in/security-code/"
    assert client.get("/sign-in/security-code/")["Location"] == "/sign-in/set-up-security-code/"


def test_a_set_password_link_expires(world):
    with time_machine.travel(START, tick=False) as traveller:
        invited = users.invite_staff(**{**INVITE, "team": None}, by=world.administrator)
        link = Notification.objects.get(recipient=invited).link
        traveller.shift(timedelta(days=3, minutes=1))
        assert Client().get(link).status_code == 410
    assert Client().get(f"{link[:-4]}abcd/").status_code == 410


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "Enter their first name"),
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
        ({"username": "has space"}, "username", "Username must contain only letters"),
        ({"username": "coordinator"}, "username", "That username is taken"),
        ({"email": "COORDINATOR@example.org"}, "email", "already exists"),
        ({"role": ""}, "role", "Choose a role"),
    ],
    ids=["no-name", "bad-email", "bad-username", "taken-username", "taken-email", "no-role"],
)
def test_a_bad_invitation_is_refused_with_a_message_and_creates_nothing(
    world, client_for, change, field, message
):
    users_before = User.objects.count()
    response = client_for(world.administrator).post("/users/invite/", {**INVITE, **change})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert User.objects.count() == users_before
    assert not Notification.objects.exists()
    assert not StaffAccountEvent.objects.exists()


def test_a_team_from_another_council_is_refused(world):
    from sendcpp.tests.factories import TeamFactory

    elsewhere = TeamFactory(local_authority=world.other_la_manager.organisation)
    with pytest.raises(DomainError, match="Choose a team in your council"):
        users.invite_staff(**{**INVITE, "team": elsewhere}, by=world.administrator)


# Deactivate, reset two-factor, change role --------------------------------------------------


def test_deactivating_signs_the_person_out_and_stops_them_signing_in(world, client_for):
    signed_in = client_for(world.teammate)
    assert signed_in.get("/").status_code == 200
    admin = client_for(world.administrator)
    response = admin.post(f"/users/{world.teammate.public_id}/deactivate/")
    assert response.status_code == 302
    assert signed_in.get("/").status_code == 302  # their session no longer works
    refused = Client().post("/sign-in/", {"username": "teammate", "password": PASSWORD})
    assert refused.status_code == 200
    page = admin.get(f"/users/{world.teammate.public_id}/").content.decode()
    assert "Deactivated" in page
    admin.post(f"/users/{world.teammate.public_id}/reactivate/")
    world.teammate.refresh_from_db()
    assert world.teammate.is_active
    assert _events(world.teammate) == [("deactivated", "admin", ""), ("reactivated", "admin", "")]


def test_resetting_two_factor_removes_the_devices_so_they_enrol_again(world, client_for):
    signed_in = client_for(world.teammate)
    assert signed_in.get("/").status_code == 200
    client_for(world.administrator).post(f"/users/{world.teammate.public_id}/reset-two-factor/")
    assert not TOTPDevice.objects.filter(user=world.teammate).exists()
    # Their verified session is no longer verified: they must set up a new app.
    assert signed_in.get("/")["Location"] == "/sign-in/security-code/"
    fresh = Client()
    fresh.post("/sign-in/", {"username": "teammate", "password": PASSWORD})
    assert fresh.get("/sign-in/security-code/")["Location"] == "/sign-in/set-up-security-code/"
    assert _events(world.teammate) == [("two_factor_reset", "admin", "")]


def test_changing_a_role_changes_what_they_may_do(world, client_for):
    admin = client_for(world.administrator)
    response = admin.post(f"/users/{world.teammate.public_id}/role/", {"role": "manager"})
    assert response.status_code == 302
    world.teammate.staff_profile.refresh_from_db()
    assert world.teammate.staff_profile.role == StaffProfile.Role.MANAGER
    assert client_for(world.teammate).get("/cases/").status_code == 200
    assert _events(world.teammate) == [
        ("role_changed", "admin", "EHCP coordinator to SEND manager")
    ]
    page = admin.get("/users/").content.decode()
    assert "EHCP coordinator to SEND manager" in page  # readable on the page


def test_an_invalid_role_shows_the_error_summary(world, client_for):
    response = client_for(world.administrator).post(
        f"/users/{world.teammate.public_id}/role/", {"role": "superuser"}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    world.teammate.staff_profile.refresh_from_db()
    assert world.teammate.staff_profile.role == StaffProfile.Role.COORDINATOR


def test_administrators_cannot_demote_or_deactivate_themselves(world, client_for):
    admin = client_for(world.administrator)
    me = world.administrator.public_id
    response = admin.post(f"/users/{me}/role/", {"role": "coordinator"})
    assert response.status_code == 200
    assert "You cannot remove your own administrator role" in response.content.decode()
    response = admin.post(f"/users/{me}/deactivate/", follow=True)
    assert "You cannot deactivate your own account" in response.content.decode()
    world.administrator.refresh_from_db()
    assert world.administrator.is_active
    assert world.administrator.staff_profile.role == StaffProfile.Role.ADMINISTRATOR
    assert not StaffAccountEvent.objects.exists()
    assert admin.get("/users/").status_code == 200


def test_another_administrator_can_be_demoted(world, client_for):
    second = StaffFactory(
        organisation=world.la, profile__role=StaffProfile.Role.ADMINISTRATOR, username="admin2"
    )
    users.change_role(second, role=StaffProfile.Role.COORDINATOR, by=world.administrator)
    assert client_for(second).get("/users/").status_code == 404


def test_the_account_change_record_cannot_be_altered(world):
    from django.db import ProgrammingError, transaction

    users.set_active(world.teammate, active=False, by=world.administrator)
    event = StaffAccountEvent.objects.get()
    with pytest.raises(ProgrammingError), transaction.atomic():
        StaffAccountEvent.objects.filter(pk=event.pk).update(detail="changed")
    with pytest.raises(ProgrammingError), transaction.atomic():
        StaffAccountEvent.objects.filter(pk=event.pk).delete()


def test_the_invitation_names_the_username_but_no_password(world):
    invited = users.invite_staff(**{**INVITE, "team": None}, by=world.administrator)
    body = Notification.objects.get(recipient=invited).body
    assert "pshah" in body
    assert re.search(r"password is\b", body) is None

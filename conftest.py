"""Project-wide fixtures: a frozen clock, one local authority with two teams, the people of every
role, and clients signed in as each of them."""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import factory.random
import pytest
import time_machine
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendcpp.api.authentication import issue_api_client
from sendcpp.models import ApiClient, Case, Organisation, StaffProfile, User
from sendcpp.tests.factories import (
    CaseFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    RelationshipFactory,
    StaffFactory,
    TeamFactory,
    UserFactory,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# A skipped test fails the run, named on one line: "0 skipped" is enforced, not hoped for.
pytest_plugins = ["sendcpp.tests.no_skips"]

# Tests never depend on the day they run. Every test runs at TEST_NOW, a Wednesday morning in
# term time, away from midnight, weekends and bank holidays (`@pytest.mark.real_clock` opts out).
# Test modules are collected (imported) at COLLECTED_AT, just before midnight the day before: a
# date worked out at import time (a module-level `TODAY = timezone.localdate()`, a parametrize
# argument, a default argument) is then a day out when the test runs, as in a run that crosses
# midnight, and the tests that use it fail. tests/test_clock.py checks both halves.
LONDON = ZoneInfo("Europe/London")
TEST_NOW = datetime(2026, 12, 9, 10, 0, tzinfo=LONDON)
COLLECTED_AT = datetime(2026, 12, 8, 23, 59, 30, tzinfo=LONDON)
COLLECTED_NOW = pytest.StashKey[datetime]()


@pytest.hookimpl(hookwrapper=True)
def pytest_collection(session: pytest.Session):
    with time_machine.travel(COLLECTED_AT, tick=False):
        session.config.stash[COLLECTED_NOW] = datetime.now(tz=LONDON)
        yield


def _needs_moving_time(request: pytest.FixtureRequest) -> bool:
    """A live server, a browser or a real worker has other threads or processes with timeouts of
    their own: time starts at TEST_NOW and moves on. Everything else sees one instant."""
    node = request.node
    return bool(
        node.get_closest_marker("browser")
        or node.get_closest_marker("redis")
        or "live_server" in request.fixturenames
    )


@pytest.fixture(autouse=True)
def _same_fake_data(request: pytest.FixtureRequest) -> None:
    """Each test draws the same fake names and values on every run, on any worker and in any
    order (the generator is seeded from the test's id): a drawn name that happens to break a test
    (a surname such as "Long" screened out of a sentence as a name) breaks it every time, not
    once in a hundred runs."""
    factory.random.reseed_random(zlib.crc32(request.node.nodeid.encode()))


@pytest.fixture(autouse=True)
def _frozen_clock(request: pytest.FixtureRequest):
    """Freeze the clock at TEST_NOW for every test, unless it is marked `real_clock`. A test (or an
    app's conftest) may travel elsewhere inside this with `time_machine`."""
    if request.node.get_closest_marker("real_clock"):
        yield
        return
    with time_machine.travel(TEST_NOW, tick=_needs_moving_time(request)):
        yield


def sign_in(client: Client, user: User) -> Client:
    """Sign a test client in as ``user``, with two-factor authentication completed for staff."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@dataclass
class World:
    """A local authority with two teams, a case on each, and someone in every role."""

    la: Organisation
    school: Organisation
    case: Case  # on team A, coordinated by ``coordinator``
    other_case: Case  # on team B, with another family
    coordinator: User
    teammate: User  # same team as coordinator, not the case's coordinator
    other_team_coordinator: User
    manager: User
    administrator: User
    family: User  # linked to ``case``'s child with portal access
    other_family: User  # linked to ``other_case``'s child
    professional: User
    setting_user: User
    other_la_manager: User


@pytest.fixture
def world(db) -> World:
    la = LocalAuthorityFactory(name="Demo Borough Council")
    school = OrganisationFactory(name="Riverside Primary School", urn="100001")
    team_a = TeamFactory(local_authority=la, name="North team")
    team_b = TeamFactory(local_authority=la, name="South team")
    coordinator = StaffFactory(organisation=la, profile__team=team_a, username="coordinator")
    teammate = StaffFactory(organisation=la, profile__team=team_a, username="teammate")
    other = StaffFactory(organisation=la, profile__team=team_b, username="other_coordinator")
    manager = StaffFactory(
        organisation=la, profile__role=StaffProfile.Role.MANAGER, username="manager"
    )
    admin = StaffFactory(
        organisation=la, profile__role=StaffProfile.Role.ADMINISTRATOR, username="admin"
    )
    other_la = LocalAuthorityFactory(name="Elsewhere Council")
    other_la_manager = StaffFactory(
        organisation=other_la, profile__role=StaffProfile.Role.MANAGER, username="elsewhere"
    )
    case = CaseFactory(team=team_a, coordinator=coordinator, child__setting=school)
    other_case = CaseFactory(team=team_b, coordinator=other)
    family = UserFactory(username="parent")
    other_family = UserFactory(username="other_parent")
    RelationshipFactory(child=case.child, user=family)
    RelationshipFactory(child=other_case.child, user=other_family)
    professional = UserFactory(username="professional", account_type=User.AccountType.PROFESSIONAL)
    setting_user = UserFactory(
        username="senco", account_type=User.AccountType.SETTING, organisation=school
    )
    return World(
        la=la,
        school=school,
        case=case,
        other_case=other_case,
        coordinator=coordinator,
        teammate=teammate,
        other_team_coordinator=other,
        manager=manager,
        administrator=admin,
        family=family,
        other_family=other_family,
        professional=professional,
        setting_user=setting_user,
        other_la_manager=other_la_manager,
    )


@pytest.fixture
def partner_keys(world: World) -> dict[str, tuple[ApiClient, str]]:
    """Partner credentials: the LA's warehouse, the child's school, and a key without scopes."""
    return {
        "la_reader": issue_api_client(
            name="LA warehouse", organisation=world.la, scopes=["cases:read", "documents:read"]
        ),
        "school_reader": issue_api_client(
            name="School MIS", organisation=world.school, scopes=["cases:read"]
        ),
        "no_scope": issue_api_client(
            name="Directory sync", organisation=world.la, scopes=["settings:write"]
        ),
    }


@pytest.fixture
def client_for(client: Client):
    """``client_for(user)``: a test client signed in as that user (None: anonymous)."""

    def make(user: User | None) -> Client:
        fresh = Client()
        return sign_in(fresh, user) if user is not None else fresh

    return make


@pytest.fixture(autouse=True)
def _bank_holidays(request):
    """Bank holidays are seeded by a migration; transactional tests flush them, so put them back
    before any database test, and start each test with a fresh holiday cache."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if not uses_db:
        return
    request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
    from sendcpp.calendar import forget_bank_holidays, read_bank_holidays_file
    from sendcpp.models import BankHoliday

    if not BankHoliday.objects.exists():
        BankHoliday.objects.bulk_create(
            [BankHoliday(date=d, title=t) for d, t in read_bank_holidays_file()]
        )
    forget_bank_holidays()


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return "transactional_db" in request.fixturenames or bool(
        marker and marker.kwargs.get("transaction")
    )


# Browser fixtures live here so every app's browser tests share one Chromium per test process.


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # bypass_csp lets the test inject axe-core; the pages themselves run under the strict CSP.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1024, "height": 800}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()

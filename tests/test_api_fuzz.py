"""API fuzzing: schemathesis generates requests for every operation in the OpenAPI schema and
sends them, in-process, to the Django application as a partner system, a SEND manager and a
parent. No response may be a server error, and every response must be what the schema says:
a documented status code, a documented content type and a body matching the response schema.

The data is the demo local authority (the ``seed_*`` commands), loaded once for the module in a
transaction that is rolled back afterwards. Each generated request runs in a savepoint that is
rolled back too, so every request sees the same data whatever the fuzzer sent before it. The
run is deterministic (derandomised, no example database) and bounded: ``MAX_EXAMPLES`` examples
of each operation, for each caller.

At the end the module prints what it covered, for each caller: operations, requests sent and
their status classes (``api fuzz: ...`` lines), and records the same in
``var/api-fuzz-coverage.txt``."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
import time_machine
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import transaction
from django.test import Client
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import TEST_NOW, sign_in
from tests.demo_api import in_process, load_demo

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("api-fuzz")]

MAX_EXAMPLES = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@dataclass
class Caller:
    """How one caller authenticates: a partner key, or a signed-in session with its CSRF token."""

    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)


@dataclass
class FuzzWorld:
    partner: Caller
    manager: Caller
    family: Caller


@dataclass
class Tally:
    """What the fuzzer sent as one caller: the operations reached and the requests sent."""

    operations: set[str] = field(default_factory=set)
    requests: int = 0
    statuses: Counter[str] = field(default_factory=Counter)


#: By caller, filled in as the requests are sent and printed by ``fuzz_report``.
TALLIES: dict[str, Tally] = {}
#: Where ``fuzz_report`` also records the counts (``var/`` is not committed).
REPORT = Path(__file__).resolve().parents[1] / "var" / "api-fuzz-coverage.txt"


def _ids(queryset: Any, field_name: str = "public_id", limit: int = 20) -> list[str]:
    return [str(v) for v in queryset.order_by("id").values_list(field_name, flat=True)[:limit]]


def _session(user: Any) -> Caller:
    client = sign_in(Client(), user)
    token = secrets.token_hex(16)
    return Caller(
        headers={"X-CSRFToken": token},
        cookies={
            settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
            settings.CSRF_COOKIE_NAME: token,
        },
    )


def _pools() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Public ids of the records each collection and each reference in a request body names."""
    from dashboard import figures
    from dashboard.models import Area, Dataset
    from ehcp import models as ehcp
    from mediation import models as mediation
    from panels import models as panels
    from partnerships import models as partnerships
    from placements import models as placements
    from sendcpp.models import Case, Child, Document, Organisation, User

    areas = Area.objects.all()
    tables = [
        t.key for s in figures.area_page(areas.order_by("id").last()).sections for t in s.tables
    ]
    directory = Organisation.objects.filter(directory_entry__isnull=False)
    v1 = "/api/v1"
    path_ids = {
        f"{v1}/cases/": _ids(Case.objects.all()),
        f"{v1}/children/": _ids(Child.objects.all()),
        f"{v1}/documents/": _ids(Document.objects.all()),
        f"{v1}/dashboard/areas/": _ids(areas, "code"),
        f"{v1}/dashboard/areas/{{code}}/tables/": tables,
        f"{v1}/dashboard/datasets/": _ids(Dataset.objects.all(), "key"),
        f"{v1}/dashboard/live/": _ids(Organisation.objects.filter(kind="la")),
        f"{v1}/ehcp/requests/": _ids(ehcp.AssessmentRequest.objects.all()),
        f"{v1}/ehcp/assessments/": _ids(ehcp.Assessment.objects.all()),
        f"{v1}/ehcp/advice-requests/": _ids(ehcp.AdviceRequest.objects.all()),
        f"{v1}/ehcp/advice-submissions/": _ids(ehcp.AdviceSubmission.objects.all()),
        f"{v1}/ehcp/plans/": _ids(ehcp.Plan.objects.all()),
        f"{v1}/ehcp/versions/": _ids(ehcp.PlanVersion.objects.all()),
        f"{v1}/ehcp/reviews/": _ids(ehcp.Review.objects.all()),
        f"{v1}/mediation/windows/": _ids(mediation.AppealWindow.objects.all()),
        f"{v1}/mediation/mediations/": _ids(mediation.MediationCase.objects.all()),
        f"{v1}/mediation/agreed-actions/": _ids(mediation.AgreementTerm.objects.all()),
        f"{v1}/mediation/appeals/": _ids(mediation.TribunalAppeal.objects.all()),
        f"{v1}/mediation/orders/": _ids(mediation.TribunalOrder.objects.all()),
        f"{v1}/mediation/disagreement-resolutions/": _ids(
            mediation.DisagreementResolution.objects.all()
        ),
        f"{v1}/mediation/advice-services/": _ids(mediation.AdviceServiceInvolvement.objects.all()),
        f"{v1}/panels/panels/": _ids(panels.Panel.objects.all()),
        f"{v1}/panels/meetings/": _ids(panels.PanelMeeting.objects.all()),
        f"{v1}/panels/agenda-items/": _ids(panels.AgendaItem.objects.all()),
        f"{v1}/panels/decisions/": _ids(panels.PanelDecision.objects.all()),
        f"{v1}/panels/bands/": _ids(panels.FundingBand.objects.all()),
        f"{v1}/partnership/boards/": _ids(partnerships.PartnershipBoard.objects.all()),
        f"{v1}/partnership/members/": _ids(partnerships.BoardMember.objects.all()),
        f"{v1}/partnership/meetings/": _ids(partnerships.Meeting.objects.all()),
        f"{v1}/partnership/actions/": _ids(partnerships.BoardAction.objects.all()),
        f"{v1}/partnership/plan-versions/": _ids(partnerships.PlanVersion.objects.all()),
        f"{v1}/partnership/published-plans/": _ids(partnerships.PlanVersion.objects.all()),
        f"{v1}/placements/settings/": _ids(directory),
        f"{v1}/placements/tailored-lists/": _ids(placements.TailoredList.objects.all()),
        f"{v1}/placements/consultations/": _ids(placements.Consultation.objects.all()),
        f"{v1}/placements/placements/": _ids(placements.Placement.objects.all()),
    }
    people = _ids(User.objects.filter(is_active=True))
    field_ids = {
        "case": path_ids[f"{v1}/cases/"],
        "setting": _ids(directory),
        "placement_setting": _ids(directory),
        "home_setting": _ids(directory),
        "preferred_setting": _ids(directory),
        "organisation": _ids(Organisation.objects.all()),
        "user": people,
        "advisor": people,
        "next_step_owner": people,
        "assessment": path_ids[f"{v1}/ehcp/assessments/"],
        "review": path_ids[f"{v1}/ehcp/reviews/"],
        "to": path_ids[f"{v1}/ehcp/versions/"],
        "panel": path_ids[f"{v1}/panels/panels/"],
        "band": path_ids[f"{v1}/panels/bands/"],
        "documents": path_ids[f"{v1}/documents/"],
        "letter": path_ids[f"{v1}/documents/"],
        "area": path_ids[f"{v1}/dashboard/areas/"],
        "dataset": path_ids[f"{v1}/dashboard/datasets/"],
        # Names used by two apps: the operation's own app decides (see ``_field_pool``).
        "panels:meeting": path_ids[f"{v1}/panels/meetings/"],
        "panels:member": _ids(panels.PanelMember.objects.all()),
        "panels:present": _ids(panels.PanelMember.objects.all()),
        "partnership:meeting": path_ids[f"{v1}/partnership/meetings/"],
        "partnership:member": path_ids[f"{v1}/partnership/members/"],
        "partnership:owner": path_ids[f"{v1}/partnership/members/"],
        "partnership:plan": _ids(partnerships.InclusionPlan.objects.all()),
    }
    return path_ids, field_ids


@pytest.fixture(scope="module")
def lifted_limits() -> Iterator[None]:
    """Rate limits are lifted, as the fuzzer sends far more requests a minute than anyone may."""
    with in_process():
        yield


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker, lifted_limits) -> Iterator[FuzzWorld]:
    from partnerships.models import BoardMember
    from sendcpp import access
    from sendcpp.api.authentication import issue_api_client
    from sendcpp.models import Organisation, Relationship, User

    # The data and the sessions are made at the instant the tests run at (TEST_NOW): a session
    # signed in under the real clock would have expired by then, and the people's requests would
    # be fuzzed as nobody's.
    with django_db_blocker.unblock(), time_machine.travel(TEST_NOW, tick=False):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
            la = Organisation.objects.get(kind=Organisation.Kind.LOCAL_AUTHORITY, la_code="990")
            # The LA's own system with every scope the LA may hold.
            _, key = issue_api_client(
                name="Fuzzer", organisation=la, scopes=sorted(access.scopes_allowed_for(la))
            )
            # The parent whose child has the most records: a disagreement, a tailored list.
            family = (
                User.objects.filter(
                    pk__in=Relationship.objects.filter(
                        portal_access=True,
                        child__cases__appeal_windows__isnull=False,
                    ).values("user_id")
                )
                .order_by("id")
                .first()
            )
            assert family is not None
            manager = User.objects.get(username="manager1")
            assert BoardMember.objects.exists()
            path_ids, field_ids = _pools()
            PATH_IDS.update(path_ids)
            FIELD_IDS.update(field_ids)
            yield FuzzWorld(
                partner=Caller(headers={"Authorization": f"Bearer {key}"}),
                manager=_session(manager),
                family=_session(family),
            )
        finally:
            PATH_IDS.clear()
            FIELD_IDS.clear()
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _load_schema() -> Any:
    """The schema as the application serves it (in-process: no server, no database)."""
    config = schemathesis.Config.from_dict(
        {
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
                # Each caller authenticates itself (see ``Caller``).
                "with-security-parameters": False,
            },
            "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        }
    )
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", WSGIHandler(), config=config)


schema = _load_schema()
# Real public ids, filled in by ``fuzz_world``: so that generated requests reach records too.
PATH_IDS: dict[str, list[str]] = {}
FIELD_IDS: dict[str, list[str]] = {}


def _app(path: str) -> str:
    return path.removeprefix("/api/v1/").split("/", 1)[0]


def _path_pool(path: str, name: str) -> list[str]:
    return PATH_IDS.get(path.split(f"{{{name}}}", 1)[0], [])


def _field_pool(path: str, name: str) -> list[str]:
    return FIELD_IDS.get(f"{_app(path)}:{name}") or FIELD_IDS.get(name, [])


def _one_of_or_known(value: Any, pool: list[str]) -> st.SearchStrategy:
    if not pool:
        return st.just(value)
    if isinstance(value, list):
        return st.one_of(st.just(value), st.lists(st.sampled_from(pool), max_size=3))
    return st.one_of(st.just(value), st.sampled_from(pool))


def _swap(value: Any, pool: Callable[[str], list[str]]) -> st.SearchStrategy:
    """Keep each generated reference, or put a real record's id in its place."""
    if not isinstance(value, dict):
        return st.just(value)
    parts = {}
    for name, item in value.items():
        if isinstance(item, list) and item and all(isinstance(i, dict) for i in item):
            parts[name] = st.tuples(*(_swap(i, pool) for i in item)).map(list)
        else:
            parts[name] = _one_of_or_known(item, pool(name))
    return st.fixed_dictionaries(parts)


@schema.hook("flatmap_path_parameters")
def known_path_ids(context: Any, parameters: Any) -> st.SearchStrategy:
    return _swap(parameters, lambda name: _path_pool(context.operation.path, name))


@schema.hook("flatmap_query")
def known_query_ids(context: Any, query: Any) -> st.SearchStrategy:
    return _swap(query, lambda name: _field_pool(context.operation.path, name))


@schema.hook("flatmap_body")
def known_body_ids(context: Any, body: Any) -> st.SearchStrategy:
    return _swap(body, lambda name: _field_pool(context.operation.path, name))


@pytest.fixture(scope="module")
def fuzz_report(request: pytest.FixtureRequest) -> Iterator[dict[str, Tally]]:
    """Prints, once the module has run, what each caller covered."""
    TALLIES.clear()
    yield TALLIES
    operations = len(list(schema.get_all_operations()))
    lines = [
        f"api fuzz: {operations} operations in the schema, {MAX_EXAMPLES} generated examples of "
        "each (and any example the schema gives), for "
        f"{len(TALLIES)} callers: {sum(t.requests for t in TALLIES.values())} requests sent"
    ]
    for name, tally in sorted(TALLIES.items()):
        statuses = ", ".join(
            f"{count} {status}" for status, count in sorted(tally.statuses.items())
        )
        lines.append(
            f"api fuzz: {name}: {len(tally.operations)} operations, {tally.requests} requests "
            f"({statuses})"
        )
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n")
    # Written past the output capture, so that the counts show on every run, passed or not (an
    # xdist worker has no terminal: the file above has them).
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            for line in lines:
                reporter.write_line(line)


def _call_and_check(case: Any, caller: Caller, tally: Tally) -> None:
    savepoint = transaction.savepoint()
    try:
        response = case.call(headers=caller.headers, cookies=caller.cookies)
    finally:
        transaction.savepoint_rollback(savepoint)
    tally.operations.add(case.operation.label)
    tally.requests += 1
    tally.statuses[f"{response.status_code // 100}xx"] += 1
    case.validate_response(response, checks=CHECKS)


@schema.parametrize()
def test_partner_system_with_every_scope(case, fuzz_world, fuzz_report):
    _call_and_check(case, fuzz_world.partner, fuzz_report.setdefault("partner key", Tally()))


@schema.parametrize()
def test_send_manager(case, fuzz_world, fuzz_report):
    _call_and_check(case, fuzz_world.manager, fuzz_report.setdefault("SEND manager", Tally()))


@schema.parametrize()
def test_parent(case, fuzz_world, fuzz_report):
    _call_and_check(case, fuzz_world.family, fuzz_report.setdefault("parent", Tally()))

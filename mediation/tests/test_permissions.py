"""The permission matrix for every HTML view and API endpoint of the mediation app: anonymous,
the family of this child, the family of another child, the coordinator, a coordinator of another
team, the manager and partner keys (the LA's own system, and a school's). A denial is a 404 (a
redirect to sign in for anonymous web users, 401 for anonymous API calls) and changes nothing.

Each endpoint's state is built once; each person's request runs in a savepoint that is rolled
back afterwards, so every person meets the same state."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from django.db import transaction
from django.test import Client

from mediation import services
from mediation.models import (
    AdviceServiceInvolvement,
    AgreementTerm,
    AppealStatus,
    AppealWindow,
    DisagreementResolution,
    MediationCase,
    MediationStatus,
    TribunalAppeal,
    TribunalConcession,
    TribunalOrder,
)
from mediation.tests.conftest import appeal_in, mediation_in, open_window
from sendcpp.models import CaseEvent, Deadline
from sendcpp.web.testing import date_parts

M = MediationStatus
READERS = {"family", "coordinator", "manager"}
EDITORS = {"coordinator", "manager"}
STAFF = {"coordinator", "other_team_coordinator", "manager"}
MANAGERS = {"manager"}
PEOPLE = ["anonymous", "family", "other_family", "coordinator", "other_team_coordinator", "manager"]


def snapshot() -> tuple:
    """Everything a denied request must leave as it was (reads may add to the access log)."""
    return (
        CaseEvent.objects.count(),
        list(Deadline.objects.order_by("id").values_list("id", "met_on", "cancelled_on")),
        list(AppealWindow.objects.values_list("id")),
        list(
            MediationCase.objects.order_by("id").values_list(
                "id", "status", "health_bodies_told_on", "mediation_on", "icb_told_la_on"
            )
        ),
        list(AgreementTerm.objects.values_list("id", "done_on")),
        list(TribunalAppeal.objects.order_by("id").values_list("id", "status", "hearing_on")),
        list(TribunalOrder.objects.values_list("id", "complied_on")),
        TribunalConcession.objects.count(),
        DisagreementResolution.objects.count(),
        AdviceServiceInvolvement.objects.count(),
    )


def clients(world, client_for, partner_keys, *, api: bool) -> dict[str, Client]:
    people = {
        who: client_for(None if who == "anonymous" else getattr(world, who)) for who in PEOPLE
    }
    people["la_reader"] = Client(HTTP_AUTHORIZATION=f"Bearer {partner_keys['la_reader'][1]}")
    if api:
        people["school_reader"] = Client(
            HTTP_AUTHORIZATION=f"Bearer {partner_keys['school_reader'][1]}"
        )
    return people


def _denied(response, who: str, api: bool) -> bool:
    if api:
        # The LA's read-only key reads every disagreement record of the LA, so a write it may
        # not make is refused as such (403); anyone else is told nothing exists (404).
        if who == "la_reader":
            return response.status_code == 403
        # The school's key reads the case of a child at the school, but no disagreement record:
        # creating one on that case is refused as such (403), a move on a record answers 404.
        creating = re.fullmatch(r"/api/v1/mediation/[a-z-]+/", response.wsgi_request.path)
        if who == "school_reader" and creating:
            return response.status_code == 403
        return response.status_code == (401 if who == "anonymous" else 404)
    # Web pages know no partner keys: to them a key is no sign-in at all.
    if who in {"anonymous", "la_reader"}:
        return response.status_code == 302 and "/sign-in/" in response["Location"]
    return response.status_code == 404


def _allowed(response, method: str, api: bool) -> bool:
    if api:
        return response.status_code in {200, 201}
    if method == "post":
        return response.status_code == 302 and "/sign-in/" not in response["Location"]
    # Staff pages send the family to their own plain-English page.
    return response.status_code == 200 or (
        response.status_code == 302 and response["Location"].startswith("/mediation/cases/")
    )


def check(
    people: dict[str, Client],
    method: str,
    url: str,
    data: dict | None,
    allowed: set[str],
    *,
    api: bool,
) -> None:
    for who, client in people.items():
        before = snapshot()
        with transaction.atomic():
            if method == "get":
                response = client.get(url)
            elif api:
                response = client.post(url, data or {}, content_type="application/json")
            else:
                response = client.post(url, data or {})
            if who in allowed:
                assert _allowed(response, method, api), (
                    who,
                    response.status_code,
                    response.content[:500],
                )
                if method == "post":
                    assert snapshot() != before, who
            else:
                assert _denied(response, who, api), (who, response.status_code)
                assert snapshot() == before, who
            transaction.set_rollback(True)


# --- States the endpoints act on -----------------------------------------------------------------

Setup = Callable[..., tuple[str, dict | None]]


def _case(world, suffix: str = "") -> str:
    return f"/mediation/cases/{world.case.public_id}/{suffix}"


def _window(world) -> AppealWindow:
    return open_window(world)


def _certified_window(world) -> AppealWindow:
    return mediation_in(world, M.CERTIFICATE_ISSUED).window


def _held_with_term(world) -> AgreementTerm:
    mediation = mediation_in(world, M.HELD)
    return services.add_agreement_term(
        mediation, description="EP visit", responsible_body="la", by=world.coordinator
    )


def _extended_decided(world) -> TribunalAppeal:
    window = _certified_window(world)
    appeal = services.register_appeal(
        window,
        registered_on=date(2026, 12, 1),
        appeal_sent_to_la_on=date(2026, 12, 2),
        extended_appeal=True,
        by=world.coordinator,
    )
    return services.record_tribunal_decision(
        appeal,
        decided_on=date(2027, 3, 1),
        order_sent_on=date(2027, 3, 3),
        outcome="upheld",
        orders=[],
        recommendations_sent_on=date(2027, 3, 3),
        by=world.coordinator,
    )


# --- HTML views ----------------------------------------------------------------------------------

HTML_GET: dict[str, tuple[Setup, set[str]]] = {
    "index": (lambda w: "/mediation/", STAFF),
    "case": (lambda w: _case(w), READERS),
    "window-create": (lambda w: _case(w, "decisions/new/"), EDITORS),
    "disagreement-resolution-create": (lambda w: _case(w, "disagreement-resolution/new/"), EDITORS),
    "advice-service-create": (lambda w: _case(w, "advice-services/new/"), EDITORS),
    "ask-for-mediation": (
        lambda w: f"/mediation/decisions/{_window(w).public_id}/ask-for-mediation/",
        READERS,
    ),
    "adviser-contact": (
        lambda w: f"/mediation/decisions/{_window(w).public_id}/adviser-contact/",
        EDITORS,
    ),
    "appeal-register": (lambda w: f"/mediation/decisions/{_window(w).public_id}/appeal/", EDITORS),
    "mediation-detail": (
        lambda w: f"/mediation/mediations/{mediation_in(w, M.REQUESTED).public_id}/",
        READERS,
    ),
    "mediation-step": (
        lambda w: f"/mediation/mediations/{mediation_in(w, M.REQUESTED).public_id}/arrange/",
        EDITORS,
    ),
    "term-done": (
        lambda w: f"/mediation/agreed-actions/{_held_with_term(w).public_id}/done/",
        EDITORS,
    ),
    "appeal-detail": (
        lambda w: f"/mediation/appeals/{appeal_in(w, AppealStatus.REGISTERED).public_id}/",
        READERS,
    ),
    "appeal-step": (
        lambda w: f"/mediation/appeals/{appeal_in(w, AppealStatus.REGISTERED).public_id}/response/",
        EDITORS,
    ),
    "order-complied": (
        lambda w: (
            f"/mediation/orders/{appeal_in(w, AppealStatus.DECIDED).orders.get().public_id}/done/"
        ),
        EDITORS,
    ),
    "report": (lambda w: "/mediation/reports/", MANAGERS),
    "report-csv": (lambda w: "/mediation/reports/csv/", MANAGERS),
}


@pytest.mark.parametrize("name", HTML_GET)
def test_html_pages(world, client_for, partner_keys, name):
    setup, allowed = HTML_GET[name]
    url = setup(world)
    check(clients(world, client_for, partner_keys, api=False), "get", url, None, allowed, api=False)


HTML_POST: dict[str, tuple[Setup, set[str]]] = {
    "window-create": (
        lambda w: (
            _case(w, "decisions/new/"),
            {"decision": "cease", **date_parts("decision_sent_on", date(2027, 6, 1))},
        ),
        EDITORS,
    ),
    "disagreement-resolution-create": (
        lambda w: (
            _case(w, "disagreement-resolution/new/"),
            {**date_parts("held_on", date(2027, 6, 1)), "about": "Transport", "parties": "School"},
        ),
        EDITORS,
    ),
    "advice-service-create": (
        lambda w: (
            _case(w, "advice-services/new/"),
            {"service": "sendiass", **date_parts("started_on", date(2027, 6, 1))},
        ),
        EDITORS,
    ),
    "ask-for-mediation": (
        lambda w: (
            f"/mediation/decisions/{_window(w).public_id}/ask-for-mediation/",
            {"issues": ["education"], "issues_summary": "No therapy"},
        ),
        READERS,
    ),
    "adviser-contact": (
        lambda w: (
            f"/mediation/decisions/{_window(w).public_id}/adviser-contact/",
            {
                **date_parts("contacted_on", date(2026, 10, 20)),
                "wants_mediation": "no",
                "issues": ["education"],
            },
        ),
        EDITORS,
    ),
    "appeal-register": (
        lambda w: (
            f"/mediation/decisions/{_certified_window(w).public_id}/appeal/",
            {
                **date_parts("registered_on", date(2026, 12, 1)),
                **date_parts("appeal_sent_to_la_on", date(2026, 12, 2)),
            },
        ),
        EDITORS,
    ),
    "mediation-step": (
        lambda w: (
            f"/mediation/mediations/{mediation_in(w, M.REQUESTED).public_id}/withdraw/",
            {**date_parts("withdrawn_on", date(2026, 11, 1))},
        ),
        EDITORS,
    ),
    "term-done": (
        lambda w: (
            f"/mediation/agreed-actions/{_held_with_term(w).public_id}/done/",
            {**date_parts("done_on", date(2026, 11, 20))},
        ),
        EDITORS,
    ),
    "appeal-step": (
        lambda w: (
            f"/mediation/appeals/{appeal_in(w, AppealStatus.REGISTERED).public_id}/hearing/",
            {**date_parts("hearing_on", date(2027, 3, 1))},
        ),
        EDITORS,
    ),
    "order-complied": (
        lambda w: (
            f"/mediation/orders/{appeal_in(w, AppealStatus.DECIDED).orders.get().public_id}/done/",
            {**date_parts("complied_on", date(2027, 4, 1))},
        ),
        EDITORS,
    ),
}


@pytest.mark.parametrize("name", HTML_POST)
def test_html_forms(world, client_for, partner_keys, name):
    setup, allowed = HTML_POST[name]
    url, data = setup(world)
    check(
        clients(world, client_for, partner_keys, api=False), "post", url, data, allowed, api=False
    )


# --- API -----------------------------------------------------------------------------------------

API = "/api/v1/mediation"
API_READERS = READERS | {"la_reader"}

API_GET: dict[str, Setup] = {
    "windows": lambda w: f"{API}/windows/{_window(w).public_id}/",
    "mediations": lambda w: f"{API}/mediations/{mediation_in(w, M.REQUESTED).public_id}/",
    "agreed-actions": lambda w: f"{API}/agreed-actions/{_held_with_term(w).public_id}/",
    "appeals": lambda w: f"{API}/appeals/{appeal_in(w, AppealStatus.REGISTERED).public_id}/",
    "appeal-concessions": lambda w: (
        f"{API}/appeals/{appeal_in(w, AppealStatus.REGISTERED).public_id}/concessions/"
    ),
    "orders": lambda w: (
        f"{API}/orders/{appeal_in(w, AppealStatus.DECIDED).orders.get().public_id}/"
    ),
    "disagreement-resolutions": lambda w: (
        f"{API}/disagreement-resolutions/"
        + str(
            services.record_disagreement_resolution(
                w.case, held_on=date(2027, 1, 1), about="x", parties="y", by=w.coordinator
            ).public_id
        )
        + "/"
    ),
    "advice-services": lambda w: (
        f"{API}/advice-services/"
        + str(
            services.record_advice_service(
                w.case, service="ipsea", started_on=date(2027, 1, 1), by=w.coordinator
            ).public_id
        )
        + "/"
    ),
}


@pytest.mark.parametrize("name", API_GET)
def test_api_reads(world, client_for, partner_keys, name):
    url = API_GET[name](world)
    check(
        clients(world, client_for, partner_keys, api=True), "get", url, None, API_READERS, api=True
    )


@pytest.mark.parametrize(
    "name",
    [
        "windows",
        "mediations",
        "agreed-actions",
        "appeals",
        "orders",
        "disagreement-resolutions",
        "advice-services",
    ],
)
def test_api_lists_show_only_what_each_may_read(world, client_for, partner_keys, name):
    _held_with_term(world)
    services.issue_mediation_certificate(
        MediationCase.objects.get(), issued_on=date(2026, 11, 16), by=world.coordinator
    )
    appeal_in(world, AppealStatus.DECIDED, window=AppealWindow.objects.get())
    services.record_disagreement_resolution(
        world.case, held_on=date(2027, 1, 1), about="x", parties="y", by=world.coordinator
    )
    services.record_advice_service(
        world.case, service="ipsea", started_on=date(2027, 1, 1), by=world.coordinator
    )
    for who, client in clients(world, client_for, partner_keys, api=True).items():
        response = client.get(f"{API}/{name}/")
        if who == "anonymous":
            assert response.status_code == 401
            continue
        assert response.status_code == 200, who
        assert (response.json()["count"] == 1) is (who in API_READERS), who


def _mediation(world, status: str, **kwargs) -> str:
    return f"{API}/mediations/{mediation_in(world, status, **kwargs).public_id}"


def _appeal(world, status: str = AppealStatus.REGISTERED) -> str:
    return f"{API}/appeals/{appeal_in(world, status).public_id}"


API_POST: dict[str, tuple[Setup, set[str]]] = {
    "windows-create": (
        lambda w: (
            f"{API}/windows/",
            {"case": str(w.case.public_id), "decision": "cease", "decision_sent_on": "2027-06-01"},
        ),
        EDITORS,
    ),
    "windows-ask-for-mediation": (
        lambda w: (
            f"{API}/windows/{_window(w).public_id}/ask-for-mediation/",
            {"issues": ["education"], "issues_summary": "x"},
        ),
        READERS,
    ),
    "windows-adviser-contact": (
        lambda w: (
            f"{API}/windows/{_window(w).public_id}/adviser-contact/",
            {"contacted_on": "2026-10-20", "wants_mediation": False, "issues": ["education"]},
        ),
        EDITORS,
    ),
    "windows-register-appeal": (
        lambda w: (
            f"{API}/windows/{_certified_window(w).public_id}/register-appeal/",
            {"registered_on": "2026-12-01", "appeal_sent_to_la_on": "2026-12-02"},
        ),
        EDITORS,
    ),
    "mediations-health-notice": (
        lambda w: (
            f"{_mediation(w, M.REQUESTED, issues=('health',))}/health-notice/",
            {"told_on": "2026-10-21"},
        ),
        EDITORS,
    ),
    "mediations-arrange": (
        lambda w: (
            f"{_mediation(w, M.REQUESTED)}/arrange/",
            {"mediation_on": "2026-11-10", "mediation_provider": "Global"},
        ),
        EDITORS,
    ),
    "mediations-cannot-arrange": (
        lambda w: (
            f"{_mediation(w, M.REQUESTED)}/cannot-arrange/",
            {"adviser_told_on": "2026-11-19"},
        ),
        EDITORS,
    ),
    "mediations-held": (
        lambda w: (
            f"{_mediation(w, M.REQUESTED)}/held/",
            {"held_on": "2026-11-12", "outcome": "resolved", "attendees": ["parent"]},
        ),
        EDITORS,
    ),
    "mediations-health-agreement": (
        lambda w: (
            f"{_mediation(w, M.HELD, issues=('health',))}/health-agreement/",
            {"told_on": "2026-11-16"},
        ),
        EDITORS,
    ),
    "mediations-certificate": (
        lambda w: (f"{_mediation(w, M.HELD)}/certificate/", {"issued_on": "2026-11-16"}),
        EDITORS,
    ),
    "mediations-withdraw": (
        lambda w: (f"{_mediation(w, M.REQUESTED)}/withdraw/", {"withdrawn_on": "2026-11-01"}),
        EDITORS,
    ),
    "mediations-add-action": (
        lambda w: (
            f"{_mediation(w, M.HELD)}/add-action/",
            {"description": "EP visit", "responsible_body": "la"},
        ),
        EDITORS,
    ),
    "agreed-actions-done": (
        lambda w: (
            f"{API}/agreed-actions/{_held_with_term(w).public_id}/done/",
            {"done_on": "2026-11-20"},
        ),
        EDITORS,
    ),
    "appeals-response": (lambda w: (f"{_appeal(w)}/response/", {"sent_on": "2027-01-12"}), EDITORS),
    "appeals-hearing": (
        lambda w: (f"{_appeal(w)}/hearing/", {"hearing_on": "2027-03-01"}),
        EDITORS,
    ),
    "appeals-decision": (
        lambda w: (
            f"{_appeal(w)}/decision/",
            {
                "decided_on": "2027-03-01",
                "order_sent_on": "2027-03-03",
                "outcome": "upheld",
                "orders": ["amend_setting"],
            },
        ),
        EDITORS,
    ),
    "appeals-concede": (
        lambda w: (
            f"{_appeal(w)}/concede/",
            {"notified_on": "2026-12-10", "steps": ["amend_contents"]},
        ),
        EDITORS,
    ),
    "appeals-concession": (
        lambda w: (
            f"{_appeal(w)}/concession/",
            {"conceded_on": "2026-12-08", "description": "Weekly therapy"},
        ),
        EDITORS,
    ),
    "appeals-withdraw": (
        lambda w: (f"{_appeal(w)}/withdraw/", {"withdrawn_on": "2026-12-15"}),
        EDITORS,
    ),
    "appeals-recommendation-reply": (
        lambda w: (
            f"{API}/appeals/{_extended_decided(w).public_id}/recommendation-reply/",
            {"responded_on": "2027-04-01"},
        ),
        EDITORS,
    ),
    "orders-done": (
        lambda w: (
            f"{API}/orders/{appeal_in(w, AppealStatus.DECIDED).orders.get().public_id}/done/",
            {"complied_on": "2027-04-01"},
        ),
        EDITORS,
    ),
    "disagreement-resolutions-create": (
        lambda w: (
            f"{API}/disagreement-resolutions/",
            {"case": str(w.case.public_id), "held_on": "2027-06-01", "about": "x", "parties": "y"},
        ),
        EDITORS,
    ),
    "advice-services-create": (
        lambda w: (
            f"{API}/advice-services/",
            {"case": str(w.case.public_id), "service": "sendiass", "started_on": "2027-06-01"},
        ),
        EDITORS,
    ),
}


@pytest.mark.parametrize("name", API_POST)
def test_api_moves(world, client_for, partner_keys, name):
    setup, allowed = API_POST[name]
    url, data = setup(world)
    check(clients(world, client_for, partner_keys, api=True), "post", url, data, allowed, api=True)

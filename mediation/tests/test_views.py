"""The HTML pages end to end: the journey the lead walks in the browser, what the family reads,
form errors, and query-count caps on the lists."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from mediation.models import (
    AppealStatus,
    AppealWindow,
    MediationCase,
    MediationStatus,
    TribunalAppeal,
)
from mediation.tests.conftest import appeal_in, mediation_in, open_window
from sendcpp.models import CaseEvent
from sendcpp.tests.factories import CaseFactory, RelationshipFactory
from sendcpp.web.testing import date_parts

LONDON = ZoneInfo("Europe/London")


def on(day: date):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 12, tzinfo=LONDON), tick=False
    )


def follow(response):
    assert response.status_code == 302, getattr(response, "content", b"")[:3000]
    return response["Location"]


def test_the_journey_the_lead_walks(world, client_for):
    case = world.case
    case_url = f"/mediation/cases/{case.public_id}/"
    staff = client_for(world.coordinator)
    # 1. The EHCP decision (refusal to assess), letter sent Tue 1 Jun 2027.
    assert (
        follow(
            staff.post(
                f"{case_url}decisions/new/",
                {"decision": "refuse_assess", **date_parts("decision_sent_on", date(2027, 6, 1))},
            )
        )
        == case_url
    )
    window = AppealWindow.objects.get()

    # 2. The family reads the dates and asks for mediation.
    family = client_for(world.family)
    page = family.get(case_url).content.decode()
    assert "We decided not to carry out an EHC needs assessment" in page
    assert "Sunday 1 August 2027" in page  # contact the mediation adviser by
    assert "Wednesday 1 September 2027" in page  # appeal by: 1 Aug rolls to 1 Sep
    assert "SENDIASS" in page
    ask_url = f"/mediation/decisions/{window.public_id}/ask-for-mediation/"
    assert ask_url in page
    assert family.get(ask_url).status_code == 200
    response = family.post(
        ask_url, {"issues": ["education", "health"], "issues_summary": "No therapy in the plan"}
    )
    assert follow(response) == case_url
    mediation = MediationCase.objects.get()
    assert mediation.status == MediationStatus.REQUESTED
    page = family.get(case_url).content.decode()
    assert "You asked for mediation. We are arranging it." in page
    assert "Hold the mediation" in page
    assert "Friday 30 July 2027" in page
    assert ask_url not in page

    # 3. The coordinator arranges it, tells health and records it held: partly resolved.
    detail = f"/mediation/mediations/{mediation.public_id}/"
    assert staff.get(detail).status_code == 200
    follow(staff.post(f"{detail}health-notice/", {**date_parts("told_on", date(2027, 6, 30))}))
    follow(
        staff.post(
            f"{detail}arrange/",
            {
                **date_parts("mediation_on", date(2027, 7, 20)),
                "mediation_provider": "Global Mediation",
            },
        )
    )
    with on(date(2027, 7, 21)):
        staff = client_for(world.coordinator)
        follow(
            staff.post(
                f"{detail}held/",
                {
                    **date_parts("held_on", date(2027, 7, 20)),
                    "attendees": ["parent", "la", "health"],
                    "la_attendee_had_authority": "yes",
                    "outcome": "partly",
                    "outcome_summary": "Speech and language therapy to be added",
                },
            )
        )
        follow(
            staff.post(
                f"{detail}add-action/",
                {
                    "description": "Add weekly speech and language therapy to section F",
                    "responsible_body": "la",
                    "appealable_step": "amend_contents",
                },
            )
        )
    # 4. The certificate, after the mediation.
    with on(date(2027, 7, 23)):
        staff = client_for(world.coordinator)
        follow(staff.post(f"{detail}certificate/", {**date_parts("issued_on", date(2027, 7, 22))}))
    mediation.refresh_from_db()
    assert mediation.status == MediationStatus.CERTIFICATE_ISSUED
    # 5. The appeal is registered, answered, heard and decided with an order.
    with on(date(2027, 8, 16)):
        staff = client_for(world.coordinator)
        follow(
            staff.post(
                f"/mediation/decisions/{window.public_id}/appeal/",
                {
                    **date_parts("registered_on", date(2027, 8, 13)),
                    **date_parts("appeal_sent_to_la_on", date(2027, 8, 16)),
                    "tribunal_reference": "EH999/27/00001",
                },
            )
        )
    appeal = TribunalAppeal.objects.get()
    appeal_url = f"/mediation/appeals/{appeal.public_id}/"
    with on(date(2027, 11, 10)):
        staff = client_for(world.coordinator)
        assert staff.get(appeal_url).status_code == 200
        follow(staff.post(f"{appeal_url}response/", {**date_parts("sent_on", date(2027, 9, 20))}))
        follow(staff.post(f"{appeal_url}hearing/", {**date_parts("hearing_on", date(2027, 11, 1))}))
        follow(
            staff.post(
                f"{appeal_url}decision/",
                {
                    **date_parts("decided_on", date(2027, 11, 5)),
                    **date_parts("order_sent_on", date(2027, 11, 8)),
                    "outcome": "upheld",
                    "orders": ["amend_contents"],
                },
            )
        )
    order = appeal.orders.get()
    assert order.due_on == date(2027, 12, 13)
    # 6. The order is complied with and the appeal closes.
    with on(date(2027, 12, 1)):
        staff = client_for(world.coordinator)
        follow(
            staff.post(
                f"/mediation/orders/{order.public_id}/done/",
                {**date_parts("complied_on", date(2027, 11, 30))},
            )
        )
        appeal.refresh_from_db()
        assert appeal.status == AppealStatus.CLOSED
        page = client_for(world.family).get(case_url).content.decode()
    assert "Your appeal to the tribunal" in page
    assert "Upheld (decided for the family)" in page
    assert "Amend the contents of the plan" in page
    assert "Add weekly speech and language therapy to section F" in page
    # Every step is on the family's timeline too.
    family_kinds = set(CaseEvent.objects.filter(audience="family").values_list("kind", flat=True))
    assert {
        "appeal_window_opened",
        "mediation_requested",
        "mediation_held",
        "mediation_certificate_issued",
        "appeal_registered",
        "appeal_decided",
        "tribunal_order_complied",
        "appeal_closed",
    } <= family_kinds


def test_family_page_before_any_decision(world, client_for):
    page = (
        client_for(world.family).get(f"/mediation/cases/{world.case.public_id}/").content.decode()
    )
    assert "We have not sent you a decision that you can appeal" in page
    assert "IPSEA" in page


def test_family_is_sent_to_their_page_from_staff_detail_pages(world, client_for):
    appeal = appeal_in(world, AppealStatus.REGISTERED)
    family = client_for(world.family)
    case_url = f"/mediation/cases/{world.case.public_id}/"
    assert follow(family.get(f"/mediation/mediations/{appeal.mediation.public_id}/")) == case_url
    assert follow(family.get(f"/mediation/appeals/{appeal.public_id}/")) == case_url


def test_form_errors_are_summarised_and_nothing_changes(world, client_for):
    window = open_window(world)
    events = CaseEvent.objects.count()
    response = client_for(world.coordinator).post(
        f"/mediation/decisions/{window.public_id}/appeal/",
        {"registered_on-day": "31", "registered_on-month": "2", "registered_on-year": "2026"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert "Date the tribunal registered the appeal must be a real date" in content
    assert "Enter the date the tribunal sent the appeal to the council" in content
    # A rule broken in the service shows as a form error too.
    response = client_for(world.coordinator).post(
        f"/mediation/decisions/{window.public_id}/appeal/",
        {
            **date_parts("registered_on", date(2026, 11, 1)),
            **date_parts("appeal_sent_to_la_on", date(2026, 11, 2)),
        },
    )
    assert "A mediation certificate is needed before appealing" in response.content.decode()
    assert not TribunalAppeal.objects.exists()
    assert CaseEvent.objects.count() == events


def test_unknown_step_is_not_found(world, client_for):
    mediation = mediation_in(world, MediationStatus.REQUESTED)
    assert (
        client_for(world.coordinator)
        .get(f"/mediation/mediations/{mediation.public_id}/dance/")
        .status_code
        == 404
    )
    appeal = appeal_in(world, AppealStatus.REGISTERED, window=open_window(world, decision="cease"))
    assert (
        client_for(world.coordinator)
        .get(f"/mediation/appeals/{appeal.public_id}/dance/")
        .status_code
        == 404
    )


def test_detail_pages_offer_only_the_moves_the_status_allows(world, client_for):
    mediation = mediation_in(world, MediationStatus.HELD, issues=("education", "health"))
    page = (
        client_for(world.coordinator)
        .get(f"/mediation/mediations/{mediation.public_id}/")
        .content.decode()
    )
    for offered in ["certificate/", "add-action/", "health-agreement/"]:
        assert f"/mediation/mediations/{mediation.public_id}/{offered}" in page
    for refused in ["arrange/", "held/", "withdraw/", "cannot-arrange/"]:
        assert f"/mediation/mediations/{mediation.public_id}/{refused}" not in page
    appeal = appeal_in(
        world, AppealStatus.CONCEDED, window=open_window(world, decision="refuse_issue")
    )
    page = client_for(world.manager).get(f"/mediation/appeals/{appeal.public_id}/").content.decode()
    assert f"/mediation/orders/{appeal.orders.get().public_id}/done/" in page
    assert f"/mediation/appeals/{appeal.public_id}/decision/" not in page


def test_every_step_form_renders(world, client_for):
    from mediation.views import APPEAL_STEPS, MEDIATION_STEPS

    staff = client_for(world.coordinator)
    mediation = mediation_in(world, MediationStatus.REQUESTED)
    appeal = appeal_in(world, AppealStatus.REGISTERED, window=open_window(world, decision="cease"))
    for step in MEDIATION_STEPS:
        assert staff.get(f"/mediation/mediations/{mediation.public_id}/{step}/").status_code == 200
    for step in APPEAL_STEPS:
        assert staff.get(f"/mediation/appeals/{appeal.public_id}/{step}/").status_code == 200


def test_report_page_and_csv(world, client_for):
    appeal_in(world, AppealStatus.DECIDED)
    manager = client_for(world.manager)
    page = manager.get("/mediation/reports/?year=2026").content.decode()
    assert "Mediation by decision, decisions sent in 2026" in page
    assert "SEND Tribunal appeal rate" in page
    response = manager.get("/mediation/reports/csv/?year=2026")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="mediation-and-appeals-2026.csv"' in response["Content-Disposition"]
    body = response.content.decode()
    assert "Refusal to assess,1,1,1,1,23.0,100.0,0,1,0,1,100.0,1,100.0" in body
    # An unknown year falls back to the newest.
    assert "decisions sent in 2027" in manager.get("/mediation/reports/?year=1999").content.decode()


def _more_cases(world, count: int, show: str) -> None:
    for index in range(count):
        case = CaseFactory(team=world.case.team, coordinator=world.coordinator)
        RelationshipFactory(child=case.child)
        window = open_window(world, case=case, sent_on=date(2026, 10, 1 + index))
        if show == "appeals":
            appeal_in(world, AppealStatus.REGISTERED, window=window)
        else:
            mediation_in(world, MediationStatus.ARRANGED, window=window)


@pytest.mark.parametrize("show", ["mediations", "appeals"])
def test_lists_have_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries, show
):
    _more_cases(world, 1, show)
    client = client_for(world.manager)
    with django_assert_max_num_queries(12) as few:
        client.get(f"/mediation/?show={show}")
    _more_cases(world, 4, show)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"/mediation/?show={show}")
    assert response.content.decode().count(f'href="/mediation/{show}/') == 5


def test_case_pages_have_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    appeal_in(world, AppealStatus.DECIDED)
    staff, family = client_for(world.coordinator), client_for(world.family)
    url = f"/mediation/cases/{world.case.public_id}/"
    with django_assert_max_num_queries(25) as staff_queries:
        staff.get(url)
    with django_assert_max_num_queries(25) as family_queries:
        family.get(url)
    for decision in ["refuse_issue", "cease", "plan_contents"]:
        appeal_in(world, AppealStatus.DECIDED, window=open_window(world, decision=decision))
    with django_assert_max_num_queries(len(staff_queries.captured_queries)):
        staff.get(url)
    with django_assert_max_num_queries(len(family_queries.captured_queries)):
        family.get(url)

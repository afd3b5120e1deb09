"""The HTML pages end to end: the chair's walk (meeting, agenda from waiting cases, quorum
check, decisions, letters, case advanced), members and conflicts, errors shown with an error
summary, configuration pages, reports with CSV, and query-count caps on lists."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from panels import services
from panels.models import (
    AgendaItem,
    ConflictOfInterest,
    DecisionAmendment,
    FundingBand,
    ItemStatus,
    MeetingStatus,
    Panel,
    PanelDecision,
    PanelMeeting,
    PanelMember,
)
from panels.tests.conftest import TODAY, waiting_case, with_assessment, with_request
from sendcpp.models import AccessLog, Case, Document, Stage
from sendcpp.tests.factories import CaseFactory
from sendcpp.web.testing import date_parts


def at_stage(world, stage: str) -> None:
    Case.objects.filter(pk=world.case.pk).update(stage=stage)
    world.case.refresh_from_db()
    if stage == Stage.ASSESSMENT and not world.case.ehcp_assessments.exists():
        with_assessment(world.case)


def content(response) -> str:
    return response.content.decode()


def test_the_chairs_walk_from_waiting_cases_to_letters(panels, world, client_for):
    manager = client_for(world.manager)
    meeting_url = f"/panels/meetings/{panels.today.public_id}/"
    # The agenda is drawn from cases waiting for the decision, with their statutory deadline.
    page = manager.get(f"{meeting_url}agenda/add/")
    assert page.status_code == 200
    assert world.case.reference in content(page)
    assert "due 13 Oct 2026" in content(page)
    response = manager.post(
        f"{meeting_url}agenda/add/",
        {"decision_kind": "assess", "cases": [world.case.pk]},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=panels.today)
    # The chair opens the meeting and sees the agenda, the deadline and the quorum check.
    chair = client_for(panels.chair)
    page = content(chair.get(meeting_url))
    assert world.case.child.full_name in page
    assert "Decide whether to carry out an assessment" in page
    assert "Due in 7 days" in page
    assert "Quorum check" in page
    assert "is quorate" in page
    # Health sends apologies: the check flags it before the meeting starts.
    present = [m.pk for name, m in panels.members.items() if name != "health"]
    assert chair.post(f"{meeting_url}attendance/", {"present": present}).status_code == 302
    page = content(chair.get(meeting_url))
    assert "is not quorate" in page
    assert "Health: designated medical or clinical officer" in page
    present.append(panels.members["health"].pk)
    chair.post(f"{meeting_url}attendance/", {"present": present})
    # Start, then record the decision from the run screen.
    response = chair.post(f"{meeting_url}start/")
    assert response.status_code == 302
    assert response["Location"] == f"{meeting_url}run/"
    response = chair.get(f"{meeting_url}run/")
    assert response["Location"] == f"/panels/items/{item.public_id}/decide/"
    page = content(chair.get(response["Location"]))
    assert 'aria-labelledby="agenda-heading"' in page
    assert "Record decision and send letter" in page
    response = chair.post(
        f"/panels/items/{item.public_id}/decide/",
        {
            "outcome": "agreed",
            "criteria": ["may-have-sen"],
            "reasons": "The school's evidence shows needs it cannot meet alone.",
            "next_steps": "Ask for advice",
            "next_step_owner": world.coordinator.pk,
            **date_parts("next_step_due_on", date(2026, 10, 13)),
        },
    )
    assert response.status_code == 302
    decision = PanelDecision.objects.get()
    assert decision.next_step_due_on == date(2026, 10, 13)
    world.case.refresh_from_db()
    assert world.case.stage == Stage.ASSESSMENT
    # The letter is on the case for the family, and the decision page links to it.
    assert Document.objects.filter(case=world.case, audience="family", kind="letter").count() == 1
    page = content(chair.get(f"/panels/decisions/{decision.public_id}/"))
    assert "Download the letter sent to the family" in page
    assert "now at “Needs assessment”" in page
    family = client_for(world.family)
    letter = family.get(f"/documents/{decision.letter.public_id}/")
    assert letter.status_code == 200
    # The meeting closes.
    assert chair.post(f"{meeting_url}close/").status_code == 302
    panels.today.refresh_from_db()
    assert panels.today.status == MeetingStatus.CLOSED


def test_decision_form_errors_show_an_error_summary(panels, world, client_for):
    item = services.add_to_agenda(
        panels.today, case=world.case, decision_kind="assess", by=world.manager
    )
    services.start_meeting(panels.today, by=panels.chair)
    response = client_for(panels.chair).post(f"/panels/items/{item.public_id}/decide/", {})
    page = content(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#id_outcome_0"' in page
    assert "Enter the reasons for the decision" in page
    assert not PanelDecision.objects.exists()


def test_a_domain_error_is_shown_on_the_form(panels, world, client_for, band):
    services.update_panel(panels.panel, kind="combined", by=world.manager)
    at_stage(world, Stage.DRAFTING)
    item = services.add_to_agenda(
        panels.today, case=world.case, decision_kind="funding", by=world.manager
    )
    services.start_meeting(panels.today, by=panels.chair)
    chair = client_for(panels.chair)
    response = chair.post(
        f"/panels/items/{item.public_id}/decide/", {"outcome": "agreed", "reasons": "Needs"}
    )
    assert "Choose the funding band" in content(response)
    assert 'href="#id_band"' in content(response)
    response = chair.post(
        f"/panels/items/{item.public_id}/decide/",
        {"outcome": "agreed", "reasons": "Needs", "band": band.pk},
    )
    assert response.status_code == 302
    assert PanelDecision.objects.get().annual_amount == Decimal("6000.00")


def test_deferring_and_withdrawing_from_the_run_screen(panels, world, client_for):
    item = services.add_to_agenda(
        panels.today, case=world.case, decision_kind="assess", by=world.manager
    )
    other = services.add_to_agenda(
        panels.today, case=with_request(world.other_case), decision_kind="assess", by=world.manager
    )
    chair = client_for(panels.chair)
    response = chair.post(f"/panels/items/{other.public_id}/withdraw/", {"reason": ""})
    assert "There is a problem" in content(response)
    chair.post(f"/panels/items/{other.public_id}/withdraw/", {"reason": "Withdrawn"})
    other.refresh_from_db()
    assert other.status == ItemStatus.WITHDRAWN
    services.start_meeting(panels.today, by=panels.chair)
    response = chair.post(f"/panels/items/{item.public_id}/defer/", {"defer-reason": ""})
    assert response["Location"] == f"/panels/items/{item.public_id}/decide/"
    chair.post(f"/panels/items/{item.public_id}/defer/", {"defer-reason": "EP view needed"})
    item.refresh_from_db()
    assert item.status == ItemStatus.DEFERRED


def test_members_read_published_papers_and_declare_conflicts(panels, world, client_for):
    item = services.add_to_agenda(
        panels.today, case=world.case, decision_kind="assess", by=world.manager
    )
    later = services.add_to_agenda(
        panels.friday, case=with_request(world.other_case), decision_kind="assess", by=world.manager
    )
    ep = client_for(panels.ep)
    page = content(ep.get(f"/panels/meetings/{panels.friday.public_id}/"))
    assert world.other_case.reference not in page
    assert "will be published to you on 6 October 2026 at 14:00" in page
    assert ep.get(f"/panels/items/{later.public_id}/").status_code == 404
    response = ep.get(f"/panels/items/{item.public_id}/")
    assert response.status_code == 200
    assert AccessLog.objects.filter(user=panels.ep, case=world.case).count() == 1
    form = ep.get(f"/panels/items/{item.public_id}/conflict/")
    assert panels.health.display_name not in content(form)
    response = ep.post(
        f"/panels/items/{item.public_id}/conflict/",
        {"member": panels.members["ep"].pk, "reason": "I taught the child"},
    )
    assert response.status_code == 302
    assert ConflictOfInterest.objects.get().member == panels.members["ep"]
    # From now on the item's papers are gone for them, as if they never existed.
    assert ep.get(f"/panels/items/{item.public_id}/").status_code == 404
    assert world.case.reference not in content(
        ep.get(f"/panels/meetings/{panels.today.public_id}/")
    )
    # A member cannot record a conflict for someone else.
    ep.post(
        f"/panels/items/{item.public_id}/conflict/",
        {"member": panels.members["health"].pk, "reason": "x"},
    )
    assert ConflictOfInterest.objects.count() == 1


def test_configuring_a_panel_and_its_members(world, client_for):
    from panels.tests.conftest import panel_member

    manager = client_for(world.manager)
    response = manager.post("/panels/new/", {"name": "", "kind": "", "papers_days_before": ""})
    assert "There is a problem" in content(response)
    response = manager.post(
        "/panels/new/", {"name": "Issuing panel", "kind": "issuing", "papers_days_before": "5"}
    )
    panel = Panel.objects.get()
    assert response["Location"] == f"/panels/{panel.public_id}/"
    person = panel_member(world, "nurse")
    response = manager.post(
        f"/panels/{panel.public_id}/members/add/",
        {"user": person.pk, "role": "health", "is_chair": "on"},
    )
    assert response.status_code == 302
    member = PanelMember.objects.get(panel=panel)
    assert member.is_chair
    other = panel_member(world, "ep2")
    manager.post(f"/panels/{panel.public_id}/members/add/", {"user": other.pk, "role": "ep"})
    second = PanelMember.objects.get(user=other)
    manager.post(f"/panels/{panel.public_id}/members/{second.public_id}/chair/")
    second.refresh_from_db()
    assert second.is_chair
    manager.post(f"/panels/{panel.public_id}/members/{member.public_id}/leave/")
    member.refresh_from_db()
    assert member.left_on == TODAY
    page = content(manager.get(f"/panels/{panel.public_id}/"))
    assert "Schedule a meeting" in page
    response = manager.post(
        f"/panels/{panel.public_id}/meetings/new/",
        {**date_parts("day", date(2026, 10, 20)), "start": "09:30", "location": "Room 1"},
    )
    meeting = PanelMeeting.objects.get()
    assert response["Location"] == f"/panels/meetings/{meeting.public_id}/"
    assert meeting.papers_published_at.date() == date(2026, 10, 15)


def test_bands_pages_and_commitments_report(panels, world, client_for, band):
    manager = client_for(world.manager)
    response = manager.post(
        "/panels/bands/new/",
        {
            "name": "Band 3",
            "need_level": "Moderate",
            "annual_tariff": "6500",
            **date_parts("effective_from", date(2027, 1, 1)),
        },
    )
    assert "already has a tariff" in content(response)
    assert (
        manager.post(
            f"/panels/bands/{band.public_id}/end/",
            {**date_parts("effective_to", date(2026, 12, 31))},
        ).status_code
        == 302
    )
    manager.post(
        "/panels/bands/new/",
        {
            "name": "Band 3",
            "need_level": "Moderate",
            "annual_tariff": "6500",
            **date_parts("effective_from", date(2027, 1, 1)),
        },
    )
    assert FundingBand.objects.count() == 2
    assert "£6,500.00" in content(manager.get("/panels/bands/"))
    # One funding decision at today's tariff.
    services.update_panel(panels.panel, kind="funding", by=world.manager)
    at_stage(world, Stage.MAINTAINED)
    item = services.add_to_agenda(
        panels.today, case=world.case, decision_kind="funding", by=world.manager
    )
    services.start_meeting(panels.today, by=panels.chair)
    services.record_panel_decision(
        item, outcome="agreed", reasons="Needs", band=band, by=panels.chair
    )
    page = content(manager.get("/panels/bands/commitments/"))
    assert "£6,000.00" in page
    csv = manager.get(
        "/panels/bands/commitments/", {"format": "csv", **date_parts("on", date(2026, 10, 6))}
    )
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().splitlines() == [
        "Band,Children,Annual commitment (GBP)",
        "Band 3,1,6000.00",
        "Total,1,6000.00",
    ]


def test_analytics_page_and_csv(panels, world, client_for):
    item = services.add_to_agenda(
        panels.today, case=world.case, decision_kind="assess", by=world.manager
    )
    services.start_meeting(panels.today, by=panels.chair)
    services.record_panel_decision(item, outcome="agreed", reasons="Needs", by=panels.chair)
    manager = client_for(world.manager)
    query = {
        **date_parts("a_from", date(2026, 1, 1)),
        **date_parts("a_to", date(2026, 6, 30)),
        **date_parts("b_from", date(2026, 7, 1)),
        **date_parts("b_to", date(2026, 12, 31)),
    }
    page = content(manager.get("/panels/analytics/", query))
    assert "1 panel: Assessment panel" in page
    # Request received 1 September, decided 6 October: 35 days, within 6 weeks.
    assert "35 days" in page
    assert "100.0%" in page
    rows = manager.get("/panels/analytics/csv/", query).content.decode().splitlines()
    assert (
        "Period B (1 Jul 2026 to 31 Dec 2026),Median days from request: whether to assess,,,35.0"
        in rows
    )
    response = manager.get("/panels/analytics/", {**query, **date_parts("a_to", date(2025, 1, 1))})
    assert "Period A must end on or after it starts" in content(response)


def test_criteria_pages(world, client_for):
    manager = client_for(world.manager)
    assert "paragraphs 9.14 to 9.15" in content(manager.get("/panels/criteria/"))
    response = manager.post(
        "/panels/criteria/new/",
        {
            "code": "local-1",
            "title": "Local",
            "reference": "LA policy",
            "decision_kinds": ["assess"],
        },
    )
    assert response.status_code == 302
    manager.post("/panels/criteria/local-1/toggle/")
    from panels.models import DecisionCriterion

    assert not DecisionCriterion.objects.get(code="local-1").is_active


def test_amending_a_decision_from_its_page(panels, world, client_for):
    item = services.add_to_agenda(
        panels.today, case=world.case, decision_kind="assess", by=world.manager
    )
    services.start_meeting(panels.today, by=panels.chair)
    decision = services.record_panel_decision(
        item, outcome="agreed", reasons="Needs", by=panels.chair
    )
    chair = client_for(panels.chair)
    url = f"/panels/decisions/{decision.public_id}/amend/"
    assert "Needs" in content(chair.get(url))
    response = chair.post(url, {"explanation": "Spelling", "reasons": "Needs"})
    assert "Nothing has changed" in content(response)
    chair.post(url, {"explanation": "More detail", "reasons": "Needs evidenced by the school"})
    assert DecisionAmendment.objects.count() == 1
    page = content(chair.get(f"/panels/decisions/{decision.public_id}/"))
    assert "Needs evidenced by the school" in page
    assert "As first recorded" in page


@pytest.mark.parametrize("rows", [2, 6])
def test_list_pages_have_a_fixed_query_count(
    panels, world, client_for, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        case = waiting_case(world)
        services.add_to_agenda(panels.today, case=case, decision_kind="assess", by=world.manager)
        CaseFactory(team=world.case.team, local_authority=world.la)
        services.create_funding_band(
            local_authority=world.la,
            name=f"Band {case.pk}",
            need_level="x",
            annual_tariff=Decimal("1"),
            effective_from=date(2026, 4, 1),
            by=world.manager,
        )
    manager, chair = client_for(world.manager), client_for(panels.chair)
    for client, url, cap in [
        (manager, "/panels/", 11),
        (chair, f"/panels/meetings/{panels.today.public_id}/", 12),
        (manager, f"/panels/meetings/{panels.today.public_id}/agenda/add/", 15),
        (manager, f"/panels/{panels.panel.public_id}/", 12),
        (manager, "/panels/bands/", 10),
    ]:
        with django_assert_max_num_queries(cap):
            assert client.get(url).status_code == 200


def test_the_agenda_counts_conflicts_and_offers_each_person_only_their_actions(
    panels, world, client_for
):
    item = services.add_to_agenda(
        panels.today, case=world.case, decision_kind="assess", by=world.manager
    )
    services.declare_conflict(
        item, member=panels.member(panels.ep), reason="I know the family", by=panels.ep
    )
    meeting_url = f"/panels/meetings/{panels.today.public_id}/"
    # The manager runs the meeting: the item, its conflict counted, and every action on it.
    page = content(client_for(world.manager).get(meeting_url))
    assert f'href="/panels/items/{item.public_id}/"' in page
    assert "1 conflict of interest" in page
    assert f"/panels/items/{item.public_id}/withdraw/" in page
    assert f"/panels/items/{item.public_id}/conflict/" in page
    assert f'Take off<span class="govuk-visually-hidden"> {world.case.reference}</span>' in page
    # The meeting has not started: nobody can record a decision yet.
    assert f"/panels/items/{item.public_id}/decide/" not in page
    # A member who does not run it may declare a conflict but not take the item off.
    page = content(client_for(panels.health).get(meeting_url))
    assert f"/panels/items/{item.public_id}/conflict/" in page
    assert f"/panels/items/{item.public_id}/withdraw/" not in page
    # The conflicted member no longer sees the item at all.
    page = content(client_for(panels.ep).get(meeting_url))
    assert str(item.public_id) not in page
    assert '<td class="govuk-table__cell" colspan="5">No cases on the agenda' in page


def test_each_manager_reads_each_meetings_own_agenda_through_one_shape(panels, world, client_for):
    """The agenda is compiled once per shape of the reader's access: two managers of the
    council read it with their own conflicts, and each meeting shows its own items."""
    from panels.models import MemberRole
    from sendcpp.models import StaffProfile
    from sendcpp.tests.factories import StaffFactory

    other_manager = StaffFactory(
        organisation=world.la, profile__role=StaffProfile.Role.MANAGER, username="deputy"
    )
    seat = services.add_panel_member(
        panels.panel, user=other_manager, role=MemberRole.EDUCATION, by=world.manager
    )
    today_item = services.add_to_agenda(
        panels.today, case=world.case, decision_kind="assess", by=world.manager
    )
    friday_case = with_request(
        CaseFactory(team=world.case.team, coordinator=world.coordinator, stage=Stage.REQUEST)
    )
    friday_item = services.add_to_agenda(
        panels.friday, case=friday_case, decision_kind="assess", by=world.manager
    )
    services.declare_conflict(today_item, member=seat, reason="A neighbour", by=other_manager)

    def agenda(person, meeting):
        page = content(client_for(person).get(f"/panels/meetings/{meeting.public_id}/"))
        return {item.public_id for item in (today_item, friday_item) if str(item.public_id) in page}

    assert agenda(world.manager, panels.today) == {today_item.public_id}
    assert agenda(other_manager, panels.today) == set()  # their conflict, with their id
    assert agenda(world.manager, panels.friday) == {friday_item.public_id}
    assert agenda(other_manager, panels.friday) == {friday_item.public_id}
    url = f"/panels/meetings/{panels.today.public_id}/"
    assert client_for(world.other_la_manager).get(url).status_code == 404


def test_a_meeting_is_each_members_own_to_see_whoever_read_it_first(panels, world, client_for):
    """A panel member's meetings are those of the panels they sit on: read afresh for each
    (their access has no shape), so one member's reading never opens it to another; a manager's
    is compiled once for every manager of the council and for no one else's."""
    url = f"/panels/meetings/{panels.today.public_id}/"
    assert client_for(panels.chair).get(url).status_code == 200
    assert client_for(panels.outsider).get(url).status_code == 404
    assert client_for(panels.health).get(url).status_code == 200
    assert client_for(world.manager).get(url).status_code == 200
    assert client_for(world.other_la_manager).get(url).status_code == 404
    assert client_for(world.coordinator).get(url).status_code == 404
    page = content(client_for(panels.chair).get(url))
    assert "Record attendance" in page or "attendance" in page.lower()

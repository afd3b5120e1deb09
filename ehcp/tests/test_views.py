"""The journey the lead walks in the browser, through the HTML views, checking each page for the
accessibility basics on the way: coordinator records a request, decides to assess, asks for
advice; the professional gives it; the coordinator drafts and sends the draft; the parent
comments and says which school they prefer; the final plan is issued; the first annual review."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from ehcp.models import (
    AdviceRequest,
    AdviceSubmission,
    Plan,
    PlanRow,
    PlanVersion,
    Review,
)
from ehcp.tests.factories import SettingFactory
from ehcp.tests.html_checks import assert_clean
from sendcpp.models import Document, Stage
from sendcpp.web.testing import form_data


def _date(day=None) -> date:
    return day or timezone.localdate()


def _post(client, url, data, *, expect=302):
    response = client.post(url, form_data(data))
    if response.status_code != expect:
        body = response.content.decode()
        errors = body[body.find("govuk-error-summary") : body.find("govuk-error-summary") + 1500]
        raise AssertionError(f"{url}: {response.status_code}\n{errors}")
    return response


@pytest.mark.django_db
def test_the_whole_journey_through_the_pages(
    world, client_for, appeal_windows, django_capture_on_commit_callbacks
):
    coordinator = client_for(world.coordinator)
    case = world.case
    base = f"/ehcp/cases/{case.public_id}/"

    assert_clean(coordinator.get(base))
    assert_clean(coordinator.get(base + "request/"))
    _post(
        coordinator,
        base + "request/",
        {"source": "parent", "received_on": _date(), "details": "Letter"},
    )
    assert_clean(coordinator.get(base + "decide/assess/"))
    _post(
        coordinator,
        base + "decide/assess/",
        {"agree": "yes", "reasons": "Evidence", "decided_on": _date()},
    )
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSMENT

    assert_clean(coordinator.get(base + "advice/new/"))
    response = _post(
        coordinator,
        base + "advice/new/",
        {
            "kind": "psychological",
            "advisor": world.professional.pk,
            "requested_on": _date(),
            "questions": "Please cover reading",
            "share_family_views": "on",
        },
    )
    advice_request = AdviceRequest.objects.get(case=case)
    assert_clean(coordinator.get(response["Location"]))

    professional = client_for(world.professional)
    inbox = professional.get("/ehcp/advice/")
    assert_clean(inbox)
    assert case.child.full_name.encode() in inbox.content
    give = f"/ehcp/advice/{advice_request.public_id}/give/"
    assert_clean(professional.get(give))
    _post(
        professional,
        give,
        {
            "advisor_name": "Dr Priya Rao",
            "advisor_role": "Educational psychologist",
            "basis": "Observed in class",
            "summary": "Needs help with language",
            "formulation": "Language processing",
            "rows-TOTAL_FORMS": "4",
            "rows-INITIAL_FORMS": "0",
            "rows-MIN_NUM_FORMS": "0",
            "rows-MAX_NUM_FORMS": "20",
            "rows-0-area": "communication",
            "rows-0-need": "Difficulty following spoken instructions",
            "rows-0-provision_what": "Access to regular support as required",
            "rows-0-outcome": "Follows two-step instructions",
        },
    )
    assert AdviceSubmission.objects.filter(request=advice_request).count() == 1
    assert_clean(professional.get(f"/ehcp/advice/{advice_request.public_id}/"))

    assert_clean(coordinator.get(base + "decide/issue/"))
    _post(
        coordinator,
        base + "decide/issue/",
        {"agree": "yes", "reasons": "Plan needed", "decided_on": _date()},
    )
    plan = Plan.objects.get(case=case)
    plan_url = f"/ehcp/plans/{plan.public_id}/"
    assert_clean(coordinator.get(plan_url))
    assert_clean(coordinator.get(plan_url + "sections/history/"))
    _post(
        coordinator,
        plan_url + "sections/history/",
        {
            "history": "Born in 2015.",
            "communication": "Visual timetable",
            "lock_version": plan.lock_version,
        },
    )
    plan.refresh_from_db()
    area = plan_url + "areas/communication/"
    assert_clean(coordinator.get(area))
    assert_clean(coordinator.get(area + "advice/"))
    row = PlanRow.objects.none()
    advice_row = advice_request.submissions.get().rows.get()
    _post(
        coordinator, area + "advice/", {"rows": [advice_row.pk], "lock_version": plan.lock_version}
    )
    row = PlanRow.objects.get(plan=plan)
    assert row.source_advice_row == advice_row
    page = coordinator.get(area)
    assert_clean(page)
    assert b"access to" in page.content  # the vague-wording warning is shown
    assert_clean(coordinator.get(plan_url + f"rows/{row.pk}/"))
    plan.refresh_from_db()
    _post(
        coordinator,
        plan_url + f"rows/{row.pk}/",
        {
            "area": "communication",
            "need": "Difficulty following spoken instructions",
            "provision_what": "Language programme",
            "provision_who": "Speech and language therapist",
            "ratio": "1:1",
            "frequency": "Twice a week",
            "duration": "30 minutes",
            "outcome": "Follows two-step instructions",
            "outcome_timeframe": "By July 2027",
            "lock_version": plan.lock_version,
        },
    )
    assert coordinator.get(plan_url + "preview/").status_code == 200
    assert_clean(coordinator.get(plan_url + "preview/"))
    assert_clean(coordinator.get(plan_url + "issue/draft/"))
    with django_capture_on_commit_callbacks(execute=True):
        _post(coordinator, plan_url + "issue/draft/", {"served_on": _date()})
    draft = PlanVersion.objects.get(plan=plan)
    assert draft.document.status == Document.Status.READY
    assert_clean(coordinator.get(f"/ehcp/versions/{draft.public_id}/"))

    family = client_for(world.family)
    assert_clean(family.get(base + "journey/"))
    assert_clean(family.get(plan_url + "respond/"))
    assert_clean(family.get(f"/ehcp/versions/{draft.public_id}/"))
    assert family.get(f"/ehcp/versions/{draft.public_id}/read/").status_code == 200
    assert_clean(family.get(plan_url + "respond/comment/"))
    _post(
        family,
        plan_url + "respond/comment/",
        {"section": "F_communication", "text": "Please add speech therapy"},
    )
    assert_clean(family.get(plan_url + "respond/preference/"))
    school = SettingFactory(name="Hillcrest Primary School")
    _post(
        family,
        plan_url + "respond/preference/",
        {"setting": school.pk, "reasons": "Near home", "finished_commenting": "on"},
    )
    assert family.get(plan_url).status_code == 404  # families never see the working copy

    assert_clean(coordinator.get(plan_url + "name-setting/"))
    _post(coordinator, plan_url + "name-setting/", {"setting": school.pk})
    assert_clean(coordinator.get(plan_url + "issue/final/"))
    with django_capture_on_commit_callbacks(execute=True):
        _post(coordinator, plan_url + "issue/final/", {"issued_on": _date()})
    case.refresh_from_db()
    assert case.stage == Stage.PLAN_ISSUED
    final = PlanVersion.objects.get(plan=plan, kind="final")
    assert [c["decision"] for c in appeal_windows] == ["plan_contents"]
    assert_clean(family.get(f"/ehcp/versions/{final.public_id}/"))
    assert_clean(coordinator.get(plan_url + "versions/"))
    assert_clean(coordinator.get(plan_url + "compare/?from=1&to=2"))
    assert_clean(coordinator.get(base))

    assert_clean(coordinator.get(base + "reviews/new/"))
    response = _post(
        coordinator, base + "reviews/new/", {"meeting_on": _date(), "phase_transfer": ""}
    )
    review = Review.objects.get(case=case)
    review_url = f"/ehcp/reviews/{review.public_id}/"
    assert_clean(coordinator.get(review_url))
    assert_clean(family.get(review_url))
    _post(family, review_url + "your-views/", {"progress": "Much happier at school"})
    for step, data in [
        ("invitations", {"sent_on": _date()}),
        ("papers", {"sent_on": _date()}),
        ("meeting", {"held_on": _date(), "attendees": "Parent, SENCO", "notes": "Good progress"}),
        ("report", {"report": "Keep the plan", "sent_on": _date()}),
        ("decision", {"outcome": "maintain", "reasons": "Meeting needs", "decided_on": _date()}),
    ]:
        assert_clean(coordinator.get(review_url + step + "/"))
        _post(coordinator, review_url + step + "/", data)
    case.refresh_from_db()
    assert case.stage == Stage.MAINTAINED
    assert_clean(coordinator.get(review_url))
    assert_clean(family.get(base + "journey/"))
    for decision in case.ehcp_decisions.all():
        assert_clean(family.get(f"/ehcp/decisions/{decision.public_id}/"))


def test_a_stale_save_shows_the_other_persons_text_and_keeps_mine(world, client_for):
    from ehcp.tests import factories as f

    plan = f.drafting(world.case, world.coordinator)
    opened = plan.lock_version
    url = f"/ehcp/plans/{plan.public_id}/sections/history/"
    _post(
        client_for(world.teammate),
        url,
        {"history": "Teammate wrote this", "communication": "", "lock_version": opened},
    )
    response = client_for(world.coordinator).post(
        url, {"history": "I wrote this", "communication": "", "lock_version": opened}
    )
    assert_clean(response)
    body = response.content.decode()
    assert "There is a problem" in body
    assert "have not been saved" in body
    assert "Teammate wrote this" in body  # what is saved now
    assert "I wrote this" in body  # my text, still in the form
    plan.refresh_from_db()
    assert plan.history == "Teammate wrote this"
    assert f'value="{plan.lock_version}"' in body  # saving again now overwrites knowingly


def test_a_preference_after_the_window_is_refused_on_the_page(world, client_for):
    from ehcp.models import SettingPreference
    from ehcp.tests import factories as f

    version = f.draft_issued(world.case, world.coordinator, served_on=f.days_ago(20))
    family = client_for(world.family)
    page = family.get(f"/ehcp/plans/{version.plan.public_id}/respond/")
    assert_clean(page)
    assert b"The time to comment ended on" in page.content
    response = family.post(
        f"/ehcp/plans/{version.plan.public_id}/respond/preference/", {"setting": world.school.pk}
    )
    assert_clean(response)
    assert f"ended on {version.comments_close_on:%-d %B %Y}".encode() in response.content
    assert not SettingPreference.objects.exists()


def test_advice_through_a_single_use_link(world, client):
    from ehcp import selectors
    from ehcp.models import AdviceSubmission
    from ehcp.tests import factories as f

    f.agreed_to_assess(world.case, world.coordinator)
    request = f.advice_asked(world.case, world.coordinator)
    url = f"/ehcp/advice/link/{selectors.advice_link_token(request)}/"
    assert_clean(client.get(url))
    response = client.post(
        url,
        {
            "advisor_name": "Dr Ada Link",
            "advisor_role": "Paediatrician",
            "basis": "Clinic",
            "summary": "Summary",
            "rows-TOTAL_FORMS": "1",
            "rows-INITIAL_FORMS": "0",
            "rows-0-area": "health",
            "rows-0-need": "Epilepsy",
        },
    )
    assert response.status_code == 302
    assert_clean(client.get(response["Location"]))
    assert AdviceSubmission.objects.get().via_link
    used = client.get(url)
    assert used.status_code == 410
    assert b"already been used" in used.content
    assert client.get(url[:-3] + "xx/").status_code == 404


def test_list_pages_make_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ehcp import services
    from ehcp.models import Plan
    from ehcp.tests import factories as f

    version = f.final_issued(world.case, world.coordinator)
    plan = Plan.objects.get(pk=version.plan_id)
    coordinator = client_for(world.coordinator)
    family = client_for(world.family)
    pages = [
        (coordinator, f"/ehcp/cases/{world.case.public_id}/", 30),
        (coordinator, f"/ehcp/plans/{plan.public_id}/", 30),
        (coordinator, f"/ehcp/plans/{plan.public_id}/versions/", 20),
        (coordinator, f"/ehcp/plans/{plan.public_id}/areas/communication/", 25),
        (coordinator, "/ehcp/advice/", 20),
        (family, f"/ehcp/cases/{world.case.public_id}/journey/", 30),
    ]

    def count(client, url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = {}
    for client, url, cap in pages:
        with django_assert_max_num_queries(cap):
            before[url] = count(client, url)
    # More of everything these pages list: views, reviews, decisions, events.
    for _ in range(3):
        services.record_family_view(world.case, about="parent", text="More views", by=world.family)
    review = services.schedule_review(world.case, meeting_on=f.days_ago(0), by=world.coordinator)
    services.record_review_meeting(
        review, held_on=f.days_ago(0), attendees="All", notes="Fine", by=world.coordinator
    )
    services.send_review_report(review, report="Keep", sent_on=f.days_ago(0), by=world.coordinator)
    services.decide_after_review(
        review, outcome="maintain", reasons="Fine", decided_on=f.days_ago(0), by=world.coordinator
    )
    services.schedule_review(world.case, meeting_on=f.days_ago(0), by=world.coordinator)
    for client, url, _ in pages:
        assert count(client, url) <= before[url] + 1, url  # an open review: one lookup more


@pytest.mark.django_db
def test_a_phase_transfer_is_worded_for_families_with_the_last_day_before_the_regulation_date(
    world, client_for, time_machine
):
    """Reg 18(1)(b): the plan is amended *before* 15 February, so the family reads 14 February
    as the last day, and nowhere a "15 February" long-stop."""
    from datetime import date

    from ehcp import services
    from ehcp.tests import factories as f

    time_machine.move_to(date(2026, 11, 2), tick=False)
    f.final_issued(world.case, world.coordinator)
    review = services.schedule_review(
        world.case,
        meeting_on=date(2026, 11, 20),
        phase_transfer="school",
        transfer_on=date(2027, 9, 1),
        by=world.coordinator,
    )
    family = client_for(world.family)
    page = family.get(f"/ehcp/reviews/{review.public_id}/").content.decode()
    assert "To the next phase of school, on 1 September 2027" in page
    assert "15 February" not in page
    journey = family.get(f"/ehcp/cases/{world.case.public_id}/journey/").content.decode()
    assert "Sunday 14 February 2027" in journey
    assert "before 15 February in the year of the move, so 14 February at the latest" in journey


def test_each_plan_page_shows_its_own_plan_and_the_viewers_own_rights(world, client_for):
    """The plan's page reads the plan, its rows, versions and the family's comments through
    queries compiled once per process: each plan's page shows its own, and the buttons follow
    the viewer's own rights on the case."""
    from ehcp import services as ehcp_services
    from ehcp.tests.factories import days_ago, draft_issued, drafting

    sent = draft_issued(world.case, world.coordinator, served_on=days_ago(2))
    ehcp_services.comment_on_draft(
        sent.plan, section="F_cognition", text="Alder wants more reading help", by=world.family
    )
    other = drafting(world.other_case, world.other_team_coordinator)
    first = client_for(world.coordinator).get(f"/ehcp/plans/{sent.plan.public_id}/")
    second = client_for(world.other_team_coordinator).get(f"/ehcp/plans/{other.public_id}/")
    assert first.status_code == second.status_code == 200
    assert "Alder wants more reading help" in first.content.decode()
    assert "Alder wants more reading help" not in second.content.decode()
    assert [v.pk for v in first.context["versions"]] == [sent.pk]
    assert list(second.context["versions"]) == []
    assert first.context["version"] == sent
    assert second.context["version"] is None
    assert first.context["can_issue"]
    assert second.context["can_edit"]
    # The same pages for people without the rights: a teammate reads, a manager acts, others
    # are told there is no such plan.
    assert client_for(world.teammate).get(f"/ehcp/plans/{other.public_id}/").status_code == 404
    manager = client_for(world.manager).get(f"/ehcp/plans/{other.public_id}/")
    assert manager.context["can_edit"]
    assert client_for(world.family).get(f"/ehcp/plans/{sent.plan.public_id}/").status_code == 404
    assert client_for(world.coordinator).get("/ehcp/plans/not-a-plan/").status_code == 404

"""ELSEC's pages: the lead's, the workforce's, the setting's and the family's, the forms'
unhappy paths (nothing changes), the evaluation page and its CSV, and the evidence panel on a
case."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import time_machine
from django.urls import reverse

from elsec import services
from elsec.models import ChildRecord, Consent, EnvironmentAudit, PathfinderSetting, Screening
from sendcpp.models import Organisation
from sendcpp.tests.factories import OrganisationFactory
from sendcpp.web.testing import form_data

DAY = date(2026, 10, 1)


def _url(name, **kwargs):
    return reverse(f"elsec:{name}", kwargs=kwargs)


def test_lead_adds_a_setting_and_bad_input_changes_nothing(elsec, world, client_for):
    client = client_for(world.manager)
    page = _url("pathfinder", pathfinder_id=elsec.pathfinder.public_id)
    assert client.get(page).status_code == 200
    add = _url("setting-add", pathfinder_id=elsec.pathfinder.public_id)
    nursery = OrganisationFactory(name="Sunny Days Nursery", kind=Organisation.Kind.EARLY_YEARS)
    response = client.post(add, form_data({"organisation": nursery.pk}))
    assert response.status_code == 200
    assert "Choose the type of setting" in response.content.decode()
    assert PathfinderSetting.objects.count() == 2
    response = client.post(
        add, form_data({"organisation": nursery.pk, "phase": "early_years", "joined_on": DAY})
    )
    assert response.status_code == 302
    assert elsec.pathfinder.settings.filter(organisation=nursery).exists()
    # The same setting again: refused with a message.
    response = client.post(
        add, form_data({"organisation": nursery.pk, "phase": "early_years", "joined_on": DAY})
    )
    assert "already in the pathfinder" in response.content.decode()


def test_only_the_lead_reaches_the_lead_pages(elsec, world, client_for):
    for user in (elsec.therapist, world.coordinator, world.other_la_manager, elsec.parent):
        client = client_for(user)
        for name in ("setting-add", "workforce-add", "period-add", "evaluation"):
            assert (
                client.get(_url(name, pathfinder_id=elsec.pathfinder.public_id)).status_code == 404
            )


def test_worker_records_consent_then_screens(elsec, client_for):
    client = client_for(elsec.therapist)
    record = elsec.record.public_id
    screen = _url("screening-add", record_id=record)
    data = {"tool": elsec.tool.pk, "screened_on": DAY, "score": "12"}
    response = client.post(screen, form_data(data))
    assert response.status_code == 200
    assert "Record the parent&#x27;s consent before screening" in response.content.decode()
    assert not Screening.objects.exists()
    response = client.post(
        _url("consent-add", record_id=record),
        form_data({"given_by": "Grace Okafor", "given_on": DAY, "share_with_send_service": "on"}),
    )
    assert response.status_code == 302
    assert Consent.objects.get().share_with_send_service
    assert client.post(screen, form_data(data)).status_code == 302
    assert Screening.objects.get().score == 12
    # Double submit: refused, still one.
    response = client.post(screen, form_data(data))
    assert "already recorded" in response.content.decode()
    assert Screening.objects.count() == 1


def test_worker_records_an_audit_from_the_checklist(elsec, client_for):
    client = client_for(elsec.therapist)
    add = _url("audit-add", setting_id=elsec.school.public_id)
    response = client.post(
        add, form_data({"audited_on": DAY, "items_in_place": ["quiet_space", "wait_time"]})
    )
    assert response.status_code == 302
    assert EnvironmentAudit.objects.get().score == 2
    page = client.get(_url("setting", setting_id=elsec.school.public_id)).content.decode()
    assert "2 out of 10" in page


def test_setting_staff_see_their_page_but_cannot_record(elsec, client_for):
    client = client_for(elsec.nursery_staff)
    page = client.get(_url("setting", setting_id=elsec.nursery.public_id)).content.decode()
    assert "Leo Hart" in page
    assert "Amara" not in page
    assert "Record a training session" not in page
    assert client.get(_url("training-add", setting_id=elsec.nursery.public_id)).status_code == 404
    response = client.post(
        _url("child-add", setting_id=elsec.nursery.public_id),
        form_data({"first_name": "X", "last_name": "Y", "date_of_birth": date(2023, 1, 1)}),
    )
    assert response.status_code == 404
    assert ChildRecord.objects.count() == 2


def test_family_sees_what_help_their_child_gets_in_plain_english(elsec, client_for):
    services.record_consent(
        elsec.record,
        given_by="Grace",
        given_on=DAY,
        share_with_send_service=False,
        by=elsec.therapist,
    )
    services.record_screening(
        elsec.record, tool=elsec.tool, screened_on=DAY, score=10, by=elsec.therapist
    )
    services.start_episode(
        elsec.record,
        programme="Chatterbox group",
        format="group",
        starts_on=DAY,
        by=elsec.therapist,
    )
    client = client_for(elsec.parent)
    index = client.get(_url("index")).content.decode()
    assert "Amara Okafor" in index
    assert "Leo" not in index
    page = client.get(_url("child", record_id=elsec.record.public_id)).content.decode()
    assert "They need some help to catch up" in page
    assert "They are taking part in “Chatterbox group” (in a small group)" in page
    # No scores, measures or internal words for the family.
    assert "Demo language screen" not in page
    assert "Targeted" not in page


def test_evaluation_page_and_csv(elsec, world, client_for):
    client = client_for(world.manager)
    page = client.get(_url("evaluation", pathfinder_id=elsec.pathfinder.public_id))
    assert page.status_code == 200
    assert "Do not publish them" in page.content.decode()
    published = client.get(
        _url("evaluation", pathfinder_id=elsec.pathfinder.public_id) + "?view=published"
    )
    assert "figures for publication" in published.content.decode()
    response = client.get(_url("evaluation-csv", pathfinder_id=elsec.pathfinder.public_id))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "period_start"
    assert any(row[4:6] == ["Setting support", "Settings supported"] for row in rows)


def test_case_page_shows_the_shared_record_only_with_consent(elsec, world, client_for):
    record = ChildRecord.objects.create(
        pathfinder=elsec.pathfinder, child=world.case.child, setting=elsec.school
    )
    consent = services.record_consent(
        record, given_by="Parent", given_on=DAY, share_with_send_service=False, by=elsec.therapist
    )
    services.record_screening(record, tool=elsec.tool, screened_on=DAY, score=7, by=elsec.therapist)
    url = reverse("sendcpp:case-detail", kwargs={"case_id": world.case.public_id})
    coordinator = client_for(world.coordinator)
    assert "Early language support" not in coordinator.get(url).content.decode()
    consent.share_with_send_service = True
    consent.save()
    page = coordinator.get(url).content.decode()
    assert "Early language support" in page
    assert "Below the expected level" in page
    # The coordinator of another team does not see the case at all.
    assert client_for(world.other_team_coordinator).get(url).status_code == 404
    # Withdrawn consent: no longer shown.
    services.withdraw_consent(consent, withdrawn_on=date(2026, 11, 1), by=elsec.therapist)
    assert "Early language support" not in coordinator.get(url).content.decode()


def test_lead_changes_the_settings_a_worker_covers(elsec, world, client_for):
    url = _url("workforce-edit", member_id=elsec.therapist_member.public_id)
    assert client_for(elsec.therapist).get(url).status_code == 404
    assert client_for(world.other_la_manager).get(url).status_code == 404
    client = client_for(world.manager)
    assert client.get(url).status_code == 200
    response = client.post(url, {"settings": [elsec.nursery.pk], "is_active": "on"})
    assert response.status_code == 302
    assert list(elsec.therapist_member.settings.all()) == [elsec.nursery]
    # The therapist now sees the nursery's child and no longer the school's.
    page = client_for(elsec.therapist).get(_url("child", record_id=elsec.record.public_id))
    assert page.status_code == 404


def test_a_manager_sets_up_a_pathfinder_and_others_cannot(world, client_for):
    assert client_for(world.coordinator).get(_url("pathfinder-new")).status_code == 404
    client = client_for(world.other_la_manager)
    response = client.post(_url("pathfinder-new"), form_data({"name": "", "area": "North"}))
    assert "Enter name of the pathfinder" in response.content.decode()
    response = client.post(
        _url("pathfinder-new"),
        form_data({"name": "North ELSEC", "area": "North", "starts_on": DAY}),
    )
    assert response.status_code == 302
    created = world.other_la_manager.organisation.pk
    from elsec.models import Pathfinder

    assert Pathfinder.objects.get(name="North ELSEC").local_authority_id == created
    assert client_for(world.manager).get(response["Location"]).status_code == 404


def test_withdrawing_consent_and_recording_a_referrals_outcome_through_the_pages(elsec, client_for):
    consent = services.record_consent(
        elsec.record, given_by="P", given_on=DAY, share_with_send_service=True, by=elsec.therapist
    )
    referral = services.refer(
        elsec.record, service="SLT", referred_on=DAY, reason="R", by=elsec.therapist
    )
    client = client_for(elsec.therapist)
    outcome = _url("referral-outcome", referral_id=referral.public_id)
    response = client.post(outcome, form_data({"decided_on": date(2026, 11, 1)}))
    assert "Choose what happened" in response.content.decode()
    response = client.post(
        outcome, form_data({"status": "seen", "decided_on": date(2026, 11, 1), "outcome": "Seen"})
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.waiting_days(date(2026, 12, 9))) == ("seen", 31)
    # Again: the referral is closed, so it is refused and nothing changes.
    response = client.post(
        outcome, form_data({"status": "withdrawn", "decided_on": date(2026, 11, 2)})
    )
    assert "cannot move" in response.content.decode()
    withdraw = _url("consent-withdraw", consent_id=consent.public_id)
    assert client_for(elsec.parent).get(withdraw).status_code == 404
    response = client.post(withdraw, form_data({"withdrawn_on": date(2026, 11, 5)}))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == date(2026, 11, 5)
    page = client.get(_url("child", record_id=elsec.record.public_id)).content.decode()
    assert "Not given" in page


def test_evaluation_by_period_and_type_of_setting(elsec, world, client_for):
    services.record_training(
        elsec.nursery, held_on=DAY, topic="T", attendees="A\nB", by=elsec.support_worker
    )
    period = elsec.pathfinder.funding_periods.get()
    url = _url("evaluation", pathfinder_id=elsec.pathfinder.public_id)
    client = client_for(world.manager)
    page = client.get(url, {"period": period.pk, "phase": "early_years"}).content.decode()
    assert "1 September 2026 to 31 August 2027" in page
    assert "Staff attendances at training" in page
    primary = client.get(url, {"period": period.pk, "phase": "primary"})
    assert primary.context["figures"].staff_trained == 0
    early = client.get(url, {"period": period.pk, "phase": "early_years"})
    assert early.context["figures"].staff_trained == 2
    # A made-up period or type is ignored, not an error.
    assert client.get(url, {"period": "x", "phase": "nope"}).status_code == 200


def test_the_workforce_form_offers_professionals_and_own_staff_only(elsec, world, client_for):
    url = _url("workforce-add", pathfinder_id=elsec.pathfinder.public_id)
    page = client_for(world.manager).get(url)
    offered = set(page.context["form"].fields["user"].queryset)
    assert world.teammate in offered
    assert world.professional in offered
    assert world.other_la_manager not in offered
    assert world.family not in offered
    response = client_for(world.manager).post(
        url,
        form_data({"user": world.professional.pk, "role": "slt", "employer": world.la.pk}),
    )
    assert response.status_code == 302
    assert elsec.pathfinder.workforce.filter(user=world.professional).exists()


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_settings_page_costs_the_same_for_more_children(elsec, client_for):
    client = client_for(elsec.therapist)
    url = _url("setting", setting_id=elsec.school.public_id)
    _queries(client, url)  # the session's first save
    before = _queries(client, url)
    assert before <= 15, before
    for n in range(5):
        record = services.add_child(
            elsec.school,
            first_name=f"Child{n}",
            last_name="Test",
            date_of_birth=date(2021, 1, 1 + n),
            by=elsec.therapist,
        )
        services.record_consent(
            record, given_by="P", given_on=DAY, share_with_send_service=False, by=elsec.therapist
        )
        services.record_screening(
            record, tool=elsec.tool, screened_on=DAY, score=10, by=elsec.therapist
        )
    assert _queries(client, url) == before, before


def test_coordinator_links_a_settings_record_for_the_same_child_then_sees_it(
    elsec, world, client_for
):
    child = world.case.child
    record = services.add_child(
        elsec.school,
        first_name=child.legal_first_name.upper(),
        last_name=child.legal_last_name,
        date_of_birth=child.date_of_birth,
        by=elsec.therapist,
    )
    services.record_consent(
        record, given_by="P", given_on=DAY, share_with_send_service=False, by=elsec.therapist
    )
    services.record_screening(record, tool=elsec.tool, screened_on=DAY, score=3, by=elsec.therapist)
    case_url = reverse("sendcpp:case-detail", kwargs={"case_id": world.case.public_id})
    link = _url("link-record", record_id=record.public_id, case_id=world.case.public_id)
    coordinator = client_for(world.coordinator)
    # Not shared with the SEND service: nothing is offered, and linking is refused.
    assert "Early language support" not in coordinator.get(case_url).content.decode()
    assert coordinator.post(link).status_code == 404
    consent = record.consents.get()
    consent.share_with_send_service = True
    consent.save()
    page = coordinator.get(case_url).content.decode()
    assert "It is this child: link the record" in page
    assert "Below the expected level" not in page  # nothing shown before it is confirmed
    assert client_for(world.other_team_coordinator).post(link).status_code == 404
    assert client_for(world.family).post(link).status_code == 404
    response = coordinator.post(link)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.child == child
    page = coordinator.get(case_url).content.decode()
    assert "Below the expected level" in page
    assert "It is this child" not in page


def test_each_childs_records_are_found_by_their_own_names_and_day(elsec, world):
    """The case page's search for a child's records is compiled once: each child, and each
    day, is looked for with their own names and date."""
    from elsec import selectors

    child, other = world.case.child, world.other_case.child
    record = services.add_child(
        elsec.school,
        first_name=child.legal_first_name.lower(),
        last_name=child.legal_last_name.upper(),
        date_of_birth=child.date_of_birth,
        by=elsec.therapist,
    )
    services.record_consent(
        record, given_by="P", given_on=DAY, share_with_send_service=True, by=elsec.therapist
    )
    assert selectors.shared_or_possible(child) == ([], [record])
    assert selectors.shared_or_possible(other) == ([], [])
    assert selectors._SHARED_OR_POSSIBLE.is_kept(
        "by child", {**selectors._child_values(other), "today": DAY}
    )
    # The day before the family agreed, nothing is shared yet.
    with time_machine.travel(DAY - timedelta(days=1), tick=False):
        assert selectors.shared_or_possible(child) == ([], [])

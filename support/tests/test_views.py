"""The pages: a SENCO sees only their setting's children (404 otherwise), writes and reviews a
plan through the forms, confirms a term's delivery; the coordinator, family and manager see
what is theirs. Bad input shows an error and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ehcp.tests.factories import final_issued
from sendcpp.models import AccessLog
from sendcpp.web.testing import date_parts
from support import services
from support.models import (
    Delivered,
    DeliveryReturn,
    Exclusion,
    Layer,
    PlanReview,
    Progress,
    Standard,
    SupportPlan,
)
from support.tests.conftest import ROW, write_plan

pytestmark = pytest.mark.django_db


_date = date_parts


def test_a_senco_sees_only_their_settings_children(schools, client_for):
    client = client_for(schools.senco)
    home = client.get(reverse("support:index"))
    assert home.status_code == 200
    assert schools.child.full_name in home.text
    assert schools.other_child.full_name not in home.text
    assert client.get(reverse("support:child", args=[schools.child.public_id])).status_code == 200
    for name in ("support:child", "support:plan-new", "support:exclusion-add", "support:tier1-add"):
        response = client.get(reverse(name, args=[schools.other_child.public_id]))
        assert response.status_code == 404, name


def test_a_plan_at_another_setting_is_a_404_on_every_page(schools, client_for, world):
    plan = write_plan(schools)
    outsider = client_for(schools.other_senco)
    for name in (
        "support:plan",
        "support:plan-views",
        "support:plan-review",
        "support:plan-evidence",
        "support:plan-move",
        "support:plan-close",
        "support:plan-pdf",
    ):
        assert outsider.get(reverse(name, args=[plan.public_id])).status_code == 404, name
    response = outsider.post(
        reverse("support:row-add", args=[plan.public_id, "communication"]), ROW
    )
    assert response.status_code == 404
    assert not plan.rows.exists()
    # The other family too; the child's own family reads it but cannot write it.
    assert (
        client_for(world.other_family)
        .get(reverse("support:plan", args=[plan.public_id]))
        .status_code
        == 404
    )
    family = client_for(world.family)
    assert family.get(reverse("support:plan", args=[plan.public_id])).status_code == 200
    assert family.get(reverse("support:plan-review", args=[plan.public_id])).status_code == 404


def test_a_senco_writes_a_plan_and_picks_provision_from_the_standards(schools, client_for):
    client = client_for(schools.senco)
    response = client.post(
        reverse("support:plan-new", args=[schools.child.public_id]),
        {
            "layer": Layer.TARGETED,
            **_date("started_on", date(2026, 9, 7)),
            **_date("next_review_on", date(2026, 12, 11)),
            "child_views": "I like drawing.",
        },
    )
    plan = SupportPlan.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("support:plan", args=[plan.public_id])
    add_url = reverse("support:row-add", args=[plan.public_id, "communication"])
    page = client.get(add_url)
    assert "not the official" in page.text
    assert "Small-group language programme" in page.text
    standard = Standard.objects.get(code="CI-T1")
    response = client.post(add_url, {**ROW, "standard": str(standard.pk), "provision_what": ""})
    assert response.status_code == 302
    row = plan.rows.get()
    assert row.standard == standard
    assert row.provision_what == standard.text
    assert AccessLog.objects.filter(user=schools.senco, what="support plan").exists()


def test_a_review_with_bad_dates_shows_an_error_and_changes_nothing(schools, client_for):
    plan = write_plan(schools)
    client = client_for(schools.senco)
    url = reverse("support:plan-review", args=[plan.public_id])
    response = client.post(
        url,
        {
            **_date("reviewed_on", date(2026, 12, 8)),
            "progress": Progress.SOME,
            "what_worked": "Group helped",
            "next_steps": "Carry on",
            "layer_after": Layer.TARGETED,
            **_date("next_review_on", date(2028, 3, 1)),
        },
    )
    assert response.status_code == 200
    assert "at least once a year" in response.text
    assert not PlanReview.objects.exists()
    response = client.post(
        url,
        {
            **_date("reviewed_on", date(2026, 12, 8)),
            "progress": Progress.SOME,
            "what_worked": "Group helped",
            "next_steps": "Carry on",
            "layer_after": Layer.TARGETED,
            **_date("next_review_on", date(2027, 3, 26)),
        },
    )
    assert response.status_code == 302
    assert PlanReview.objects.count() == 1


def test_evidence_is_sent_and_the_coordinator_sees_it_on_the_case(schools, client_for, world):
    plan = write_plan(schools)
    services.record_review(
        plan,
        reviewed_on=date(2026, 12, 8),
        progress=Progress.NONE,
        what_worked="Little change",
        next_steps="Ask for an assessment",
        layer_after=Layer.SPECIALIST,
        next_review_on=date(2027, 2, 12),
        by=schools.senco,
    )
    client = client_for(schools.senco)
    response = client.post(
        reverse("support:plan-evidence", args=[plan.public_id]), {"note": "No progress in a term"}
    )
    assert response.status_code == 302
    coordinator = client_for(world.coordinator)
    case_page = coordinator.get(reverse("ehcp:case", args=[world.case.public_id]))
    assert "Evidence from the setting" in case_page.text
    evidence_page = coordinator.get(response.url)
    assert "Little or no progress" in evidence_page.text
    assert "No progress in a term" in evidence_page.text
    assert client_for(world.other_team_coordinator).get(response.url).status_code == 404


def test_the_named_setting_confirms_delivery_and_family_sees_the_shortfall(
    schools, client_for, world
):
    version = final_issued(world.case, world.coordinator, setting=world.school)
    [row] = services.section_f_rows(version.plan)
    client = client_for(schools.senco)
    home = client.get(reverse("support:index"))
    url = reverse("support:delivery-confirm", args=[version.plan.public_id])
    assert url in home.text
    data = {
        "term": "2026:autumn",
        f"row-{row.pk}-delivered": Delivered.PARTLY,
        f"row-{row.pk}-specified": "36",
        f"row-{row.pk}-done": "24",
        f"row-{row.pk}-reason": "",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Say why the provision was not delivered in full" in refused.text
    assert not DeliveryReturn.objects.exists()
    data[f"row-{row.pk}-reason"] = "Therapist vacancy for four weeks"
    response = client.post(url, data)
    assert response.status_code == 302
    delivery = DeliveryReturn.objects.get()
    assert client_for(schools.other_senco).get(url).status_code == 404
    family_page = client_for(world.family).get(reverse("ehcp:journey", args=[world.case.public_id]))
    assert "Therapist vacancy for four weeks" in family_page.text
    coordinator = client_for(world.coordinator)
    tasks = coordinator.get(reverse("support:index"))
    assert reverse("support:delivery", args=[delivery.public_id]) in tasks.text
    line = delivery.lines.get()
    follow = coordinator.post(
        reverse("support:follow-up", args=[delivery.public_id, line.pk]),
        {"note": "Locum booked"},
    )
    assert follow.status_code == 302
    line.refresh_from_db()
    assert line.follow_up_note == "Locum booked"
    assert (
        client_for(world.family)
        .post(reverse("support:follow-up", args=[delivery.public_id, line.pk]), {"note": "x"})
        .status_code
        == 404
    )


def test_exclusions_are_recorded_by_the_childs_setting(schools, client_for):
    client = client_for(schools.senco)
    url = reverse("support:exclusion-add", args=[schools.child.public_id])
    response = client.post(
        url,
        {
            "kind": "suspension",
            **_date("starts_on", date(2026, 12, 1)),
            **_date("ends_on", date(2026, 12, 2)),
            "sessions_missed": "4",
            "reason": "disruptive",
        },
    )
    assert response.status_code == 302
    assert Exclusion.objects.get().sessions_missed == 4


def test_reports_are_for_managers_only(schools, client_for, world):
    assert client_for(world.manager).get(reverse("support:reports")).status_code == 200
    for user in (world.coordinator, world.family, schools.senco):
        assert client_for(user).get(reverse("support:reports")).status_code == 404


def test_the_plan_pdf_goes_through_the_shared_pipeline(schools, client_for):
    plan = write_plan(schools)
    services.add_row(plan, values={**ROW, "provision_what": "Language group"}, by=schools.senco)
    response = client_for(schools.senco).get(reverse("support:plan-pdf", args=[plan.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_a_manager_loads_the_authoritys_standards_all_or_nothing(schools, client_for, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("support:standards-upload")
    for user in (world.coordinator, schools.senco, world.family):
        assert client_for(user).get(url).status_code == 404
    manager = client_for(world.manager)
    bad = SimpleUploadedFile(
        "standards.json",
        b'{"source": "Ours", "standards": [{"code": "A", "area": "x", "layer": "universal", '
        b'"text": "T"}]}',
    )
    refused = manager.post(url, {"file": bad})
    assert refused.status_code == 200
    assert "not a broad area of need" in refused.text
    assert Standard.objects.filter(retired=False).count() == 23
    good = SimpleUploadedFile(
        "standards.json",
        b'{"source": "Demo Borough standards", "standards": [{"code": "A", "area": "semh", '
        b'"layer": "universal", "text": "A calm space"}]}',
    )
    response = manager.post(url, {"file": good})
    assert response.status_code == 302
    assert list(Standard.objects.filter(retired=False).values_list("code", flat=True)) == ["A"]
    assert Standard.objects.count() == 24  # the others are retired, not deleted


def test_a_stale_save_of_the_views_is_refused_and_shows_the_newer_text(schools, client_for):
    plan = write_plan(schools)
    url = reverse("support:plan-views", args=[plan.public_id])
    client = client_for(schools.senco)
    first = {"lock_version": "1", "child_views": "Mine", "family_views": "", "strengths": ""}
    assert client.post(url, first).status_code == 302
    stale = {"lock_version": "1", "child_views": "Older copy", "family_views": "", "strengths": ""}
    refused = client.post(url, stale)
    assert refused.status_code == 200
    assert "Someone else has changed this plan" in refused.text
    assert "what the child says: Mine" in refused.text
    assert 'name="lock_version" value="2"' in refused.text
    plan.refresh_from_db()
    assert plan.child_views == "Mine"

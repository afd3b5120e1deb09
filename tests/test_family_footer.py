"""Who a family can contact, on every family page; no staff-only links for families; plain words
on the tailored list and on a closed case."""

from __future__ import annotations

from placements.documents import _distance_text
from sendcpp.models import Case


def test_every_family_page_footer_names_who_to_contact(world, client_for, settings):
    settings.SEND_TEAM = {"name": "", "phone": "01632 960 100", "email": "send@example.org"}
    settings.MEDIATION_ADVISER = {"name": "Demo Mediation", "phone": "01632 960 300"}
    for url in (
        "/",
        f"/cases/{world.case.public_id}/",
        f"/conversations/cases/{world.case.public_id}/",
    ):
        page = client_for(world.family).get(url).content.decode()
        assert "Contact us or get advice" in page
        assert "Demo Borough Council SEND team" in page
        assert 'href="tel:01632960100"' in page
        assert "mailto:send@example.org" in page
        assert "Demo Mediation" in page
        assert "SENDIASS" in page
        assert "Another language or format" in page
        assert "API documentation" not in page
    staff = client_for(world.coordinator).get("/").content.decode()
    assert "API documentation" in staff
    assert "Contact us or get advice" not in staff


def test_a_closed_case_does_not_promise_a_list(world, client_for):
    Case.objects.filter(pk=world.case.pk).update(stage="closed", closed_on="2026-11-01")
    page = client_for(world.family).get(f"/placements/cases/{world.case.public_id}/tailored-list/")
    text = page.content.decode()
    assert "drawing up a list" not in text
    assert "case is closed" in text


def test_a_setting_next_door_is_not_0_miles_away():
    assert _distance_text(0.01) == "Very close to home (less than a tenth of a mile)"
    assert _distance_text(None) == "Not known"
    assert _distance_text(3.2) == "2.0 miles (3.2 km) in a straight line"

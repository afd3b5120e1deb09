"""The family sees who opened their child's record, from the read log: organisations and roles,
not staff names unless the council chooses; paged; and only for their own child."""

from __future__ import annotations

from sendcpp.models import AccessLog


def _url(case):
    return f"/cases/{case.public_id}/who-has-looked/"


def test_the_family_sees_organisations_and_roles_not_names(world, client_for):
    client_for(world.coordinator).get(f"/cases/{world.case.public_id}/")
    page = client_for(world.family).get(_url(world.case)).content.decode()
    assert "EHCP coordinator, Demo Borough Council, looked at the case" in page
    assert world.coordinator.get_full_name() not in page
    assert "You" in page  # the family's own visit to this page is a read too


def test_the_council_may_choose_to_show_names(world, client_for, settings):
    settings.FAMILY_SEES_STAFF_NAMES = True
    client_for(world.coordinator).get(f"/cases/{world.case.public_id}/")
    page = client_for(world.family).get(_url(world.case)).content.decode()
    assert f"{world.coordinator.get_full_name()} (EHCP coordinator)" in page


def test_only_the_family_of_that_child_sees_it(world, client_for):
    assert client_for(world.other_family).get(_url(world.case)).status_code == 404
    assert client_for(world.coordinator).get(_url(world.case)).status_code == 404


def test_a_long_log_is_paged_newest_first(world, client_for):
    AccessLog.objects.bulk_create(
        AccessLog(user=world.coordinator, child=world.case.child, case=world.case, what="plan")
        for _ in range(60)
    )
    client = client_for(world.family)
    first = client.get(_url(world.case))
    assert first.context["page_obj"].has_next()
    assert "Next" in first.content.decode()
    assert "looked at the plan" in first.content.decode()

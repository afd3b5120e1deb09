"""One preference of school or college, asked once: chosen on the tailored list, it is the
family's answer on the draft plan response, on the coordinator's plan page and in the
consultation; a later answer on the draft replaces it everywhere."""

from __future__ import annotations

from django.utils import timezone

from ehcp.models import SettingPreference
from ehcp.services import state_setting_preference
from ehcp.tests.factories import draft_issued
from placements import services
from sendcpp.selectors import family_preference


def test_a_choice_on_the_list_is_the_answer_to_the_draft_everywhere(
    world, client_for, directory, published
):
    version = draft_issued(world.case, world.coordinator, served_on=timezone.localdate())
    plan = version.plan
    services.state_list_preference(
        published, setting=directory.special.organisation, reasons="Small classes", by=world.family
    )
    assert family_preference(world.case).name == "Oakwood Special School"
    # Recorded as the statutory request on the draft too (CFA s38), not asked again.
    assert SettingPreference.objects.get(version=version).setting == directory.special.organisation

    family = client_for(world.family)
    respond = family.get(f"/ehcp/plans/{plan.public_id}/respond/").content.decode()
    assert "Oakwood Special School" in respond
    assert "You have not told us yet" not in respond
    tailored = family.get(f"/placements/cases/{world.case.public_id}/tailored-list/")
    assert "Oakwood Special School" in tailored.content.decode()

    coordinator = client_for(world.coordinator)
    plan_page = coordinator.get(f"/ehcp/plans/{plan.public_id}/").content.decode()
    assert "Family's preference: <strong>Oakwood Special School</strong>" in plan_page
    checks = coordinator.get(f"/ehcp/plans/{plan.public_id}/issue/final/").content.decode()
    assert "Family's preference: <strong>Oakwood Special School</strong>" in checks
    consult = coordinator.get(f"/placements/cases/{world.case.public_id}/consultations/new/")
    page = consult.content.decode()
    assert "Family's preference: <strong>Oakwood Special School</strong>" in page
    assert 'value="family" checked' in page


def test_a_later_answer_on_the_draft_replaces_the_lists_everywhere(
    world, client_for, directory, published
):
    version = draft_issued(world.case, world.coordinator, served_on=timezone.localdate())
    services.state_list_preference(
        published, setting=directory.special.organisation, by=world.coordinator
    )
    # Staff recorded it on the list: the draft is not answered for the family.
    assert not SettingPreference.objects.filter(version=version).exists()
    state_setting_preference(version.plan, setting=world.school, by=world.family)
    assert family_preference(world.case).name == world.school.name
    page = client_for(world.family).get(f"/placements/cases/{world.case.public_id}/tailored-list/")
    assert world.school.name in page.content.decode()


def test_no_preference_reads_as_not_yet(world, client_for, directory, published):
    version = draft_issued(world.case, world.coordinator, served_on=timezone.localdate())
    assert family_preference(world.case) is None
    page = client_for(world.family).get(f"/ehcp/plans/{version.plan.public_id}/respond/")
    assert "You have not told us yet" in page.content.decode()

"""Plain English on every family page: the text of each page a parent reads scores Flesch-Kincaid
grade 9 or lower (``sendcpp.readability``), and no page shows codes, internal names or jargon.
A failure lists every offending page with its grade, so the words can be fixed in one go."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from ehcp.tests.factories import draft_issued
from placements import services as placement_services
from placements.tests.conftest import directory, next_september  # noqa: F401 (fixture)
from sendcpp import clock
from sendcpp.readability import page_grade, page_text

TARGET_GRADE = 9.0

#: Words no family page shows: codes, internal names, leftovers of the staff pages.
JARGON = (
    "WBRI",
    "URN ",
    "Suggested by matching",
    "(Not applicable)",
    "0.0 miles",
    "API documentation",
    "section 38(3)",
)


@pytest.fixture
def family_pages(world, directory):  # noqa: F811
    case = world.case
    version = draft_issued(case, world.coordinator, served_on=timezone.localdate())
    tailored = placement_services.start_tailored_list(
        case, starts_on=next_september(), by=world.coordinator
    )
    placement_services.add_to_list(
        tailored, setting=directory.special.organisation, by=world.coordinator
    )
    placement_services.publish_tailored_list(tailored, by=world.coordinator)
    clock.start_deadline(
        case, rule="mediation_adviser_contact", by=None, decision_sent_on=date(2026, 12, 1)
    )
    plan = version.plan.public_id
    base = f"/cases/{case.public_id}/"
    return [
        "/",
        base,
        f"/ehcp{base}journey/",
        f"/ehcp{base}views/new/",
        f"/ehcp{base}ask/",
        f"/ehcp/plans/{plan}/respond/",
        f"/ehcp/plans/{plan}/respond/comment/",
        f"/ehcp/plans/{plan}/respond/preference/",
        f"/placements{base}tailored-list/",
        f"/placements{base}tailored-list/preference/",
        f"/mediation{base}",
        "/messages/",
        f"/conversations{base}",
        f"/conversations{base}call-back/",
        f"/conversations{base}who-can-read/",
    ]


def test_every_family_page_reads_at_grade_9_or_below_without_jargon(
    world, client_for, family_pages
):
    client = client_for(world.family)
    offenders = []
    for url in family_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        found = page_grade(html)
        if found > TARGET_GRADE:
            offenders.append(f"{url}: grade {found}")
        text = " ".join(page_text(html, only_main=False))
        for word in JARGON:
            if word in text:
                offenders.append(f"{url}: shows {word.strip()!r}")
    assert not offenders, "Family pages above the reading target:\n" + "\n".join(offenders)

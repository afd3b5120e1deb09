"""A cheap stand-in for axe between browser runs: on every page, ids are unique, every table has
a caption, headings never skip a level, every form control has a label, and there is no inline
style or script (CSP)."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

from django.urls import reverse

from partnerships import services
from partnerships.tests.conftest import publish
from partnerships.tests.test_views import MANAGER_PAGES, MEMBER_PAGES, url_of


class PageChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.labels_for: set[str] = set()
        self.controls: list[str] = []
        self.inline: list[str] = []
        self.in_main = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"] or "")
        if "style" in attributes or any(name.startswith("on") for name in attributes):
            self.inline.append(tag)
        if tag == "script" and "src" not in attributes:
            self.inline.append("script")
        if tag == "main":
            self.in_main = True
        if self.in_main and re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag == "label" and attributes.get("for"):
            self.labels_for.add(attributes["for"] or "")
        if tag in {"input", "select", "textarea"} and attributes.get("type") not in {
            "hidden",
            "submit",
        }:
            self.controls.append(attributes.get("id") or "")


def check(html: str) -> None:
    page = PageChecker()
    page.feed(html)
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicates, f"duplicate ids {duplicates}"
    assert page.tables == page.captions, "a table without a caption"
    assert page.headings.count(1) == 1, f"one h1 per page: {page.headings}"
    main_headings = page.headings[page.headings.index(1) :]
    for before, after in itertools.pairwise(main_headings):
        assert after <= before + 1, f"heading skips from h{before} to h{after}"
    unlabelled = [c for c in page.controls if c not in page.labels_for]
    assert not unlabelled, f"controls without a label: {unlabelled}"
    assert not page.inline, f"inline style or script on {page.inline}"


def test_every_staff_page_is_well_formed_for_assistive_technology(world, client_for, things):
    client = client_for(world.manager)
    for name in MEMBER_PAGES + MANAGER_PAGES:
        if name == "paper-download":
            continue
        response = client.get(url_of(name, things))
        check(response.content.decode())
    # A form page with errors too.
    check(client.post(url_of("member-add", things), {"full_name": ""}).content.decode())


def test_the_public_pages_are_well_formed(world, client_for, things):
    publish(world, things)
    services.start_new_version(things.plan, by=world.manager)
    client = client_for(None)
    check(client.get(reverse("partnerships:public-plan-list")).content.decode())
    check(
        client.get(
            reverse("partnerships:public-plan", args=[things.plan.public_id])
        ).content.decode()
    )

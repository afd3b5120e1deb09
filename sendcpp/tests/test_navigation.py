"""The service navigation: each role sees its own links once, and the current page and section
are marked for screen readers as well as visually."""

from __future__ import annotations

import re

from django.test import Client

from sendcpp.models import Notification


def _links(html: str) -> list[str]:
    nav = html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", label).strip() for label in re.findall(r"<a [^>]*>(.*?)</a>", nav)
    ]


def test_each_role_sees_its_own_links_once(world, client_for):
    expected = {
        world.coordinator: [
            "My caseload",
            "Deadlines",
            "Find a child",
            "New request",
            "Panels",
            "Placements",
            "Setting directory",
            "Mediation",
            "Partnership",
            "School support",
            "Feedback",
            "Records",
            "Messages",
        ],
        world.family: ["Your children", "Support at school", "Help with talking", "Messages"],
        world.professional: ["Requests for advice", "Early language", "Messages"],
        world.setting_user: [
            "Requests for advice",
            "Support plans",
            "Consultations",
            "Setting directory",
            "Early language",
            "Messages",
        ],
    }
    for user, links in expected.items():
        for path in ["/", "/panels/", "/placements/", "/messages/"]:
            response = client_for(user).get(path, follow=True)
            assert _links(response.content.decode()) == links, (user.username, path)


def test_managers_also_see_the_whole_service_links(world, client_for):
    links = _links(client_for(world.manager).get("/").content.decode())
    assert links[-4:] == ["All cases", "Audit log", "SEN2 return", "Messages"]
    assert len(links) == len(set(links))


def test_current_page_and_section_are_marked(world, client_for):
    html = client_for(world.coordinator).get("/panels/").content.decode()
    assert '<a class="govuk-service-navigation__link" href="/panels/" aria-current="page">' in html
    html = client_for(world.coordinator).get("/panels/bands/").content.decode()
    assert '<a class="govuk-service-navigation__link" href="/panels/" aria-current="true">' in html
    assert html.count("aria-current=") == 1


def test_unread_messages_are_counted_on_the_messages_link(world, client_for):
    Notification.objects.create(recipient=world.coordinator, key="t:1", subject="Hello", body="x")
    html = client_for(world.coordinator).get("/").content.decode()
    assert 'Messages <strong class="govuk-tag govuk-tag--red">1<span' in html


def test_signed_out_visitors_see_no_menu(db):
    assert 'id="navigation"' not in Client().get("/accessibility/").content.decode()

"""The service navigation: each role sees its own links once, and the current page and section
are marked for screen readers as well as visually."""

from __future__ import annotations

import re

from django.test import Client
from django.utils import timezone

from sendcpp.models import Notification, StaffProfile
from sendcpp.tests.factories import StaffFactory


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
    assert links[-7:] == [
        "Partnership",
        "Early language",
        "All cases",
        "Reports",
        "Audit log",
        "SEN2 return",
        "Messages",
    ]
    assert "New request" in links
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
    # Each person's own count, read with their row by the same compiled query (decision 35): a
    # read message is not counted, and a colleague with none sees none.
    Notification.objects.create(recipient=world.teammate, key="t:2", subject="Hi", body="x")
    Notification.objects.create(recipient=world.teammate, key="t:3", subject="Hi", body="x")
    Notification.objects.create(
        recipient=world.teammate, key="t:4", subject="Old", body="x", read_at=timezone.now()
    )
    html = client_for(world.teammate).get("/").content.decode()
    assert 'Messages <strong class="govuk-tag govuk-tag--red">2<span' in html
    html = client_for(world.other_team_coordinator).get("/").content.decode()
    assert "govuk-tag--red" not in html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]


def test_the_unread_count_is_read_afresh_on_each_request(world, client_for):
    """The count comes with the person's row, which is read on every request: a message that
    arrives, or is opened, between two pages changes the next page's count."""
    client = client_for(world.coordinator)
    menu = lambda: client.get("/accessibility/").content.decode().split('id="navigation"', 1)[1]  # noqa: E731
    assert "govuk-tag--red" not in menu()
    first = Notification.objects.create(
        recipient=world.coordinator, key="t:5", subject="Hello", link="/", body="x"
    )
    assert 'Messages <strong class="govuk-tag govuk-tag--red">1<span' in menu()
    Notification.objects.create(recipient=world.coordinator, key="t:6", subject="Hi", body="x")
    assert 'Messages <strong class="govuk-tag govuk-tag--red">2<span' in menu()
    assert client.post(f"/messages/{first.pk}/open/").status_code == 302
    assert 'Messages <strong class="govuk-tag govuk-tag--red">1<span' in menu()


def test_signed_out_visitors_see_no_menu(db):
    assert 'id="navigation"' not in Client().get("/accessibility/").content.decode()


def _hrefs(html: str) -> list[str]:
    nav = html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a [^>]*href="([^"]+)"', nav)


def test_every_link_in_every_roles_navigation_answers_200(world, client_for):
    panel_member = StaffFactory(
        organisation=world.la, profile__role=StaffProfile.Role.PANEL_MEMBER, username="panellist"
    )
    people = [
        world.coordinator,
        world.manager,
        world.administrator,
        panel_member,
        world.family,
        world.professional,
        world.setting_user,
    ]
    for user in people:
        client = client_for(user)
        hrefs = _hrefs(client.get("/", follow=True).content.decode())
        assert hrefs, user.username
        for href in hrefs:
            # A manager's "Partnership" leads to setting up the board when there is none yet.
            assert client.get(href, follow=True).status_code == 200, (user.username, href)


def test_panel_members_and_administrators_are_not_offered_requests_or_the_partnership(
    world, client_for
):
    panel_member = StaffFactory(
        organisation=world.la, profile__role=StaffProfile.Role.PANEL_MEMBER, username="panellist"
    )
    for user in (panel_member, world.administrator):
        links = _links(client_for(user).get("/", follow=True).content.decode())
        assert "New request" not in links
        assert "Partnership" not in links
        assert "Messages" in links


def test_the_layouts_links_and_files_are_their_routes_and_static_files(world, client_for):
    """The layout's addresses are worked out once, not by a tag each on every page: each is its
    route's and its static file's own address."""
    from django.templatetags.static import static
    from django.urls import reverse

    html = client_for(world.coordinator).get("/accessibility/").content.decode()
    for route in ("sendcpp:home", "sendcpp:accessibility", "sendcpp:privacy", "dashboard:index"):
        assert f'href="{reverse(route)}"' in html
    assert f'action="{reverse("sendcpp:logout")}"' in html
    assert f'href="{static("dist/app.css")}"' in html
    assert f'src="{static("js/init.js")}"' in html
    assert f'src="{static("js/app.mjs")}"' in html
    assert f'href="{reverse("api-docs")}"' in html  # staff only
    family = client_for(world.family).get("/").content.decode()
    assert f'href="{reverse("sendcpp:contact-preferences")}"' in family
    assert f'href="{reverse("api-docs")}"' not in family

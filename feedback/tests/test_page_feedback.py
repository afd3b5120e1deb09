"""'Was this page useful?' on the public pages: an anonymous answer to the questionnaire the
council published for them, reached from a link any public page adds with a template tag."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache
from django.template import engines
from django.test import Client, RequestFactory
from django.urls import resolve

from dashboard.datasets import Release
from dashboard.services import import_statistics
from dashboard.tests.factories import newplans_csv
from feedback import services
from feedback.models import Pattern, Response, Touchpoint
from feedback.tests.factories import questionnaire


def _page_questionnaire(world):
    made = services.create_questionnaire(
        by=world.manager,
        title="Was this page useful?",
        reform="dashboard",
        touchpoint=Touchpoint.DASHBOARD_PAGE,
    )
    services.add_question(
        made,
        by=world.manager,
        pattern=Pattern.RADIOS,
        text="Was this page useful?",
        options="Yes\nNo",
    )
    services.add_question(
        made,
        by=world.manager,
        pattern=Pattern.TEXT,
        text="How could we improve it?",
        required=False,
    )
    return services.publish_questionnaire(made, by=world.manager)


def _link(path: str) -> str:
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    template = engines["django"].from_string("{% load feedback %}{% page_feedback_link %}")
    return template.render({"request": request})


def test_the_link_shows_only_when_a_questionnaire_is_published(world):
    assert "Was this page useful?" not in _link("/dashboard/")
    made = _page_questionnaire(world)
    html = _link("/dashboard/")
    assert f"/feedback/page-useful/{made.public_id}/?from=dashboard%3Aindex" in html


def test_an_anonymous_visitor_answers_and_nothing_personal_is_kept(world):
    made = _page_questionnaire(world)
    url = f"/feedback/page-useful/{made.public_id}/?from=dashboard:index"
    client = Client()
    assert client.get(url).status_code == 200
    refused = client.post(url, {})
    assert refused.status_code == 400
    assert "Select an answer" in refused.content.decode()
    done = client.post(url, {"q1": "1", "q2": "Email me at me@example.org"})
    assert done.url == "/feedback/thank-you/"
    response = Response.objects.get()
    assert (response.page, response.case, response.invitation) == ("dashboard:index", None, None)
    assert response.answers.get(question__position=2).screened_text == "Email me at [email address]"
    client.post(f"/feedback/page-useful/{made.public_id}/?from=/some/path?x=1", {"q1": "0"})
    assert Response.objects.latest("id").page == ""  # only a route name is kept


def test_only_a_published_page_questionnaire_is_answered_this_way(world):
    other = questionnaire(world.manager)
    assert Client().get(f"/feedback/page-useful/{other.public_id}/").status_code == 404
    made = _page_questionnaire(world)
    services.retire_questionnaire(made, by=world.manager)
    assert Client().get(f"/feedback/page-useful/{made.public_id}/").status_code == 404


def test_the_public_dashboard_pages_ask_whether_they_were_useful(world):
    cache.clear()  # the dashboard caches fragments of its pages
    import_statistics(
        newplans_csv(), dataset_key="newplans", release=Release(2025, date(2025, 6, 26)),
        source_name="newplans.csv",
    )  # fmt: skip
    client = Client()
    pages = ["/dashboard/", f"/dashboard/live/{world.la.public_id}/"]
    for path in pages:
        assert "Was this page useful?" not in client.get(path, follow=True).content.decode()
    made = _page_questionnaire(world)
    for path in pages:
        html = client.get(path, follow=True).content.decode()
        assert f"/feedback/page-useful/{made.public_id}/" in html, path

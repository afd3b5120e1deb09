"""Feedback through the browser: an officer builds a questionnaire with an easy-read variant and
attaches it to "final plan issued"; issuing the final plan asks the parent once; the parent
answers on a phone through the link in their message, in easy read; the report shows the answer
only in the aggregate with the small number hidden; a "You said, we did" entry is published and
read signed out. axe on every page, and no sideways scrolling at 320 px on the answer page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from ehcp.tests.factories import final_issued
from feedback.models import Invitation, Response
from sendcpp.models import Notification
from tests.browser.conftest import check_accessibility, sign_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page: Page) -> None:
    wide = page.evaluate(
        "() => Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map(e => e.tagName + '.' + e.className + ':' + (e.textContent || '').slice(0, 40)).slice(0, 8)"
    )
    assert (
        page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        <= 0
    ), f"sideways scrolling on {page.url}: {wide}"


def _build_questionnaire(page: Page) -> None:
    page.get_by_role("link", name="Feedback", exact=True).first.click()
    expect(page.get_by_role("heading", name="Feedback and evaluation")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Build a questionnaire").click()
    # An empty submission shows the error summary and keeps nothing.
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert").get_by_text("There is a problem")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Title", exact=True).fill("Your child's EHC plan")
    page.get_by_label("EHC plans on the national template").check()
    page.get_by_label("After a final EHC plan is issued").check()
    page.get_by_label("Introduction", exact=True).fill("Tell us what you thought of the plan.")
    page.get_by_label("Introduction in easy read").fill("Tell us about the plan.")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Questionnaire started")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Add a question").click()
    check_accessibility(page)
    page.get_by_label("Rating from 1 to 5").check()
    page.get_by_label("Question", exact=True).fill("How clear was the plan?")
    page.get_by_label("Question in easy read").fill("Was the plan easy to understand?")
    page.get_by_label("Question for children and young people").fill("Did you understand it?")
    page.get_by_role("button", name="Add question").click()
    expect(page.get_by_text("Question added")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Free text").check()
    page.get_by_label("Question", exact=True).fill("What could we do better?")
    page.get_by_label("Question in easy read").fill("What could we do better?")
    page.get_by_label("Question for children and young people").fill("What could be better?")
    page.get_by_label("An answer is needed").uncheck()
    page.get_by_role("button", name="Add question").click()
    expect(page.get_by_text("Question added")).to_be_visible()
    page.get_by_role("link", name="Easy read version").click()
    expect(page.get_by_text("Was the plan easy to understand?", exact=True)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Publish and attach").click()
    expect(
        page.get_by_text("Published: it is now sent after a final ehc plan is issued")
    ).to_be_visible()
    check_accessibility(page)
    for path in (page.url, "/feedback/"):
        page.goto(path)
        page.set_viewport_size({"width": 320, "height": 800})
        _no_sideways_scroll(page)
        page.set_viewport_size({"width": 1024, "height": 800})


def test_a_parent_is_asked_once_answers_on_a_phone_and_the_report_hides_small_numbers(
    page: Page, browser: Browser, live_server, world
):
    world.case.child.legal_first_name = "Amara"
    world.case.child.save()
    sign_in(page, world.manager)
    _build_questionnaire(page)

    # Issuing the final plan asks the parent, once.
    final_issued(world.case, world.coordinator)
    invitation = Invitation.objects.get()
    assert invitation.recipient == world.family
    message = Notification.objects.get(key__startswith="feedback:invite:")
    assert message.recipient == world.family
    assert message.link == f"/feedback/answer/{invitation.token}/"

    # The parent, on a phone, opens the link in their message.
    phone = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 320, "height": 640},
        is_mobile=True,
        has_touch=True,
        bypass_csp=True,
    )
    parent = phone.new_page()
    parent.set_default_timeout(15000)
    try:
        visit(parent, message.link)
        _no_sideways_scroll(parent)
        parent.get_by_role("link", name="Easy read version").click()
        expect(parent.get_by_text("Was the plan easy to understand?")).to_be_visible()
        check_accessibility(parent)
        _no_sideways_scroll(parent)
        parent.get_by_role("button", name="Send your answers").click()
        expect(parent.get_by_role("alert").get_by_text("There is a problem")).to_be_visible()
        check_accessibility(parent)
        parent.get_by_label("Good", exact=True).check()
        parent.get_by_label("What could we do better?").fill("Amara's plan came late.")
        parent.get_by_role("button", name="Send your answers").click()
        expect(parent.get_by_role("heading", name="Thank you")).to_be_visible()
        check_accessibility(parent)
        _no_sideways_scroll(parent)
        # The link is now closed: answers never change.
        visit(parent, message.link)
        expect(parent.get_by_text("You have already answered")).to_be_visible()
    finally:
        phone.close()
    response = Response.objects.get()
    assert response.variant == "easy_read"
    assert response.answers.get(question__position=1).rating == 4

    # The report: one answer, so its count reads "c", and no comment or name is shown.
    page.get_by_role("link", name="Feedback", exact=True).first.click()
    page.get_by_role("link", name="Report on Your child's EHC plan").click()
    expect(page.get_by_role("heading", name="Report: Your child's EHC plan")).to_be_visible()
    check_accessibility(page)
    table = page.get_by_role("table", name="The figures in the chart").first
    expect(table.get_by_role("row", name="Good c c", exact=True)).to_be_visible()
    expect(table.get_by_role("row", name="Total c", exact=True)).to_be_visible()
    expect(page.get_by_text("Amara")).to_have_count(0)
    page.set_viewport_size({"width": 320, "height": 800})
    _no_sideways_scroll(page)
    visit(page, "/feedback/reforms/")
    _no_sideways_scroll(page)
    page.set_viewport_size({"width": 1024, "height": 800})

    # "You said, we did", read signed out.
    page.get_by_role("link", name="Feedback", exact=True).first.click()
    page.get_by_role("link", name="Publish “You said, we did”").click()
    check_accessibility(page)
    page.get_by_label("EHC plans on the national template").check()
    page.get_by_label("Title", exact=True).fill("Plans arrive sooner")
    page.get_by_label("You said", exact=True).fill("Final plans came late.")
    page.get_by_label("We did", exact=True).fill("We now track every plan against its deadline.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", name="Plans arrive sooner")).to_be_visible()
    check_accessibility(page)

    public = browser.new_context(base_url=live_server.url, bypass_csp=True)
    reader = public.new_page()
    try:
        visit(reader, "/feedback/you-said-we-did/")
        reader.get_by_role("link", name="Plans arrive sooner").click()
        expect(reader.get_by_text("We now track every plan against its deadline.")).to_be_visible()
        check_accessibility(reader)
    finally:
        public.close()

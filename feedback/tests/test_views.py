"""Pages of feedback: officers build and publish; the person asked answers by token; reports
are aggregates with small numbers hidden; forum representatives see aggregates only; everyone
else gets 404."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from feedback import services
from feedback.models import (
    Invitation,
    InvitationStatus,
    Pattern,
    Question,
    Questionnaire,
    QuestionnaireStatus,
    Response,
    Theme,
    YouSaidWeDid,
)
from feedback.tests.factories import GOOD_ANSWERS, event, questionnaire
from sendcpp.models import Notification
from sendcpp.tests.factories import CaseFactory, RelationshipFactory, UserFactory


def _answered(world, text="The wait for Amara's plan was too long", count=1):
    """``count`` families asked about a final plan, each answering."""
    made = Questionnaire.objects.filter(
        status=QuestionnaireStatus.PUBLISHED
    ).first() or questionnaire(world.manager)
    world.case.child.legal_first_name = "Amara"
    world.case.child.legal_last_name = "Quennell"
    world.case.child.save()
    world.family.first_name, world.family.last_name = "Ottoline", "Quennell"
    world.family.save()
    world.case.child.relationships.update(full_name="Ottoline Quennell")
    # Named here, not drawn at random: a drawn surname such as "Long" is screened out of the
    # answer as a name and the counts below would fail at random.
    cases = [world.case] + [
        CaseFactory(
            team=world.case.team,
            coordinator=world.coordinator,
            child__legal_first_name=f"Zuleika{index}",
            child__legal_last_name=f"Quennell{index}",
        )
        for index in range(count - 1)
    ]
    for index, case in enumerate(cases[1:]):
        parent = UserFactory(first_name=f"Ottoline{index}", last_name=f"Quennell{index}")
        RelationshipFactory(child=case.child, user=parent, full_name=parent.get_full_name())
    for case in cases:
        event(case)
    services.sweep_invitations()
    for invitation in Invitation.objects.filter(status=InvitationStatus.SENT):
        services.submit_response(
            invitation, variant="standard", answers={**GOOD_ANSWERS, "q4": text}
        )
    return made


def test_an_officer_builds_and_publishes_a_questionnaire(world, client_for):
    client = client_for(world.coordinator)
    assert client.get("/feedback/").status_code == 200
    response = client.post("/feedback/questionnaires/new/", {"title": ""})
    assert response.status_code == 200
    assert "Enter title" in response.content.decode()
    assert not Questionnaire.objects.exists()
    response = client.post(
        "/feedback/questionnaires/new/",
        {
            "title": "After your plan",
            "reform": "national_template",
            "touchpoint": "ehcp_final_issued",
            "introduction": "Tell us",
        },
    )
    made = Questionnaire.objects.get()
    assert response.url == f"/feedback/questionnaires/{made.public_id}/"
    add = f"/feedback/questionnaires/{made.public_id}/questions/add/"
    bad = client.post(add, {"pattern": "radios", "text": "Was it clear?", "options": "Yes"})
    assert "at least 2 answers" in bad.content.decode()
    client.post(
        add,
        {
            "pattern": "radios",
            "text": "Was it clear?",
            "easy_read_text": "Was it easy?",
            "children_text": "Was it easy?",
            "options": "Yes\nNo",
            "easy_read_options": "Yes\nNo",
            "children_options": "Yes\nNo",
            "required": "on",
        },
    )
    assert made.questions.get().options[1] == {
        "standard": "No",
        "easy_read": "No",
        "children": "No",
    }
    page = client.get(
        f"/feedback/questionnaires/{made.public_id}/?variant=easy_read"
    ).content.decode()
    assert "Was it easy?" in page
    client.post(f"/feedback/questionnaires/{made.public_id}/publish/")
    made.refresh_from_db()
    assert made.status == QuestionnaireStatus.PUBLISHED
    # Published: no more questions.
    client.post(add, {"pattern": "text", "text": "More?"})
    assert made.questions.count() == 1


@pytest.mark.parametrize("who", ["family", "professional", "administrator", "other_la_manager"])
def test_everyone_else_gets_404(world, client_for, who):
    made = _answered(world)
    answer = made.responses.get().answers.get(question__pattern=Pattern.TEXT)
    client = client_for(getattr(world, who))
    own_pages = (
        []
        if who == "other_la_manager"
        else [
            "/feedback/",
            "/feedback/questionnaires/new/",
            "/feedback/themes/",
            "/feedback/forum/",
        ]
    )
    for path in [
        *own_pages,
        f"/feedback/questionnaires/{made.public_id}/",
        f"/feedback/questionnaires/{made.public_id}/report/",
        f"/feedback/questionnaires/{made.public_id}/report/export.csv",
        f"/feedback/questionnaires/{made.public_id}/comments/",
        f"/feedback/comments/{answer.pk}/themes/",
    ]:
        assert client.get(path).status_code == 404, path
    assert client.post(f"/feedback/questionnaires/{made.public_id}/retire/").status_code == 404
    made.refresh_from_db()
    assert made.status == QuestionnaireStatus.PUBLISHED


def test_the_parent_answers_by_the_link_signed_out_once(world):
    questionnaire(world.manager)
    event(world.case)
    services.sweep_invitations()
    invitation = Invitation.objects.get()
    url = f"/feedback/answer/{invitation.token}/"
    client = Client()
    page = client.get(url)
    assert page.status_code == 200
    assert "How clear was the plan?" in page.content.decode()
    assert "Easy read version" in page.content.decode()
    easy = client.get(url + "?variant=easy_read").content.decode()
    assert "Was the plan easy to understand?" in easy
    assert "A bit" in easy
    refused = client.post(url, {"q2": "0"})
    assert refused.status_code == 400
    assert "Select an answer" in refused.content.decode()
    assert not Response.objects.exists()
    done = client.post(url + "?variant=easy_read", {"q1": "5", "q2": "1", "q3": ["2"]})
    assert done.url == "/feedback/thank-you/"
    response = Response.objects.get()
    assert response.variant == "easy_read"
    again = client.post(url, {"q1": "1", "q2": "2"})
    assert "already answered" in again.content.decode()
    assert Response.objects.count() == 1
    assert response.answers.get(question__position=1).rating == 5
    assert client.get("/feedback/answer/not-a-real-token-at-all-really/").status_code == 404


def test_the_person_can_decline(world):
    questionnaire(world.manager)
    event(world.case)
    services.sweep_invitations()
    invitation = Invitation.objects.get()
    page = Client().post(f"/feedback/answer/{invitation.token}/decline/")
    assert "will not be asked again" in page.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert (
        "did not want to answer"
        in Client().get(f"/feedback/answer/{invitation.token}/").content.decode()
    )


def test_the_report_hides_small_numbers_and_shows_a_table_beside_each_chart(world, client_for):
    made = _answered(world)
    html = (
        client_for(world.manager)
        .get(f"/feedback/questionnaires/{made.public_id}/report/")
        .content.decode()
    )
    assert html.count('<svg class="app-dashboard-chart"') == 3  # rating, radios, checkboxes
    assert html.count(">The figures in the chart</caption>") == 3
    # Each table's scrolling region is named after its question, so no two regions share a name.
    assert html.count('aria-label="The figures in the chart: ') == 3
    # One answer: every count of it reads "c", never 1.
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1</td>' not in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">c</td>' in html
    assert "Amara" not in html
    assert "too long" not in html


def test_a_forum_representative_sees_aggregates_but_no_answer_or_case(world, client_for, forum_rep):
    made = _answered(world, count=6)
    client = client_for(forum_rep)
    index = client.get("/feedback/").content.decode()
    assert "Demo Parent Carer Forum" in index
    html = client.get(f"/feedback/questionnaires/{made.public_id}/report/").content.decode()
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">6</td>' in html
    assert "too long" not in html
    assert "[name]" not in html
    assert str(world.case.public_id) not in html
    assert "/comments/" not in html
    answer = made.responses.first().answers.get(question__pattern=Pattern.TEXT)
    assert client.get(f"/feedback/questionnaires/{made.public_id}/comments/").status_code == 404
    assert client.get(f"/feedback/questionnaires/{made.public_id}/").status_code == 404
    assert client.get(f"/feedback/comments/{answer.pk}/themes/").status_code == 404
    assert client.get(f"/cases/{world.case.public_id}/").status_code == 404
    exported = client.get(f"/feedback/questionnaires/{made.public_id}/report/export.csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][:5] == ["reform", "touchpoint", "questionnaire", "period_start", "period_end"]
    assert rows[2][5:] == ["answered", "", "", "6", ""]
    assert all("too long" not in cell for row in rows for cell in row)


def test_officers_read_screened_comments_and_tag_themes(world, client_for):
    made = _answered(world)
    client = client_for(world.coordinator)
    client.post("/feedback/themes/", {"name": "Waiting times"})
    duplicate = client.post("/feedback/themes/", {"name": "waiting times"})
    assert "already a theme" in duplicate.content.decode()
    theme = Theme.objects.get()
    html = client.get(f"/feedback/questionnaires/{made.public_id}/comments/").content.decode()
    assert "The wait for [name]&#x27;s plan was too long" in html
    assert "Amara" not in html
    # The coordinator has access to the case: the comment links to it.
    assert f"/cases/{world.case.public_id}/" in html
    other = (
        client_for(world.other_team_coordinator)
        .get(f"/feedback/questionnaires/{made.public_id}/comments/")
        .content.decode()
    )
    assert "too long" in other
    assert f"/cases/{world.case.public_id}/" not in other
    answer = made.responses.get().answers.get(question__pattern=Pattern.TEXT)
    client.post(f"/feedback/comments/{answer.pk}/themes/", {"themes": [str(theme.pk)]})
    assert list(answer.themes.values_list("theme__name", flat=True)) == ["Waiting times"]
    report = client.get(f"/feedback/questionnaires/{made.public_id}/report/").content.decode()
    assert "Answers tagged with each theme" in report


def test_the_xlsx_export_has_the_documented_layout(world, client_for):
    made = _answered(world, count=5)
    response = client_for(world.manager).get(
        f"/feedback/questionnaires/{made.public_id}/report/export.xlsx"
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][5:] == ["measure", "question", "answer", "count", "value"]
    assert rows[1][5:] == ["invited", None, None, 5, None]
    assert (
        client_for(world.manager)
        .get(f"/feedback/questionnaires/{made.public_id}/report/export.pdf")
        .status_code
        == 404
    )


def test_you_said_we_did_is_published_and_public(world, client_for):
    client = client_for(world.manager)
    response = client.post(
        "/feedback/you-said-we-did/new/",
        {
            "reform": "national_template",
            "title": "Plans are clearer",
            "you_said": "Plans were hard to read.",
            "we_did": "We rewrote the outcomes in plain English.",
        },
    )
    entry = YouSaidWeDid.objects.get()
    assert response.url == f"/feedback/you-said-we-did/{entry.public_id}/"
    anonymous = Client()
    assert "Plans are clearer" in anonymous.get("/feedback/you-said-we-did/").content.decode()
    page = anonymous.get(f"/feedback/you-said-we-did/{entry.public_id}/").content.decode()
    assert "We rewrote the outcomes in plain English." in page
    assert client_for(world.family).post("/feedback/you-said-we-did/new/", {}).status_code == 404


def test_the_forum_adds_its_own_feedback(world, client_for, forum_rep):
    client = client_for(forum_rep)
    refused = client.post("/feedback/forum/", {"where": "panel", "feedback": ""})
    assert "Enter the forum" in refused.content.decode()
    client.post(
        "/feedback/forum/",
        {
            "where": "panel",
            "meeting_on-day": "1",
            "meeting_on-month": "12",
            "meeting_on-year": "2026",
            "feedback": "Papers came late.",
        },
    )
    assert "Papers came late." in client_for(world.manager).get("/feedback/forum/").content.decode()


def test_a_forum_account_cannot_be_a_staff_or_family_account(world):
    from sendcpp.exceptions import DomainError

    for user in (world.coordinator, world.family):
        with pytest.raises(DomainError):
            services.grant_forum_access(by=world.manager, user=user, forum_name="Forum")
    with pytest.raises(DomainError):
        services.grant_forum_access(by=world.coordinator, user=world.professional, forum_name="F")


def test_questions_page_lists_without_a_query_per_question(
    world, client_for, django_assert_max_num_queries
):
    made = questionnaire(world.manager, publish=False)
    client = client_for(world.manager)
    client.get("/feedback/")
    with django_assert_max_num_queries(12):
        client.get(f"/feedback/questionnaires/{made.public_id}/")
    for n in range(5):
        services.add_question(made, by=world.manager, pattern=Pattern.TEXT, text=f"Q{n}")
    with django_assert_max_num_queries(12):
        client.get(f"/feedback/questionnaires/{made.public_id}/")
    assert Question.objects.count() == 9


def test_a_manager_gives_and_removes_forum_access(world, client_for):
    from feedback.models import ForumRepresentative

    forum = UserFactory(username="forum_chair", account_type="professional")
    client = client_for(world.manager)
    refused = client.post("/feedback/forum/access/", {"username": "parent", "forum_name": "F"})
    assert "not a staff or family account" in refused.content.decode()
    missing = client.post("/feedback/forum/access/", {"username": "nobody", "forum_name": "F"})
    assert "no active account" in missing.content.decode()
    client.post("/feedback/forum/access/", {"username": "forum_chair", "forum_name": "Our forum"})
    rep = ForumRepresentative.objects.get(user=forum, active=True)
    message = Notification.objects.get(recipient=forum)
    assert message.link == "/feedback/"
    assert client_for(forum).get("/feedback/").status_code == 200
    assert client_for(world.coordinator).get("/feedback/forum/access/").status_code == 404
    other = client_for(world.other_la_manager)
    assert other.post(f"/feedback/forum/access/{rep.pk}/remove/").status_code == 404
    client.post(f"/feedback/forum/access/{rep.pk}/remove/")
    assert client_for(forum).get("/feedback/").status_code == 404


def test_the_evaluation_by_reform_counts_each_questionnaire(world, client_for, forum_rep):
    made = _answered(world, count=6)
    for user in (world.manager, forum_rep):
        html = client_for(user).get("/feedback/reforms/").content.decode()
        assert "EHC plans on the national template" in html
        assert f"/feedback/questionnaires/{made.public_id}/report/" in html
        assert html.count('<td class="govuk-table__cell govuk-table__cell--numeric">6</td>') == 2
        assert "100.0%" in html
    assert client_for(world.family).get("/feedback/reforms/").status_code == 404
    bad = client_for(world.manager).get(
        "/feedback/reforms/?starts_on-day=40&starts_on-month=1&starts_on-year=2026"
        "&ends_on-day=1&ends_on-month=1&ends_on-year=2026"
    )
    assert "There is a problem" in bad.content.decode()


def test_the_comments_page_does_not_grow_its_queries_with_the_comments(
    world, client_for, django_assert_max_num_queries
):
    made = _answered(world, count=2)
    client = client_for(world.coordinator)
    url = f"/feedback/questionnaires/{made.public_id}/comments/"
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    _answered(world, count=8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("was too long") == 10  # 2, then 8 more (the first family asked again)

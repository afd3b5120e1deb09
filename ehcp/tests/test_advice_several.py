"""Asking several people for advice in one action, each deadline naming its contributor, the
advice letters, chasing all overdue advice, and the next step on the case page."""

from __future__ import annotations

from datetime import timedelta

from ehcp import services
from ehcp.models import AdviceKind, AdviceRequest
from ehcp.tests import factories as f
from letters.models import Letter
from sendcpp.models import Deadline, Organisation, User
from sendcpp.tests.factories import OrganisationFactory, UserFactory


def _contributors(world):
    health = OrganisationFactory(name="City Health Trust", kind=Organisation.Kind.HEALTH)
    care = OrganisationFactory(name="Children's Services", kind=Organisation.Kind.SOCIAL_CARE)
    doctor = UserFactory(
        username="doctor",
        first_name="Hana",
        last_name="Doctor",
        account_type=User.AccountType.PROFESSIONAL,
        profession=User.Profession.DOCTOR,
        organisation=health,
    )
    social_worker = UserFactory(
        username="socialworker",
        first_name="Sol",
        last_name="Worker",
        account_type=User.AccountType.PROFESSIONAL,
        profession=User.Profession.SOCIAL_WORKER,
        organisation=care,
    )
    psychologist = UserFactory(
        username="psychologist",
        first_name="Pat",
        last_name="Psych",
        account_type=User.AccountType.PROFESSIONAL,
        profession=User.Profession.EDUCATIONAL_PSYCHOLOGIST,
        organisation=world.la,
    )
    return psychologist, doctor, social_worker


def test_three_requests_in_one_action_each_with_its_named_deadline_and_letter(world):
    f.agreed_to_assess(world.case, world.coordinator)
    psychologist, doctor, social_worker = _contributors(world)
    results = services.request_advice_from_several(
        world.case,
        asks=[
            (AdviceKind.PSYCHOLOGICAL, psychologist),
            (AdviceKind.HEALTH, doctor),
            (AdviceKind.SOCIAL_CARE, social_worker),
        ],
        requested_on=f.days_ago(1),
        by=world.coordinator,
    )
    assert [one.refused for one in results] == ["", "", ""]
    deadlines = Deadline.objects.filter(case=world.case, rule="assessment_advice")
    titles = sorted(deadline.title for deadline in deadlines)
    assert titles == [
        "Give advice for the assessment: Hana Doctor (Paediatrician or doctor), "
        "Medical advice (health)",
        "Give advice for the assessment: Pat Psych (Educational psychologist), "
        "Psychological advice (educational psychologist)",
        "Give advice for the assessment: Sol Worker (Social worker), Social care advice",
    ]
    letters = Letter.objects.filter(case=world.case, kind="advice_request")
    assert sorted(letter.addressee for letter in letters) == [
        "Hana Doctor",
        "Pat Psych",
        "Sol Worker",
    ]
    due = f.days_ago(1) + timedelta(weeks=6)
    assert all(f"{due:%-d %B %Y}" in letter.body for letter in letters)
    assert not any(letter.to_family for letter in letters)


def test_each_request_stands_or_falls_on_its_own(world):
    f.agreed_to_assess(world.case, world.coordinator)
    psychologist, doctor, _ = _contributors(world)
    f.advice_asked(world.case, world.coordinator, advisor=doctor, kind=AdviceKind.HEALTH)
    results = services.request_advice_from_several(
        world.case,
        asks=[(AdviceKind.PSYCHOLOGICAL, psychologist), (AdviceKind.HEALTH, doctor)],
        requested_on=f.days_ago(1),
        by=world.coordinator,
    )
    assert results[0].request is not None
    assert results[1].refused == "This person has already been asked for this advice"
    assert AdviceRequest.objects.filter(case=world.case).count() == 2


def test_the_page_asks_several_people_and_shows_each_result(world, client_for):
    f.agreed_to_assess(world.case, world.coordinator)
    psychologist, doctor, social_worker = _contributors(world)
    client = client_for(world.coordinator)
    url = f"/ehcp/cases/{world.case.public_id}/advice/several/"
    html = client.get(url).content.decode()
    # Contributors are offered for the kind of advice their profession gives.
    health_select = html.split('name="advisor_health"', 1)[1].split("</select>", 1)[0]
    assert "Hana Doctor — Paediatrician or doctor, City Health Trust" in health_select
    assert "Sol Worker" not in health_select
    # ... and everyone can still be listed.
    everyone = client.get(url + "?everyone=1").content.decode()
    health_select = everyone.split('name="advisor_health"', 1)[1].split("</select>", 1)[0]
    assert "Sol Worker — Social worker, Children&#x27;s Services" in health_select
    today = f.days_ago(0)
    response = client.post(
        url,
        {
            "advisor_psychological": psychologist.pk,
            "advisor_health": doctor.pk,
            "advisor_social_care": social_worker.pk,
            "requested_on-day": today.day,
            "requested_on-month": today.month,
            "requested_on-year": today.year,
            "share_family_views": "on",
        },
    )
    html = response.content.decode()
    assert html.count("govuk-tag--green") == 3
    assert AdviceRequest.objects.filter(case=world.case).count() == 3
    response = client.post(
        url,
        {
            "requested_on-day": today.day,
            "requested_on-month": today.month,
            "requested_on-year": today.year,
        },
    )
    assert "Choose at least one person to ask" in response.content.decode()
    assert client_for(world.other_team_coordinator).get(url).status_code == 404
    assert client_for(world.family).get(url).status_code == 404


def test_deciding_to_issue_is_not_the_next_step_until_advice_is_back(world, client_for):
    f.agreed_to_assess(world.case, world.coordinator)
    client = client_for(world.coordinator)
    url = f"/ehcp/cases/{world.case.public_id}/"

    def decide_button():
        html = client.get(url).content.decode()
        return html.split("Decide whether to issue a plan", 1)[0].rsplit("<a ", 1)[1]

    assert "govuk-button--secondary" in decide_button()  # nothing asked yet
    request = f.advice_asked(world.case, world.coordinator, advisor=world.professional)
    assert "govuk-button--secondary" in decide_button()  # waiting
    f.advice_given(request, world.professional)
    assert "govuk-button--secondary" not in decide_button()  # all back: the next step


def test_chasing_all_overdue_advice_with_one_confirmation(world, client_for):
    f.agreed_to_assess(world.case, world.coordinator)
    late = f.advice_asked(
        world.case, world.coordinator, advisor=world.professional, requested_on=f.days_ago(45)
    )
    recent = f.advice_asked(
        world.case, world.coordinator, kind=AdviceKind.HEALTH, requested_on=f.days_ago(3)
    )
    client = client_for(world.coordinator)
    html = client.get("/ehcp/advice/overdue/").content.decode()
    assert str(late.public_id) in html
    assert str(recent.public_id) not in html
    html = client.post("/ehcp/advice/overdue/").content.decode()
    assert "Reminder sent" in html
    chasers = Letter.objects.filter(kind="advice_chaser")
    assert [letter.addressee for letter in chasers] == [world.professional.display_name]
    assert world.professional.notifications.filter(
        subject="Reminder: your advice is overdue"
    ).exists()
    # The same day again: refused for that request, nothing sent twice.
    html = client.post("/ehcp/advice/overdue/").content.decode()
    assert "Not sent" in html
    assert Letter.objects.filter(kind="advice_chaser").count() == 1
    assert (
        str(late.public_id)
        not in client_for(world.other_team_coordinator)
        .get("/ehcp/advice/overdue/")
        .content.decode()
    )
    assert client_for(world.family).get("/ehcp/advice/overdue/").status_code == 404


def test_a_professional_sees_the_advice_waiting_for_them_on_their_home_page(world, client_for):
    client = client_for(world.professional)
    assert "You have nothing to do at the moment" in client.get("/").content.decode()
    f.agreed_to_assess(world.case, world.coordinator)
    request = f.advice_asked(world.case, world.coordinator, advisor=world.professional)
    html = client.get("/").content.decode()
    assert "Advice waiting for you" in html
    assert str(request.public_id) in html
    assert "You have nothing to do at the moment" not in html
    f.advice_given(request, world.professional)
    assert "Advice waiting for you" not in client.get("/").content.decode()
    inbox = client.get("/ehcp/advice/").content.decode()
    assert str(request.public_id) in inbox

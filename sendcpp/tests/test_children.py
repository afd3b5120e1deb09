"""A child's record kept right: the service's rules, the pages, the family told, the audit."""

from __future__ import annotations

from datetime import date

import pytest

from sendcpp import children
from sendcpp.exceptions import DomainError, StaleEdit
from sendcpp.identifiers import upn_check_letter
from sendcpp.models import CaseEvent, Child, Notification, Relationship
from sendcpp.web.testing import date_parts

TODAY = date(2026, 12, 9)


def good_upn(body: str = "801200000011") -> str:
    return upn_check_letter(body) + body


def edit(child: Child, by, **values):
    return children.update_child(
        child,
        by=by,
        version=child.version,
        reason=values.pop("reason", ""),
        values=values,
        today=TODAY,
    )


def test_identifiers_are_checked_and_stored_in_capitals(world):
    child = edit(world.case.child, world.coordinator, upn=good_upn().lower(), postcode="sw1a1aa")
    assert child.upn == good_upn()
    assert child.postcode == "SW1A 1AA"
    assert child.version == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("upn", "A12345678901", "correct format"),
        ("upn", "B801200000011", "not valid"),
        ("uln", "1234567890", "not valid"),
        ("nhs_number", "9434765918", "not valid"),
        ("postcode", "XX 123", "real postcode"),
        ("ethnicity", "ASIA", "from the list"),
        ("first_language", "KLINGON", "from the list"),
        ("upn_unknown_reason", "UN99", "not known"),
        ("date_of_birth", date(2026, 12, 10), "today or in the past"),
        ("legal_last_name", "  ", "last name"),
        ("sex", "X", "sex"),
    ],
)
def test_bad_values_are_refused_and_change_nothing(world, field, value, message):
    child = world.case.child
    with pytest.raises(DomainError) as refused:
        edit(child, world.coordinator, **{field: value})
    assert refused.value.field == field
    assert message in refused.value.message
    child.refresh_from_db()
    assert child.version == 1
    assert not CaseEvent.objects.filter(kind="child_details_corrected").exists()


def test_a_correction_needs_a_reason_and_is_recorded_with_it(world):
    child = edit(world.case.child, world.coordinator, ethnicity="WBRI")  # first recording
    with pytest.raises(DomainError, match="reason"):
        edit(child, world.coordinator, ethnicity="WIRI")
    child = edit(child, world.coordinator, ethnicity="WIRI", reason="Parent corrected it")
    assert child.ethnicity == "WIRI"
    event = CaseEvent.objects.filter(kind="child_details_corrected").latest("id")
    assert event.audience == "staff"
    assert "Parent corrected it" in event.summary
    assert event.data["fields"] == ["ethnicity"]
    # The row history (read by the audit trail) holds both values.
    assert list(child.events.order_by("pgh_id").values_list("ethnicity", flat=True))[-2:] == [
        "WBRI",
        "WIRI",
    ]


def test_the_family_is_told_without_the_details(world):
    edit(world.case.child, world.coordinator, postcode="M1 1AE")
    note = Notification.objects.get(recipient=world.family)
    assert "updated" in note.subject
    assert "M1 1AE" not in note.body
    assert CaseEvent.objects.filter(kind="family_details_changed", audience="family").exists()


def test_a_save_from_an_older_version_is_refused(world):
    child = world.case.child
    edit(Child.objects.get(pk=child.pk), world.coordinator, postcode="M1 1AE")
    with pytest.raises(StaleEdit):
        children.update_child(
            child, by=world.teammate, version=1, reason="", values={"uln": ""}, today=TODAY
        )


def test_upn_and_unknown_reason_are_not_both_recorded(world):
    with pytest.raises(DomainError) as refused:
        edit(world.case.child, world.coordinator, upn=good_upn(), upn_unknown_reason="UN1")
    assert refused.value.field == "upn_unknown_reason"


@pytest.mark.parametrize("who", ["other_team_coordinator", "family", "setting_user"])
def test_only_staff_who_may_edit_the_case_may_change_the_child(world, who):
    with pytest.raises(DomainError):
        edit(world.case.child, getattr(world, who), postcode="M1 1AE")


def test_a_young_person_has_their_own_contact_only_from_16(world):
    child = world.case.child  # born 2015
    with pytest.raises(DomainError, match="16"):
        children.save_contact(
            child,
            by=world.coordinator,
            version=child.version,
            values={"full_name": "Sam", "kind": "self"},
            today=TODAY,
        )
    Child.objects.filter(pk=child.pk).update(date_of_birth=date(2010, 1, 1))
    child.refresh_from_db()
    contact = children.save_contact(
        child,
        by=world.coordinator,
        version=child.version,
        values={"full_name": "Sam", "kind": "self", "email": "sam@example.com"},
        today=TODAY,
    )
    assert contact.has_parental_responsibility is False
    assert contact.is_decision_maker is True


def test_a_contact_with_a_bad_postcode_or_phone_is_refused(world):
    contact = Relationship.objects.get(child=world.case.child)
    for values, field in (({"postcode": "XX 123"}, "postcode"), ({"phone": "call me"}, "phone")):
        with pytest.raises(DomainError) as refused:
            children.save_contact(
                world.case.child,
                by=world.coordinator,
                version=1,
                values=values,
                today=TODAY,
                contact=contact,
            )
        assert refused.value.field == field


# --- Pages ----------------------------------------------------------------------------------------


def _child_form(child: Child, **changes):
    data = {
        "version": child.version,
        "legal_first_name": child.legal_first_name,
        "legal_last_name": child.legal_last_name,
        "sex": child.sex,
        **date_parts("date_of_birth", child.date_of_birth),
        "reason": "",
    }
    data.update(changes)
    return data


def test_a_coordinator_changes_the_upn_on_the_page(world, client_for):
    child = world.case.child
    page = client_for(world.coordinator)
    url = f"/children/{child.public_id}/change/"
    assert page.get(url).status_code == 200
    response = page.post(url, _child_form(child, upn="B801200000011"))
    assert response.status_code == 200
    assert "not valid" in response.content.decode()
    response = page.post(url, _child_form(child, upn=good_upn(), ethnicity="WBRI"))
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.upn, child.ethnicity) == (good_upn(), "WBRI")
    detail = page.get(f"/children/{child.public_id}/").content.decode()
    assert "White - British" in detail


def test_the_page_refuses_a_stale_save_and_keeps_the_text(world, client_for):
    child = world.case.child
    page = client_for(world.coordinator)
    form = _child_form(child, postcode="M1 1AE")
    edit(Child.objects.get(pk=child.pk), world.teammate, postcode="B33 8TH")
    response = page.post(f"/children/{child.public_id}/change/", form)
    assert response.status_code == 200
    assert "Someone else changed" in response.content.decode()
    child.refresh_from_db()
    assert child.postcode == "B33 8TH"


@pytest.mark.parametrize("who", ["other_team_coordinator", "family", "other_la_manager"])
def test_the_pages_are_not_found_for_others(world, client_for, who):
    child = world.case.child
    page = client_for(getattr(world, who))
    assert page.get(f"/children/{child.public_id}/change/").status_code == 404
    assert page.get(f"/children/{child.public_id}/contacts/add/").status_code == 404


def test_a_contact_is_added_on_the_page(world, client_for):
    child = world.case.child
    page = client_for(world.coordinator)
    response = page.post(
        f"/children/{child.public_id}/contacts/add/",
        {
            "version": child.version,
            "full_name": "Alex Carer",
            "kind": "carer",
            "has_parental_responsibility": "on",
            "email": "alex@example.com",
            "phone": "07700 900982",
            "postcode": "m1 1ae",
            "contact_language": "English",
            "contact_format": "email",
        },
    )
    assert response.status_code == 302
    contact = Relationship.objects.get(child=child, full_name="Alex Carer")
    assert contact.postcode == "M1 1AE"
    assert contact.has_parental_responsibility

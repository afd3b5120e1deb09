"""Nobody is born after today: every place a child's date of birth is entered refuses a future
date with a clear message and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from sendcpp import services
from sendcpp.api.serializers import ChildSerializer
from sendcpp.exceptions import DomainError
from sendcpp.forms import ChildSearchForm
from sendcpp.models import Case, Child
from sendcpp.validators import FUTURE_DATE_OF_BIRTH, date_of_birth_problem
from sendcpp.web.testing import date_parts, form_data

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def frozen_today():
    with time_machine.travel(date(2026, 12, 7), tick=False):
        yield


def _new_child(**overrides) -> dict[str, str]:
    return form_data(
        {
            "legal_first_name": "Ada",
            "legal_last_name": "Quill",
            "date_of_birth": date(2026, 12, 8),
            "sex": "F",
            "source": "parent",
            "received_on": date(2026, 12, 1),
            "details": "Letter from the family",
            **overrides,
        }
    )


def test_the_rule_accepts_today_and_refuses_tomorrow():
    assert date_of_birth_problem(date(2026, 12, 7)) is None
    assert date_of_birth_problem(date(2026, 12, 8)) == FUTURE_DATE_OF_BIRTH


def test_the_new_request_form_refuses_a_future_date_of_birth(world, client_for):
    client = client_for(world.coordinator)
    children = Child.objects.count()
    response = client.post("/ehcp/requests/new/", _new_child())
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert FUTURE_DATE_OF_BIRTH in body
    assert Child.objects.count() == children
    # Today is a real date of birth (a newborn).
    response = client.post("/ehcp/requests/new/", _new_child(date_of_birth=date(2026, 12, 7)))
    assert response.status_code == 302
    assert Child.objects.count() == children + 1


def test_the_transfer_in_form_refuses_a_future_date_of_birth(world, client_for):
    client = client_for(world.coordinator)
    cases = Case.objects.count()
    response = client.post(
        "/ehcp/transfers/new/",
        {
            **_new_child(date_of_birth=date(2030, 1, 1)),
            "from_la": "Elsewhere Council",
            **form_data({"plan_made_on": date(2026, 6, 1), "transferred_on": date(2026, 12, 1)}),
        },
    )
    assert response.status_code == 200
    assert FUTURE_DATE_OF_BIRTH in response.content.decode()
    assert Case.objects.count() == cases


def test_the_service_refuses_a_future_date_of_birth_whoever_calls_it(world):
    child = Child(
        legal_first_name="Ada",
        legal_last_name="Quill",
        date_of_birth=date(2026, 12, 8),
        responsible_la=world.la,
    )
    with pytest.raises(DomainError) as error:
        services.open_case(child, team=world.case.team, by=world.manager)
    assert error.value.message == FUTURE_DATE_OF_BIRTH
    assert error.value.field == "date_of_birth"
    assert child.pk is None


def test_child_search_refuses_a_future_date_of_birth(world, client_for):
    form = ChildSearchForm({"q": "", **date_parts("date_of_birth", date(2026, 12, 8))})
    assert not form.is_valid()
    assert form.errors["date_of_birth"] == [FUTURE_DATE_OF_BIRTH]
    assert ChildSearchForm({"q": "", **date_parts("date_of_birth", date(2026, 12, 7))}).is_valid()


def test_the_child_serializer_refuses_a_future_date_of_birth():
    serializer = ChildSerializer(
        data={"legal_first_name": "Ada", "legal_last_name": "Quill", "date_of_birth": "2026-12-08"}
    )
    assert not serializer.is_valid()
    assert serializer.errors["date_of_birth"] == [FUTURE_DATE_OF_BIRTH]

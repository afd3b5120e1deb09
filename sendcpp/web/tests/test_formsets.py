"""``FormWithFormset``: a form and its formset go through ``handle_form`` as one form."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse

from sendcpp.exceptions import DomainError
from sendcpp.web.formsets import FormWithFormset
from sendcpp.web.handling import handle_form
from sendcpp.web.testing import page_request


class RowForm(forms.Form):
    need = forms.CharField(required=False, max_length=5)


class NeedsForm(FormWithFormset):
    formset_class = forms.formset_factory(RowForm, extra=2)
    name = forms.CharField(error_messages={"required": "Enter your name"})


def _management(total: int = 2) -> dict[str, str]:
    return {"rows-TOTAL_FORMS": str(total), "rows-INITIAL_FORMS": "0"}


def _post(
    data: dict[str, str], calls: list[object], error: DomainError | None = None
) -> tuple[NeedsForm, HttpResponse]:
    request = page_request("post", "/needs/", data)
    form = NeedsForm(request.POST)

    def call(cleaned: dict[str, object]) -> str:
        calls.append((cleaned["name"], [row.cleaned_data for row in form.formset]))
        if error is not None:
            raise error
        return "done"

    response = handle_form(
        request, form, call=call, success="Saved", next_url="/done/", context={"title": "Needs"}
    )
    return form, response


def test_the_form_and_its_rows_are_valid_together() -> None:
    calls: list[object] = []
    form, response = _post({"name": "Sam", "rows-0-need": "Read", **_management()}, calls)
    assert response.status_code == 302
    assert calls == [("Sam", [{"need": "Read"}, {}])]
    assert not form.has_errors


def test_a_wrong_row_stops_the_call_even_when_the_fields_are_right() -> None:
    calls: list[object] = []
    form, response = _post({"name": "Sam", "rows-0-need": "Too long", **_management()}, calls)
    assert response.status_code == 200
    assert calls == []
    assert form.has_errors
    assert form.errors == {}
    assert form.formset.errors[0] == {
        "need": ["Ensure this value has at most 5 characters (it has 8)."]
    }


def test_errors_in_the_fields_and_the_rows_are_all_found_at_once() -> None:
    calls: list[object] = []
    form, _response = _post({"name": "", "rows-0-need": "Too long", **_management()}, calls)
    assert calls == []
    assert list(form.errors) == ["name"]
    assert form.formset.total_error_count() == 1


def test_a_missing_management_form_is_an_error_not_a_crash() -> None:
    calls: list[object] = []
    form, response = _post({"name": "Sam"}, calls)
    assert response.status_code == 200
    assert calls == []
    assert form.has_errors


def test_a_refusal_is_shown_on_the_form() -> None:
    calls: list[object] = []
    form, response = _post(
        {"name": "Sam", **_management()}, calls, error=DomainError("Rows are closed")
    )
    assert response.status_code == 200
    assert len(calls) == 1
    assert form.non_field_errors() == ["Rows are closed"]
    assert "Rows are closed" in response.content.decode()

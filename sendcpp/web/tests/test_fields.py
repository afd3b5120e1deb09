"""``text_field``: one text box or area with the GOV.UK "Enter ..." message."""

from __future__ import annotations

from datetime import date

from django import forms

from sendcpp.models import User
from sendcpp.tests.factories import UserFactory
from sendcpp.web.fields import RowChoiceField, date_form, radio_field, text_field
from sendcpp.web.widgets import QuickSelect


class ConcessionForm(forms.Form):
    description = text_field("What the council conceded", rows=3, max_length=20)
    notes = text_field("Notes", required=False)


def test_an_empty_required_box_asks_for_the_label_in_a_sentence() -> None:
    form = ConcessionForm({"description": "", "notes": ""})
    assert form.errors == {"description": ["Enter what the council conceded"]}


def test_rows_make_a_textarea_and_no_rows_a_text_input() -> None:
    form = ConcessionForm()
    assert isinstance(form.fields["description"].widget, forms.Textarea)
    assert form.fields["description"].widget.attrs["rows"] == 3
    assert isinstance(form.fields["notes"].widget, forms.TextInput)


def test_other_field_options_are_kept() -> None:
    form = ConcessionForm({"description": "x" * 21})
    assert form.errors["description"] == [
        "Ensure this value has at most 20 characters (it has 21)."
    ]
    assert ConcessionForm({"description": "Agreed"}).is_valid()


HearingForm = date_form("hearing_on", "Date of the hearing")


def test_a_date_form_asks_for_one_date_only() -> None:
    assert HearingForm.__name__ == "HearingOnForm"
    assert list(HearingForm.base_fields) == ["hearing_on"]
    typed = {"hearing_on-day": "3", "hearing_on-month": "6", "hearing_on-year": "2026"}
    form = HearingForm(typed)
    assert form.is_valid()
    assert form.cleaned_data == {"hearing_on": date(2026, 6, 3)}
    assert HearingForm({}).errors == {"hearing_on": ["Enter the date of the hearing"]}


class ServiceForm(forms.Form):
    service = radio_field("Service", [("ias", "SENDIASS"), ("other", "Another")], error="Choose it")


def test_a_radio_field_shows_radios_and_asks_for_a_choice() -> None:
    assert isinstance(ServiceForm().fields["service"].widget, forms.RadioSelect)
    assert ServiceForm({}).errors == {"service": ["Choose it"]}
    assert ServiceForm({"service": "nope"}).errors["service"] == [
        "Select a valid choice. nope is not one of the available choices."
    ]
    assert ServiceForm({"service": "ias"}).is_valid()


class PersonForm(forms.Form):
    person = RowChoiceField(
        label="Person",
        required=False,
        queryset=User.objects.none(),
        empty_label="Anyone",
        columns=("id", "first_name", "last_name", "username"),
        row_label=lambda row: User.display_name_of(*row[1:]),
        widget=QuickSelect,
    )


def _person_form(data: dict[str, str] | None, people: list[User]) -> PersonForm:
    form = PersonForm(data)
    field = form.fields["person"]
    assert isinstance(field, RowChoiceField)
    field.queryset = User.objects.filter(pk__in=[p.pk for p in people]).order_by("last_name")
    return form


def test_row_choices_write_what_a_model_choice_field_writes(db) -> None:
    people = [
        UserFactory(first_name="Zoe", last_name="Ash", username="zash"),
        UserFactory(first_name="", last_name="", username="nameless"),
        UserFactory(first_name="Bo", last_name="O'Neil <B>", username="bo"),
    ]
    rows = _person_form({"person": str(people[2].pk)}, people)
    model = forms.ModelChoiceField(
        queryset=rows.fields["person"].queryset, empty_label="Anyone", widget=QuickSelect
    )
    model.label_from_instance = lambda person: person.display_name  # type: ignore[method-assign]
    chosen = str(people[2].pk)
    expected = model.widget.render("person", chosen)
    assert rows.fields["person"].widget.render("person", chosen) == expected
    assert f'<option value="{chosen}" selected>' in expected
    assert [label for _, label in rows.fields["person"].choices] == [
        "Anyone",
        "nameless",
        "Zoe Ash",
        "Bo O'Neil <B>",
    ]
    assert "O&#x27;Neil &lt;B&gt;" in expected


def test_a_row_choice_is_cleaned_to_the_person_and_others_are_refused(db) -> None:
    chosen, outsider = UserFactory(username="chosen"), UserFactory(username="outsider")
    form = _person_form({"person": str(chosen.pk)}, [chosen])
    assert form.is_valid()
    assert form.cleaned_data["person"] == chosen
    for value in (str(outsider.pk), "not a number"):
        form = _person_form({"person": value}, [chosen])
        assert not form.is_valid()
        assert form.errors["person"] == [
            "Select a valid choice. That choice is not one of the available choices."
        ]
    assert _person_form({"person": ""}, [chosen]).is_valid()

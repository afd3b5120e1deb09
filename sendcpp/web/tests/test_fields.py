"""``text_field``: one text box or area with the GOV.UK "Enter ..." message."""

from __future__ import annotations

from datetime import date

from django import forms

from sendcpp.web.fields import date_form, radio_field, text_field


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

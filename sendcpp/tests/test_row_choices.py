"""``RowChoiceField`` (``sendcpp.web.fields``): a long list of people to choose from, read as
rows of their names, writes what a ``ModelChoiceField`` writes and cleans the same way."""

from __future__ import annotations

from django import forms

from sendcpp.models import User
from sendcpp.tests.factories import UserFactory
from sendcpp.web.fields import RowChoiceField
from sendcpp.web.widgets import QuickSelect


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

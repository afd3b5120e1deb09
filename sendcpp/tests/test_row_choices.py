"""``RowChoiceField`` (``sendcpp.web.fields``): a long list of people to choose from, read as
rows of their names, writes what a ``ModelChoiceField`` writes and cleans the same way."""

from __future__ import annotations

from django import forms

from sendcpp.forms import CaseFilterForm
from sendcpp.models import User
from sendcpp.tests.factories import UserFactory
from sendcpp.web.widgets import QuickSelect


def _person_form(data: dict[str, str] | None, people: list[User]) -> CaseFilterForm:
    """The caseload filters' choice of a coordinator, offering ``people``."""
    form = CaseFilterForm(data)
    form.offer_coordinators(User.objects.filter(pk__in=[p.pk for p in people]))
    return form


def test_row_choices_write_what_a_model_choice_field_writes(db) -> None:
    people = [
        UserFactory(first_name="Zoe", last_name="Ash", username="zash"),
        UserFactory(first_name="", last_name="", username="nameless"),
        UserFactory(first_name="Bo", last_name="O'Neil <B>", username="bo"),
    ]
    rows = _person_form({"coordinator": str(people[2].pk)}, people)
    model = forms.ModelChoiceField(
        queryset=rows.fields["coordinator"].queryset, empty_label="Anyone", widget=QuickSelect
    )
    model.label_from_instance = lambda person: person.display_name  # type: ignore[method-assign]
    chosen = str(people[2].pk)
    expected = model.widget.render("person", chosen)
    assert rows.fields["coordinator"].widget.render("person", chosen) == expected
    assert f'<option value="{chosen}" selected>' in expected
    assert [label for _, label in rows.fields["coordinator"].choices] == [
        "Anyone",
        "nameless",
        "Zoe Ash",
        "Bo O'Neil <B>",
    ]
    assert "O&#x27;Neil &lt;B&gt;" in expected


def test_a_row_choice_is_cleaned_to_the_person_and_others_are_refused(db) -> None:
    chosen, outsider = UserFactory(username="chosen"), UserFactory(username="outsider")
    form = _person_form({"coordinator": str(chosen.pk)}, [chosen])
    assert form.is_valid()
    assert form.cleaned_data["coordinator"] == chosen
    for value in (str(outsider.pk), "not a number"):
        form = _person_form({"coordinator": value}, [chosen])
        assert not form.is_valid()
        assert form.errors["coordinator"] == [
            "Select a valid choice. That choice is not one of the available choices."
        ]
    assert _person_form({"coordinator": ""}, [chosen]).is_valid()

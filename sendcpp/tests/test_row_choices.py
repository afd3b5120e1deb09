"""``RowChoiceField`` (``sendcpp.web.fields``): a long list of people to choose from, read as
rows of their names, writes what a ``ModelChoiceField`` writes and cleans the same way."""

from __future__ import annotations

from django import forms

from sendcpp.forms import CaseFilterForm
from sendcpp.models import User
from sendcpp.shapes import ShapedQuery, Shapes
from sendcpp.tests.factories import StaffFactory, TeamFactory, UserFactory
from sendcpp.web.widgets import QuickSelect


def _person_form(data: dict[str, str] | None, people: list[User]) -> CaseFilterForm:
    """The caseload filters' choice of a coordinator, offering ``people``."""
    form = CaseFilterForm(data)
    form.offer_coordinators(
        ShapedQuery(
            Shapes("test"),
            None,
            lambda given: User.objects.filter(pk__in=given["people"]),
            {"people": [p.pk for p in people]},
        )
    )
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


def test_options_read_through_one_kept_shape_are_each_teams_own(db) -> None:
    """Offered as a compiled query, the options of two teams' lists come from one shape, each
    with its own team's people; the one chosen is checked against its own team's."""
    shapes = Shapes("test")
    teams = [TeamFactory(), TeamFactory()]
    people = [
        StaffFactory(profile__team=team, last_name=f"Person{n}") for n, team in enumerate(teams)
    ]

    def form_for(team, data=None):
        form = CaseFilterForm(data)
        form.offer_coordinators(
            ShapedQuery(
                shapes,
                "a team's people",
                lambda given: User.objects.filter(staff_profile__team_id=given["team"]),
                {"team": team.pk},
            )
        )
        return form

    for team, person in zip(teams, people, strict=True):
        offered = [label for _, label in form_for(team).fields["coordinator"].choices]
        assert offered == ["Anyone", person.display_name]
    assert shapes.is_kept((("a team's people", "by name"), ("options", _COLUMNS)), {"team": 1})
    assert form_for(teams[0], {"coordinator": str(people[0].pk)}).is_valid()
    assert not form_for(teams[0], {"coordinator": str(people[1].pk)}).is_valid()


_COLUMNS = ("id", "first_name", "last_name", "username")

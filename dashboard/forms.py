"""HTML input for the dashboard: the SEN2 census year. (The area chooser is a plain select
in the template, rendered once and cached: it has some 170 options.)"""

from __future__ import annotations

from django import forms


class Sen2YearForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Census year",
        help_text="The return for a year covers plans at the January census and the activity of "
        "the calendar year before.",
        coerce=int,
        choices=[],
        error_messages={
            "required": "Choose a census year",
            "invalid_choice": "Choose a census year",
        },
    )

    def __init__(self, *args: object, this_year: int, **kwargs: object):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            (year, f"January {year}") for year in range(this_year + 1, this_year - 4, -1)
        ]

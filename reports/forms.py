"""The report pages' choices: which month, and (for the cases behind a figure) which team,
coordinator and items."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django import forms

from reports import selectors
from sendcpp.web.widgets import QuickSelect


class MonthForm(forms.Form):
    month = forms.ChoiceField(
        label="Month",
        error_messages={"invalid_choice": "Choose a month from the list"},
        widget=QuickSelect,
    )

    def __init__(self, data: Any, *, today: date) -> None:
        self.today = today
        super().__init__(data if data.get("month") else None)
        self.fields["month"].choices = [
            (month.key, month.label) for month in selectors.months(today)
        ]
        self.fields["month"].initial = selectors.default_month(today).key

    def chosen(self) -> selectors.Month:
        """The month asked for, or the last whole month when none (or a wrong one) was."""
        if self.is_bound and self.is_valid():
            month = selectors.month_from_key(self.cleaned_data["month"], self.today)
            if month is not None:
                return month
        return selectors.default_month(self.today)


class CasesForm(MonthForm):
    team = forms.CharField(required=False)
    coordinator = forms.CharField(required=False)
    show = forms.ChoiceField(
        required=False,
        choices=[(key, label) for key, (label, _) in selectors.SHOW.items()],
        error_messages={"invalid_choice": "Choose which cases to show"},
    )

    def clean_team(self) -> int | str | None:
        team = self.cleaned_data["team"]
        if team == "none":
            return None
        if team and not team.isdigit():
            raise forms.ValidationError("Choose a team from the report")
        return int(team) if team else ""

    def clean_coordinator(self) -> UUID | str | None:
        person = self.cleaned_data["coordinator"]
        if person == "none":
            return None
        if not person:
            return ""
        try:
            return UUID(person)
        except ValueError as error:
            raise forms.ValidationError("Choose a coordinator from the report") from error

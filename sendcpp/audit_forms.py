"""The audit page's filters: child, person and date range (GOV.UK date inputs). Names never go in
the URL: a child is chosen by case reference or the child's opaque id, a person by opaque id."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django import forms
from django.db.models import Q

from sendcpp.audit import AuditFilters
from sendcpp.models import ApiClient, Case, Child, StaffProfile, User

_DATE_PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))


def _date_part(label: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=4)


class AuditFilterForm(forms.Form):
    child = forms.CharField(
        label="Child",
        help_text="Case reference or child ID, for example LA-25-000123",
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    person = forms.ChoiceField(label="Person or partner system", required=False)
    from_day = _date_part("Day")
    from_month = _date_part("Month")
    from_year = _date_part("Year")
    to_day = _date_part("Day")
    to_month = _date_part("Month")
    to_year = _date_part("Year")

    DATES = (("from", "Date from"), ("to", "Date to"))

    def __init__(self, *args: Any, manager: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.manager = manager
        la = manager.organisation_id
        people = (
            User.objects.filter(organisation_id=la, staff_profile__isnull=False)
            .select_related("staff_profile")
            .order_by("last_name", "first_name", "username")
        )
        keys = ApiClient.objects.filter(organisation_id=la).order_by("name")
        roles = dict(StaffProfile.Role.choices)
        self.fields["person"].choices = [
            ("", "Anyone"),
            (
                "Staff",
                [
                    (f"user:{p.public_id}", f"{p.display_name} ({roles[p.staff_profile.role]})")
                    for p in people
                ],
            ),
            ("Partner systems", [(f"key:{k.public_id}", k.name) for k in keys]),
        ]

    def _date(self, prefix: str, label: str) -> dt.date | None:
        parts = {
            name: (self.cleaned_data.get(f"{prefix}_{name}") or "").strip()
            for name, *_ in _DATE_PARTS
        }
        if not any(parts.values()):
            return None
        missing = [name for name, value in parts.items() if not value]
        if missing:
            self.add_error(f"{prefix}_{missing[0]}", f"{label} must include a {missing[0]}")
            return None
        if not all(value.isdigit() for value in parts.values()) or len(parts["year"]) != 4:
            self.add_error(f"{prefix}_day", f"{label} must be a real date")
            return None
        try:
            return dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            self.add_error(f"{prefix}_day", f"{label} must be a real date")
            return None

    def _child(self, text: str) -> Child | None:
        la = self.manager.organisation_id
        children = Child.objects.filter(Q(responsible_la_id=la) | Q(cases__local_authority_id=la))
        try:
            child = children.filter(public_id=UUID(text)).first()
        except ValueError:
            case = Case.objects.filter(local_authority_id=la, reference__iexact=text).first()
            child = case.child if case is not None else None
        if child is None:
            # The same answer for a child of another council as for no child at all.
            self.add_error("child", "Enter a case reference or child ID from your council")
        return child

    def _person(self, value: str) -> tuple[User | None, ApiClient | None]:
        kind, _, public_id = value.partition(":")
        la = self.manager.organisation_id
        if kind == "user":
            return User.objects.filter(organisation_id=la, public_id=public_id).first(), None
        return None, ApiClient.objects.filter(organisation_id=la, public_id=public_id).first()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since = self._date("from", "Date from")
        until = self._date("to", "Date to")
        if since and until and since > until:
            self.add_error("to_day", "Date to must be the same as or after date from")
        text = (data.get("child") or "").strip()
        child = self._child(text) if text else None
        user, client = self._person(data["person"]) if data.get("person") else (None, None)
        self.filters = AuditFilters(
            child=child, user=user, api_client=client, since=since, until=until
        )
        return data

    def date_groups(self) -> list[dict[str, Any]]:
        """The two GOV.UK date inputs, for the template."""
        groups = []
        for prefix, legend in self.DATES:
            parts = [self[f"{prefix}_{name}"] for name, *_ in _DATE_PARTS]
            errors = [error for part in parts for error in part.errors]
            groups.append(
                {
                    "prefix": prefix,
                    "legend": legend,
                    "errors": errors,
                    "parts": [
                        {"field": part, "width": width}
                        for part, (_name, _label, width) in zip(parts, _DATE_PARTS, strict=True)
                    ],
                }
            )
        return groups

"""The audit page's filters: child, person and date range (GOV.UK date inputs). Names never go in
the URL: a child is chosen by case reference or the child's opaque id, a person by opaque id."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django import forms
from django.db.models import F, Q, QuerySet

from sendcpp.audit import AuditFilters
from sendcpp.models import ApiClient, Case, Child, StaffProfile, User
from sendcpp.shapes import Shapes
from sendcpp.web.dates import DateField
from sendcpp.web.widgets import QuickSelect

# The people and partner systems the page offers, read on every view of the audit log: each
# query compiled once per process (``sendcpp.shapes``), with the council as its value.
_OPTIONS = Shapes("the audit log's people")


def _staff_of(given: Mapping[str, Any]) -> QuerySet[Any]:
    return (
        User.objects.filter(organisation_id=given["la"], staff_profile__isnull=False)
        .order_by("last_name", "first_name", "username")
        .values("public_id", "first_name", "last_name", "username", role=F("staff_profile__role"))
    )


def _keys_of(given: Mapping[str, Any]) -> QuerySet[Any]:
    return (
        ApiClient.objects.filter(organisation_id=given["la"])
        .order_by("name")
        .values("public_id", "name")
    )


class AuditFilterForm(forms.Form):
    child = forms.CharField(
        label="Child",
        help_text="Case reference or child ID, for example LA-25-000123",
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    person = forms.ChoiceField(label="Person or partner system", required=False, widget=QuickSelect)
    date_from = DateField(label="Date from", required=False)
    date_to = DateField(label="Date to", required=False)

    def __init__(self, *args: Any, manager: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.manager = manager
        la = {"la": manager.organisation_id}
        # Every member of staff of the council is an option: read as plain rows, not models.
        people = _OPTIONS.rows("staff", _staff_of, la)
        keys = _OPTIONS.rows("partner systems", _keys_of, la)
        roles = dict(StaffProfile.Role.choices)

        def named(row: dict[str, Any]) -> str:
            name = User.display_name_of(row["first_name"], row["last_name"], row["username"])
            return f"{name} ({roles[row['role']]})"

        self.fields["person"].choices = [
            ("", "Anyone"),
            ("Staff", [(f"user:{row['public_id']}", named(row)) for row in people]),
            ("Partner systems", [(f"key:{row['public_id']}", row["name"]) for row in keys]),
        ]

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
        since, until = data.get("date_from"), data.get("date_to")
        if since and until and since > until:
            self.add_error("date_to", "Date to must be the same as or after date from")
        text = (data.get("child") or "").strip()
        child = self._child(text) if text else None
        user, client = self._person(data["person"]) if data.get("person") else (None, None)
        self.filters = AuditFilters(
            child=child, user=user, api_client=client, since=since, until=until
        )
        return data

"""Forms rendered with GOV.UK Frontend markup, and the two ways an error reaches a form: a
field's own validation, or a service's ``DomainError`` mapped onto the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting

from sendcpp.exceptions import DomainError
from sendcpp.web.dates import DateInput, error_parts


class GovukFormRenderer(TemplatesSetting):
    """Renders every form with GOV.UK Frontend markup (labels, hints, error messages)."""

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: on the field it names, if the form has it, else
    above the fields. Nothing was changed (services are atomic)."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def field_kind(bound_field: forms.BoundField) -> str:
    """Which GOV.UK component renders this field."""
    widget = bound_field.field.widget
    if isinstance(widget, DateInput):
        return "date"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


def error_target(bound_field: forms.BoundField) -> str:
    """The id the error summary links to: the first option of radios and checkboxes, the first
    wrong box of a date, else the input itself."""
    kind = field_kind(bound_field)
    if kind in {"radios", "checkboxes"}:
        return f"{bound_field.auto_id}_0"
    if kind == "date":
        parts = error_parts(bound_field) or ("day",)
        return f"{bound_field.auto_id}-{parts[0]}"
    return bound_field.id_for_label


def error_summary(form: forms.Form | None) -> list[dict[str, Any]]:
    """The GOV.UK error summary's items, in the page's order: errors about the whole form first
    (linking to where they are shown above the fields), then each field's errors."""
    if form is None or not form.errors:
        return []
    items: list[dict[str, Any]] = [
        {"text": error, "href": f"#form-error-{number}"}
        for number, error in enumerate(form.non_field_errors(), start=1)
    ]
    for bound_field in form:
        items.extend(
            {"text": error, "href": f"#{error_target(bound_field)}"} for error in bound_field.errors
        )
    return items

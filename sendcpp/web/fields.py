"""Form fields and small forms that every app builds the same way, beside the GOV.UK
``DateField``."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from sendcpp.web.dates import DateField


def text_field(
    label: str, *, required: bool = True, rows: int = 0, **kwargs: Any
) -> forms.CharField:
    """A text input (a textarea of ``rows`` rows when given) whose empty-box message is the
    GOV.UK one: "Enter" and the label ("Enter what the council conceded")."""
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        required=required,
        widget=widget,
        error_messages={"required": f"Enter {label[0].lower() + label[1:]}"},
        **kwargs,
    )


def radio_field(label: str, choices: Any, *, error: str, **kwargs: Any) -> forms.ChoiceField:
    """Radios for one of ``choices``; ``error`` is the GOV.UK message when none is chosen
    ("Choose the service")."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": error},
        **kwargs,
    )


def date_form(name: str, label: str, **options: Any) -> type[forms.Form]:
    """A form that asks for one date and nothing else (the day a letter was sent, a hearing's
    date): one ``DateField`` called ``name``. ``options`` go to the field (``when=``, ...)."""
    class_name = "".join(part.title() for part in name.split("_")) + "Form"
    return cast(
        "type[forms.Form]",
        type(class_name, (forms.Form,), {name: DateField(label=label, **options)}),
    )

"""Form fields and small forms that every app builds the same way, beside the GOV.UK
``DateField``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

from django import forms
from django.forms.models import ModelChoiceIterator

from sendcpp.shapes import ShapedQuery
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


class _RowChoices(ModelChoiceIterator):  # type: ignore[type-arg]
    """A ``RowChoiceField``'s options: its queryset read as rows of its columns."""

    field: RowChoiceField

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        columns = self.field.columns
        offered = self.field.offered
        if offered is None:
            rows: Iterable[tuple[Any, ...]] = self.queryset.values_list(*columns)
        else:
            listed = offered.then(("options", columns), lambda q: q.values_list(*columns))
            rows = (
                tuple(row.values())
                for row in listed.shapes.rows(listed.shape, listed.build, listed.values)
            )
        for row in rows:
            yield (row[0], self.field.label_from_row(row))


class RowChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A ``ModelChoiceField`` whose options are read as rows of ``columns`` (the key first) and
    labelled by ``row_label(row)``, not built as a model instance each: a filter offering every
    coordinator of an authority spent most of its time making 120 accounts to show their names.
    The chosen option is checked and cleaned as a ``ModelChoiceField``'s (one instance)."""

    iterator = _RowChoices
    #: The options as a query compiled once per shape (``offer``), or None to read the queryset.
    offered: ShapedQuery | None = None

    def __init__(
        self,
        *,
        columns: tuple[str, ...],
        row_label: Callable[[tuple[Any, ...]], str],
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.columns = columns
        self.label_from_row = row_label

    def offer(self, options: ShapedQuery) -> None:
        """Offer ``options``, read through the kit's compiled queries (``sendcpp.shapes``): the
        list of options is one prepared query, not built and planned for every page. The one
        chosen is still checked against the same query, built with its values."""
        self.offered = options
        self.queryset = options.queryset()


def date_form(name: str, label: str, **options: Any) -> type[forms.Form]:
    """A form that asks for one date and nothing else (the day a letter was sent, a hearing's
    date): one ``DateField`` called ``name``. ``options`` go to the field (``when=``, ...)."""
    class_name = "".join(part.title() for part in name.split("_")) + "Form"
    return cast(
        "type[forms.Form]",
        type(class_name, (forms.Form,), {name: DateField(label=label, **options)}),
    )

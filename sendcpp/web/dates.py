"""The one date field of every HTML form: the GOV.UK date input (day, month and year boxes in one
fieldset) with one parsing rule and one set of messages.

Rules, from the GOV.UK Design System's date input pattern and its error messages:
- each part is numbers only; the month may also be a month's name or its abbreviation
  ("march", "Mar", "sept");
- the year must have 4 numbers (a 2-digit year is refused, never guessed);
- an empty date says "Enter ...", a part missing says "... must include a month", a date that
  cannot exist says "... must be a real date", a date on the wrong side of today says
  "... must be in the past" (or today or in the past / today or in the future / in the future);
- the error names the parts that are wrong, so only those boxes are marked and the error summary
  links to the first of them.

The API does not use this: it keeps accepting ISO 8601 dates through its serializers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy

PARTS = ("day", "month", "year")
_NUMBER = re.compile(r"[0-9]+")
_ASIDE = re.compile(r"\s*\([^)]*\)$")

# Full names and the usual abbreviations (GOV.UK: accept "january" or "jan").
MONTH_NAMES: dict[str, int] = {}
for _number, _name in enumerate(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
    start=1,
):
    MONTH_NAMES[_name] = _number
    MONTH_NAMES[_name[:3]] = _number
MONTH_NAMES["sept"] = 9


class When(StrEnum):
    """Where the date must fall against today (the council's local date)."""

    ANY = "any"
    PAST = "past"
    TODAY_OR_PAST = "today_or_past"
    TODAY_OR_FUTURE = "today_or_future"
    FUTURE = "future"


_WHEN_TEXT = {
    When.PAST: "in the past",
    When.TODAY_OR_PAST: "today or in the past",
    When.TODAY_OR_FUTURE: "today or in the future",
    When.FUTURE: "in the future",
}


@dataclass(frozen=True)
class DateProblem:
    """Why the typed parts are not an acceptable date: the message and the parts to mark."""

    message: str
    parts: tuple[str, ...]
    code: str


def _sentence_start(label: str) -> str:
    return label[:1].upper() + label[1:]


def _in_sentence(label: str) -> str:
    return label[:1].lower() + label[1:]


def _join(parts: Sequence[str]) -> str:
    return " and ".join(parts) if len(parts) <= 2 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def parse_date_parts(
    day: str | None,
    month: str | None,
    year: str | None,
    *,
    label: str,
    when: When = When.ANY,
    today: date | None = None,
) -> date | DateProblem | None:
    """The date the three typed parts make, or the first problem with them (GOV.UK order:
    missing parts, then not numbers or impossible, then the year's length, then the range), or
    ``None`` when nothing at all was typed (the field decides whether that is allowed)."""
    values = {
        "day": (day or "").strip(),
        "month": (month or "").strip(),
        "year": (year or "").strip(),
    }
    missing = tuple(part for part in PARTS if not values[part])
    if len(missing) == len(PARTS):
        return None
    name = _sentence_start(label)
    if missing:
        return DateProblem(f"{name} must include a {_join(missing)}", missing, "incomplete")

    numbers, wrong = _read_numbers(values)
    if wrong:
        return DateProblem(f"{name} must be a real date", wrong, "invalid")
    if len(values["year"]) != 4:
        return DateProblem(f"{name} must include a year with 4 numbers", ("year",), "year_digits")
    try:
        value = date(numbers["year"], numbers["month"], numbers["day"])
    except ValueError:  # 31 February, 29 February outside a leap year, year 0000
        parts = ("year",) if numbers["year"] < 1 else ("day",)
        return DateProblem(f"{name} must be a real date", parts, "invalid")
    return _check_side_of_today(value, name=name, when=when, today=today)


def _read_numbers(values: dict[str, str]) -> tuple[dict[str, int], tuple[str, ...]]:
    """Each part as a number (a month may be a name), and the parts that cannot be one."""
    numbers: dict[str, int] = {}
    wrong: list[str] = []
    for part in PARTS:
        text = values[part]
        month_name = text.lower().rstrip(".")
        if _NUMBER.fullmatch(text):
            numbers[part] = int(text)
        elif part == "month" and month_name in MONTH_NAMES:
            numbers[part] = MONTH_NAMES[month_name]
        else:
            wrong.append(part)
    if "day" not in wrong and not 1 <= numbers["day"] <= 31:
        wrong.append("day")
    if "month" not in wrong and not 1 <= numbers["month"] <= 12:
        wrong.append("month")
    return numbers, tuple(part for part in PARTS if part in wrong)


def _check_side_of_today(
    value: date, *, name: str, when: When, today: date | None
) -> date | DateProblem:
    if when is not When.ANY:
        today = today or timezone.localdate()
        allowed = {
            When.PAST: value < today,
            When.TODAY_OR_PAST: value <= today,
            When.TODAY_OR_FUTURE: value >= today,
            When.FUTURE: value > today,
        }[when]
        if not allowed:
            return DateProblem(f"{name} must be {_WHEN_TEXT[when]}", PARTS, when.value)
    return value


class DateInput(forms.MultiWidget):
    """Three text boxes named ``<name>-day``, ``<name>-month`` and ``<name>-year`` with ids to
    match, as the GOV.UK date input. Rendered by ``govuk/field.html`` (the ``date`` kind)."""

    template_name = "govuk/date_input_widget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in PARTS
        }
        super().__init__(widgets, attrs)
        self.widgets_names = [f"-{part}" for part in PARTS]

    def decompress(self, value: Any) -> list[str | None]:
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        id_ = context["widget"]["attrs"].get("id")
        for part, subwidget in zip(PARTS, context["widget"]["subwidgets"], strict=True):
            subwidget["part"] = part
            if id_:
                subwidget["attrs"]["id"] = f"{id_}-{part}"
        return context

    def id_for_label(self, id_: str) -> str:
        return f"{id_}-day" if id_ else id_

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return all(f"{name}-{part}" not in data for part in PARTS)


class DateField(forms.MultiValueField):
    """A date typed in the GOV.UK date input. ``when`` says where it must fall against today;
    ``label`` is the name used in messages ("Date of birth must be in the past")."""

    widget = DateInput

    def __init__(
        self,
        *,
        label: str,
        when: When = When.ANY,
        required: bool = True,
        help_text: str | None = None,
        required_message: str | None = None,
        autocomplete: str = "",
        **kwargs: Any,
    ) -> None:
        self.when = When(when)
        self.autocomplete = autocomplete  # "bday" for a date of birth
        self.required_message = required_message
        fields = tuple(forms.CharField(required=False, max_length=20) for _ in PARTS)
        super().__init__(
            fields,
            label=label,
            required=required,
            require_all_fields=False,
            help_text=example_hint(self.when) if help_text is None else help_text,
            **kwargs,
        )

    @property
    def message_label(self) -> str:
        return _ASIDE.sub(
            "", str(self.label)
        )  # "Date of the move (if there is one)" → "Date of the move"

    def clean(self, value: Any) -> date | None:
        if not isinstance(value, list | tuple):
            value = cast(DateInput, self.widget).decompress(value)
        day, month, year = [*list(value), None, None, None][:3]
        result = parse_date_parts(day, month, year, label=self.message_label, when=self.when)
        if isinstance(result, DateProblem):
            raise ValidationError(result.message, code=result.code, params={"parts": result.parts})
        if result is None and self.required:
            message = self.required_message or f"Enter the {_in_sentence(self.message_label)}"
            raise ValidationError(message, code="required", params={"parts": PARTS})
        return result

    def compress(self, data_list: Any) -> date | None:  # pragma: no cover - clean() does the work
        raise NotImplementedError

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return bool(self.clean(data) != initial)
        except ValidationError:
            return True


def _example_hint(when: str) -> str:
    year = timezone.localdate().year
    if when in {When.PAST, When.TODAY_OR_PAST}:
        year -= 1
    elif when in {When.FUTURE, When.TODAY_OR_FUTURE}:
        year += 1
    return f"For example, 27 3 {year}"


#: The GOV.UK hint, written as the boxes take it, on the right side of today (worked out when
#: the page is shown, not when the server started).
example_hint = lazy(_example_hint, str)


def error_parts(bound_field: forms.BoundField) -> tuple[str, ...]:
    """The date parts named by the field's first error: all three when the error names none
    (for example a service's rule about the whole date)."""
    for error in bound_field.errors.as_data():
        params = error.params or {}
        parts = params.get("parts") if isinstance(params, dict) else None
        return tuple(parts) if parts else PARTS
    return ()

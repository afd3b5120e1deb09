"""Template helpers that render Django form fields as GOV.UK Frontend components."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms, template
from django.template import defaultfilters
from django.utils.safestring import SafeString, mark_safe

from sendcpp import rows
from sendcpp.calendar import due_text, format_date
from sendcpp.web import forms as web_forms
from sendcpp.web.dates import PARTS, error_parts
from sendcpp.web.tables import columns

register = template.Library()
register.simple_tag(columns)


@register.filter("date", expects_localtime=True, is_safe=False)
def date_filter(value: Any, pattern: str | None = None) -> str:
    """Django's ``date`` filter (this library is a builtin, so it takes its place), writing the
    formats the pages use without Django's formatter (``calendar.format_date``): the same words,
    each in a tenth of the time. Anything else goes to Django's."""
    if pattern and isinstance(value, date):
        written = format_date(value, pattern)
        if written is not None:
            return written
    return defaultfilters.date(value, pattern)


_INPUT_CLASS = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
    "input": "govuk-input",
}


@register.filter
def field_kind(bound_field: forms.BoundField) -> str:
    return web_forms.field_kind(bound_field)


@register.filter
def error_summary(form: forms.Form | None) -> list[dict[str, Any]]:
    """The GOV.UK error summary's items (text and link) for a form."""
    return web_forms.error_summary(form)


@register.filter
def date_items(bound_field: forms.BoundField) -> list[dict[str, Any]]:
    """The day, month and year boxes of a GOV.UK date input, each with its own error state:
    only the parts the error names are marked."""
    value = bound_field.value()
    widget = bound_field.field.widget
    if not isinstance(value, list | tuple):
        value = widget.decompress(value)
    wrong = error_parts(bound_field)
    autocomplete = getattr(bound_field.field, "autocomplete", "")
    return [
        {
            "part": part,
            "label": part.capitalize(),
            "id": f"{bound_field.auto_id}-{part}",
            "name": f"{bound_field.html_name}-{part}",
            "value": "" if part_value is None else part_value,
            "width": 4 if part == "year" else 2,
            "error": part in wrong,
            "autocomplete": f"{autocomplete}-{part}" if autocomplete else "",
        }
        for part, part_value in zip(PARTS, value, strict=True)
    ]


@register.filter
def paragraphs(text: str | list[str] | None) -> list[str]:
    """A page's introduction as paragraphs, whether given as one string or a list."""
    if not text:
        return []
    return [text] if isinstance(text, str) else list(text)


@register.filter
def govuk_widget(bound_field: forms.BoundField) -> SafeString:
    """The field's widget with GOV.UK classes and the hint and error wired to it."""
    kind = field_kind(bound_field)
    attrs: dict[str, str] = {}
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
    if described_by and kind not in {"radios", "checkboxes"}:
        attrs["aria-describedby"] = " ".join(described_by)
    if kind in _INPUT_CLASS:
        css = [_INPUT_CLASS[kind], bound_field.field.widget.attrs.get("class", "")]
        if bound_field.errors:
            css.append(f"{_INPUT_CLASS[kind]}--error")
        attrs["class"] = " ".join(c for c in css if c)
    elif kind == "checkbox":
        attrs["class"] = "govuk-checkboxes__input"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def days_left(due: date | None, today: date) -> int | None:
    return None if due is None else (due - today).days


register.simple_tag(due_text)
register.simple_tag(rows.due)
register.simple_tag(rows.deadline_words)


@register.simple_tag
def case_rows(cases: Any, today: date, show_coordinator: bool = False, choose: str = "") -> str:
    """The rows of a list of cases (``sendcpp.rows``)."""
    return rows.case_rows(
        cases, today, show_coordinator=bool(show_coordinator), choose=choose or ""
    )


@register.simple_tag
def deadline_rows(deadlines: Any, today: date, when: str) -> str:
    """The rows of the deadlines page (``sendcpp.rows``)."""
    return rows.deadline_rows(deadlines, today, when=when)


register.simple_tag(rows.audit_read_rows)
register.simple_tag(rows.audit_change_rows)


@register.filter
def child_age(child: object, today: date) -> int:
    return child.age_on(today)  # type: ignore[attr-defined]


class _CaptureNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: template.Context) -> str:
        # Rendered, so already escaped: kept safe so that it is not escaped twice.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser: template.base.Parser, token: template.base.Token) -> _CaptureNode:
    """``{% capture as caption %}{{ n }} account{{ n|pluralize }}{% endcapture %}``: text made
    from several parts, kept (already escaped) to hand to an include such as a table's caption."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return _CaptureNode(nodelist, bits[2])

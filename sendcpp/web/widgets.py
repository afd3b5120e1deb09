"""Widgets the kit writes in Python rather than through a template per part.

Django renders a ``<select>`` through one template for the select and one more for every option:
on a list page's filters with every coordinator of the authority that is the slowest part of the
page. ``QuickSelect`` writes the same HTML (escaped as the kit's rows are) in one pass."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString

from sendcpp.web.rows import html


class QuickSelect(forms.Select):
    """A ``forms.Select`` with the same markup, written without a template per option.

    The choices are walked once, as Django's ``optgroups`` walks them (a ``None`` value is an
    empty one; a list of choices under a label is an option group; only the first option whose
    value is chosen is marked, unless several may be), but without building a dictionary of
    attributes for every option: an option has no attribute but ``selected``."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        several = self.allow_multiple_selected
        marked = False

        def option(option_value: Any, label: Any) -> str:
            nonlocal marked
            option_value = "" if option_value is None else str(option_value)
            selected = (several or not marked) and option_value in chosen
            marked = marked or selected
            return (
                f'<option value="{html(option_value)}"{" selected" if selected else ""}>'
                f"{html(label)}</option>"
            )

        parts = []
        for group_value, group_label in self.choices:
            if isinstance(group_label, list | tuple):
                options = "".join(option(v, label) for v, label in group_label)
                parts.append(f'<optgroup label="{html(group_value)}">{options}</optgroup>')
            else:
                parts.append(option(group_value, group_label))
        select_attrs = self.build_attrs(self.attrs, attrs)
        if several:
            select_attrs["multiple"] = True
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(select_attrs),
            SafeString("".join(parts)),
        )

"""QuickSelect writes what Django's Select writes, escaped, without a template per option."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from sendcpp.web.rows import html
from sendcpp.web.widgets import QuickSelect

CHOICES = [("", "Anyone"), ("1", "Ann <Lee>"), ("2", 'Bo "B" O\'Neil'), ("3", "Cy & Co")]


def _options(html: str) -> list[tuple[str, bool, str]]:
    return [
        (value, " selected" in attrs, label)
        for value, attrs, label in re.findall(
            r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', html
        )
    ]


@pytest.mark.parametrize("value", [None, "", "2"])
def test_quick_select_writes_the_options_django_writes(value: str | None) -> None:
    attrs = {"id": "id_who", "class": "govuk-select", "aria-describedby": "who-hint"}
    django_html = forms.Select(choices=CHOICES).render("who", value, attrs=attrs)
    quick_html = QuickSelect(choices=CHOICES).render("who", value, attrs=attrs)
    assert _options(quick_html) == _options(django_html)
    opening = re.match(r"<select([^>]*)>", quick_html)
    assert opening is not None
    assert set(re.findall(r'(\S+)="([^"]*)"', opening[1])) == {("name", "who"), *attrs.items()}
    assert "Ann &lt;Lee&gt;" in quick_html
    assert "<Lee>" not in quick_html


def test_quick_select_marks_the_chosen_option_only() -> None:
    html = QuickSelect(choices=CHOICES).render("who", "3")
    assert [selected for _, selected, _ in _options(html)] == [False, False, False, True]


def test_quick_select_keeps_option_groups() -> None:
    grouped = [("North", [("1", "Ann")]), ("South", [("2", "Bo")])]
    html = QuickSelect(choices=grouped).render("who", "2")
    assert '<optgroup label="North"><option value="1">Ann</option></optgroup>' in html
    assert '<option value="2" selected>Bo</option>' in html


@pytest.mark.parametrize(
    ("choices", "value"),
    [
        ([("North", [("1", "Ann"), ("2", "Bo")]), ("South", [("2", "Bo again")])], "2"),
        ([(None, "Nobody"), (1, "One"), (1, "One again")], 1),
        ([("", "Any"), ("a&b", "A & B")], "a&b"),
    ],
)
def test_quick_select_marks_what_django_marks(choices: list[Any], value: object) -> None:
    """Only the first option with the chosen value is marked, in or out of a group, and values
    are written as Django writes them (``None`` as empty, numbers as text, escaped)."""
    django_html = forms.Select(choices=choices).render("who", value)
    quick_html = QuickSelect(choices=choices).render("who", value)
    assert _options(quick_html) == _options(django_html)
    assert re.findall(r'<optgroup label="([^"]*)">', quick_html) == re.findall(
        r'<optgroup label="([^"]*)">', django_html
    )


@pytest.mark.parametrize(
    "value",
    ['Ann "Nan" O\'Neil & <Lee>', 12, None, gettext_lazy("Any stage"), mark_safe("<b>kept</b>")],
)
def test_the_kits_escaping_is_djangos_conditional_escape(value: object) -> None:
    """The rows and QuickSelect escape text as Django's templates do: the same characters, lazy
    text as its words, and HTML already made safe left as it is."""
    assert html(value) == str(conditional_escape(value))  # type: ignore[arg-type]

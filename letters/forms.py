from __future__ import annotations

from typing import Any

from django import forms

from letters.models import LetterKind
from letters.selectors import SEVERAL_KINDS
from sendcpp.web.fields import text_field


class WordingForm(forms.Form):
    subject = text_field("Subject", max_length=200)
    body = text_field(
        "Wording",
        rows=18,
        help_text=(
            "Write a field in curly brackets, for example {child_name}. Leave a blank line "
            "between paragraphs."
        ),
    )
    reason = text_field("Why are you changing the wording?", required=False, max_length=300)


class SeveralLettersForm(forms.Form):
    """Which letter to make for several chosen cases."""

    kind = forms.ChoiceField(
        label="Which letter do you want to make?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the letter to make"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(LetterKind.choices)
        self.fields["kind"].choices = [(kind, labels[kind]) for kind in SEVERAL_KINDS]

from __future__ import annotations

from django import forms

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

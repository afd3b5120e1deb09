from __future__ import annotations

from django import forms

from sendcpp.web.fields import radio_field, text_field


class MessageForm(forms.Form):
    body = text_field("Your message", rows=5)


class CallBackForm(forms.Form):
    phone = text_field("Phone number", max_length=30)
    best_time = text_field(
        "When is best to call (optional)",
        required=False,
        max_length=100,
        help_text="For example, weekday mornings",
    )
    about = text_field("What would you like to talk about (optional)", required=False, rows=3)


class SharingForm(forms.Form):
    allowed = radio_field(
        "Can the SENCO at your child's school or college read and send these messages?",
        [("yes", "Yes"), ("no", "No")],
        error="Choose yes or no",
    )

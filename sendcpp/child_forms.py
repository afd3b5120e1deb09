"""Forms for a child's record and their contacts: shape only; the rules are in
``sendcpp.children`` (shared with the API and the new-request form)."""

from __future__ import annotations

from django import forms

from sendcpp import codelists
from sendcpp.models import Child, Relationship
from sendcpp.web.dates import DateField, When
from sendcpp.web.fields import text_field


def code_choice(label: str, choices: codelists.Choices, *, empty: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("", empty), *choices], required=False)


def identity_fields() -> dict[str, forms.Field]:
    """The child's identity and identifiers, as on the record page and the new-request form."""
    return {
        "ethnicity": code_choice("Ethnicity", codelists.ETHNICITY, empty="Not recorded yet"),
        "first_language": code_choice(
            "First language", codelists.FIRST_LANGUAGE, empty="Not recorded yet"
        ),
        "upn": forms.CharField(
            label="Unique pupil number (UPN) (optional)",
            help_text="13 characters: a letter then 12 numbers, like A123456789012",
            max_length=16,
            required=False,
            widget=forms.TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-20"}),
        ),
        "upn_unknown_reason": code_choice(
            "Why the UPN is not known", codelists.UPN_UNKNOWN, empty="The UPN is recorded above"
        ),
        "uln": forms.CharField(
            label="Unique learner number (ULN) (optional)",
            help_text="10 numbers, for a young person in further education",
            max_length=12,
            required=False,
            widget=forms.TextInput(
                attrs={
                    "spellcheck": "false",
                    "inputmode": "numeric",
                    "class": "govuk-input--width-10",
                }
            ),
        ),
        "postcode": forms.CharField(
            label="Postcode (optional)",
            max_length=10,
            required=False,
            widget=forms.TextInput(
                attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
            ),
        ),
    }


class ChildForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    legal_first_name = text_field("First name", max_length=100)
    legal_last_name = text_field("Last name", max_length=100)
    preferred_name = text_field("Preferred name (optional)", required=False, max_length=100)
    previous_names = text_field(
        "Previous names (optional)",
        required=False,
        rows=2,
        max_length=1000,
        help_text="Names the child was known by before, one on each line",
    )
    date_of_birth = DateField(label="Date of birth", when=When.TODAY_OR_PAST)
    sex = forms.ChoiceField(
        label="Sex",
        choices=Child.Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child's sex"},
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        help_text="10 numbers, like 943 476 5919",
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
    )
    address = text_field("Address (optional)", required=False, rows=3, max_length=500)
    reason = text_field(
        "Reason for the change",
        required=False,
        rows=2,
        max_length=500,
        help_text="Needed when you correct something already recorded. It is kept in the audit "
        "trail; the family is not shown it.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        extra = identity_fields()
        for name, field in extra.items():
            self.fields[name] = field
        self.order_fields(
            [
                "legal_first_name",
                "legal_last_name",
                "preferred_name",
                "previous_names",
                "date_of_birth",
                "sex",
                "ethnicity",
                "first_language",
                "upn",
                "upn_unknown_reason",
                "uln",
                "nhs_number",
                "address",
                "postcode",
                "reason",
            ]
        )


class ContactForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    full_name = text_field("Full name", max_length=200)
    kind = forms.ChoiceField(
        label="Relationship to the child",
        choices=Relationship.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they are related to the child"},
    )
    has_parental_responsibility = forms.BooleanField(
        label="They have parental responsibility", required=False
    )
    email = forms.CharField(
        label="Email address (optional)",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    address = text_field("Address (optional)", required=False, rows=3, max_length=500)
    postcode = forms.CharField(
        label="Postcode (optional)",
        max_length=10,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
    )
    contact_language = text_field("Language for letters and calls", max_length=60)
    contact_format = forms.ChoiceField(
        label="How they would like to hear from us",
        choices=Relationship.ContactFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they would like to hear from us"},
    )
    needs_interpreter = forms.BooleanField(label="They need an interpreter", required=False)

"""HTML input for support plans, delivery and exclusions: shape and field validation only. Rules
live in ``support.services``."""

from __future__ import annotations

from typing import Any

from django import forms

from sendcpp.models import EDUCATION_SETTING_KINDS, Organisation, Relationship
from sendcpp.needs import BroadArea
from sendcpp.web.dates import DateField, When
from sendcpp.web.fields import radio_field, text_field
from support.models import (
    Delivered,
    ExclusionKind,
    ExclusionReason,
    Layer,
    Progress,
    Standard,
    Term,
)


def _count(
    label: str, message: str, *, most: int = 1000, required: bool = True
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=most,
        required=required,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": message,
            "invalid": f"{label} must be a whole number",
            "min_value": f"{label} must be 0 or more",
            "max_value": f"{label} must be {most} or fewer",
        },
    )


class PlanForm(forms.Form):
    layer = radio_field("Layer of support", Layer.choices, error="Choose the layer of support")
    started_on = DateField(label="Date the plan starts", when=When.TODAY_OR_PAST)
    next_review_on = DateField(
        label="Date of the first review",
        when=When.FUTURE,
        help_text="Usually within a term. For example, 27 3 2027",
    )
    child_views = text_field("What the child says", required=False, rows=4)
    family_views = text_field("What the family says", required=False, rows=4)
    strengths = text_field("Strengths and interests", required=False, rows=3)


class ViewsForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    child_views = text_field("What the child says", required=False, rows=4)
    family_views = text_field("What the family says", required=False, rows=4)
    strengths = text_field("Strengths and interests", required=False, rows=3)


class RowForm(forms.Form):
    """A row of the grid in one broad area; the provision may be chosen from the standards."""

    area = forms.ChoiceField(choices=BroadArea.choices, widget=forms.HiddenInput)
    standard = forms.ChoiceField(
        label="Choose the provision from the standards",
        widget=forms.RadioSelect,
        required=False,
        help_text="Or leave it as “Write my own” and describe the provision below.",
    )
    need = text_field("The need", rows=3)
    provision_what = text_field(
        "The provision",
        required=False,
        rows=3,
        help_text="Leave empty to use the words of the standard you chose.",
    )
    provision_who = text_field("Who provides it (role or training)", required=False)
    ratio = text_field("Staff to child ratio", required=False, help_text="For example, 1:1 or 1:4")
    frequency = text_field("How often", required=False, help_text="For example, 3 times a week")
    duration = text_field("How long each time", required=False, help_text="For example, 20 minutes")
    outcome = text_field("The outcome sought", required=False, rows=3)
    outcome_timeframe = text_field(
        "By when", required=False, help_text="For example, by the end of the spring term 2027"
    )

    def __init__(self, *args: Any, area: str, **kwargs: Any) -> None:
        super().__init__(*args, initial={"area": area}, **kwargs)
        self.standards = {
            str(standard.pk): standard
            for standard in Standard.objects.filter(area=area, retired=False)
        }
        self.fields["standard"].choices = [("", "Write my own")] + [
            (key, f"{standard.get_layer_display()}: {standard.text}")
            for key, standard in self.standards.items()
        ]

    def clean_standard(self) -> Standard | None:
        key = self.cleaned_data.get("standard") or ""
        return self.standards.get(key)


class ReviewForm(forms.Form):
    reviewed_on = DateField(label="Date of the review", when=When.TODAY_OR_PAST)
    progress = radio_field(
        "Progress towards the outcomes", Progress.choices, error="Choose the progress made"
    )
    what_worked = text_field("What worked, and what did not", rows=4)
    next_steps = text_field("What changes next", rows=4)
    layer_after = radio_field(
        "Layer of support from now", Layer.choices, error="Choose the layer of support from now"
    )
    next_review_on = DateField(label="Date of the next review", when=When.FUTURE)


class EvidenceForm(forms.Form):
    note = text_field(
        "Why you are asking for an assessment",
        rows=5,
        help_text="The plan's history (what was tried, for how long, and the progress made) is "
        "sent with it.",
    )


class CommentForm(forms.Form):
    text = text_field("Your comment", rows=5)


class CloseForm(forms.Form):
    closed_on = DateField(label="Date the plan ended", when=When.TODAY_OR_PAST)


class TransferForm(forms.Form):
    to_setting = forms.ModelChoiceField(
        label="The child's new setting",
        queryset=Organisation.objects.filter(kind__in=EDUCATION_SETTING_KINDS).order_by("name"),
        error_messages={"required": "Choose the child's new setting"},
    )
    consent_from = forms.ModelChoiceField(
        label="Who gave consent",
        queryset=Relationship.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who gave consent"},
    )
    consent_on = DateField(label="Date consent was given", when=When.TODAY_OR_PAST)
    consent_given = forms.BooleanField(
        label="The family has agreed that the plan goes to the new setting",
        required=False,
    )

    def __init__(self, *args: Any, child_id: int, exclude_setting: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["consent_from"]
        field.queryset = Relationship.objects.filter(child_id=child_id).order_by("id")
        field.label_from_instance = lambda r: f"{r.full_name} ({r.get_kind_display().lower()})"
        self.fields["to_setting"].queryset = self.fields["to_setting"].queryset.exclude(
            pk=exclude_setting
        )


class ExclusionForm(forms.Form):
    kind = radio_field("What happened", ExclusionKind.choices, error="Choose what happened")
    starts_on = DateField(label="First day", when=When.TODAY_OR_PAST)
    ends_on = DateField(
        label="Last day",
        required=False,
        help_text="Leave empty for a permanent exclusion or a part-time timetable still running.",
    )
    sessions_missed = _count("Sessions missed", "Enter the number of sessions missed")
    reason = forms.ChoiceField(
        label="Reason",
        choices=[("", "Choose a reason"), *ExclusionReason.choices],
        error_messages={"required": "Choose the reason"},
    )


class Tier1Form(forms.Form):
    provider = text_field("Who provides the support")
    starts_on = DateField(label="Start date")
    ends_on = DateField(
        label="End date", required=False, help_text="Leave empty if it is still running."
    )
    goals = text_field("Goals", rows=4)
    outcome = text_field("Outcome", required=False, rows=3)


class FlagForm(forms.Form):
    reason = text_field("Why the child is at risk of exclusion", rows=4)


class StandardsFileForm(forms.Form):
    file = forms.FileField(
        label="Standards file (JSON)",
        help_text="A file with a source and a list of standards, each with a code, area, layer "
        "and text. The whole file loads, or nothing does.",
        error_messages={"required": "Choose the standards file", "empty": "The file is empty"},
    )


class FollowUpForm(forms.Form):
    note = text_field("What was done about it", rows=4)


class DeliveryForm(forms.Form):
    """One term's confirmation: for each row of section F, whether it was delivered, with
    sessions delivered against sessions specified and the reason for any shortfall."""

    term = radio_field("Term", [], error="Choose the term")

    def __init__(
        self, *args: Any, rows: list[Any], terms: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.fields["term"].choices = terms
        for row in rows:
            prefix = f"row-{row.pk}"
            self.fields[f"{prefix}-delivered"] = radio_field(
                "Was it delivered as specified?",
                Delivered.choices,
                error="Say whether this provision was delivered",
            )
            self.fields[f"{prefix}-specified"] = _count(
                "Sessions specified this term", "Enter the sessions specified this term"
            )
            self.fields[f"{prefix}-done"] = _count(
                "Sessions delivered", "Enter the sessions delivered"
            )
            self.fields[f"{prefix}-reason"] = text_field(
                "If not in full, why not", required=False, rows=2
            )

    def row_fields(self) -> list[tuple[Any, list[Any]]]:
        return [
            (
                row,
                [
                    self[f"row-{row.pk}-{name}"]
                    for name in ("delivered", "specified", "done", "reason")
                ],
            )
            for row in self.rows
        ]


def term_choices(today: Any) -> list[tuple[str, str]]:
    """This school year's terms and last year's summer term, as ``year:term`` keys."""
    start = today.year if today.month >= 9 else today.year - 1
    choices = [(f"{start - 1}:{Term.SUMMER}", f"Summer term {start}")]
    labels = {Term.AUTUMN: start, Term.SPRING: start + 1, Term.SUMMER: start + 1}
    choices += [(f"{start}:{term.value}", f"{term.label} {labels[term]}") for term in Term]
    return choices

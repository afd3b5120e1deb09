"""HTML input for panels: shape and field validation only. Rules live in ``panels.services``."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from ehcp.models import CeaseReason
from panels.models import (
    OUTCOME_LABELS,
    DecisionKind,
    FundingBand,
    MemberRole,
    Outcome,
    PanelKind,
    PanelMember,
    SettingType,
)
from panels.selectors import criteria_for
from sendcpp.models import Case, Organisation, User
from sendcpp.web.dates import DateField
from sendcpp.web.fields import radio_field


def _text(
    label: str, *, required: bool = True, rows: int = 0, max_length: int = 4000, **kw: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(),
        error_messages={"required": kw.pop("required_message", f"Enter the {label.lower()}")},
        **kw,
    )


def _optional_record(label: str, queryset: QuerySet[Any], empty_label: str) -> Any:
    """A select of records that may be left on its first option, ``empty_label``."""
    return forms.ModelChoiceField(
        label=label, queryset=queryset, required=False, empty_label=empty_label
    )


def _optional_choice(label: str, choices: list[tuple[str, str]], blank: str) -> forms.ChoiceField:
    """A select of choices that may be left on its first option, ``blank``."""
    return forms.ChoiceField(label=label, choices=[("", blank), *choices], required=False)


class PanelForm(forms.Form):
    name = _text("Name of the panel", max_length=120, required_message="Enter the panel's name")
    kind = radio_field(
        "What the panel decides", PanelKind.choices, error="Choose what the panel decides"
    )
    papers_days_before = forms.IntegerField(
        label="Days before each meeting that members get the case papers",
        min_value=0,
        max_value=28,
        initial=5,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"required": "Enter a number of days from 0 to 28"},
    )


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Person",
        queryset=User.objects.none(),
        help_text="People with the panel member or SEND manager role",
        error_messages={"required": "Choose a person", "invalid_choice": "Choose a person"},
    )
    role = forms.ChoiceField(
        label="Their role on the panel",
        choices=[("", "Choose a role"), *MemberRole.choices],
        error_messages={"required": "Choose their role on the panel"},
    )
    organisation = _optional_record(
        "Organisation they represent (optional)", Organisation.objects.order_by("name"), "None"
    )
    is_chair = forms.BooleanField(label="Make them the chair", required=False)

    def __init__(self, *args: Any, users: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: u.display_name


class MeetingForm(forms.Form):
    day = DateField(label="Date of the meeting")
    start = forms.TimeField(
        label="Start time",
        help_text="24-hour clock, for example 09:30",
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the start time", "invalid": "Enter a time like 09:30"},
    )
    location = _text("Where (optional)", required=False, max_length=200)

    def starts_at(self) -> datetime:
        day, start = self.cleaned_data["day"], self.cleaned_data["start"]
        return timezone.make_aware(datetime.combine(day, time(start.hour, start.minute)))


class AddCasesForm(forms.Form):
    decision_kind = forms.ChoiceField(widget=forms.HiddenInput, choices=DecisionKind.choices)
    cases = forms.ModelMultipleChoiceField(
        label="Cases to add",
        queryset=Case.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one case"},
    )

    def __init__(
        self, *args: Any, cases: QuerySet[Case], shown: dict[int, str], **kwargs: Any
    ) -> None:
        """``cases``: every case that may be added (a case may have moved down the list since
        the page was shown); ``shown``: the label of each case offered, by id, in order."""
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self.fields["cases"].choices = list(shown.items())


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label="Who is at the meeting",
        help_text="Everyone else has sent apologies",
        queryset=PanelMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, members: QuerySet[PanelMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members
        self.fields["present"].label_from_instance = lambda m: (
            f"{m.user.display_name}, {m.get_role_display()}{' (chair)' if m.is_chair else ''}"
        )


class ConflictForm(forms.Form):
    member = forms.ModelChoiceField(
        label="Member with the conflict",
        queryset=PanelMember.objects.none(),
        error_messages={"required": "Choose the member", "invalid_choice": "Choose the member"},
    )
    reason = _text(
        "What the conflict is",
        rows=3,
        help_text="For example: I know the family, or I work at the child's school",
        required_message="Enter what the conflict is",
    )

    def __init__(self, *args: Any, members: QuerySet[PanelMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: (
            f"{m.user.display_name}, {m.get_role_display()}"
        )
        if members.count() == 1:
            self.fields["member"].widget = forms.HiddenInput()
            self.fields["member"].initial = members.first()


class ReasonForm(forms.Form):
    reason = _text("Reason", rows=3, required_message="Enter the reason")


class _NextStepsMixin(forms.Form):
    next_steps = _text("Next steps (optional)", required=False, rows=3)
    next_step_owner = _optional_record(
        "Who does the next step (optional)", User.objects.none(), "No one named"
    )
    next_step_due_on = DateField(label="Next step due by (optional)", required=False)

    def set_owners(self, owners: QuerySet[User]) -> None:
        self.fields["next_step_owner"].queryset = owners
        self.fields["next_step_owner"].label_from_instance = lambda u: u.display_name


class DecisionForm(_NextStepsMixin):
    """The chair's form for one agenda item; fields depend on the kind of decision."""

    outcome = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        choices=[],
        error_messages={"required": "Choose the panel's decision"},
    )
    band = _optional_record("Funding band", FundingBand.objects.none(), "Choose a band")
    placement_type = _optional_choice(
        "Type of setting", SettingType.choices, "Choose a type of setting"
    )
    setting = _optional_record("Setting (optional)", Organisation.objects.none(), "Not named yet")
    cease_reason = _optional_choice(
        "Reason the plan would stop", CeaseReason.choices, "Choose a reason"
    )
    criteria = forms.MultipleChoiceField(
        label="Criteria considered (optional)",
        widget=forms.CheckboxSelectMultiple,
        choices=[],
        required=False,
    )
    reasons = _text(
        "Reasons",
        rows=5,
        help_text="In plain English: the family reads these in the decision letter",
        required_message="Enter the reasons for the decision",
    )
    dissent = _text(
        "Dissent (optional)",
        required=False,
        rows=2,
        help_text="Any member who disagreed, and why (not sent to the family)",
    )

    field_order = [
        "outcome",
        "band",
        "placement_type",
        "setting",
        "cease_reason",
        "criteria",
        "reasons",
        "dissent",
        "next_steps",
        "next_step_owner",
        "next_step_due_on",
    ]

    def __init__(
        self,
        *args: Any,
        kind: str,
        bands: QuerySet[FundingBand],
        settings: QuerySet[Organisation],
        owners: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [
            (outcome, OUTCOME_LABELS[(kind, outcome)]) for outcome in Outcome.values
        ]
        self.fields["criteria"].choices = [
            (c.code, f"{c.title} ({c.reference})") for c in criteria_for(kind)
        ]
        if not self.fields["criteria"].choices:
            del self.fields["criteria"]
        self.set_owners(owners)
        if kind == DecisionKind.FUNDING:
            self.fields["band"].queryset = bands
            self.fields["band"].label_from_instance = lambda b: (
                f"{b.name}, {b.need_level}, £{b.annual_tariff:,.2f} a year"
            )
            self.fields["band"].help_text = "Needed if the panel agrees funding"
        else:
            del self.fields["band"]
        if kind == DecisionKind.PLACEMENT:
            self.fields["setting"].queryset = settings
        else:
            del self.fields["placement_type"]
            del self.fields["setting"]
        if kind != DecisionKind.CEASE:
            del self.fields["cease_reason"]


class AmendmentForm(_NextStepsMixin):
    explanation = _text(
        "What is being corrected and why",
        rows=3,
        help_text="This is printed at the top of the corrected letter",
        required_message="Enter what is being corrected and why",
    )
    reasons = _text("Reasons", rows=5, required_message="Enter the reasons for the decision")
    dissent = _text("Dissent (optional)", required=False, rows=2)

    field_order = [
        "explanation",
        "reasons",
        "dissent",
        "next_steps",
        "next_step_owner",
        "next_step_due_on",
    ]


class BandForm(forms.Form):
    name = _text(
        "Band name",
        max_length=60,
        help_text="For example: Band 3",
        required_message="Enter the band's name",
    )
    need_level = _text(
        "Level of need",
        max_length=120,
        help_text="For example: Moderate needs",
        required_message="Enter the level of need",
    )
    descriptor = _text(
        "Descriptor (optional)",
        required=False,
        rows=3,
        help_text="What needs and provision this band fits",
    )
    annual_tariff = forms.DecimalField(
        label="Annual tariff in pounds",
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the annual tariff",
            "invalid": "Enter the annual tariff as a number, like 6000 or 6000.50",
            "min_value": "The annual tariff must be 0 or more",
            "max_digits": "Enter an annual tariff under £100,000,000",
            "max_decimal_places": "Enter the tariff in pounds and pence, like 6000.50",
        },
    )
    effective_from = DateField(label="In force from")
    effective_to = DateField(
        label="In force until (optional)",
        required=False,
        help_text="Leave empty if it has no end date yet",
    )


class EndBandForm(forms.Form):
    effective_to = DateField(label="Last day in force")


class CriterionForm(forms.Form):
    code = forms.SlugField(
        label="Short code",
        max_length=40,
        help_text="Letters, numbers and hyphens, for example evidence-of-progress",
        error_messages={
            "required": "Enter a short code",
            "invalid": "Use only letters, numbers and hyphens",
        },
    )
    title = _text("Criterion", max_length=200, required_message="Enter the criterion")
    reference = _text(
        "Source",
        max_length=120,
        help_text="For example: SEND Code of Practice 2015, paragraph 9.14",
        required_message="Enter the Code of Practice paragraph or other source",
    )
    decision_kinds = forms.MultipleChoiceField(
        label="Decisions it applies to",
        choices=DecisionKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the decisions it applies to"},
    )


class PeriodsForm(forms.Form):
    """Two periods to compare (for example before and after moving to two panels)."""

    a_from = DateField(label="Period A from")
    a_to = DateField(label="Period A to")
    b_from = DateField(label="Period B from")
    b_to = DateField(label="Period B to")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for period in ("a", "b"):
            start, end = data.get(f"{period}_from"), data.get(f"{period}_to")
            if start and end and end < start:
                self.add_error(
                    f"{period}_to", f"Period {period.upper()} must end on or after it starts"
                )
        return data


class CommitmentsForm(forms.Form):
    on = DateField(
        label="Commitments on",
        required=False,
        help_text="Leave empty for today. For example, 31 3 2027",
    )

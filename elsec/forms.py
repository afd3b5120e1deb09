"""HTML input for ELSEC: shape and field validation only. Rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from elsec.checklist import CHECKLIST
from elsec.evaluation import AGE_GROUP_LABELS, AGE_GROUPS
from elsec.models import (
    EpisodeFormat,
    Phase,
    ReferralStatus,
    ScreeningTool,
    WorkforceRole,
)
from sendcpp.models import Organisation, User
from sendcpp.web.dates import DateField, When
from sendcpp.web.fields import radio_field, text_field


def _choice(label: str, queryset: Any, message: str, **kwargs: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        empty_label="Choose one",
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )


class PathfinderForm(forms.Form):
    name = text_field("Name of the pathfinder", max_length=200)
    area = text_field("Area the partnership covers", max_length=200)
    starts_on = DateField(label="Date the pathfinder started")


class FundingPeriodForm(forms.Form):
    name = text_field("Name of the period", max_length=100, help_text="For example, Year 1")
    starts_on = DateField(label="Start date")
    ends_on = DateField(label="End date")


class SettingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class AddSettingForm(forms.Form):
    organisation = SettingChoiceField(
        label="Setting",
        queryset=Organisation.objects.filter(
            kind__in=[Organisation.Kind.EARLY_YEARS, Organisation.Kind.SCHOOL]
        ),
        empty_label="Choose a setting",
        help_text="Early years settings and schools in the setting directory.",
        error_messages={"required": "Choose a setting", "invalid_choice": "Choose a setting"},
    )
    phase = radio_field("Type of setting", Phase.choices, error="Choose the type of setting")
    joined_on = DateField(label="Date the setting joined", when=When.ANY)


class WorkforceForm(forms.Form):
    user = _choice("Their account in this service", User.objects.none(), "Choose their account")
    role = radio_field("Role", WorkforceRole.choices, error="Choose their role")
    employer = _choice(
        "Employer",
        Organisation.objects.filter(
            kind__in=[Organisation.Kind.HEALTH, Organisation.Kind.LOCAL_AUTHORITY]
        ),
        "Choose their employer",
    )
    settings = forms.ModelMultipleChoiceField(
        label="Settings they cover",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, settings: Any, local_authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["settings"].queryset = settings  # type: ignore[attr-defined]
        # Professionals, and the council's own staff.
        self.fields["user"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(is_active=True)
            .filter(
                Q(account_type=User.AccountType.PROFESSIONAL)
                | Q(account_type=User.AccountType.STAFF, organisation_id=local_authority_id)
            )
            .order_by("last_name", "first_name")
        )
        self.fields["user"].label_from_instance = lambda user: (  # type: ignore[attr-defined]
            f"{user.display_name} ({user.email or user.username})"
        )


class CoverageForm(forms.Form):
    settings = forms.ModelMultipleChoiceField(
        label="Settings they cover",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(
        label="They are still in the workforce",
        required=False,
        help_text="Untick to stop their access to every setting and child.",
    )

    def __init__(self, *args: Any, settings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["settings"].queryset = settings  # type: ignore[attr-defined]


class TrainingForm(forms.Form):
    held_on = DateField(label="Date of the session", when=When.TODAY_OR_PAST)
    topic = text_field("Topic", max_length=200)
    attendees = text_field(
        "Staff who attended", rows=5, help_text="Write each person's name on its own line."
    )


class CoachingForm(forms.Form):
    visited_on = DateField(label="Date of the visit", when=When.TODAY_OR_PAST)
    focus = text_field("What the coaching covered", rows=4)


class AuditForm(forms.Form):
    audited_on = DateField(label="Date of the audit", when=When.TODAY_OR_PAST)
    items_in_place = forms.MultipleChoiceField(
        label="Which of these are in place?",
        choices=CHECKLIST,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Each scores one point.",
    )
    notes = text_field("Notes", required=False, rows=3)


class ChildForm(forms.Form):
    first_name = text_field("First name", max_length=100)
    last_name = text_field("Last name", max_length=100)
    date_of_birth = DateField(label="Date of birth", when=When.PAST)


class ConsentForm(forms.Form):
    given_by = text_field("Name of the parent or carer giving consent", max_length=200)
    given_on = DateField(label="Date consent was given", when=When.TODAY_OR_PAST)
    share_with_send_service = forms.BooleanField(
        label=(
            "They agree that, if an education, health and care needs assessment is asked for, "
            "the council's SEND team may see this record"
        ),
        required=False,
    )


class WithdrawConsentForm(forms.Form):
    withdrawn_on = DateField(label="Date consent was withdrawn", when=When.TODAY_OR_PAST)


class ScreeningForm(forms.Form):
    tool = _choice(
        "Screening measure", ScreeningTool.objects.none(), "Choose the screening measure"
    )
    screened_on = DateField(label="Date of the screening", when=When.TODAY_OR_PAST)
    score = forms.IntegerField(
        label="Score",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={"required": "Enter the score", "invalid": "Enter the score as a number"},
    )
    after_episode = forms.ModelChoiceField(
        label="Is this a re-screening after targeted support?",
        queryset=None,
        required=False,
        empty_label="No, not after an episode",
        error_messages={"invalid_choice": "Choose one of the child's episodes"},
    )
    notes = text_field("Notes", required=False, rows=3)

    def __init__(self, *args: Any, tools: Any, episodes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tool"].queryset = tools  # type: ignore[attr-defined]
        self.fields["tool"].label_from_instance = lambda tool: (  # type: ignore[attr-defined]
            f"{tool.name} (score {tool.lowest_score} to {tool.highest_score})"
        )
        self.fields["after_episode"].queryset = episodes  # type: ignore[attr-defined]
        self.fields["after_episode"].label_from_instance = lambda e: (  # type: ignore[attr-defined]
            f"{e.programme}, from {e.starts_on:%d %B %Y}".replace(" 0", " ")
        )


class EpisodeForm(forms.Form):
    programme = text_field("Programme", max_length=200)
    format = radio_field("How it is delivered", EpisodeFormat.choices, error="Choose how")
    starts_on = DateField(label="Start date", when=When.ANY)


class EndEpisodeForm(forms.Form):
    ends_on = DateField(label="End date", when=When.TODAY_OR_PAST)
    sessions_attended = forms.IntegerField(
        label="Sessions attended",
        min_value=0,
        max_value=500,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"required": "Enter how many sessions the child attended"},
    )


class ReferralForm(forms.Form):
    service = text_field(
        "Service referred to",
        max_length=200,
        initial="Children's speech and language therapy service",
    )
    referred_on = DateField(label="Date of the referral", when=When.TODAY_OR_PAST)
    reason = text_field("Reason for the referral", rows=4)


class ReferralOutcomeForm(forms.Form):
    status = radio_field(
        "What happened",
        [
            (ReferralStatus.SEEN.value, "The service saw the child"),
            (ReferralStatus.NOT_ACCEPTED.value, "The service did not accept the referral"),
            (ReferralStatus.WITHDRAWN.value, "The referral was withdrawn"),
        ],
        error="Choose what happened",
    )
    decided_on = DateField(label="Date", when=When.TODAY_OR_PAST)
    outcome = text_field("Outcome", required=False, rows=3)


class EvaluationForm(forms.Form):
    """The period and breakdown of the evaluation figures (a GET form)."""

    period = forms.ChoiceField(label="Period", required=False)
    phase = forms.ChoiceField(
        label="Type of setting",
        required=False,
        choices=[("", "All types"), *Phase.choices],
    )
    age_group = forms.ChoiceField(
        label="Age group",
        required=False,
        choices=[("", "All ages"), *((key, AGE_GROUP_LABELS[key]) for key, _, _ in AGE_GROUPS)],
    )

    def __init__(self, *args: Any, periods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [  # type: ignore[attr-defined]
            ("", "The whole pathfinder"),
            *((str(period.pk), period.name) for period in periods),
        ]

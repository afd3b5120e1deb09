"""HTML input for the placements app: shape and field validation only. Rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from placements.models import (
    ApTier,
    ConsultationAnswer,
    ConsultationReason,
    NamingDecision,
    Phase,
    ProvisionType,
    RefusalReason,
    ReintegrationReview,
    ResidentialPattern,
    SenSetting,
    SettingImport,
)
from sendcpp.models import Document, Organisation
from sendcpp.needs import BroadArea, NeedType
from sendcpp.web.dates import DateField
from sendcpp.web.fields import radio_field, text_field

MAX_IMPORT_BYTES = 20 * 1024 * 1024


def decimal_field(label: str, *, places: int, width: int, **kwargs: Any) -> forms.DecimalField:
    """A number box ``width`` characters wide for a number with ``places`` decimal places; its
    arrows step by the smallest of them (0.1 for one place)."""
    return forms.DecimalField(
        label=label,
        decimal_places=places,
        widget=forms.NumberInput(
            attrs={"class": f"govuk-input--width-{width}", "step": f"{10**-places:.{places}f}"}
        ),
        **kwargs,
    )


def with_blank(choices: list[tuple[Any, str]], label: str = "Any") -> list[tuple[Any, str]]:
    return [("", label), *choices]


class SettingChoiceField(forms.ModelChoiceField):
    """A setting chosen from the directory, shown with its town or postcode."""

    def label_from_instance(self, obj: Organisation) -> str:
        where = obj.postcode or ""
        return f"{obj.name} ({where})" if where else obj.name


def setting_field(
    queryset: QuerySet[Organisation], *, label: str = "Setting", required: bool = True
) -> SettingChoiceField:
    return SettingChoiceField(
        queryset=queryset,
        label=label,
        required=required,
        empty_label="Choose a setting",
        error_messages={
            "required": "Choose a setting",
            "invalid_choice": "Choose a setting from the list",
        },
    )


# --- The directory --------------------------------------------------------------------------------


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label="Name, URN, town or postcode", required=False, max_length=100)
    provision_type = forms.ChoiceField(
        label="Type of setting", required=False, choices=with_blank(ProvisionType.choices)
    )
    phase = forms.ChoiceField(label="Phase", required=False, choices=with_blank(Phase.choices))
    broad_area = forms.ChoiceField(
        label="Designed for (broad area of need)",
        required=False,
        choices=with_blank(BroadArea.choices),
    )
    need_type = forms.ChoiceField(
        label="Designed for (type of need)", required=False, choices=with_blank(NeedType.choices)
    )


class SettingImportForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="A CSV or Excel (.xlsx) file, up to 20MB",
        error_messages={"required": "Choose the file to import"},
    )
    file_format = radio_field(
        "What the file holds", SettingImport.Format.choices, error="Choose what the file holds"
    )
    encoding = forms.ChoiceField(
        label="Text encoding (CSV only)",
        choices=[("utf-8", "UTF-8 (“CSV UTF-8”)"), ("cp1252", "Windows-1252 (GIAS downloads)")],
        initial="utf-8",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file must be smaller than 20MB")
        return upload


class SettingFactsForm(forms.Form):
    need_types = forms.MultipleChoiceField(
        label="Types of need it is designed for",
        choices=NeedType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    broad_areas = forms.MultipleChoiceField(
        label="Broad areas of need it is designed for",
        choices=BroadArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    places = forms.IntegerField(
        label="Places for children with EHC plans", min_value=0, max_value=10_000, required=False
    )
    vacancies = forms.IntegerField(
        label="Places free", min_value=0, max_value=10_000, required=False
    )
    vacancies_on = DateField(label="Places free as at", required=False)
    has_resourced_provision = forms.BooleanField(label="Has a resourced provision", required=False)
    has_sen_unit = forms.BooleanField(label="Has an SEN unit", required=False)
    is_section_41 = forms.BooleanField(label="Approved under section 41", required=False)
    senco_name = forms.CharField(label="SENCO's name", max_length=200, required=False)
    senco_email = forms.EmailField(label="SENCO's email address", required=False)


# --- Tailored lists -------------------------------------------------------------------------------


class ListCriteriaForm(forms.Form):
    starts_on = DateField(
        label="Expected start date", help_text="When the child would start, for example 1 9 2026"
    )
    max_distance_km = decimal_field(
        "Furthest distance from home, in km (optional)",
        places=1,
        width=5,
        help_text="In a straight line. Leave blank for any distance.",
        required=False,
        min_value=0.1,
        max_value=500,
    )
    provision_types = forms.MultipleChoiceField(
        label="Types of setting the family is interested in",
        help_text="Leave all unticked for any type except alternative provision and mainstream independent schools.",
        choices=ProvisionType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    only_with_vacancies = forms.BooleanField(label="Only settings with places free", required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AddSettingForm(forms.Form):
    setting = setting_field(Organisation.objects.none())
    note = text_field("Why it is on the list (optional)", required=False, rows=2, max_length=2000)


class FamilySettingForm(forms.Form):
    """The family adds a setting or asks about one."""

    setting = setting_field(Organisation.objects.none(), label="School or college")
    question = text_field(
        "Your question (optional when adding a setting)", required=False, rows=3, max_length=2000
    )


class AnswerQuestionForm(forms.Form):
    answer = text_field("Your answer", rows=3, max_length=4000)


class PrioritiesForm(forms.Form):
    priorities = text_field(
        "What matters to you in a school or college",
        required=False,
        rows=5,
        max_length=4000,
        help_text="For example, class sizes, travel, friends, a quiet space, specialist staff",
    )


class PreferenceForm(forms.Form):
    setting = setting_field(Organisation.objects.none(), label="The school or college you prefer")
    reasons = text_field("Why you prefer it (optional)", required=False, rows=3, max_length=4000)


# --- Consultations --------------------------------------------------------------------------------


class SendConsultationForm(forms.Form):
    setting = setting_field(Organisation.objects.none())
    reason = radio_field(
        "Why this setting",
        ConsultationReason.choices,
        error="Choose why this setting is being consulted",
    )
    sent_on = DateField(label="Date sent")
    starts_on = DateField(label="Proposed start date", required=False)
    message = text_field("Message to the setting", required=False, rows=4, max_length=4000)
    documents = forms.ModelMultipleChoiceField(
        label="Documents to share with the setting",
        help_text="The setting sees only these, and the child's name, date of birth and needs.",
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AnswerConsultationForm(forms.Form):
    answer = radio_field(
        "Can you meet the child's needs?",
        ConsultationAnswer.choices,
        error="Say whether you can meet the child's needs",
    )
    reasons = text_field("Your reasons", rows=5, max_length=8000)
    refusal_reason = forms.ChoiceField(
        label="If you cannot, the main reason",
        choices=with_blank(RefusalReason.choices, "Choose a reason"),
        required=False,
    )
    annual_cost = decimal_field(
        "Cost per year in pounds (optional)",
        places=2,
        width=10,
        help_text="For example, top-up funding or the placement fee",
        required=False,
        min_value=0,
        max_digits=9,
    )
    cost_notes = text_field("About the costs (optional)", required=False, rows=3, max_length=4000)


class DecideConsultationForm(forms.Form):
    decision = radio_field(
        "Decision", NamingDecision.choices, error="Choose whether to name the setting"
    )
    reasons = text_field(
        "Reasons (needed when not naming it)", required=False, rows=4, max_length=8000
    )
    placement_pattern = text_field(
        "Pattern of attendance (optional)",
        required=False,
        max_length=200,
        help_text="For example, full time, day placement",
    )


class WithdrawConsultationForm(forms.Form):
    reason = text_field("Reason for withdrawing", rows=3, max_length=2000)


# --- Placements -----------------------------------------------------------------------------------


class PlacementForm(forms.Form):
    setting = setting_field(Organisation.objects.none(), required=False)
    sen_setting = forms.ChoiceField(
        label="Or, when no setting applies, the SEN2 setting code",
        choices=with_blank(SenSetting.choices, "Not needed"),
        required=False,
    )
    rank = forms.TypedChoiceField(
        label="Placement",
        choices=[(1, "Main placement"), (2, "Dual placement (second)"), (3, "Third placement")],
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
    )
    provision_type = forms.ChoiceField(
        label="Type of placement",
        choices=with_blank(ProvisionType.choices, "As the directory says"),
        required=False,
    )
    sen_unit = forms.BooleanField(label="In an SEN unit", required=False)
    resourced_provision = forms.BooleanField(label="In a resourced provision", required=False)
    residential = forms.ChoiceField(
        label="Day or residential",
        choices=ResidentialPattern.choices,
        initial=ResidentialPattern.DAY,
    )
    starts_on = DateField(label="Start date")
    ap_tier = forms.TypedChoiceField(
        label="Alternative provision tier",
        choices=with_blank(ApTier.choices, "Not alternative provision"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    home_setting = setting_field(
        Organisation.objects.none(), label="Home school (alternative provision)", required=False
    )
    planned_return_on = DateField(label="Planned return date (tier 2)", required=False)
    next_review_on = DateField(label="First reintegration review (tiers 2 and 3)", required=False)


class EndPlacementForm(forms.Form):
    ends_on = DateField(label="End date")
    reason = text_field("Reason it ended", max_length=200)


class ReintegrationReviewForm(forms.Form):
    reviewed_on = DateField(label="Date of the review")
    outcome = radio_field(
        "Outcome", ReintegrationReview.Outcome.choices, error="Choose the outcome of the review"
    )
    notes = text_field("Notes", required=False, rows=4, max_length=8000)
    next_review_on = DateField(label="Next review", required=False)
    planned_return_on = DateField(label="New return date (when extending)", required=False)

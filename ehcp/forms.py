"""HTML input for the EHC journey: shape and field validation only. Rules live in services.

The advice templates are the typed forms here (``ADVICE_FORMS``), one per standard template,
sharing the plan's per-area grid (``AdviceRowForm``)."""

from __future__ import annotations

from typing import Any

from django import forms

from ehcp import selectors
from ehcp.models import (
    AdviceKind,
    AdviceTemplate,
    CeaseReason,
    DraftComment,
    FamilyView,
    GridArea,
    RequestSource,
    Review,
    SocialCareBasis,
)
from ehcp.selectors import Contributors
from sendcpp.child_forms import identity_fields
from sendcpp.models import EDUCATION_SETTING_KINDS, Child, Organisation, Team, User
from sendcpp.needs import BroadArea, NeedType
from sendcpp.web.dates import DateField, When
from sendcpp.web.fields import date_form, radio_field, text_field
from sendcpp.web.formsets import FormWithFormset


def text_area(
    label: str, *, required: bool = False, help_text: str = "", rows: int = 4
) -> forms.CharField:
    return text_field(label, required=required, help_text=help_text, rows=rows, max_length=10000)


def yes_no(
    label: str, *, help_text: str = "", yes: str = "Yes", no: str = "No"
) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=[("yes", yes), ("no", no)],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": f"Select {yes.lower()} or {no.lower()}"},
    )


def settings_queryset() -> Any:
    return Organisation.objects.filter(kind__in=EDUCATION_SETTING_KINDS).order_by("name")


class SettingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class LockVersionMixin(forms.Form):
    """The version of the plan the person started from: a save from an older one is refused."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


# --- Requests and decisions -----------------------------------------------------------------------


class RequestForm(forms.Form):
    source = radio_field(
        "Who made the request", RequestSource.choices, error="Select who made the request"
    )
    received_on = DateField(label="Date the request was received", when=When.TODAY_OR_PAST)
    details = text_area(
        "Summary of the request", help_text="What the request says about the child's needs"
    )


class NewChildRequestForm(RequestForm):
    legal_first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter the first name"}
    )
    legal_last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the last name"}
    )
    preferred_name = forms.CharField(
        label="Preferred name (optional)", max_length=100, required=False
    )
    date_of_birth = DateField(label="Date of birth", when=When.TODAY_OR_PAST, autocomplete="bday")
    sex = forms.ChoiceField(label="Sex", choices=Child.Sex.choices, widget=forms.RadioSelect)
    primary_need = forms.ChoiceField(
        label="Main type of need (if known)",
        choices=[("", "Not known yet"), *NeedType.choices],
        required=False,
    )
    setting = SettingChoiceField(
        label="School or setting they attend now (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="None",
    )
    team = forms.ModelChoiceField(
        label="Team that will handle the request",
        queryset=Team.objects.none(),
        empty_label="Choose a team",
        error_messages={"required": "Choose the team that will handle the request"},
    )

    field_order = [
        "team",
        "legal_first_name",
        "legal_last_name",
        "preferred_name",
        "date_of_birth",
        "sex",
        "ethnicity",
        "first_language",
        "upn",
        "upn_unknown_reason",
        "uln",
        "primary_need",
        "setting",
        "postcode",
        "source",
        "received_on",
        "details",
    ]

    def __init__(self, *args: Any, teams: Any = None, **kwargs: Any) -> None:
        """``teams``: the teams the person may choose from (a manager's); None for a coordinator,
        whose requests go to their own team."""
        super().__init__(*args, **kwargs)
        self.fields.update(identity_fields())
        self.order_fields(self.field_order)
        self.fields["setting"].queryset = settings_queryset()
        if teams is None:
            self.fields.pop("team")
        else:
            self.fields["team"].queryset = teams


class TransferInForm(NewChildRequestForm):
    from_la = forms.CharField(
        label="Council the plan came from",
        max_length=200,
        error_messages={"required": "Enter the council the plan came from"},
    )
    plan_made_on = DateField(label="Date the plan was made")
    last_reviewed_on = DateField(label="Date of the last review (if any)", required=False)
    transferred_on = DateField(label="Date the plan transferred to us")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("source", "received_on", "details"):
            self.fields.pop(name)


class DecisionForm(forms.Form):
    agree = yes_no("What did the council decide?")
    reasons = text_area(
        "Reasons for the decision",
        required=True,
        help_text="The family reads these in the decision letter. Write in plain English.",
        rows=6,
    )
    decided_on = DateField(label="Date of the decision")

    def __init__(self, *args: Any, yes: str = "Yes", no: str = "No", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agree"].choices = [("yes", yes), ("no", no)]
        self.fields["agree"].error_messages["required"] = "Select the decision"


class CeaseForm(forms.Form):
    reason_code = radio_field(
        "Why is the plan stopping?", CeaseReason.choices, error="Select why the plan is stopping"
    )
    reasons = text_area("Reasons for the decision", required=True, rows=6)
    decided_on = DateField(label="Date of the decision")


class CloseForm(forms.Form):
    reasons = text_area("Why is the case closing?", required=True)
    closed_on = DateField(label="Date the case closed")


class TransferNoticeForm(forms.Form):
    sent_on = DateField(label="Date the letter was sent")
    proposes_assessment = yes_no("Does the council propose a new assessment?")


class MoveOutForm(forms.Form):
    new_la = forms.CharField(label="Council the family is moving to", max_length=200)
    moved_on = DateField(label="Date of the move")
    became_aware_on = DateField(label="Date we found out about the move", when=When.TODAY_OR_PAST)


TransferOutForm = date_form("transferred_on", "Date the plan was sent to the new council")


class FamilyRequestForm(forms.Form):
    what = forms.ChoiceField(
        label="What are you asking for?",
        choices=[
            ("review", "An early review of the plan"),
            ("reassessment", "A new assessment of needs (a reassessment)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you are asking for"},
    )
    reasons = text_area("Tell us why", required=True, rows=6)


# --- Advice ---------------------------------------------------------------------------------------


class AdvisorChoiceField(forms.ModelChoiceField):
    """Someone who gives advice, as "Name — Profession, Service"."""

    def label_from_instance(self, obj: User) -> str:
        return obj.contributor_label


class AdviceRequestForm(forms.Form):
    kind = radio_field(
        "What advice do you need?",
        [choice for choice in AdviceKind.choices if choice[0] != AdviceKind.REVIEW],
        error="Select the advice you need",
    )
    advisor = AdvisorChoiceField(
        label="Who will give it (someone with a sign-in)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Someone without a sign-in: send them a link",
    )
    advisor_name = forms.CharField(
        label="Their name and role (if they have no sign-in)", max_length=200, required=False
    )
    advisor_profession = forms.ChoiceField(
        label="Their profession (if they have no sign-in)",
        choices=[("", "Not known"), *User.Profession.choices],
        required=False,
    )
    advisor_email = forms.EmailField(
        label="Their email address (if they have no sign-in)",
        required=False,
        help_text="We show you a single-use link to send them securely",
    )
    template = forms.ChoiceField(
        label="Advice template",
        choices=[("", "The usual template for this advice"), *AdviceTemplate.choices],
        required=False,
    )
    requested_on = DateField(label="Date of the request")
    questions = text_area("What would you like the advice to cover? (optional)")
    share_family_views = forms.BooleanField(
        label="Share the family's views with them", required=False, initial=True
    )
    share_other_advice = forms.BooleanField(
        label="Share advice already received with them", required=False
    )

    def __init__(
        self, *args: Any, review: bool = False, contributors: Contributors, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        advisor = self.fields["advisor"]
        advisor.queryset = contributors.people
        if contributors.filtered:
            advisor.label = "Who will give it (people whose profession gives this advice)"
        advisor.help_text = "Listed by profession: name — profession, service"
        if review:
            self.fields.pop("kind")
            advisor.label = "Who will contribute (someone with a sign-in)"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        advisor = data.get("advisor")
        if advisor is not None:
            data["advisor_name"] = data.get("advisor_name") or advisor.display_name
        elif not data.get("advisor_name"):
            self.add_error(
                "advisor_name", "Enter their name and role, or choose someone with a sign-in"
            )
        return data


#: The kinds of advice asked of several people at once (each lists the people whose profession
#: gives it: ``ehcp.models.ADVICE_PROFESSIONS``).
SEVERAL_KINDS: tuple[str, ...] = (
    AdviceKind.PSYCHOLOGICAL,
    AdviceKind.HEALTH,
    AdviceKind.SOCIAL_CARE,
    AdviceKind.EDUCATIONAL,
)


class SeveralAdviceForm(forms.Form):
    """Ask for the assessment's advice from several people at once: for each kind of advice,
    the contributors whose service gives it."""

    requested_on = DateField(label="Date of the requests")
    questions = text_area("What would you like the advice to cover? (optional)")
    share_family_views = forms.BooleanField(
        label="Share the family's views with them", required=False, initial=True
    )
    share_other_advice = forms.BooleanField(
        label="Share advice already received with them", required=False
    )

    def __init__(self, *args: Any, everyone: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(AdviceKind.choices)
        for kind in reversed(SEVERAL_KINDS):
            contributors = selectors.contributors_for(kind, everyone=everyone)
            field = AdvisorChoiceField(
                label=str(labels[kind]),
                queryset=contributors.people,
                required=False,
                empty_label="Do not ask now",
                help_text=""
                if contributors.filtered
                else "Everyone with a sign-in is listed, by profession",
            )
            self.fields = {f"advisor_{kind}": field, **self.fields}

    def asks(self) -> list[tuple[str, User]]:
        return [
            (kind, self.cleaned_data[f"advisor_{kind}"])
            for kind in SEVERAL_KINDS
            if self.cleaned_data.get(f"advisor_{kind}") is not None
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(data.get(f"advisor_{kind}") for kind in SEVERAL_KINDS):
            self.add_error(f"advisor_{SEVERAL_KINDS[0]}", "Choose at least one person to ask")
        return data


class WithdrawAdviceForm(forms.Form):
    reason = text_area("Why is the request being withdrawn?", required=True)


class AdviceRowForm(forms.Form):
    """One row of the grid the advice shares with the plan: need, provision and outcome."""

    area = forms.ChoiceField(
        label="Area", choices=[("", "Choose an area"), *GridArea.choices], required=False
    )
    need = text_area("Need", rows=3)
    provision_what = text_area("Provision: what support", rows=3)
    provision_who = forms.CharField(
        label="Provision: who provides it (role or qualification)", max_length=300, required=False
    )
    ratio = forms.CharField(
        label="Staff to child ratio",
        max_length=40,
        required=False,
        help_text="For example, 1:1 or 1:6",
    )
    frequency = forms.CharField(
        label="How often", max_length=120, required=False, help_text="For example, 3 times a week"
    )
    duration = forms.CharField(
        label="How long each time",
        max_length=120,
        required=False,
        help_text="For example, 30 minutes",
    )
    social_care_basis = forms.ChoiceField(
        label="Social care provision: H1 or H2 (social care rows only)",
        choices=[("", "Not social care"), *SocialCareBasis.choices],
        required=False,
    )
    outcome = text_area("Outcome sought", rows=3)
    outcome_timeframe = forms.CharField(
        label="Outcome time frame",
        max_length=120,
        required=False,
        help_text="For example, by the end of Year 6",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        filled = any(data.get(name) for name in ("need", "provision_what", "outcome"))
        if filled and not data.get("area"):
            self.add_error("area", "Choose the area this row is about")
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in ("need", "provision_what", "outcome"))


AdviceRowFormSet = forms.formset_factory(AdviceRowForm, extra=4, max_num=20, validate_max=True)


class AdviceBaseForm(FormWithFormset):
    """What every advice template asks, and the rows of needs, provision and outcomes."""

    formset_class = AdviceRowFormSet

    advisor_name = forms.CharField(
        label="Your name", max_length=200, error_messages={"required": "Enter your name"}
    )
    advisor_role = forms.CharField(
        label="Your role and qualification",
        max_length=200,
        error_messages={"required": "Enter your role and qualification"},
    )
    basis = text_area(
        "How you assessed the child or young person",
        required=True,
        help_text="Who you saw, when and where, and any assessments you used",
    )
    summary = text_area("Summary of your advice", required=True, rows=6)
    correction_reason = text_area(
        "What you corrected and why",
        help_text="Only when you are correcting advice you have already given",
    )
    report = forms.FileField(
        label="Your full report (optional)",
        required=False,
        help_text="A PDF or Word document (.docx), smaller than 20MB. The SEND team sees it "
        "with your advice.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    #: Fields that are not the template's content.
    NOT_CONTENT = frozenset(
        {"advisor_name", "advisor_role", "correction_reason", "report", "version"}
    )

    def __init__(
        self, *args: Any, correcting: bool = False, draft: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # The area strengths, the correction reason and the report come after the template's
        # own questions.
        for name in [name for name in self.fields if name.startswith("strengths_")]:
            self.fields[name] = self.fields.pop(name)
        for name in ("correction_reason", "report", "version"):
            self.fields[name] = self.fields.pop(name)
        if not correcting:
            self.fields.pop("correction_reason")
        else:
            self.fields["correction_reason"].required = True
            self.fields["correction_reason"].error_messages["required"] = (
                "Say what you corrected and why"
            )
        if draft:
            # A draft may be saved half written: nothing is required until it is submitted.
            for field in self.fields.values():
                field.required = False

    def filled_rows(self) -> list[dict[str, Any]]:
        """The rows the advisor wrote in (blank rows are left out)."""
        return [row.cleaned_data for row in self.formset if not row.is_blank]

    def content(self) -> dict[str, str]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.NOT_CONTENT and value
        }


class AreaStrengthsMixin(forms.Form):
    """The strengths box of each broad area, as on the plan (shown after the template's own
    questions)."""

    strengths_communication = text_area("Strengths: communication and interaction", rows=3)
    strengths_cognition = text_area("Strengths: cognition and learning", rows=3)
    strengths_semh = text_area("Strengths: social, emotional and mental health", rows=3)
    strengths_sensory = text_area("Strengths: sensory and/or physical", rows=3)


class SettingAdviceForm(AreaStrengthsMixin, AdviceBaseForm):
    """School or setting (educational advice): the pupil's and family's voice, what has been
    tried at SEN support, attendance and attainment, then the grid."""

    child_communication = text_area("How the child or young person communicates")
    child_views = text_area("The child's views: strengths, interests and skills")
    child_aspirations = text_area("The child's hopes for the future")
    parent_views = text_area("The parent or carer's views")
    primary_area = forms.ChoiceField(
        label="Main area of need",
        choices=[("", "Choose an area"), *BroadArea.choices],
        required=False,
    )
    attendance = forms.CharField(label="Attendance this year (%)", max_length=20, required=False)
    sen_support = text_area(
        "SEN support so far",
        help_text="What was put in place (assess, plan, do, review) and what difference it made",
    )
    attainment = text_area("Current attainment and progress")


class PsychologyAdviceForm(AreaStrengthsMixin, AdviceBaseForm):
    """Educational psychologist (psychological advice)."""

    involvement = text_area("Other professionals involved")
    background = text_area("Background")
    child_views = text_area("The child or young person's views")
    parent_views = text_area("The parent or carer's views")
    formulation = text_area(
        "Psychological formulation", help_text="Your understanding of the child's needs"
    )


class AdvisoryTeacherAdviceForm(AreaStrengthsMixin, AdviceBaseForm):
    """Advisory teacher (including a qualified teacher of vision or hearing impairment)."""

    specialism = forms.ChoiceField(
        label="Your specialism",
        choices=[
            ("vi", "Vision impairment"),
            ("hi", "Hearing impairment"),
            ("msi", "Multi-sensory impairment"),
            ("autism", "Autism"),
            ("physical", "Physical disability"),
            ("slcn", "Speech, language and communication"),
            ("other", "Other"),
        ],
    )
    functional_assessment = text_area("Functional assessment")
    environment = text_area("Changes to the learning environment")
    equipment = text_area("Specialist equipment")


class HealthAdviceForm(AdviceBaseForm):
    """Health (medical advice): history, health needs (C) and provision (G) in the grid."""

    medical_history = text_area("Medical history and diagnoses")
    health_needs = text_area("Health needs related to special educational needs")
    medication = text_area("Medication and health care plan")


class SocialCareAdviceForm(AdviceBaseForm):
    """Social care (and preparation for adulthood): needs (D), provision (H1 and H2) in the grid."""

    social_care_id = forms.CharField(
        label="Social care record number", max_length=40, required=False
    )
    child_views = text_area("The child or young person's views")
    parent_views = text_area("The parent or carer's views")
    family_context = text_area("Family circumstances relevant to the plan")
    quality_assured_by = forms.CharField(label="Quality assured by", max_length=200, required=False)


class ReviewContributionAdviceForm(AdviceBaseForm):
    """A contribution to an annual review from a setting or professional."""

    progress = text_area("Progress towards each outcome", required=True, rows=6)
    working_well = text_area("What is working well")
    not_working = text_area("What is not working well")
    changes = text_area("Changes you recommend to the plan")


ADVICE_FORMS: dict[str, type[AdviceBaseForm]] = {
    AdviceTemplate.SETTING: SettingAdviceForm,
    AdviceTemplate.PSYCHOLOGY: PsychologyAdviceForm,
    AdviceTemplate.ADVISORY_TEACHER: AdvisoryTeacherAdviceForm,
    AdviceTemplate.HEALTH: HealthAdviceForm,
    AdviceTemplate.SOCIAL_CARE: SocialCareAdviceForm,
    AdviceTemplate.REVIEW: ReviewContributionAdviceForm,
}


def advice_labels(template: str) -> dict[str, str]:
    """The label of each field of an advice template, for showing submitted advice."""
    form_class = ADVICE_FORMS[template]
    return {name: str(field.label) for name, field in form_class.base_fields.items()}


# --- The plan -------------------------------------------------------------------------------------


class ServicesForm(LockVersionMixin):
    health_professionals = text_area("GP and key health professionals")
    known_to_social_care = forms.BooleanField(label="Known to social care", required=False)
    looked_after = forms.BooleanField(label="Currently looked after", required=False)
    previously_looked_after = forms.BooleanField(label="Has been looked after", required=False)
    other_professionals = text_area("Other professionals involved")
    one_page_profile = forms.BooleanField(label="One-page profile received", required=False)
    moving_from_la = forms.CharField(
        label="Moving into the area with a plan from (council name, if any)",
        max_length=200,
        required=False,
    )


class HistoryForm(LockVersionMixin):
    history = text_area(
        "A1: summary of history",
        help_text="Brief circumstances and proposed future learning. About 500 words at most.",
        rows=10,
    )
    communication = text_area("How to communicate with and involve them in decisions", rows=6)


class ViewsForm(LockVersionMixin):
    views = text_area("A2: views", help_text="From person-centred conversations", rows=6)
    views_gathered = text_area(
        "How the views were gathered, and by whom",
        help_text="For example, drawings made with the teaching assistant in October",
        rows=2,
    )
    interests = text_area("A2: interests")
    strengths = text_area(
        "A2: strengths", help_text="All the strengths go here; needs go in B, C and D"
    )
    aspirations = text_area("A2: aspirations")
    parent_views = text_area(
        "Parent or carer views", help_text="Not needed when a young person applied themself"
    )


class BudgetForm(LockVersionMixin):
    personal_budget = text_area(
        "J: personal budget", help_text="How it supports the outcomes and what it covers"
    )
    direct_payments = text_area("J: arrangements for direct payments")


SECTION_FORMS: dict[str, tuple[str, type[forms.Form]]] = {
    "services": ("Personal details and services involved", ServicesForm),
    "history": ("A1: history, and how to communicate with them", HistoryForm),
    "views": ("A2: views, interests, strengths and aspirations", ViewsForm),
    "budget": ("J: personal budget and direct payments", BudgetForm),
}


class AreaStrengthsForm(LockVersionMixin):
    text = text_area("Strengths in this area", rows=4)


class PlanRowForm(LockVersionMixin, AdviceRowForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].required = True
        self.fields["area"].error_messages["required"] = "Choose the area of need"


class DeleteRowForm(LockVersionMixin):
    pass


class PullAdviceForm(LockVersionMixin):
    rows = forms.MultipleChoiceField(
        label="Rows of advice to use",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one row"},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rows"].choices = choices


IssueDraftForm = date_form("served_on", "Date the draft is sent to the family")


IssueFinalForm = date_form("issued_on", "Date the final plan is issued")


AmendmentNoticeForm = date_form("sent_on", "Date the proposed amendments are sent")


class NotAmendingForm(forms.Form):
    reasons = text_area("Reasons for not amending the plan", required=True, rows=6)
    decided_on = DateField(label="Date of the decision")


class NameSettingForm(forms.Form):
    setting = SettingChoiceField(
        label="School, college or setting to name in section I",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Select the setting", "invalid_choice": "Select the setting"},
    )
    placement_type = forms.CharField(
        label="Type of setting (optional)",
        max_length=200,
        required=False,
        help_text="For example, mainstream primary with a resourced provision",
    )
    placement_pattern = forms.CharField(
        label="Attendance pattern (optional)",
        max_length=100,
        required=False,
        help_text="Day, weekly residential or termly residential",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["setting"].queryset = settings_queryset()


# --- The family -----------------------------------------------------------------------------------


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one GOV.UK file upload (``<input type="file" multiple>``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class FamilyViewForm(forms.Form):
    about = radio_field(
        "Whose views are these?", FamilyView.About.choices, error="Select whose views these are"
    )
    text = text_area(
        "Views",
        required=False,
        help_text="What is important, what is working, what is not, and hopes for the future",
        rows=8,
    )
    files = MultipleFileField(
        label="Add pictures, recordings, videos or documents (optional)",
        required=False,
        help_text=(
            "For example, a photo of a drawing, or a short recording of your child talking. "
            "Up to 5 files. Each must be a JPG, PNG, MP3, M4A, MP4, MOV, PDF or Word file, "
            "smaller than 20MB."
        ),
    )
    how_gathered = forms.CharField(
        label="How were these views gathered? (optional)",
        max_length=300,
        required=False,
        help_text="For example, we talked about it at home with pictures",
    )

    def __init__(self, *args: Any, young_person: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if young_person:
            self.fields["about"].choices = [
                (FamilyView.About.CHILD, "My own views"),
                (FamilyView.About.PARENT, "My parent's or carer's views"),
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("files"):
            self.add_error("text", "Enter the views, or add a file")
        return data


#: The parts of a draft the family comments on, one by one: B, F and E for each broad area, then
#: health, social care, I and the rest (the whole-area choices are kept only for older comments).
COMMENT_SECTIONS = [
    (value, label)
    for value, label in DraftComment.Section.choices
    if value
    not in {
        DraftComment.Section.COMMUNICATION,
        DraftComment.Section.COGNITION,
        DraftComment.Section.SEMH,
        DraftComment.Section.SENSORY,
    }
]


class DraftCommentForm(forms.Form):
    section = forms.ChoiceField(
        label="Which part of the plan is your comment about?",
        choices=[("", "Choose a part of the plan"), *COMMENT_SECTIONS],
        error_messages={"required": "Choose the part of the plan"},
    )
    text = text_area("Your comment", required=True, rows=6)


class PreferenceForm(forms.Form):
    setting = SettingChoiceField(
        label="School or college you would like",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="It is not in this list",
    )
    setting_name = text_field(
        "Name of the school or college, if it is not in the list", required=False, max_length=200
    )
    reasons = text_area("Why you would like this school or college (optional)")
    wants_meeting = forms.BooleanField(
        label="I would like to meet someone from the council", required=False
    )
    finished_commenting = forms.BooleanField(
        label="I have finished commenting on the draft plan",
        required=False,
        help_text="The council can then issue the final plan without waiting for the end of the 15 days",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["setting"].queryset = settings_queryset()


class ReviewContributionForm(forms.Form):
    progress = text_area("How are things going towards the outcomes in the plan?")
    working_well = text_area("What is working well?")
    not_working = text_area("What is not working well?")
    changes = text_area("What would you like to change?")


# --- Reviews --------------------------------------------------------------------------------------


class ScheduleReviewForm(forms.Form):
    meeting_on = DateField(label="Date of the review meeting")
    phase_transfer = forms.ChoiceField(
        label="Is a move to the next phase of education due in the next 12 months?",
        choices=Review.PhaseTransfer.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    transfer_on = DateField(label="Date of the move (if there is one)", required=False)


SentOnForm = date_form("sent_on", "Date sent")


class ReviewMeetingForm(forms.Form):
    held_on = DateField(label="Date of the meeting")
    attendees = text_area("Who came", required=True, rows=3)
    notes = text_area(
        "What the meeting discussed",
        required=True,
        help_text="Progress towards the outcomes, views, and any changes recommended",
        rows=8,
    )


class ReviewReportForm(forms.Form):
    report = text_area(
        "Review report",
        required=True,
        help_text="Recommendations on amendments and any differences of view",
        rows=10,
    )
    sent_on = DateField(label="Date the report was sent")


class ReviewDecisionForm(forms.Form):
    outcome = radio_field(
        "What did the council decide?", Review.Outcome.choices, error="Select the decision"
    )
    cease_reason = forms.ChoiceField(
        label="If stopping the plan: why?",
        choices=[("", "Not stopping the plan"), *CeaseReason.choices],
        required=False,
    )
    reasons = text_area("Reasons for the decision", required=True, rows=6)
    decided_on = DateField(label="Date of the decision")

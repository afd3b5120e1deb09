"""HTML input for the partnership: shape and field validation only. Rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms

from partnerships.cadence import MAX_MEETINGS_PER_SERIES
from partnerships.models import (
    PLAN_SECTIONS,
    AttendanceStatus,
    BoardActionStatus,
    BoardMember,
    InclusionPlan,
    Meeting,
    MemberRole,
)
from sendcpp.models import Organisation, User
from sendcpp.web.dates import DateField


def _required(message: str) -> dict[str, str]:
    return {"required": message}


def _count(
    label: str, *, most: int, fewest: int = 1, required_message: str, **kwargs: Any
) -> forms.IntegerField:
    """A small whole number (members, weeks, days) in a narrow box."""
    return forms.IntegerField(
        label=label,
        min_value=fewest,
        max_value=most,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages=_required(required_message),
        **kwargs,
    )


class BoardSetUpForm(forms.Form):
    name = forms.CharField(
        label="Name of the board",
        max_length=200,
        initial="Local SEND and AP Partnership Board",
        error_messages=_required("Enter the board's name"),
    )


class BoardRulesForm(forms.Form):
    name = forms.CharField(
        label="Name of the board", max_length=200, error_messages=_required("Enter the name")
    )
    quorum_minimum = _count(
        "Quorum: fewest members present",
        most=100,
        required_message="Enter the quorum",
        help_text="The roles that must also be present are set in the list of required roles.",
    )
    meeting_interval_weeks = _count(
        "Usual weeks between meetings",
        most=52,
        required_message="Enter how many weeks apart meetings are",
    )
    reminder_days = _count(
        "Remind action owners this many days before the due date",
        most=60,
        fewest=0,
        required_message="Enter how many days ahead to remind owners",
    )


class RequiredRoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Role", choices=MemberRole.choices, error_messages=_required("Choose a role")
    )
    minimum_members = _count(
        "How many members in this role",
        most=20,
        required_message="Enter how many members the role needs",
        initial=1,
    )
    required_for_quorum = forms.BooleanField(
        label="Someone in this role must be present for the board to decide", required=False
    )


class MemberForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages=_required("Enter the member's name")
    )
    role = forms.ChoiceField(
        label="Role on the board",
        choices=[("", "Choose a role"), *MemberRole.choices],
        error_messages=_required("Choose the member's role"),
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not in the list",
    )
    organisation_name = forms.CharField(
        label="Organisation, if not in the list",
        max_length=200,
        required=False,
        help_text="For example, the parent carer forum",
    )
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    user = forms.ModelChoiceField(
        label="Their staff account in this service",
        queryset=User.objects.none(),
        required=False,
        empty_label="None",
        help_text="Members with a staff account can sign in to see the board and their actions.",
    )
    is_chair = forms.BooleanField(label="Chairs the board", required=False)
    starts_on = DateField(label="Start of term")
    ends_on = DateField(
        label="End of term",
        required=False,
        help_text="Leave empty if open-ended. For example, 31 8 2027",
    )

    def __init__(self, *args: Any, local_authority: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = self.fields["organisation"]
        organisations.queryset = Organisation.objects.order_by("name")  # type: ignore[attr-defined]
        accounts = self.fields["user"]
        accounts.queryset = User.objects.filter(  # type: ignore[attr-defined]
            organisation=local_authority,
            account_type=User.AccountType.STAFF,
            staff_profile__isnull=False,
            is_active=True,
        ).order_by("last_name", "first_name")
        accounts.label_from_instance = lambda u: f"{u.display_name} ({u.username})"  # type: ignore[attr-defined]


class ScheduleMeetingsForm(forms.Form):
    first_on = DateField(label="Date of the first meeting")
    count = _count(
        "How many meetings",
        most=MAX_MEETINGS_PER_SERIES,
        required_message="Enter how many meetings to schedule",
        initial=6,
    )
    interval_weeks = _count(
        "Weeks between meetings",
        most=52,
        required_message="Enter how many weeks apart the meetings are",
        help_text="A meeting that falls on a weekend or bank holiday moves to the next working day.",
    )
    starts_at = forms.TimeField(
        label="Start time",
        initial="10:00",
        input_formats=["%H:%M", "%H.%M"],
        help_text="For example, 10:00 or 14:30",
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter a time like 10:00 or 14:30",
        },
    )
    location = forms.CharField(label="Where", max_length=200, required=False)


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        label="Item", max_length=200, error_messages=_required("Enter the item")
    )
    presenter = forms.CharField(label="Presented by", max_length=200, required=False)
    description = forms.CharField(
        label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PaperForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages=_required("Enter a title for the paper")
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="PDF, Word (.docx), JPG or PNG, smaller than 20MB",
        error_messages=_required("Select a file"),
    )


class AttendanceForm(forms.Form):
    """One question per member of the board on the day of the meeting."""

    def __init__(
        self, *args: Any, members: list[BoardMember], current: dict[int, str], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            role = member.get_role_display()
            org = member.organisation_label
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=f"{member.full_name} ({role}{', ' + org if org else ''})",
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                initial=current.get(member.pk, AttendanceStatus.PRESENT),
                error_messages=_required(f"Choose whether {member.full_name} was there"),
            )

    def statuses(self) -> dict[int, str]:
        return {member.pk: self.cleaned_data[f"member_{member.pk}"] for member in self.members}


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label="Minutes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    text = forms.CharField(
        label="What did the board decide?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages=_required("Enter the decision"),
    )


class ActionForm(forms.Form):
    description = forms.CharField(
        label="Action",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Enter the action"),
    )
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=BoardMember.objects.none(),
        empty_label="Choose a member",
        error_messages={"required": "Choose the owner", "invalid_choice": "Choose the owner"},
    )
    due_on = DateField(label="Due date")
    measure = forms.CharField(
        label="How will the board know it has worked? (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    plan = forms.ModelChoiceField(
        label="Inclusion plan action",
        queryset=InclusionPlan.objects.none(),
        required=False,
        empty_label="Not a plan action",
        help_text="Plan actions are listed in the Local Area Inclusion Plan.",
    )

    def __init__(self, *args: Any, members: Any, plans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = members  # type: ignore[attr-defined]
        owner.label_from_instance = lambda m: f"{m.full_name} ({m.get_role_display()})"  # type: ignore[attr-defined]
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]


class ActionProgressForm(forms.Form):
    note = forms.CharField(
        label="Progress",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages=_required("Enter what has happened"),
    )
    status = forms.ChoiceField(
        label="Status",
        choices=BoardActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Choose the status"),
    )


class PlanForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        initial="Local Area Inclusion Plan",
        error_messages=_required("Enter the plan's title"),
    )
    covers_from = DateField(label="Start date")
    covers_to = DateField(label="End date")


class PlanDraftForm(forms.Form):
    """The national template's sections, and the revision the writer started from."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field, heading, hint in PLAN_SECTIONS:
            self.fields[field] = forms.CharField(
                label=heading,
                help_text=hint,
                required=False,
                widget=forms.Textarea(attrs={"rows": 8}),
            )

    def sections(self) -> dict[str, str]:
        return {field: self.cleaned_data[field] for field, _h, _hint in PLAN_SECTIONS}


class ApprovePlanForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label="Meeting at which the board approved it",
        queryset=Meeting.objects.none(),
        empty_label="Choose a meeting",
        help_text="Only meetings whose attendance is recorded are listed.",
        error_messages={"required": "Choose the meeting", "invalid_choice": "Choose the meeting"},
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting = self.fields["meeting"]
        meeting.queryset = meetings  # type: ignore[attr-defined]
        meeting.label_from_instance = lambda m: f"{m.meets_on:%-d %B %Y}"  # type: ignore[attr-defined]


class EngagementForm(forms.Form):
    title = forms.CharField(
        label="What was the activity?",
        max_length=200,
        help_text="For example, a workshop with the parent carer forum",
        error_messages=_required("Enter what the activity was"),
    )
    held_on = DateField(label="Date")
    participants_count = forms.IntegerField(
        label="How many people took part",
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages=_required("Enter how many people took part"),
    )
    groups = forms.CharField(
        label="Which groups took part",
        max_length=300,
        help_text="Groups and numbers only, never names. For example, 12 parents of primary-age "
        "children; 8 young people from the youth forum",
        error_messages=_required("Enter which groups took part"),
    )
    what_was_asked = forms.CharField(
        label="What were they asked?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required("Enter what people were asked"),
    )
    what_changed = forms.CharField(
        label="What changed as a result?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required("Enter what changed as a result"),
    )

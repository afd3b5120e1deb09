"""HTML input for the shared case model: shape and field validation only. Rules live in services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm

from sendcpp.models import (
    EDUCATION_SETTING_KINDS,
    Audience,
    Document,
    Organisation,
    StaffProfile,
    Stage,
    Team,
    User,
)
from sendcpp.needs import NeedType
from sendcpp.shapes import ShapedQuery
from sendcpp.web.dates import DateField, When
from sendcpp.web.fields import RowChoiceField, radio_field
from sendcpp.web.widgets import QuickSelect


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been closed. Contact the SEND team.",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Username"
        # No autofocus: it skips the page heading and the skip link for screen reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-5",
            }
        ),
        error_messages={
            "required": "Enter the 6-digit security code",
            "min_length": "Enter the 6-digit security code",
            "max_length": "Enter the 6-digit security code",
        },
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("The security code must be 6 digits")
        return token


#: Age bands for the case filters: key, label, and the ages from and to (inclusive).
AGE_BANDS: tuple[tuple[str, str, int, int], ...] = (
    ("0-4", "Under 5", 0, 4),
    ("5-10", "5 to 10", 5, 10),
    ("11-15", "11 to 15", 11, 15),
    ("16-19", "16 to 19", 16, 19),
    ("20-25", "20 to 25", 20, 25),
)


class CaseFilterForm(forms.Form):
    """Filters shared by the caseload and the manager's list of all cases."""

    q = forms.CharField(
        label="Search within these cases",
        help_text="A child's first name or surname, or a case reference",
        max_length=100,
        required=False,
    )
    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[("", "Any stage"), *Stage.choices],
        widget=QuickSelect,
    )
    due = forms.ChoiceField(
        label="Deadline",
        required=False,
        choices=[("", "Any"), ("overdue", "Overdue"), ("week", "Due within 7 days")],
        widget=QuickSelect,
    )
    need = forms.ChoiceField(
        label="Primary need",
        required=False,
        choices=[("", "Any need"), *NeedType.choices],
        widget=QuickSelect,
    )
    setting = forms.ChoiceField(
        label="Type of setting",
        required=False,
        choices=[("", "Any setting"), *Organisation.Kind.choices],
        widget=QuickSelect,
    )
    age = forms.ChoiceField(
        label="Age",
        required=False,
        choices=[("", "Any age"), *((key, label) for key, label, _, _ in AGE_BANDS)],
        widget=QuickSelect,
    )
    team = RowChoiceField(
        label="Team",
        required=False,
        queryset=Team.objects.none(),
        empty_label="Any team",
        columns=("id", "name"),
        row_label=lambda row: row[1],
        widget=QuickSelect,
    )
    coordinator = RowChoiceField(
        label="Coordinator",
        required=False,
        queryset=User.objects.none(),
        empty_label="Anyone",
        # Every coordinator of the authority: read as the columns of their names, not as whole
        # accounts, and written in one pass, not a template per option.
        columns=("id", "first_name", "last_name", "username"),
        row_label=lambda row: User.display_name_of(*row[1:]),
        widget=QuickSelect,
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            ("due", "Next deadline"),
            ("surname", "Child's surname"),
            ("stage", "Stage"),
            ("opened", "Date the case opened"),
        ],
        widget=QuickSelect,
    )
    order = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[("asc", "Ascending"), ("desc", "Descending")],
        widget=QuickSelect,
    )

    def offer_coordinators(self, people: ShapedQuery) -> None:
        """Let the list be narrowed to one of ``people``, listed by name, A to Z by surname
        (a manager's list offers every coordinator of the authority)."""
        field = cast(RowChoiceField, self.fields["coordinator"])
        field.offer(people.then("by name", lambda q: q.order_by("last_name", "first_name", "id")))

    def offer_teams(self, teams: ShapedQuery) -> None:
        """Let the list be narrowed to one of ``teams``, A to Z."""
        field = cast(RowChoiceField, self.fields["team"])
        field.offer(teams.then("by name", lambda q: q.order_by("name", "id")))


class ChildSearchForm(forms.Form):
    q = forms.CharField(
        label="Name, UPN or case reference",
        help_text="For example, Smith, A123456789012 or LA-25-000123",
        max_length=100,
        required=False,
    )
    date_of_birth = DateField(label="Date of birth", when=When.TODAY_OR_PAST, required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if not (data.get("q") or "").strip() and not data.get("date_of_birth") and not self.errors:
            raise forms.ValidationError("Enter a name, UPN, case reference or date of birth")
        return data


class DocumentUploadForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    kind = forms.ChoiceField(label="Type of document", choices=Document.Kind.choices)
    audience = forms.ChoiceField(
        label="Who can see it",
        choices=Audience.choices,
        widget=forms.RadioSelect,
        initial=Audience.STAFF,
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="PDF, Word (.docx), JPG, PNG, MP3, M4A, MP4 or MOV, smaller than 20MB",
        error_messages={"required": "Select a file"},
    )


class AssignCoordinatorForm(forms.Form):
    coordinator = forms.ModelChoiceField(
        label="New coordinator",
        queryset=User.objects.none(),
        error_messages={
            "required": "Select a coordinator",
            "invalid_choice": "Select a coordinator",
        },
    )


class ReassignCasesForm(forms.Form):
    """Several of one coordinator's cases to another coordinator."""

    source = forms.ChoiceField(
        label="Whose cases",
        error_messages={"required": "Select whose cases to move"},
        widget=QuickSelect,
    )
    cases = forms.MultipleChoiceField(
        label="Cases to move",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the cases to move"},
    )
    coordinator = forms.ModelChoiceField(
        label="New coordinator",
        queryset=User.objects.none(),
        error_messages={
            "required": "Select a coordinator",
            "invalid_choice": "Select a coordinator",
        },
        widget=QuickSelect,
    )

    def __init__(self, data: Any, *, coordinators: Any) -> None:
        super().__init__(data)
        self.fields["source"].choices = [("", "Choose a coordinator")] + [
            (str(person.public_id), person.display_name) for person in coordinators
        ]
        self.fields["coordinator"].queryset = coordinators
        self.fields["coordinator"].label_from_instance = lambda person: person.display_name


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter a note"},
    )


class DeadlineExceptionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Reason the time limit does not apply",
        widget=forms.RadioSelect,
        choices=[],
        error_messages={"required": "Choose the reason"},
    )
    reason = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter what happened"},
    )
    evidence = forms.CharField(
        label="Evidence (optional)",
        help_text="For example, the school's closure dates or the letter from the family",
        max_length=300,
        required=False,
    )


class InviteStaffForm(forms.Form):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter their last name"}
    )
    email = forms.EmailField(
        label="Work email address",
        help_text="We send the link to set their password here",
        max_length=254,
        error_messages={
            "required": "Enter their work email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    username = forms.RegexField(
        label="Username",
        help_text="Letters, numbers and . _ - only, for example jsmith",
        regex=r"^[A-Za-z0-9._-]+$",
        max_length=150,
        error_messages={
            "required": "Enter a username",
            "invalid": "Username must contain only letters, numbers and . _ -",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label="Role",
        choices=StaffProfile.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )
    team = forms.ModelChoiceField(
        label="Team (optional)",
        help_text="Coordinators see their team's cases",
        queryset=Team.objects.none(),
        required=False,
        empty_label="No team",
        error_messages={"invalid_choice": "Choose a team from the list"},
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=StaffProfile.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )


class ProfessionForm(forms.Form):
    """A professional's profession and service (the advisor lists show and filter by them)."""

    profession = forms.ChoiceField(
        label="Profession",
        choices=[("", "Choose a profession"), *User.Profession.choices],
        error_messages={"required": "Choose their profession"},
    )
    organisation = forms.ModelChoiceField(
        label="Service they work for",
        queryset=Organisation.objects.exclude(kind__in=EDUCATION_SETTING_KINDS).order_by("name"),
        empty_label="Choose a service",
        error_messages={
            "required": "Choose the service they work for",
            "invalid_choice": "Choose a service from the list",
        },
    )


class ChoosePasswordForm(SetPasswordForm):
    """The invited person's first password (Django's rules: length, similarity, common)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Choose a password"
        self.fields[
            "new_password1"
        ].help_text = "At least 12 characters. A few words together work well."
        self.fields["new_password2"].label = "Type the password again"
        self.fields["new_password2"].help_text = ""
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": "The passwords do not match. Type the same password twice.",
        }
        self.fields["new_password1"].error_messages["required"] = "Choose a password"
        self.fields["new_password2"].error_messages["required"] = "Type the password again"


class FamilySharingForm(forms.Form):
    shares = radio_field(
        "Can your parents or carers see your case?",
        [("yes", "Yes"), ("no", "No")],
        error="Choose yes or no",
    )


class ContactPreferencesForm(forms.Form):
    contact_format = radio_field(
        "How should we send you letters and updates?",
        [
            ("email", "By email"),
            ("phone", "By email and text message"),
            ("post", "By post"),
            ("large_print", "By post, in large print"),
            ("easy_read", "In easy read"),
            ("braille", "In Braille"),
        ],
        error="Choose how we should contact you",
    )
    phone = forms.CharField(
        label="Mobile phone number for text messages (optional)",
        required=False,
        max_length=30,
        help_text="Texts only say that there is an update. They never name your child.",
    )
    contact_language = forms.CharField(
        label="Which language would you like us to use?",
        max_length=60,
        error_messages={"required": "Enter the language you would like us to use"},
        help_text="We can translate letters and bring an interpreter to meetings, for free.",
    )
    needs_interpreter = forms.BooleanField(
        label="I would like an interpreter at meetings", required=False
    )
    wants_digest = radio_field(
        "How often should we email you?",
        [("each", "Each time there is an update"), ("daily", "Once a day, with a summary")],
        error="Choose how often we should email you",
    )

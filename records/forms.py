"""Forms of the records pages."""

from __future__ import annotations

from typing import Any

from django import forms

from records.models import DisclosurePurpose, LawfulBasis, RecipientKind
from sendcpp.models import Team
from sendcpp.web.dates import DateField
from sendcpp.web.fields import radio_field, text_field

#: The largest exchange document accepted (a plan with every section full is well under this).
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024


class PlanTransferForm(forms.Form):
    document = forms.FileField(
        label="Upload the plan file from the other council",
        help_text="The .json file the other council exported from its case management system.",
        error_messages={
            "required": "Select the plan file",
            "empty": "The selected file is empty",
        },
    )
    transferred_on = DateField(label="Date the plan transferred to us")
    team = forms.ModelChoiceField(
        label="Team that will keep the case",
        queryset=Team.objects.none(),
        required=False,
        empty_label="Choose a team",
    )

    def __init__(self, *args: Any, teams: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if teams is None:
            self.fields.pop("team")
        else:
            self.fields["team"].queryset = teams
            self.fields["team"].required = True
            self.fields["team"].error_messages["required"] = "Choose a team"

    def clean_document(self) -> bytes:
        upload = self.cleaned_data["document"]
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 2 MB")
        return bytes(upload.read())


class DisclosureForm(forms.Form):
    recipient_kind = radio_field(
        "Who was it disclosed to?", RecipientKind.choices, error="Select who it was disclosed to"
    )
    recipient = text_field("Name of the person or organisation")
    what = text_field("What was disclosed", help_text="For example, the final plan of 3 March 2026")
    purpose = radio_field(
        "Why was it disclosed?", DisclosurePurpose.choices, error="Select why it was disclosed"
    )
    lawful_basis = radio_field("Lawful basis", LawfulBasis.choices, error="Select the lawful basis")
    details = text_field("Anything else to record (optional)", required=False, rows=3)
    disclosed_on = DateField(label="Date it was disclosed")


#: The largest caseload file accepted through the page.
MAX_CASELOAD_BYTES = 50 * 1024 * 1024


class CaseloadForm(forms.Form):
    file = forms.FileField(
        label="Upload the caseload file",
        help_text="A .csv file (saved as UTF-8) or an .xlsx file in the layout of the template, "
        "or last year's SEN2 person-level return (.xml), up to 50 MB.",
        error_messages={
            "required": "Select the caseload file",
            "empty": "The selected file is empty",
        },
    )

    team = forms.ModelChoiceField(
        label="Team that keeps the cases (SEN2 file only)",
        queryset=Team.objects.none(),
        required=False,
        empty_label="Choose a team",
        help_text="A SEN2 return names no team.",
    )

    def __init__(self, *args: Any, teams: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["team"].queryset = teams

    def clean_file(self) -> tuple[str, bytes]:
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith((".csv", ".xlsx", ".xml")):
            raise forms.ValidationError(
                "The selected file must be a CSV, an .xlsx or a SEN2 .xml file"
            )
        if upload.size > MAX_CASELOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 50 MB")
        return name, bytes(upload.read())


class RejectDisposalForm(forms.Form):
    note = text_field("Why is the list not approved?", rows=3)


class LegalHoldForm(forms.Form):
    reason = text_field(
        "Why must the records be kept?",
        rows=3,
        help_text="For example, an open complaint to the ombudsman or a claim against the council.",
    )


class ReleaseHoldForm(forms.Form):
    release_reason = text_field("Why can the hold end?", rows=3)


class SubjectAccessForm(forms.Form):
    requester_name = text_field("Who made the request")
    requester_relationship = text_field(
        "Their relationship to the child or young person",
        help_text="For example, the young person themself, their mother, or a solicitor acting for them.",
    )
    received_on = DateField(label="Date the council received the request")


class AssembleForm(forms.Form):
    """Which items to withhold (each with its reason) and which words to redact."""

    redact_words = text_field(
        "Words to replace with “[redacted]” (optional)",
        required=False,
        rows=4,
        help_text="One name or phrase on each line: for example, a brother's name in a report.",
    )

    def __init__(self, *args: Any, items: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for number, item in enumerate(items):
            self.fields[f"withhold_{number}"] = forms.CharField(
                label=f"Withhold “{item['title']}” ({item['kind']}): reason (optional)",
                required=False,
                max_length=300,
                help_text=item["third_party"] or None,
            )

    def withheld(self) -> dict[str, str]:
        return {
            item["key"]: self.cleaned_data[f"withhold_{number}"]
            for number, item in enumerate(self.items)
            if self.cleaned_data.get(f"withhold_{number}", "").strip()
        }


class ReleaseForm(forms.Form):
    released_on = DateField(label="Date the bundle was given")
    method = text_field(
        "How it was given", help_text="For example, secure email or collected in person."
    )

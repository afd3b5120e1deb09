"""HTML input for the dashboard: the SEN2 census year, and a release of published statistics
to load. (The area chooser is a plain select in the template, rendered once and cached: it has
some 170 options.)"""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.files.uploadedfile import UploadedFile

from dashboard.datasets import DATASETS
from sendcpp.web.dates import DateField, When


class Sen2YearForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Census year",
        help_text="The return for a year covers plans at the January census and the activity of "
        "the calendar year before.",
        coerce=int,
        choices=[],
        error_messages={
            "required": "Choose a census year",
            "invalid_choice": "Choose a census year",
        },
    )

    def __init__(self, *args: object, this_year: int, **kwargs: object):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            (year, f"January {year}") for year in range(this_year + 1, this_year - 4, -1)
        ]


MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one file input (a folder of a release's CSV files)."""

    def __init__(self, *args: object, **kwargs: object):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            return super().clean(None, initial)
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class StatisticsUploadForm(forms.Form):
    """A release of published statistics: its open-data CSV files, each named after its data
    set (``caseload.csv``), and the release they come from."""

    files = MultipleFileField(
        label="Upload the release's CSV files",
        help_text="Choose every file of the release at once. Each file keeps the name it is "
        "published under, such as caseload.csv. Up to 100 MB in all; for a larger release, "
        "ask for it to be loaded with the load_published_statistics command.",
        error_messages={
            "required": "Select the CSV files of the release",
            "empty": "The selected file is empty",
        },
    )
    reporting_year = forms.IntegerField(
        label="Reporting year of the release",
        help_text="For example, 2025 for the release published in June 2025",
        min_value=2010,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the reporting year of the release",
            "invalid": "The reporting year must be a year, like 2025",
            "min_value": "The reporting year must be 2010 or later",
        },
    )
    published_on = DateField(
        label="Date the release was published",
        when=When.TODAY_OR_PAST,
        required_message="Enter the date the release was published",
    )

    def __init__(self, *args: object, today: date, **kwargs: object):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_files(self) -> list[UploadedFile]:
        files = self.cleaned_data["files"]
        problems = []
        seen: set[str] = set()
        for upload in files:
            name = upload.name or ""
            stem, _, extension = name.rpartition(".")
            if extension.lower() != "csv":
                problems.append(f"{name} is not a CSV file: upload the release's .csv files")
            elif stem not in DATASETS:
                problems.append(
                    f"{name} is not a data set the dashboard reads: name each file after its "
                    f"data set ({', '.join(sorted(DATASETS))})"
                )
            elif stem in seen:
                problems.append(f"{name} was selected twice: select each file once")
            seen.add(stem)
        if sum(upload.size or 0 for upload in files) > MAX_UPLOAD_BYTES:
            problems.append("The files must add up to 100 MB or less")
        if problems:
            raise forms.ValidationError(problems)
        return files

    def clean_reporting_year(self) -> int:
        year = self.cleaned_data["reporting_year"]
        if year > self.today.year + 1:
            raise forms.ValidationError(
                f"The reporting year must be {self.today.year + 1} or earlier"
            )
        return year

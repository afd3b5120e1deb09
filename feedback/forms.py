"""HTML input for feedback: shape and field validation only. Rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms

from feedback.models import ForumFeedback, Pattern, Question, Reform, Touchpoint, Variant
from sendcpp.web.dates import DateField, When
from sendcpp.web.fields import radio_field, text_field

#: Touchpoints an officer can attach a questionnaire to.
CASE_TOUCHPOINT_CHOICES = [
    (value, label) for value, label in Touchpoint.choices if value != Touchpoint.DASHBOARD_PAGE
]


class QuestionnaireForm(forms.Form):
    title = text_field("Title", max_length=200)
    reform = radio_field(
        "Which reform does it help to evaluate?", Reform.choices, error="Choose the reform"
    )
    touchpoint = radio_field(
        "When is it sent?", CASE_TOUCHPOINT_CHOICES, error="Choose when it is sent"
    )
    introduction = text_field("Introduction", rows=3, required=False, max_length=2000)
    easy_read_introduction = text_field(
        "Introduction in easy read", rows=3, required=False, max_length=2000
    )
    children_introduction = text_field(
        "Introduction for children and young people", rows=3, required=False, max_length=2000
    )


class QuestionForm(forms.Form):
    pattern = radio_field("Type of question", Pattern.choices, error="Choose the type of question")
    text = text_field("Question", max_length=300)
    easy_read_text = text_field(
        "Question in easy read",
        max_length=300,
        required=False,
        help_text="Short words and short sentences. Leave empty to use the question as written.",
    )
    children_text = text_field(
        "Question for children and young people", max_length=300, required=False
    )
    options = text_field(
        "Answers to choose from",
        rows=4,
        required=False,
        max_length=2000,
        help_text="Radios and checkboxes only: one answer on each line.",
    )
    easy_read_options = text_field(
        "Answers in easy read",
        rows=4,
        required=False,
        max_length=2000,
        help_text="The same answers in the same order, one on each line.",
    )
    children_options = text_field(
        "Answers for children and young people",
        rows=4,
        required=False,
        max_length=2000,
        help_text="The same answers in the same order, one on each line.",
    )
    required = forms.BooleanField(label="An answer is needed", required=False, initial=True)


def answer_form(questions: list[Question], variant: str, data: Any = None) -> forms.Form:
    """The questionnaire as a GOV.UK form, in the person's chosen wording. The fields are
    ``q1``, ``q2``... by the questions' positions."""
    fields: dict[str, forms.Field] = {}
    for question in questions:
        label = question.wording(variant)
        name = f"q{question.position}"
        labels = question.option_labels(variant)
        if question.pattern == Pattern.TEXT:
            fields[name] = forms.CharField(
                label=label,
                required=question.required,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 5}),
                error_messages={"required": "Enter your answer"},
                help_text=""
                if question.required
                else "Optional. Please do not write anyone's name.",
            )
        elif question.pattern == Pattern.CHECKBOXES:
            fields[name] = forms.MultipleChoiceField(
                label=label,
                required=question.required,
                choices=[(str(i), text) for i, text in enumerate(labels)],
                widget=forms.CheckboxSelectMultiple,
                help_text="Select all that apply" + ("" if question.required else " (optional)"),
                error_messages={"required": "Select all that apply"},
            )
        else:
            choices = (
                [(str(i + 1), text) for i, text in enumerate(labels)]
                if question.pattern == Pattern.RATING
                else [(str(i), text) for i, text in enumerate(labels)]
            )
            fields[name] = forms.ChoiceField(
                label=label,
                required=question.required,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Select an answer"},
            )
    form_class = type("AnswerForm", (forms.Form,), fields)
    return form_class(data)


class ThemeForm(forms.Form):
    name = text_field("Theme", max_length=100)
    description = text_field("What it covers", max_length=300, required=False)


class TagForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label="Themes", required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args: Any, themes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.themes_by_id = {str(theme.pk): theme for theme in themes}
        self.fields["themes"].choices = [(key, t.name) for key, t in self.themes_by_id.items()]


class PeriodForm(forms.Form):
    starts_on = DateField(label="From", when=When.TODAY_OR_PAST)
    ends_on = DateField(label="To")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end of the period must be on or after its start")
        return data


class YouSaidWeDidForm(forms.Form):
    reform = radio_field("Reform", Reform.choices, error="Choose the reform")
    title = text_field("Title", max_length=200)
    you_said = text_field("You said", rows=4, max_length=4000)
    we_did = text_field("We did", rows=4, max_length=4000)
    engagement = forms.MultipleChoiceField(
        label="Engagement with families this came from",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )

    def __init__(self, *args: Any, engagement: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["engagement"].choices = [
            (str(activity.pk), f"{activity.title} ({activity.held_on:%-d %B %Y})")
            for activity in engagement
        ]
        if not self.fields["engagement"].choices:
            del self.fields["engagement"]


class ForumAccessForm(forms.Form):
    username = text_field(
        "Username of the forum's account",
        max_length=150,
        help_text="An account of the forum's own, never a staff or family account.",
    )
    forum_name = text_field("Name of the forum", max_length=200, initial="Parent carer forum")


class ForumFeedbackForm(forms.Form):
    where = radio_field("Where was it given?", ForumFeedback.Where.choices, error="Choose where")
    meeting_on = DateField(label="Date of the meeting", when=When.TODAY_OR_PAST)
    feedback = text_field("The forum's feedback", rows=6, max_length=8000)


VARIANT_LINKS = (
    (Variant.STANDARD, "Standard version"),
    (Variant.EASY_READ, "Easy read version"),
    (Variant.CHILDREN, "Version for children and young people"),
)

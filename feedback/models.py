"""Feedback from families, young people and professionals, and what was done about it.

- A ``Questionnaire`` is built by an officer from GOV.UK question patterns (``Question``: radios,
  checkboxes, a rating scale, free text), each question worded three ways: the standard wording,
  an easy-read wording and a wording for children and young people. It is written as a draft,
  then published (its questions no longer change: a change is a new questionnaire) and
  attached to one ``Touchpoint`` of the journey.
- An ``Invitation`` asks one person once about one moment of their journey (a case timeline
  event): a unique key per person and event, sent through the shared outbox; one reminder; the
  person may decline. The answer page is reached by an opaque random token (nothing personal in
  the URL) or signed in.
- A ``Response`` and its ``Answer`` rows are kept exactly as given (append-only triggers). Free
  text is screened when it is given: the names of the child and family are replaced
  (``screening.py``); reports show only the screened text.
- ``Theme`` is the council's coding frame; ``AnswerTheme`` tags a free-text answer with a theme.
- ``YouSaidWeDid`` entries are published as public pages, linked to the partnership's
  engagement records by their ids.
- ``ForumRepresentative`` gives a parent carer forum representative's account the aggregate
  reports (never an answer or a case) and lets them add the forum's own feedback
  (``ForumFeedback``).
"""

from __future__ import annotations

import secrets

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sendcpp.modelbase import PublicIdModel, PublicRecord, append_only
from sendcpp.models import Case, CaseEvent, Organisation, User


class Touchpoint(models.TextChoices):
    """A moment in the journey at which people are asked for feedback. The value of each case
    touchpoint is the timeline event kind that triggers it."""

    FINAL_PLAN_ISSUED = "ehcp_final_issued", "After a final EHC plan is issued"
    LIST_PUBLISHED = "placements_list_published", "After a tailored list is published"
    PANEL_DECISION = "panel_decision_recorded", "After a panel decision"
    MEDIATION_ENDED = "mediation_certificate_issued", "After mediation ends"
    ADVICE_ANSWERED = "ehcp_advice_submitted", "After a request for advice is answered"
    PARTNERSHIP_MEETING = "partnership_meeting", "After a partnership meeting"
    DASHBOARD_PAGE = "dashboard_page", "On the public dashboard page"


#: Touchpoints that follow a case's timeline event, and whom they ask.
CASE_TOUCHPOINTS = {
    Touchpoint.FINAL_PLAN_ISSUED: "family",
    Touchpoint.LIST_PUBLISHED: "family",
    Touchpoint.PANEL_DECISION: "family",
    Touchpoint.MEDIATION_ENDED: "family",
    Touchpoint.ADVICE_ANSWERED: "actor",
}


class QuestionnaireStatus(models.TextChoices):
    """- draft: the officer is writing it; questions can be added and changed.
    - published: attached to its touchpoint and sent; its questions never change.
    - retired: no longer sent; its answers stay in the reports."""

    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class Reform(models.TextChoices):
    """The reform of the Change Programme a questionnaire helps to evaluate."""

    NATIONAL_TEMPLATE = "national_template", "EHC plans on the national template"
    TAILORED_LISTS = "tailored_lists", "Advisory tailored lists"
    PANELS = "panels", "Multi-agency panels"
    MEDIATION = "mediation", "Mediation"
    PARTNERSHIP = "partnership", "Local inclusion partnership"
    DASHBOARD = "dashboard", "Local data dashboard"


@pghistory.track()
class Questionnaire(PublicRecord):
    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    reform = models.CharField(max_length=30, choices=Reform.choices)
    touchpoint = models.CharField(max_length=40, choices=Touchpoint.choices)
    introduction = models.TextField(blank=True)
    easy_read_introduction = models.TextField(blank=True)
    children_introduction = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One questionnaire is sent at each touchpoint of a council at a time.
            models.UniqueConstraint(
                fields=["local_authority", "touchpoint"],
                condition=Q(status="published"),
                name="feedback_one_published_per_touchpoint",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_easy_read(self) -> bool:
        return all(q.easy_read_text for q in self.questions.all())

    @property
    def has_children_version(self) -> bool:
        return all(q.children_text for q in self.questions.all())


class Pattern(models.TextChoices):
    """The GOV.UK question patterns a question can take."""

    RADIOS = "radios", "Choose one answer (radios)"
    CHECKBOXES = "checkboxes", "Choose any that apply (checkboxes)"
    RATING = "rating", "Rating from 1 to 5"
    TEXT = "text", "Free text"


class Variant(models.TextChoices):
    """The wording a person reads the questionnaire in."""

    STANDARD = "standard", "Standard"
    EASY_READ = "easy_read", "Easy read"
    CHILDREN = "children", "For children and young people"


#: The rating scale's points, worded for each variant.
RATING_LABELS = {
    Variant.STANDARD: ("Very poor", "Poor", "Neither good nor poor", "Good", "Very good"),
    Variant.EASY_READ: ("Very bad", "Bad", "OK", "Good", "Very good"),
    Variant.CHILDREN: ("Really bad", "Bad", "OK", "Good", "Really good"),
}


@pghistory.track()
class Question(PublicIdModel):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField()
    pattern = models.CharField(max_length=12, choices=Pattern.choices)
    text = models.CharField(max_length=300)
    easy_read_text = models.CharField(max_length=300, blank=True)
    children_text = models.CharField(max_length=300, blank=True)
    # The answers to choose from (radios and checkboxes): each {"standard", "easy_read",
    # "children"} wording, answered by its position.
    options = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "position"], name="feedback_question_position"
            )
        ]

    def __str__(self) -> str:
        return self.text

    def wording(self, variant: str) -> str:
        if variant == Variant.EASY_READ and self.easy_read_text:
            return self.easy_read_text
        if variant == Variant.CHILDREN and self.children_text:
            return self.children_text
        return self.text

    def option_labels(self, variant: str = Variant.STANDARD) -> list[str]:
        if self.pattern == Pattern.RATING:
            return list(RATING_LABELS.get(variant, RATING_LABELS[Variant.STANDARD]))
        return [option.get(variant) or option["standard"] for option in self.options]


class InvitationStatus(models.TextChoices):
    """- sent: waiting for an answer.
    - answered: the person answered (once; the answer never changes).
    - declined: the person said they did not want to answer.
    - expired: no answer in time; the link no longer works."""

    SENT = "sent", "Waiting for an answer"
    ANSWERED = "answered", "Answered"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"


def new_token() -> str:
    return secrets.token_urlsafe(32)


@pghistory.track(exclude=["token"])
class Invitation(PublicRecord):
    """One person asked once about one moment of their journey."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="invitations"
    )
    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    touchpoint = models.CharField(max_length=40, choices=Touchpoint.choices)
    recipient = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What triggered it, e.g. "event:123" (a case timeline event) or "meeting:45" (a
    # partnership meeting): one invitation per person, touchpoint and source.
    source = models.CharField(max_length=60)
    event = models.ForeignKey(
        CaseEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the comparisons group by, fixed when it is sent: e.g. {"panels": "one"}.
    segment = models.JSONField(default=dict, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.SENT
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "touchpoint", "source"], name="feedback_once_per_person_source"
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="feedback_invite_due")]

    def __str__(self) -> str:
        return f"Invitation {self.public_id}"


class Response(PublicRecord):
    """A person's answers, kept exactly as given."""

    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.PROTECT, related_name="response"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="responses"
    )
    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    touchpoint = models.CharField(max_length=40, choices=Touchpoint.choices)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    segment = models.JSONField(default=dict, blank=True)
    variant = models.CharField(max_length=10, choices=Variant.choices, default=Variant.STANDARD)
    # Where an anonymous answer was given (the public dashboard page's route name).
    page = models.CharField(max_length=100, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        triggers = [append_only("feedback_response_append_only")]
        indexes = [
            models.Index(
                fields=["local_authority", "touchpoint", "submitted_at"],
                name="feedback_response_period",
            )
        ]

    def __str__(self) -> str:
        return f"Response {self.public_id}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    # Positions of the options chosen (radios: one; checkboxes: any); a rating: 1 to 5.
    choices = ArrayField(models.PositiveSmallIntegerField(), default=list, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    # Free text as given (seen only by staff with access to the case) and as screened.
    text = models.TextField(blank=True)
    screened_text = models.TextField(blank=True)

    class Meta:
        ordering = ["question__position", "id"]
        triggers = [append_only("feedback_answer_append_only")]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="feedback_answer_once"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question_id}"


@pghistory.track()
class Theme(PublicIdModel):
    """One theme of the council's coding frame for free-text answers."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "name"], name="feedback_theme_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class AnswerTheme(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="themes")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="tags")
    tagged_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    tagged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "theme"], name="feedback_tag_once")
        ]

    def __str__(self) -> str:
        return f"{self.theme} on {self.answer_id}"


@pghistory.track()
class YouSaidWeDid(PublicRecord):
    """What changed because of feedback, published as a public page."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reform = models.CharField(max_length=30, choices=Reform.choices)
    title = models.CharField(max_length=200)
    you_said = models.TextField()
    we_did = models.TextField()
    # The partnership's engagement activities this came from (their ids).
    engagement_ids = ArrayField(models.PositiveIntegerField(), default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "you said, we did entry"
        verbose_name_plural = "you said, we did entries"

    def __str__(self) -> str:
        return self.title


@pghistory.track()
class ForumRepresentative(models.Model):
    """A parent carer forum representative's account: sees the evaluation reports (aggregates
    only) and adds the forum's own feedback."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="forum_role")
    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    forum_name = models.CharField(max_length=200)
    granted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.forum_name


class ForumFeedback(PublicRecord):
    """The forum's own feedback at a panel or partnership meeting, kept as given."""

    class Where(models.TextChoices):
        PANEL = "panel", "At a panel meeting"
        PARTNERSHIP = "partnership", "At a partnership meeting"

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    where = models.CharField(max_length=12, choices=Where.choices)
    meeting_on = models.DateField()
    feedback = models.TextField()
    given_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-meeting_on", "-id"]
        triggers = [append_only("feedback_forum_append_only")]

    def __str__(self) -> str:
        return f"Forum feedback {self.meeting_on}"

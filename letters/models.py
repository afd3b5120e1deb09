"""Letters the council sends, and the wording it keeps for each kind of letter.

A ``LetterTemplateVersion`` is one saved wording of one kind of letter for one council: who saved
it and when, never changed afterwards (a change is a new version). A ``Letter`` is one letter as
sent on a case: its wording merged with the case's details at that moment, frozen, with its
tagged PDF kept as the case ``Document``."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from sendcpp.modelbase import PublicRecord, append_only
from sendcpp.models import Case, Document, Organisation, User


class LetterKind(models.TextChoices):
    DECISION_ASSESS = "decision_assess", "Decision whether to carry out an assessment"
    DECISION_ISSUE = "decision_issue", "Decision whether to issue an EHC plan"
    DECISION_REASSESS = "decision_reassess", "Decision whether to carry out a reassessment"
    DECISION_FINAL_PLAN = "decision_final_plan", "Final EHC plan issued"
    DECISION_REVIEW = "decision_review", "Annual review decision"
    DECISION_AMEND = "decision_amend", "Decision whether to amend the plan"
    DECISION_CEASE = "decision_cease", "Decision whether to stop maintaining the plan"
    DECISION_REINSTATE = "decision_reinstate", "Plan maintained again"
    ADVICE_REQUEST = "advice_request", "Request for advice for an assessment"
    ADVICE_CHASER = "advice_chaser", "Reminder that advice is overdue"
    REVIEW_INVITATION = "review_invitation", "Annual review coming up: asking for views"


class LetterTemplateVersion(PublicRecord):
    """One saved wording of a kind of letter for a council. The newest version is the one used."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=LetterKind.choices)
    number = models.PositiveIntegerField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "kind", "number"], name="letter_template_version_once"
            )
        ]
        triggers = [append_only("letter_template_version_append_only")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (version {self.number})"


class Letter(PublicRecord):
    """A letter sent on a case, as sent. ``source`` names what it is about (a decision's or an
    advice request's public id). ``by_post``: someone it is for asked for letters on paper, so
    staff print and post it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=30, choices=LetterKind.choices)
    template_version = models.ForeignKey(
        LetterTemplateVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=100, blank=True)
    addressee = models.CharField(max_length=300)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    to_family = models.BooleanField(default=True)
    by_post = models.BooleanField(default=False)
    sent_on = models.DateField()
    sent_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="letter")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["case", "-created_at"], name="letter_case_time"),
            models.Index(
                fields=["-created_at", "id"],
                condition=models.Q(by_post=True),
                name="letter_by_post",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source"],
                condition=~models.Q(source=""),
                name="letter_once_per_source",
            )
        ]
        triggers = [append_only("letter_append_only")]

    def __str__(self) -> str:
        return self.subject


class LetterPosted(models.Model):
    """Staff printed a letter and put it in the post."""

    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="posted")
    posted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    posted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        triggers = [append_only("letter_posted_append_only")]

    def __str__(self) -> str:
        return f"Posted: {self.letter}"

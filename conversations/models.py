"""Secure messages on a case between the family and their coordinator (and the SENCO of the
child's school or college, when the family allows), and a family's request for a call back.

Messages are kept exactly as sent (append-only); nothing personal goes into the notification
that tells the other side a message is waiting."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from sendcpp.modelbase import PublicRecord, append_only
from sendcpp.models import Case, User


class Message(PublicRecord):
    """One message on a case, from the family (a parent, carer or the young person) or from
    staff (the coordinator, or a SENCO the family let in)."""

    class From(models.TextChoices):
        FAMILY = "family", "The family"
        COUNCIL = "council", "The SEND team"
        SETTING = "setting", "The school or college"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    sent_from = models.CharField(max_length=10, choices=From.choices)
    body = models.TextField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at", "id"], name="message_case_time")]
        triggers = [append_only("conversations_message_append_only")]

    def __str__(self) -> str:
        return f"Message on {self.case_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Sharing(models.Model):
    """What the family allows on their case's messages: whether the SENCO of the child's school
    or college may read and write them."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="+")
    senco_may_join = models.BooleanField(default=False)
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Sharing on {self.case_id}"


class CallBack(PublicRecord):
    """A family asks the SEND team to ring them."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    phone = models.CharField(max_length=30)
    best_time = models.CharField(max_length=100, blank=True)
    about = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["case", "created_at"],
                condition=models.Q(done_at__isnull=True),
                name="callback_open",
            )
        ]

    def __str__(self) -> str:
        return f"Call back on {self.case_id}"

"""The fields almost every record shares, written once.

- ``public_id``: the random identifier used in URLs and the API, never the database key, so a URL
  reveals nothing about how many records exist or which came first.
- ``created_at``: when the record was made (a time, stored in UTC); ``default`` rather than
  ``auto_now_add`` so seeds and imports can give the real time of an older record.

A model inherits ``PublicRecord`` (both), ``PublicIdModel`` (only the identifier) or
``CreatedAtModel`` (only the time). The fields are defined exactly as each model defined them
before, so the bases change no database column.

A record kept exactly as written (a timeline event, a decision, a log line) lists
``append_only(name)`` in its ``Meta.triggers``: the database itself refuses to change or delete
its rows.
"""

from __future__ import annotations

import uuid

import pgtrigger
from django.db import models
from django.utils import timezone


class PublicIdModel(models.Model):
    """A record people reach by a URL or the API: identified there only by ``public_id``."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class CreatedAtModel(models.Model):
    """A record that keeps when it was made (``created_at``)."""

    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class PublicRecord(PublicIdModel, CreatedAtModel):
    """A record reached by ``public_id`` that also keeps when it was made."""

    class Meta:
        abstract = True


def append_only(name: str) -> pgtrigger.Protect:
    """The trigger (named ``name`` in the database) that refuses every UPDATE and DELETE of a
    model's rows."""
    return pgtrigger.Protect(name=name, operation=pgtrigger.Update | pgtrigger.Delete)

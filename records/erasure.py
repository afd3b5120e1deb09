"""Destroying a case's personal data while keeping the rows that other records point at: every
free-text field of the case, of the child and of every record that hangs off them (up to three
links away, in any app) is emptied, every structured document (a plan version's content, advice)
is emptied, and every stored file is deleted. What is left is dates, codes and statuses, which
identify nobody. Found from the models, so a new app's records are covered without a change
here.

Kept: the read-access log (who looked at the record, never what it said) and the row history
(append-only by design: its erasure is the separate, reviewed database step of decision 15).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pgtrigger
from django.apps import apps
from django.db import models
from pghistory.models import Context, Event

from sendcpp.models import AccessLog, Case, Child

#: Fields that hold codes or keys, not words about anyone: never emptied.
KEEP_FIELDS = frozenset(
    {"rule", "reference", "content_type", "sha256", "subject", "la_code", "kind", "status"}
)
#: The disposal's own records: the anonymous remainder and the certificate's list.
KEPT_MODELS = frozenset({"records.DisposedCase", "records.DisposalItem"})
DESTROYED = "Destroyed"
MAX_DEPTH = 3


def _skipped(model: type[models.Model]) -> bool:
    return (
        issubclass(model, Event)
        or model in (AccessLog, Context)
        or model._meta.label in KEPT_MODELS
        or model._meta.proxy
        or not model._meta.managed
        or model._meta.app_label in {"auth", "contenttypes", "sessions", "admin", "otp_totp"}
    )


def _links(model: type[models.Model]) -> Iterator[tuple[type[models.Model], str]]:
    """(related model, field name) for every concrete foreign key pointing at ``model``."""
    for related in apps.get_models():
        if _skipped(related):
            continue
        for field in related._meta.concrete_fields:
            if isinstance(field, models.ForeignKey | models.OneToOneField) and (
                field.related_model is model
            ):
                yield related, field.name


def _unique_names(model: type[models.Model]) -> set[str]:
    names = {field.name for field in model._meta.concrete_fields if field.unique}
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()) or ())
    for together in model._meta.unique_together:
        names.update(together)
    return names


def _erased_values(model: type[models.Model]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    unique = _unique_names(model)
    for field in model._meta.concrete_fields:
        if field.name in KEEP_FIELDS or field.name in unique or field.choices:
            continue
        if isinstance(field, models.JSONField):
            values[field.name] = [] if field.default is list else {}
        elif isinstance(field, models.FileField):
            values[field.name] = ""
        elif isinstance(field, models.CharField | models.TextField):
            values[field.name] = "" if field.blank else DESTROYED[: field.max_length or 20]
        elif isinstance(field, models.GenericIPAddressField):
            values[field.name] = None if field.null else "0.0.0.0"  # noqa: S104
    return values


def _delete_files(queryset: models.QuerySet[Any]) -> int:
    deleted = 0
    file_fields = [
        f for f in queryset.model._meta.concrete_fields if isinstance(f, models.FileField)
    ]
    if not file_fields:
        return 0
    for record in queryset.only("pk", *(f.name for f in file_fields)):
        for field in file_fields:
            stored = getattr(record, field.name)
            if stored:
                stored.storage.delete(stored.name)
                deleted += 1
    return deleted


def _erase(queryset: models.QuerySet[Any], depth: int, seen: set[type[models.Model]]) -> int:
    model = queryset.model
    files = _delete_files(queryset)
    values = _erased_values(model)
    if values:
        queryset.update(**values)
    if depth >= MAX_DEPTH:
        return files
    for related, name in _links(model):
        if related in seen:
            continue
        files += _erase(
            related._default_manager.filter(**{f"{name}__in": queryset.values("pk")}),
            depth + 1,
            seen | {related},
        )
    return files


def erase_case(case: Case) -> int:
    """Destroy the personal data of ``case`` and its child (the child's other cases too: the
    child's record is one). Returns how many stored files were deleted. Call inside the
    disposal's transaction: the protect triggers of immutable records are set aside for it
    alone, and the erasure writes no row history of its own."""
    child = Child.objects.get(pk=case.child_id)
    born = child.date_of_birth
    with pgtrigger.ignore():
        files = _erase(Case.objects.filter(pk=case.pk), 1, {Case, Child})
        files += _erase(Child.objects.filter(pk=child.pk), 1, {Case, Child})
        Child.objects.filter(pk=child.pk).update(
            legal_first_name=DESTROYED,
            legal_last_name=DESTROYED,
            date_of_birth=date(born.year, 1, 1),
            upn="",
            uln="",
            nhs_number="",
            setting=None,
        )
    return files

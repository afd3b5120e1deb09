"""Changes around the SEN2 return: remembering each check (to count what was put right since),
and freezing the return as submitted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import IntegrityError, transaction

from dashboard import sen2
from dashboard.models import Sen2Check, SubmittedReturn
from dashboard.sen2_records import CaseFacts
from sendcpp.exceptions import DomainError, DuplicateSubmission
from sendcpp.models import AccessLog, Organisation, User


def record_check(local_authority: Organisation, year: int, failures: Sequence[sen2.Failure]) -> int:
    """Remember this check's problems; answer how many of the last check's are now put right."""
    keys = sorted({failure.key for failure in failures})
    last = (
        Sen2Check.objects.filter(local_authority=local_authority, year=year)
        .order_by("-created_at", "-id")
        .first()
    )
    Sen2Check.objects.create(local_authority=local_authority, year=year, failure_keys=keys)
    if last is None:
        return 0
    return len(set(last.failure_keys) - set(keys))


def build_checked_xml(
    facts: Sequence[CaseFacts], *, year: int, local_authority: Organisation, now: datetime
) -> bytes:
    """The return's XML, refused (``DomainError``) unless it conforms to the DfE's structure."""
    body = sen2.build_return_xml(facts, year=year, la_code=local_authority.la_code, now=now)
    problems = sen2.validate_structure(body)
    if problems:
        raise DomainError(
            "The return does not match the DfE's structure, so it cannot be downloaded: "
            + "; ".join(problems[:5])
        )
    return body


def log_return_read(facts: Sequence[CaseFacts], year: int, by: User) -> int:
    """The return holds each child's record: its download is a read of every child in it."""
    chosen = sen2.in_return(facts, year)
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                user=by, child_id=f.child.pk, case_id=f.case_id, what="SEN2 return", via="web"
            )
            for f in chosen
        ],
        batch_size=2000,
    )
    return len(chosen)


@transaction.atomic
def freeze_return(
    facts: Sequence[CaseFacts],
    *,
    year: int,
    local_authority: Organisation,
    by: User,
    now: datetime,
) -> SubmittedReturn:
    """Keep the return as submitted to the DfE: its XML (checked against the structure) and
    figures. Once only for a year: the database refuses any change to it afterwards."""
    if SubmittedReturn.objects.filter(local_authority=local_authority, year=year).exists():
        raise DuplicateSubmission(f"The return for January {year} has already been submitted")
    body = build_checked_xml(facts, year=year, local_authority=local_authority, now=now)
    try:
        with transaction.atomic():
            submitted = SubmittedReturn.objects.create(
                local_authority=local_authority,
                year=year,
                xml=body.decode("utf-8"),
                figures=sen2.figures(facts, year),
                failure_count=len(sen2.check_return(facts, year)),
                submitted_by=by,
            )
    except IntegrityError as error:
        raise DuplicateSubmission(
            f"The return for January {year} has already been submitted"
        ) from error
    log_return_read(facts, year, by)
    return submitted

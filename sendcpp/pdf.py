"""The one PDF pipeline: every PDF the service makes (plan versions, tailored lists, the Local
Area Inclusion Plan, and any later one) is rendered, stored and retried here.

An app keeps only its template and the code that builds its context. It registers a
``PdfSource`` (in its ``documents.py``) saying how to build a ``PdfSpec`` for one object and which
stored record receives the file; its services call ``prepare`` (after creating the record) and
``prepare_again`` (after a final failure). Everything else happens here:

- ``render_pdf``: the template and context to a tagged PDF (PDF/UA-1: structure tree, ``/Lang``,
  a title in the metadata), with a URL fetcher that serves only the project's own static files
  (found through Django's staticfiles finders and storage) and ``data:`` URLs: never the network,
  never another file on disk.
- ``attempt``: render and store once. Idempotent: a record already ready is left alone, and the
  row lock keeps two workers apart. A failure is recorded on the record, so the user sees it.
- ``sendcpp.tasks.render_pdf``: the one Celery task, retried with a growing delay.

What the user sees comes from ``pdf_state`` of the stored record: being prepared, ready, could not
be prepared (we are trying again), or could not be prepared (try again: staff have a button).
"""

from __future__ import annotations

import hashlib
import mimetypes
import posixpath
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from importlib import import_module
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import DataHandler, Request

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import FieldDoesNotExist, SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

#: The accessible-PDF variant of WeasyPrint 70: PDF 1.7, tagged (``pdf_tags``), with a structure
#: tree, the document language and its title.
PDF_VARIANT = "pdf/ua-1"

#: Relative URLs in a PDF's HTML (``{% static %}`` gives ``/static/...``) are resolved against
#: this origin. It is reserved (RFC 2606), so nothing is ever fetched from it: the fetcher maps
#: its static paths to files, and refuses everything else.
PDF_BASE_URL = "https://pdf.sendcpp.invalid/"

#: Longest failure reason stored on a record (``Document.failure_reason``).
FAILURE_REASON_LENGTH = 300


class PdfError(Exception):
    """A PDF source is unknown or returned something that is not a PDF."""


# --- Fetching: the project's static files and data: URLs only ----------------------------------


def _static_prefix() -> str:
    return urljoin(PDF_BASE_URL, settings.STATIC_URL)


def static_file_path(name: str) -> Path | None:
    """The file on disk of the static file ``name`` (as given to ``{% static %}``, or hashed by the
    manifest storage), or None. Refuses names that climb out (``..``), absolute names and
    backslashes, whatever the finders would make of them."""
    name = unquote(name)
    parts = name.split("/")
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or any(part in {"", ".", ".."} for part in parts)
        or posixpath.normpath(name) != name
    ):
        return None
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    if found:
        return Path(found)
    # Collected (and possibly hashed) names, as served in production.
    try:
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
    except (NotImplementedError, SuspiciousFileOperation):
        return None
    return None


class StaticFilesFetcher(URLFetcher):
    """WeasyPrint's fetcher, locked down: ``data:`` URLs and the project's static files (under
    ``STATIC_URL`` on ``PDF_BASE_URL``) only. Anything else (``file:``, ``http(s):`` to any host,
    a static path with ``..``, a missing file) is refused with ``ValueError``; WeasyPrint leaves the
    resource out and goes on rendering."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=set(), allow_redirects=False)

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            # Decoded here, without urllib's opener: no handler that could reach a network or a
            # file is ever involved.
            data = DataHandler().data_open(Request(url))  # noqa: S310 - data: only, checked above
            return URLFetcherResponse(
                url, body=data.read(), headers={"Content-Type": data.headers["Content-Type"]}
            )
        prefix = _static_prefix()
        parsed = urlsplit(url)
        if not url.startswith(prefix) or parsed.query or parsed.fragment or "@" in parsed.netloc:
            raise ValueError(f"Refused to fetch a resource outside the static files: {url}")
        path = static_file_path(url[len(prefix) :])
        if path is None:
            raise ValueError(f"Refused to fetch a resource outside the static files: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def url_fetcher() -> StaticFilesFetcher:
    return StaticFilesFetcher()


# --- Rendering ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfSpec:
    """What to render: a Django template and its context, the document's title and language
    (written into the PDF whatever the template says), and stylesheets by static name."""

    template: str
    context: Mapping[str, Any]
    title: str
    language: str
    stylesheets: Sequence[str] = ()

    def __post_init__(self) -> None:
        if not self.title.strip() or not self.language.strip():
            raise PdfError("A PDF needs a title and a language")


def render_html(spec: PdfSpec) -> str:
    return render_to_string(spec.template, dict(spec.context))


def render_pdf(spec: PdfSpec) -> bytes:
    """The spec as a tagged PDF (PDF/UA-1) with its title and language."""
    fetcher = url_fetcher()
    stylesheets = []
    for name in spec.stylesheets:
        if static_file_path(name) is None:
            raise PdfError(f"No static stylesheet {name!r}")
        stylesheets.append(CSS(url=urljoin(_static_prefix(), name), url_fetcher=fetcher))
    html = HTML(string=render_html(spec), base_url=PDF_BASE_URL, url_fetcher=fetcher)
    document = html.render(stylesheets=stylesheets, pdf_variant=PDF_VARIANT)
    document.metadata.title = spec.title
    document.metadata.lang = spec.language
    content = document.write_pdf(pdf_variant=PDF_VARIANT)
    if not content.startswith(b"%PDF-"):
        raise PdfError("WeasyPrint did not return a PDF")
    return content


# --- Sources: what each app registers -----------------------------------------------------------


@dataclass(frozen=True)
class PdfSource:
    """One kind of PDF. ``name`` is "<app label>.<what>"; the app's ``documents`` module registers
    it. ``build(object_id)`` gives the spec; ``record(object_id)`` the stored record locked for
    update (a ``Document`` for anything on a case); ``stale(before)`` the object ids whose PDF was
    asked for before then and is still pending; ``on_failed(object_id)`` runs once when the last
    retry has failed (e.g. to put it on the case timeline)."""

    name: str
    build: Callable[[int], PdfSpec]
    record: Callable[[int], models.Model]
    stale: Callable[[datetime], Iterable[int]]
    on_failed: Callable[[int], None] | None = None


_SOURCES: dict[str, PdfSource] = {}


def register(source: PdfSource) -> PdfSource:
    _SOURCES[source.name] = source
    return source


def register_case_document(
    name: str,
    rows: models.QuerySet[Any],
    *,
    spec: Callable[[Any], PdfSpec],
    case: Callable[[Any], Any],
    failed_kind: str,
    failed_summary: Callable[[Any], str],
) -> PdfSource:
    """Register a PDF kept as the case ``Document`` in the ``document`` field of one of ``rows``
    (named by the row's id): that document is the record, the rows whose document has been
    pending since before a time are the stale ones, and a PDF that cannot be made is put on the
    timeline of the row's ``case`` as ``failed_kind``."""
    from sendcpp.models import Document
    from sendcpp.timeline import record_case_event

    def locked_document(object_id: int) -> models.Model:
        document_id = rows.values_list("document_id", flat=True).get(pk=object_id)
        return Document.objects.select_for_update().get(pk=document_id)

    def stale(before: datetime) -> Iterable[int]:
        return rows.filter(
            document__status=Document.Status.PENDING, document__created_at__lt=before
        ).values_list("pk", flat=True)

    def on_failed(object_id: int) -> None:
        row = rows.get(pk=object_id)
        record_case_event(case=case(row), kind=failed_kind, by=None, summary=failed_summary(row))

    return register(
        PdfSource(
            name=name,
            build=lambda object_id: spec(rows.get(pk=object_id)),
            record=locked_document,
            stale=stale,
            on_failed=on_failed,
        )
    )


def titled_spec(
    template: str, context: Mapping[str, Any], *, stylesheets: Sequence[str] = ()
) -> PdfSpec:
    """A spec in British English titled by its context's ``document_title`` (which the template
    also shows)."""
    return PdfSpec(
        template=template,
        context=context,
        title=context["document_title"],
        language="en-GB",
        stylesheets=stylesheets,
    )


def all_sources() -> list[PdfSource]:
    autodiscover_modules("documents")
    return list(_SOURCES.values())


def get_source(name: str) -> PdfSource:
    if name not in _SOURCES:
        # Sources live in their app's documents module; import it the first time it is needed.
        app_label = name.partition(".")[0]
        try:
            import_module(f"{app_label}.documents")
        except ImportError as error:
            raise PdfError(f"Unknown PDF source {name!r}") from error
    try:
        return _SOURCES[name]
    except KeyError as error:
        raise PdfError(f"Unknown PDF source {name!r}") from error


# --- The stored record and what the user sees ---------------------------------------------------

PENDING, READY, FAILED = "pending", "ready", "failed"


class PdfState(StrEnum):
    PREPARING = "preparing"
    READY = "ready"
    RETRYING = "retrying"
    FAILED = "failed"


#: Short labels (tags, table cells) for each state.
STATE_LABELS = {
    PdfState.PREPARING: "Being prepared",
    PdfState.READY: "Ready",
    PdfState.RETRYING: "Trying again",
    PdfState.FAILED: "Could not be prepared",
}


def pdf_state(record: models.Model | None) -> PdfState:
    """What to tell the user about a stored PDF. A record still pending after a failed attempt
    is being tried again; a failed one has used all its retries."""
    status = getattr(record, "status", PENDING)
    if status == READY:
        return PdfState.READY
    if status == FAILED:
        return PdfState.FAILED
    return PdfState.RETRYING if getattr(record, "failure_reason", "") else PdfState.PREPARING


def _has_field(record: models.Model, name: str) -> bool:
    try:
        record._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _store(record: models.Model, content: bytes) -> None:
    """Put the PDF on its record, with the size, hash and type conventions of uploads."""
    stem = getattr(record, "public_id", None) or uuid.uuid4()
    record.file.save(f"{stem}.pdf", ContentFile(content), save=False)  # type: ignore[attr-defined]
    values: dict[str, Any] = {
        "status": READY,
        "failure_reason": "",
        "size_bytes": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "content_type": "application/pdf",
        "generated_at": timezone.now(),
    }
    for name, value in values.items():
        if _has_field(record, name):
            setattr(record, name, value)
    record.save()


class Outcome(StrEnum):
    READY = "ready"  # made and stored now
    ALREADY_READY = "already ready"  # nothing to do: made before
    RETRYING = "retrying"  # failed; the failure is shown and the task tries again
    FAILED = "failed"  # failed for the last time; the failure is shown


def attempt(name: str, object_id: int, *, last_attempt: bool) -> Outcome:
    """Render and store one PDF, once. A failure is recorded on the record (pending with the
    reason while retries remain, failed after the last one) and committed, so it is visible."""
    source = get_source(name)
    with transaction.atomic():
        record = source.record(object_id)
        if getattr(record, "status", None) == READY:
            return Outcome.ALREADY_READY
        counts_attempts = _has_field(record, "attempts")
        if counts_attempts:
            record.attempts += 1  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                _store(record, render_pdf(source.build(object_id)))
        except Exception as error:  # any failure is shown, then retried
            # Only the failure is written: whatever a half-done store left on the instance is not.
            reason = f"{type(error).__name__}: {error}"[:FAILURE_REASON_LENGTH]
            failure: dict[str, Any] = {
                "status": FAILED if last_attempt else PENDING,
                "failure_reason": reason,
            }
            if counts_attempts:
                failure["attempts"] = record.attempts  # type: ignore[attr-defined]
            type(record)._default_manager.filter(pk=record.pk).update(**failure)
            if last_attempt and source.on_failed is not None:
                source.on_failed(object_id)
            return Outcome.FAILED if last_attempt else Outcome.RETRYING
        return Outcome.READY


def prepare(name: str, object_id: int) -> None:
    """Make the PDF in the background once the current transaction commits."""
    get_source(name)  # fail now, in the caller's transaction, if the source is unknown
    from sendcpp.celery import enqueue_on_commit

    enqueue_on_commit("sendcpp.tasks.render_pdf", name, object_id)


#: A PDF still pending this long after it was asked for has lost its task (a message lost with the
#: broker, a web process gone between commit and queueing): longer than every retry together.
STALE_AFTER = timedelta(minutes=30)


def resume_stale(now: datetime | None = None) -> int:
    """Queue again every PDF left pending for longer than ``STALE_AFTER``, so none stays "being
    prepared" for ever. Safe to run any number of times: a PDF is made once."""
    before = (now or timezone.now()) - STALE_AFTER
    queued = 0
    for source in all_sources():
        for object_id in source.stale(before):
            prepare(source.name, object_id)
            queued += 1
    return queued


def prepare_again(name: str, object_id: int) -> models.Model:
    """After a final failure, try again (the caller has checked who may ask). Refuses unless the
    PDF failed, so a double click schedules one render."""
    from sendcpp.exceptions import TransitionNotAllowed

    with transaction.atomic():
        record = get_source(name).record(object_id)
        if getattr(record, "status", None) != FAILED:
            raise TransitionNotAllowed("Only a PDF that could not be prepared can be tried again")
        record.status = PENDING  # type: ignore[attr-defined]
        record.failure_reason = ""  # type: ignore[attr-defined]
        record.save()
        prepare(name, object_id)
    return record

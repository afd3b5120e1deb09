"""The one PDF pipeline: a fetcher that serves only the project's static files and data: URLs,
tagged PDFs with a title and a language, idempotent storing, and failures the user can see."""

from __future__ import annotations

import copy
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings

from sendcpp import pdf
from sendcpp.celery import app as project_app
from sendcpp.exceptions import TransitionNotAllowed
from sendcpp.models import Audience, Document
from sendcpp.tests.pdf_checks import assert_tagged_pdf

STATIC = pdf.PDF_BASE_URL + "static/"
TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def test_templates(settings):
    templates = copy.deepcopy(django_settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEST_TEMPLATES]
    settings.TEMPLATES = templates


def _spec(message: str = "The body renders") -> pdf.PdfSpec:
    return pdf.PdfSpec(
        template="sendcpp_tests/hostile.html",
        context={"title": "A hostile page", "message": message},
        title="What the PDF is called",
        language="en-GB",
    )


# --- The fetcher ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/x.css",
        "http://127.0.0.1:8000/static/ehcp/plan.css",
        "https://example.org/static/ehcp/plan.css",
        "ftp://example.org/x",
        f"{STATIC}../../../etc/passwd",
        f"{STATIC}ehcp/../../sendcpp/settings/base.py",
        f"{STATIC}ehcp/%2e%2e/%2e%2e/sendcpp/settings/base.py",
        f"{STATIC}%2fetc/passwd",
        f"{STATIC}ehcp\\..\\..\\manage.py",
        f"{STATIC}ehcp/./plan.css",
        f"{STATIC}ehcp/plan.css?x=1",
        f"{STATIC}ehcp/no-such-file.css",
        pdf.PDF_BASE_URL + "manage.py",
        "https://user@pdf.sendcpp.invalid/static/ehcp/plan.css",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files_and_data(url, monkeypatch):
    opened = []
    monkeypatch.setattr("urllib.request.OpenerDirector.open", lambda *a, **k: opened.append(a))
    with pytest.raises(ValueError, match="Refused to fetch"):
        pdf.url_fetcher().fetch(url)
    assert opened == []


def test_the_fetcher_serves_static_files_and_data_urls():
    fetcher = pdf.url_fetcher()
    response = fetcher.fetch(f"{STATIC}ehcp/plan.css")
    assert response.content_type == "text/css"
    assert (
        response.read()
        == (Path(django_settings.BASE_DIR) / "ehcp/static/ehcp/plan.css").read_bytes()
    )
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


def test_a_pdf_renders_without_what_it_may_not_fetch(test_templates, monkeypatch):
    """Every refused resource is left out; the rest of the document still renders."""
    opened, served = [], []
    monkeypatch.setattr("urllib.request.OpenerDirector.open", lambda *a, **k: opened.append(a))
    original = pdf.StaticFilesFetcher.fetch

    def spy(self, url, headers=None):
        response = original(self, url, headers)
        served.append(url)
        return response

    monkeypatch.setattr(pdf.StaticFilesFetcher, "fetch", spy)
    content = pdf.render_pdf(_spec("Nothing else was fetched"))
    reader = assert_tagged_pdf(content, title="What the PDF is called", language="en-GB")
    assert "Nothing else was fetched" in reader.pages[0].extract_text()
    assert opened == []
    assert served[0] == f"{STATIC}ehcp/plan.css"
    assert all(url == f"{STATIC}ehcp/plan.css" or url.startswith("data:") for url in served)
    assert any(url.startswith("data:image/gif") for url in served)


def test_a_pdf_needs_a_title_and_a_language():
    for title, language in (("", "en-GB"), ("Plan", " ")):
        with pytest.raises(pdf.PdfError, match="title and a language"):
            pdf.PdfSpec(template="x.html", context={}, title=title, language=language)


def test_a_missing_stylesheet_is_an_error_not_a_blank_style(test_templates):
    spec = pdf.PdfSpec(
        template="sendcpp_tests/hostile.html",
        context={},
        title="t",
        language="en",
        stylesheets=("../manage.py",),
    )
    with pytest.raises(pdf.PdfError, match="No static stylesheet"):
        pdf.render_pdf(spec)


def test_an_unknown_source_is_refused():
    with pytest.raises(pdf.PdfError, match="Unknown PDF source"):
        pdf.get_source("nowhere.thing")
    with pytest.raises(pdf.PdfError, match="Unknown PDF source"):
        pdf.get_source("sendcpp.nothing")


def test_the_task_belongs_to_the_projects_celery_app():
    """``delay_on_commit`` from a thread of the web worker must reach the configured broker."""
    from sendcpp.tasks import render_pdf

    assert render_pdf.app is project_app
    assert hasattr(render_pdf, "delay_on_commit")


# --- Storing and retrying, with a source registered by the test ----------------------------------

SOURCE = "sendcpp_tests.document"


@pytest.fixture
def document(world, test_templates) -> Document:
    document = Document.objects.create(
        case=world.case,
        kind=Document.Kind.LETTER,
        title="A letter",
        audience=Audience.FAMILY,
        status=Document.Status.PENDING,
        content_type="application/pdf",
    )
    pdf.register(
        pdf.PdfSource(
            name=SOURCE,
            build=lambda document_id: _spec(),
            record=lambda document_id: Document.objects.select_for_update().get(pk=document_id),
            stale=lambda before: Document.objects.filter(
                title="A letter", status=Document.Status.PENDING, created_at__lt=before
            ).values_list("pk", flat=True),
        )
    )
    return document


def test_rendering_twice_stores_one_pdf(document, django_capture_on_commit_callbacks):
    documents_before = Document.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        pdf.prepare(SOURCE, document.pk)
    document.refresh_from_db()
    assert document.status == Document.Status.READY
    assert pdf.pdf_state(document) == pdf.PdfState.READY
    stored_name, sha256 = document.file.name, document.sha256
    assert document.file.read(5) == b"%PDF-"
    assert document.size_bytes == document.file.size
    assert (document.content_type, document.failure_reason) == ("application/pdf", "")
    assert pdf.attempt(SOURCE, document.pk, last_attempt=False) == pdf.Outcome.ALREADY_READY
    with django_capture_on_commit_callbacks(execute=True):
        pdf.prepare(SOURCE, document.pk)
    document.refresh_from_db()
    assert (document.file.name, document.sha256) == (stored_name, sha256)
    assert Document.objects.count() == documents_before


def test_a_failure_is_visible_while_the_task_tries_again(document, monkeypatch):
    from sendcpp.tasks import render_pdf

    seen_between = []
    real_render = pdf.render_pdf

    def fails_once(spec):
        if not seen_between:
            document.refresh_from_db()
            seen_between.append(None)  # the first attempt
            raise OSError("the font cache is locked")
        # Second attempt: the first failure was recorded and is visible.
        document.refresh_from_db()
        seen_between.append((document.status, pdf.pdf_state(document), document.failure_reason))
        return real_render(spec)

    monkeypatch.setattr(pdf, "render_pdf", fails_once)
    render_pdf.apply(args=[SOURCE, document.pk])
    assert seen_between[1] == (
        Document.Status.PENDING,
        pdf.PdfState.RETRYING,
        "OSError: the font cache is locked",
    )
    document.refresh_from_db()
    assert (document.status, document.failure_reason) == (Document.Status.READY, "")


def test_after_the_last_retry_the_failure_stays_until_someone_tries_again(
    document, monkeypatch, django_capture_on_commit_callbacks
):
    from sendcpp.tasks import PDF_MAX_RETRIES, render_pdf

    calls = []

    def broken(spec):
        calls.append(spec)
        raise RuntimeError("out of memory")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    render_pdf.apply(args=[SOURCE, document.pk])
    assert len(calls) == PDF_MAX_RETRIES + 1
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert pdf.pdf_state(document) == pdf.PdfState.FAILED
    assert document.failure_reason == "RuntimeError: out of memory"
    assert not document.file

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        pdf.prepare_again(SOURCE, document.pk)
    document.refresh_from_db()
    assert document.status == Document.Status.READY
    with pytest.raises(TransitionNotAllowed, match="could not be prepared"):
        pdf.prepare_again(SOURCE, document.pk)


def test_the_states_the_user_sees():
    assert pdf.pdf_state(Document(status="pending")) == pdf.PdfState.PREPARING
    assert pdf.pdf_state(Document(status="pending", failure_reason="x")) == pdf.PdfState.RETRYING
    assert pdf.pdf_state(Document(status="failed", failure_reason="x")) == pdf.PdfState.FAILED
    assert pdf.pdf_state(Document(status="ready")) == pdf.PdfState.READY


def test_a_pdf_whose_task_was_lost_is_queued_again(document, django_capture_on_commit_callbacks):
    """Nothing stays "being prepared" for ever: a sweep queues old pending PDFs again."""
    from sendcpp.tasks import resume_stale_pdfs

    just_asked = document.created_at + pdf.STALE_AFTER - timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert pdf.resume_stale(now=just_asked) == 0
    document.refresh_from_db()
    assert document.status == Document.Status.PENDING
    later = document.created_at + pdf.STALE_AFTER + timedelta(minutes=1)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert resume_stale_pdfs.apply().get() == 1
    document.refresh_from_db()
    assert document.status == Document.Status.READY
    stale = pdf.get_source(SOURCE).stale(document.created_at + timedelta(days=1))
    assert document.pk not in list(stale)

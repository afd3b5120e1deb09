"""A PDF through a real Celery worker on Redis (an embedded Redis when REDIS_URL is unset):
queued twice on commit from another thread, as a threaded web worker does, it reaches the worker
and is made once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from sendcpp import pdf
from sendcpp.models import Audience, Document
from sendcpp.tests.test_pdf import _spec, test_templates  # noqa: F401 (the fixture, by name)
from sendcpp.tests.test_worker import REDIS_URL, _wait_for, redis_worker  # noqa: F401

# Each test process has its own queue (sendcpp/settings/test.py), so a real worker started by one
# never takes another's tasks.
pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

SOURCE = "sendcpp_tests.worker_document"


def test_a_pdf_queued_from_a_thread_is_made_once_by_the_worker(
    world,
    test_templates,  # noqa: F811
    redis_worker,  # noqa: F811
):
    document = Document.objects.create(
        case=world.case,
        title="A letter",
        audience=Audience.FAMILY,
        status=Document.Status.PENDING,
        content_type="application/pdf",
    )
    pdf.register(
        pdf.PdfSource(
            name=SOURCE,
            build=lambda document_id: _spec("Made by the worker"),
            record=lambda document_id: Document.objects.select_for_update().get(pk=document_id),
            stale=lambda before: [],
        )
    )
    errors: list[BaseException] = []

    def web_request() -> None:
        # A request thread of its own, with its own database connection.
        try:
            with transaction.atomic():
                pdf.prepare(SOURCE, document.pk)
                pdf.prepare(SOURCE, document.pk)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=web_request)
    thread.start()
    thread.join(timeout=30)
    assert errors == []
    _wait_for(lambda: Document.objects.get(pk=document.pk).status == Document.Status.READY)
    document.refresh_from_db()
    first_file = document.file.name
    assert document.file.read(5) == b"%PDF-"
    # Queued twice: one file, and running it again leaves it alone.
    from sendcpp.tasks import render_pdf

    assert render_pdf.delay(SOURCE, document.pk).get(timeout=30) == "already ready"
    document.refresh_from_db()
    assert document.file.name == first_file


def test_pdfs_have_their_own_queue_which_every_worker_also_takes_from(settings):
    """A sweep can queue tens of thousands of reminder emails at once: PDFs go to a queue of
    their own, which a worker started with no queue named takes from in turn with the default
    one, so a family's plan PDF is not made to wait behind them."""
    from sendcpp.celery import app

    default = settings.CELERY_TASK_DEFAULT_QUEUE
    route = app.amqp.router.route({}, "sendcpp.tasks.render_pdf")
    assert route["queue"].name == f"{default}-documents"
    assert app.amqp.router.route({}, "sendcpp.tasks.send_notification_email")["queue"].name == (
        default
    )
    assert set(app.amqp.queues) == {default, f"{default}-documents"}

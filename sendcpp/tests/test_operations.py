"""Operations: health and readiness, request ids, JSON logs without personal data, protected
metrics, GOV.UK Notify delivery, and the storage chosen by environment."""

from __future__ import annotations

import io
import json
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

from sendcpp import health, metrics, notifications
from sendcpp.models import Notification, Relationship
from sendcpp.observability import JsonLogFormatter, RequestIdFilter

ROOT = Path(__file__).resolve().parents[2]


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def heartbeat():
    health.write_heartbeat()
    yield
    health.redis_client().delete(health.heartbeat_key())


# Health and readiness ---------------------------------------------------------------------------


def test_healthz_answers_without_sign_in_or_database(client):
    # No django_db mark: any database access here would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_reports_each_check_when_ready(client, heartbeat):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "redis": "ok", "worker": "ok"},
    }


@pytest.mark.django_db
def test_readyz_fails_while_postgresql_is_unreachable_and_recovers(client, heartbeat, settings):
    database = settings.DATABASES["default"]
    real_host, real_port = database["HOST"], database["PORT"]
    database["HOST"], database["PORT"] = "127.0.0.1", str(closed_port())
    try:
        response = client.get("/readyz")
    finally:
        database["HOST"], database["PORT"] = real_host, real_port
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == "failing: OperationalError"
    assert checks["migrations"] == "not checked (no database)"
    assert checks["redis"] == "ok"
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_fails_while_redis_is_unreachable_and_recovers(client, heartbeat, settings):
    real = settings.REDIS_URL
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["redis"] == "failing: ConnectionError"
    assert body["checks"]["worker"] == "failing: ConnectionError"
    assert body["checks"]["database"] == "ok"
    settings.REDIS_URL = real
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_fails_without_a_recent_worker_heartbeat(client, heartbeat):
    redis = health.redis_client()
    redis.delete(health.heartbeat_key())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "failing: no worker heartbeat"
    redis.set(health.heartbeat_key(), str(time.time() - health.HEARTBEAT_MAX_AGE - 5))
    assert response.json()["checks"]["worker"].startswith("failing")
    assert client.get("/readyz").json()["checks"]["worker"].startswith("failing: last worker")
    # The task beat schedules is what a live worker runs.
    from sendcpp.tasks import worker_heartbeat

    worker_heartbeat.apply()
    assert client.get("/readyz").status_code == 200


# Request ids and logs ---------------------------------------------------------------------------


def test_every_response_carries_a_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32
    assert first != second
    # A caller's plain id is kept (to follow one request across the proxy and the app) ...
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-0123456789")["X-Request-ID"] == (
        "lb-0123456789"
    )
    # ... anything else is replaced, so nothing odd is echoed or logged.
    odd = client.get("/healthz", HTTP_X_REQUEST_ID="<script>Jane Smith</script>")
    assert len(odd["X-Request-ID"]) == 32


@pytest.fixture
def json_log():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLogFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def test_json_log_lines_carry_the_route_and_request_id_and_nothing_personal(
    world, client_for, json_log
):
    child = world.case.child
    child.legal_first_name, child.legal_last_name = "Zephyrine", "Quatermass"
    child.save()
    coordinator = client_for(world.coordinator)
    # The search is posted (no name in the address); its results page carries a token only.
    posted = coordinator.post("/children/search/", {"q": "Quatermass"})
    assert posted.status_code == 302
    search = coordinator.get(posted["Location"])
    assert search.status_code == 200
    assert b"Quatermass" in search.content
    missing = coordinator.get("/children/Zephyrine-Quatermass/")
    assert missing.status_code == 404
    # What Django logs for a server error: the path, and the request (with its query string).
    logging.getLogger("django.request").error(
        "Internal Server Error: %s",
        "/children/Zephyrine-Quatermass/",
        extra={"request": search.wsgi_request, "status_code": 500},
    )

    output = json_log.getvalue()
    assert "Quatermass" not in output
    assert "Zephyrine" not in output
    lines = [json.loads(line) for line in output.splitlines()]
    access = [line for line in lines if line["logger"] == "sendcpp.access"]
    assert [(line["route"], line["status"]) for line in access] == [
        ("sendcpp:child-search", 302),
        ("sendcpp:child-search", 200),
        ("unmatched", 404),
    ]
    assert access[1]["request_id"] == search["X-Request-ID"]
    assert {"time", "level", "message", "method", "duration_ms"} <= set(access[1])
    assert [line["message"] for line in lines if line["logger"] == "django.request"] == [
        "Internal Server Error"
    ]


# Metrics ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_metrics_are_hidden_without_the_token_or_an_allowed_address(client, settings):
    settings.METRICS_TOKEN = "a-long-random-token"
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="192.168.1.5").status_code == 404
    settings.METRICS_TOKEN, settings.METRICS_ALLOWED_IPS = "", []
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_metrics_show_latency_by_route_task_outcomes_and_the_outbox(world, client, settings):
    settings.METRICS_TOKEN = "a-long-random-token"
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    redis = health.redis_client()
    redis.delete(metrics.task_outcomes_key())
    client.get("/healthz")
    from sendcpp.tasks import worker_heartbeat

    worker_heartbeat.apply()  # runs through Celery's signals, as in a worker
    notifications.notify(key="m1", recipient=world.coordinator, subject="s", body="b")
    Notification.objects.filter(key="m1").update(
        email_status="pending", created_at="2020-01-01T00:00Z"
    )

    by_token = client.get("/metrics", HTTP_AUTHORIZATION="Bearer a-long-random-token")
    by_address = client.get("/metrics", REMOTE_ADDR="10.1.2.3")
    assert by_token.status_code == by_address.status_code == 200
    text = by_token.content.decode()
    assert (
        'sendcpp_request_duration_seconds_count{method="GET",route="healthz",status="2xx"}' in text
    )
    assert (
        'sendcpp_task_outcomes_total{outcome="success",task="sendcpp.tasks.worker_heartbeat"} 1.0'
        in text
    )
    assert "sendcpp_reminder_outbox_pending 1.0" in text
    oldest = next(
        line for line in text.splitlines() if line.startswith("sendcpp_reminder_outbox_oldest")
    )
    assert float(oldest.split()[-1]) > 365 * 24 * 3600
    redis.delete(metrics.task_outcomes_key())


# GOV.UK Notify ----------------------------------------------------------------------------------

NOTIFY_KEY = "test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"
EMAIL_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
SMS_TEMPLATE = "0e1cbd28-b7c1-4ba3-8a3b-2e0b4d9c6b45"


@pytest.fixture
def notify_transport(monkeypatch, settings):
    """GOV.UK Notify behind its official client, answered by a fake HTTP transport."""
    settings.NOTIFY_API_KEY = NOTIFY_KEY
    settings.NOTIFY_EMAIL_TEMPLATE_ID = EMAIL_TEMPLATE
    settings.NOTIFY_SMS_TEMPLATE_ID = SMS_TEMPLATE
    sent: list[requests.PreparedRequest] = []
    failing = {"status": 0}

    def send(adapter, request, **kwargs):
        sent.append(request)
        response = requests.Response()
        response.status_code = failing["status"] or 201
        response._content = json.dumps({"id": "9d3c7a5e-3b7b-4a4e-8f0e-0a2f0c1b2d3e"}).encode()
        response.headers["Content-Type"] = "application/json"
        response.request, response.url = request, request.url
        return response

    monkeypatch.setattr(HTTPAdapter, "send", send)
    return sent, failing


def test_email_goes_through_notify_with_the_template_id(world, notify_transport):
    sent, _ = notify_transport
    world.coordinator.email = "coordinator@example.org"
    world.coordinator.save()
    notification = notifications.notify(
        key="n1",
        recipient=world.coordinator,
        subject="Draft plan due",
        body="The draft plan is due on Monday.",
        link="/cases/1/",
    )
    assert notifications.deliver_email(notification.pk) == "sent"
    notification.refresh_from_db()
    assert notification.email_status == "sent"
    [request] = sent
    assert request.url == "https://api.notifications.service.gov.uk/v2/notifications/email"
    assert request.headers["Authorization"].startswith("Bearer ")
    assert json.loads(request.body) == {
        "email_address": "coordinator@example.org",
        "template_id": EMAIL_TEMPLATE,
        "personalisation": {
            "subject": "Draft plan due",
            "body": "The draft plan is due on Monday.",
            "link": "/cases/1/",
        },
        "reference": f"notification-{notification.pk}",
    }


def test_a_family_who_chose_phone_also_gets_a_text_once(world, notify_transport):
    sent, _ = notify_transport
    world.family.email = "parent@example.org"
    world.family.save()
    Relationship.objects.filter(user=world.family).update(
        contact_format=Relationship.ContactFormat.PHONE, phone="07700 900123"
    )
    notification = notifications.notify(
        key="n2", recipient=world.family, subject="A message", body="Please look."
    )
    assert notifications.deliver_email(notification.pk) == "sent"
    assert notifications.deliver_email(notification.pk) == "skipped"  # already sent once
    assert [r.url.rsplit("/", 1)[-1] for r in sent] == ["email", "sms"]
    text = json.loads(sent[1].body)
    assert (text["phone_number"], text["template_id"]) == ("07700 900123", SMS_TEMPLATE)
    assert text["reference"] == f"notification-{notification.pk}"


def test_a_notify_failure_is_recorded_and_retried(world, notify_transport):
    sent, failing = notify_transport
    failing["status"] = 500
    world.coordinator.email = "coordinator@example.org"
    world.coordinator.save()
    notification = notifications.notify(
        key="n3", recipient=world.coordinator, subject="s", body="b"
    )
    assert notifications.deliver_email(notification.pk) == "retry"
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_error) == ("pending", "HTTPError")
    failing["status"] = 0
    assert notifications.deliver_email(notification.pk) == "sent"
    assert len(sent) == 2


def test_without_a_notify_key_email_goes_to_the_email_backend(world, mailoutbox, settings):
    settings.NOTIFY_API_KEY = ""
    world.coordinator.email = "coordinator@example.org"
    world.coordinator.save()
    notification = notifications.notify(
        key="n4", recipient=world.coordinator, subject="Hello", body="b"
    )
    assert notifications.deliver_email(notification.pk) == "sent"
    assert [m.subject for m in mailoutbox] == ["Hello"]


# Settings chosen by environment ----------------------------------------------------------------


def _settings_in_subprocess(env: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({expression}, default=str))"
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sendcpp.settings.base",
            "DJANGO_SECRET_KEY": "x" * 50,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_documents_go_to_s3_compatible_storage_when_chosen():
    result = _settings_in_subprocess(
        {
            "DOCUMENTS_STORAGE": "s3",
            "DOCUMENTS_S3_BUCKET": "council-send-documents",
            "DOCUMENTS_S3_ENDPOINT_URL": "https://s3.example.org",
        },
        "settings.STORAGES['default']",
    )
    assert result.returncode == 0, result.stderr
    storage = json.loads(result.stdout)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "council-send-documents"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert (options["default_acl"], options["file_overwrite"]) == ("private", False)


def test_an_unknown_document_storage_is_refused_at_start():
    result = _settings_in_subprocess({"DOCUMENTS_STORAGE": "ftp"}, "1")
    assert result.returncode != 0
    assert "DOCUMENTS_STORAGE must be 'filesystem' or 's3'" in result.stderr


def test_sessions_live_in_redis_backed_by_the_database():
    result = _settings_in_subprocess({}, "settings.SESSION_ENGINE")
    assert json.loads(result.stdout) == "django.contrib.sessions.backends.cached_db"


# Error reporting -------------------------------------------------------------------------------


def test_error_reports_keep_the_stack_and_route_and_drop_anything_personal():
    from sendcpp.observability import scrub_sentry_event

    event = {
        "request": {
            "url": "https://send.example.org/children/search/?q=Quatermass",
            "query_string": "q=Quatermass",
            "data": {"notes": "Zephyrine finds loud rooms hard"},
            "cookies": {"sessionid": "abc"},
            "headers": {"User-Agent": "Firefox", "Cookie": "sessionid=abc", "X-Request-ID": "r1"},
            "env": {"REMOTE_ADDR": "192.0.2.1"},
        },
        "user": {"username": "coordinator1", "email": "c@example.org"},
        "exception": {
            "values": [
                {"stacktrace": {"frames": [{"function": "view", "vars": {"child": "Quatermass"}}]}}
            ]
        },
        "breadcrumbs": {"values": [{"category": "query", "data": {"params": ["Quatermass"]}}]},
    }
    scrubbed = scrub_sentry_event(event, {})
    assert "Quatermass" not in repr(scrubbed)
    assert "Zephyrine" not in repr(scrubbed)
    assert "coordinator1" not in repr(scrubbed)
    assert scrubbed["request"] == {
        "url": "https://send.example.org/children/search/",
        "headers": {"User-Agent": "Firefox", "X-Request-ID": "r1"},
    }
    assert scrubbed["exception"]["values"][0]["stacktrace"]["frames"] == [{"function": "view"}]


def test_sentry_starts_only_with_a_dsn_and_collects_nothing_personal():
    expression = (
        "(lambda c: c.options['data_collection'] if c.is_active() else None)"
        "(__import__('sentry_sdk').get_client())"
    )
    without = _settings_in_subprocess({"SENTRY_DSN": ""}, expression)
    assert json.loads(without.stdout) is None
    with_dsn = _settings_in_subprocess(
        {"SENTRY_DSN": f"http://key@127.0.0.1:{closed_port()}/1", "SENTRY_ENVIRONMENT": "test"},
        expression,
    )
    assert with_dsn.returncode == 0, with_dsn.stderr
    collected = json.loads(with_dsn.stdout)
    assert collected["user_info"] is False
    assert collected["cookies"]["mode"] == "off"
    assert collected["url_query_params"]["mode"] == "off"
    assert collected["http_bodies"] == []
    assert collected["stack_frame_variables"] is False
    assert collected["database_query_data"] is False
    assert collected["queues"] is False

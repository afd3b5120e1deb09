"""The production WSGI application plus one test-only address, for the tests that serve the app
with gunicorn in a subprocess (``test_served``). Imported the way gunicorn imports any module of
the project: ``sendcpp/__init__.py`` (and so the Celery app) first, with no DJANGO_SETTINGS_MODULE
in the environment.

``POST /__test__/notify?key=K&username=U`` writes one message to U through the outbox, which queues
its email with ``delay_on_commit`` from the request's thread, exactly as a service does."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from sendcpp.wsgi import application as django_application


def application(environ, start_response):
    if environ.get("PATH_INFO") != "/__test__/notify":
        return django_application(environ, start_response)
    from django.db import close_old_connections, transaction

    from sendcpp import notifications
    from sendcpp.models import User

    query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
    close_old_connections()
    try:
        with transaction.atomic():
            notification = notifications.notify(
                key=query["key"],
                recipient=User.objects.get(username=query["username"]),
                subject="Queued from a served request",
                body="b",
            )
        status, body = "200 OK", {"id": notification.pk}
    except Exception as error:
        status, body = "500 Internal Server Error", {"error": f"{type(error).__name__}: {error}"}
    finally:
        close_old_connections()
    start_response(status, [("Content-Type", "application/json")])
    return [json.dumps(body).encode()]

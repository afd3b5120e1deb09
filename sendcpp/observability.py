"""Request ids, structured (JSON) logs and optional error reporting, with no personal data.

Every request gets an id (the caller's ``X-Request-ID`` when it is a plain token, otherwise a new
one), echoed in the response's ``X-Request-ID`` and attached to every log line written while the
request is handled. One access line per request names the *route* (e.g. ``sendcpp:case-detail``),
never the path, query string or body: those can carry a child's name (a search) or an address.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from pythonjsonlogger.json import JsonFormatter

from sendcpp import metrics

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
access_log = logging.getLogger("sendcpp.access")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

#: Log record attributes that may carry a request (and so a URL with its query string), a body or
#: a template context; they are removed before a record is written anywhere.
UNSAFE_ATTRIBUTES = ("request", "args_repr", "kwargs_repr", "context", "data", "body")


class RequestIdMiddleware:
    """First in the chain: sets the id, times the request, writes the access line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            route = route_name(request)
            metrics.observe_request(route, request.method or "", response.status_code, elapsed)
            duration_ms = round(elapsed * 1000, 1)
            access_log.info(
                "%s %s %s %sms",
                request.method,
                route,
                response.status_code,
                duration_ms,
                extra={
                    "route": route,
                    "method": request.method,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            response["X-Request-ID"] = request_id
            return response
        finally:
            request_id_var.reset(token)


def route_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.view_name if match else "") or "unmatched"


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record and removes attributes that can hold personal data."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        for name in UNSAFE_ATTRIBUTES:
            if name in record.__dict__:
                delattr(record, name)
        if record.name == "django.request" or record.name.startswith("django.server"):
            # "Not Found: /children/search/?q=..." and the dev server's request lines carry the
            # full path: keep the kind of event, not the address.
            record.msg = record.msg.split(":")[0] if isinstance(record.msg, str) else "request"
            record.args = ()
        return True


class JsonLogFormatter(JsonFormatter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "{asctime}{levelname}{name}{message}{request_id}")
        kwargs.setdefault("style", "{")
        kwargs.setdefault(
            "rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"}
        )
        super().__init__(*args, **kwargs)


def scrub_sentry_event(event: dict, hint: dict) -> dict:
    """Sentry ``before_send``: keep the stack and the route, drop anything that can be personal."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("query_string", "data", "cookies", "env"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {
            k: v for k, v in headers.items() if k.lower() in {"user-agent", "x-request-id"}
        }
        if "url" in request:
            request["url"] = str(request["url"]).split("?")[0]
    event.pop("user", None)
    for exception in (event.get("exception") or {}).get("values", []):
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        crumb.pop("data", None)
    return event


def init_sentry(dsn: str, environment: str, traces_sample_rate: float) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # sentry-sdk 3's form of ``send_default_pii=False``, stricter: no user, cookies, bodies,
        # query strings, SQL parameters, task arguments or local variables; headers by allowlist.
        data_collection=NO_PERSONAL_DATA,
        traces_sample_rate=traces_sample_rate,
        before_send=scrub_sentry_event,
    )


NO_PERSONAL_DATA = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_headers": {"request": {"mode": "allowlist", "terms": ["user-agent", "x-request-id"]}},
    "http_bodies": [],
    "url_query_params": {"mode": "off"},
    "database_query_data": False,
    "queues": False,
    "stack_frame_variables": False,
}

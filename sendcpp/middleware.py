"""Request plumbing that enforces the sign-in rules and the HTTP hardening every response needs:
no NUL bytes in addresses, an absolute limit on a session's life, two-factor for staff, and no
caching of anything personal."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

# Pages a signed-in member of staff may reach before completing two-factor authentication.
_ALLOWED_BEFORE_2FA = {"sendcpp:two-factor", "sendcpp:two-factor-setup", "sendcpp:logout"}

API_PREFIX = "/api/"
BAD_ADDRESS = "The web address contains a character that is not allowed."
# The session key holding when (seconds since the epoch) the person signed in.
SIGNED_IN_AT = "sendcpp_signed_in_at"
# The session key holding when (seconds since the epoch) the session's idle timeout was last
# pushed back.
REFRESHED_AT = "sendcpp_refreshed_at"
_TOTP_DEVICE = "otp_totp.totpdevice/"
SESSION_ENDED = (
    "You have been signed out because you were signed in for {hours} hours. Sign in again."
)

# Pages (and API routes) anyone may see with nothing personal on them: the published dashboard,
# the setting directory's public facts, the published inclusion plans, the API description, and
# the service's own notices. Only these may be cached, and only when the request is anonymous.
PUBLIC_ROUTES = frozenset(
    {
        "dashboard:index",
        "dashboard:area-choose",
        "dashboard:area",
        "dashboard:area-table",
        "dashboard:live",
        "dashboard:live-table",
        "placements:directory",
        "placements:setting",
        "partnerships:public-plan-list",
        "partnerships:public-plan",
        "partnerships:public-plan-version",
        "partnerships:public-plan-pdf",
        "sendcpp:accessibility",
        "sendcpp:privacy",
        "api-schema",
        "api-docs",
    }
)
PUBLIC_API_ROUTE_PREFIX = "api-dashboard-"


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path_info or "\x00" in request.META.get("QUERY_STRING", ""):
        return True
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )


class NulByteGuardMiddleware:
    """Refuses any address whose path or query string holds a NUL byte (``%00``) with a 400,
    before a view can hand it to PostgreSQL (which cannot hold NUL in text and would fail with a
    server error). Pages get the HTML error page, the API a JSON error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            if _is_api(request):
                return JsonResponse({"detail": BAD_ADDRESS}, status=400)
            return render(request, "400.html", {"message": BAD_ADDRESS}, status=400)
        return self.get_response(request)


def record_sign_in(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    """On every sign-in (the ``user_logged_in`` signal), note when it happened in the session."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


def _keep_alive(request: HttpRequest) -> None:
    # The idle timeout runs from the session's last save. Saving on every request (Django's
    # SESSION_SAVE_EVERY_REQUEST) costs a write per page; at most once a
    # ``SESSION_REFRESH_SECONDS`` is enough, and ends an idle session that much sooner, never later.
    session = request.session
    if session.session_key is None:
        return
    refreshed_at = session.get(REFRESHED_AT)
    if session.is_empty():  # an ended or unknown session: nothing to keep alive
        return
    now = int(time.time())
    if not isinstance(refreshed_at, int) or now - refreshed_at >= settings.SESSION_REFRESH_SECONDS:
        session[REFRESHED_AT] = now


class SessionLifetimeMiddleware:
    """Ends a session ``SESSION_ABSOLUTE_AGE`` seconds after sign-in, however active the person
    has been, and keeps an active session from reaching its idle timeout (``SESSION_COOKIE_AGE``)
    by saving it again at most once every ``SESSION_REFRESH_SECONDS``. Pages send the person
    whose session has ended to sign in again with a message; API calls go on as anonymous (and
    are refused by the API's own checks)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT)
            now = int(time.time())
            if not isinstance(signed_in_at, int):
                # A session from before this rule: its lifetime starts now.
                request.session[SIGNED_IN_AT] = now
            elif now - signed_in_at >= settings.SESSION_ABSOLUTE_AGE:
                logout(request)
                if not _is_api(request):
                    hours = round(settings.SESSION_ABSOLUTE_AGE / 3600)
                    messages.info(request, SESSION_ENDED.format(hours=hours))
                    return redirect_to_login(request.get_full_path())
        _keep_alive(request)
        return self.get_response(request)


class TwoFactorMiddleware(OTPMiddleware):
    """django-otp's middleware (``request.user.is_verified()``, ``otp_device``) without its query
    per request: the ids of the person's confirmed authenticator devices come with their account
    (``sendcpp.accounts.SessionUserBackend``), and the device itself is read only if something
    uses more than the fact that it verified the session. A device that is deleted (two-factor
    reset) or belongs to someone else no longer verifies the session, as with django-otp."""

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        confirmed = getattr(user, "confirmed_totp_ids", None)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY) or ""
        if confirmed is None or not persistent_id.startswith(_TOTP_DEVICE):
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        device_id = persistent_id.removeprefix(_TOTP_DEVICE)
        if device_id.isdigit() and int(device_id) in confirmed:
            user.otp_device = SimpleLazyObject(
                functools.partial(TOTPDevice.objects.get, pk=int(device_id))
            )
        else:
            del request.session[DEVICE_ID_SESSION_KEY]
        return user


class StaffTwoFactorMiddleware:
    """Local authority staff must complete two-factor authentication (TOTP) before they see
    anything else. Families, professionals and setting users may turn it on but are not made to.
    API requests authenticate per request (partner keys) and are not affected."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        needs_2fa = (
            settings.REQUIRE_STAFF_2FA
            and user.is_authenticated
            and getattr(user, "is_staff_member", False)
            and not user.is_verified()
        )
        if needs_2fa and not request.path.startswith(settings.STATIC_URL):
            try:
                view_name = resolve(request.path_info).view_name
            except Resolver404:
                return self.get_response(request)
            if view_name not in _ALLOWED_BEFORE_2FA:
                return redirect("sendcpp:two-factor")
        return self.get_response(request)


class AccessScopeMiddleware:
    """Lets the access policy remember, for one request only, what it has looked up about the
    person (their explicit case grants): ``sendcpp.access.remembering_grants``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from sendcpp import access

        with access.remembering_grants():
            return self.get_response(request)


class AuditContextMiddleware:
    """Names who acted, and through which route, on every change a request makes (the pghistory
    context), and writes the request's reads of children's records once, when the response is
    ready. Replaces pghistory's own middleware, which stored the URL (with ids) and nothing
    about partner keys. See ``sendcpp.audit``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from sendcpp import audit

        with audit.request_context(request):
            return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: object, view_args: object, view_kwargs: object
    ) -> None:
        from sendcpp import audit

        match = request.resolver_match
        if match is not None:
            audit.route_resolved(match.view_name)


def _is_public_route(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    # A page that needs sign-in is never public, whatever its name.
    if getattr(match.func, "login_required", True):
        return False
    name = match.view_name
    return name in PUBLIC_ROUTES or (match.url_name or "").startswith(PUBLIC_API_ROUTE_PREFIX)


def _is_anonymous(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return not signed_in and "HTTP_AUTHORIZATION" not in request.META


class NoStoreMiddleware:
    """Personal data must not be kept by browsers or shared caches: every response to a
    signed-in person or a partner key, and every response that is not one of the public pages,
    carries ``Cache-Control: no-store`` (and ``Pragma: no-cache`` for old caches). Public pages
    answered to an anonymous visitor keep their own caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _is_anonymous(request) and _is_public_route(request):
            return response
        if "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        response.headers["Pragma"] = "no-cache"
        return response

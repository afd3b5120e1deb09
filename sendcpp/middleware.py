"""Request plumbing that enforces the sign-in rules."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

# Pages a signed-in member of staff may reach before completing two-factor authentication.
_ALLOWED_BEFORE_2FA = {"sendcpp:two-factor", "sendcpp:two-factor-setup", "sendcpp:logout"}


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

"""Signing in: password (throttled by django-axes), then a TOTP code for local authority staff."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_not_required
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendcpp import access, notifications
from sendcpp.forms import SignInForm, TokenForm
from sendcpp.models import User
from sendcpp.shapes import Shapes


class SessionUserBackend(ModelBackend):
    """Django's model backend, loading the signed-in person once per request with what every
    page asks of them: their staff profile (role, team) and the ids of their confirmed
    authenticator devices (``confirmed_totp_ids``, read by
    ``sendcpp.middleware.TwoFactorMiddleware``) and the cases granted to them to read
    (``sendcpp.access.grants_with_person``). One query instead of four; the account, its role,
    its devices and its grants are still read afresh on every request, so a deactivation, a
    change of role, a reset of two-factor or a grant takes effect on the next one."""

    def get_user(self, user_id: object) -> User | None:  # type: ignore[override]
        try:
            user_id = User._meta.pk.to_python(user_id)  # type: ignore[union-attr]
        except ValidationError:
            return None
        if not isinstance(user_id, int) or not 0 < user_id < 2**63:
            return None  # not an id a row can have
        # Every request reads it: compiled once (``sendcpp.shapes``, decision 35).
        user = _SESSION_USER.first("by id", _session_user, {"user": user_id})
        return user if user is not None and self.user_can_authenticate(user) else None


_SESSION_USER = Shapes("the signed-in person")


def _session_user(values: Mapping[str, Any]) -> QuerySet[User]:
    devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True).values("pk")
    return (
        User._default_manager.select_related("staff_profile")
        .annotate(
            confirmed_totp_ids=ArraySubquery(devices),
            # The menu's count, read with the person rather than by a query of its own.
            unread_messages=notifications.unread_count(OuterRef("pk")),
            **access.grants_with_person(),
        )
        .filter(pk=values["user"])
    )


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "sendcpp/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


def acceptable_code(device: TOTPDevice) -> str | None:
    """The code an authenticator app would show that the device will accept now, or None.

    A code is single-use: once the current time step has been used (``last_t``), the device only
    accepts a later step within its tolerance. This mirrors ``TOTPDevice.verify_token`` so that
    signing the same person in twice within one 30-second step still works; it returns None when
    no acceptable step is open yet (the caller waits for the next step).
    """
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = clock.t()
    step = max(now, device.last_t + 1)
    if step > now + device.tolerance:
        return None
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def _demo_code(device: TOTPDevice) -> str | None:
    # Only seeded demo accounts, and only with SENDCPP_DEMO_MODE on (never in production).
    if settings.DEMO_MODE and device.user.is_demo:
        return acceptable_code(device)
    return None


def safe_next(request: HttpRequest) -> str:
    """Where to go after signing in: the ``next`` page if it is on this site, else the home page.
    Any other address (another host, a scheme such as ``javascript:``) is ignored, so a link
    cannot send someone who has just signed in to an attacker's page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _complete_two_factor(request: HttpRequest, device: TOTPDevice) -> None:
    # A new session key once the second factor is given, as at the password step, so that a
    # session identifier learnt before signing in is worth nothing afterwards.
    otp_login(request, device)
    request.session.cycle_key()


@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the code from the authenticator app; send people without one to set it up."""
    if request.user.is_verified():
        return redirect(safe_next(request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("sendcpp:two-factor-setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            _complete_two_factor(request, device)
            return redirect(safe_next(request))
        form.add_error(
            "token", "The security code is not correct or has expired. Try the new code."
        )
    return render(
        request, "sendcpp/two_factor.html", {"form": form, "demo_code": _demo_code(device)}
    )


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), then enter a code."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("sendcpp:two-factor")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            _complete_two_factor(request, device)
            messages.success(request, "Two-factor authentication is set up")
            return redirect(settings.LOGIN_REDIRECT_URL)
        form.add_error("token", "The security code is not correct. Check the app and try again.")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title="QR code for your authenticator app"
    )
    import base64

    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "sendcpp/two_factor_setup.html",
        {"form": form, "qr_svg": mark_safe(qr_svg), "secret": secret},  # noqa: S308 - segno output
    )

"""Pages for administrators to manage their council's staff accounts, and the page where an
invited member of staff sets their password. Thin: ask ``access``, call ``sendcpp.users``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendcpp import access, users
from sendcpp.forms import ChoosePasswordForm, InviteStaffForm, ProfessionForm, RoleForm
from sendcpp.models import StaffAccountEvent, Team, User
from sendcpp.web.handling import handle_action, handle_form, handle_record_form
from sendcpp.web.paging import paginate

RECENT_EVENTS = 20


def _events(request: HttpRequest) -> QuerySet[StaffAccountEvent]:
    return StaffAccountEvent.objects.filter(
        local_authority_id=request.user.organisation_id
    ).select_related("by", "subject")


def user_list(request: HttpRequest) -> HttpResponse:
    access.require(access.can_manage_users(request.user))
    accounts = (
        access.managed_users(request.user)
        .select_related("staff_profile__team")
        .order_by("last_name", "first_name", "id")
    )
    with_devices = set(
        TOTPDevice.objects.filter(user__in=accounts, confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    return render(
        request,
        "sendcpp/users/list.html",
        {
            "with_devices": with_devices,
            "events": _events(request)[:RECENT_EVENTS],
            **paginate(request, accounts),
        },
    )


@require_http_methods(["GET", "POST"])
def user_invite(request: HttpRequest) -> HttpResponse:
    access.require(access.can_manage_users(request.user))
    form = InviteStaffForm(request.POST or None)
    form.fields["team"].queryset = Team.objects.filter(
        local_authority_id=request.user.organisation_id
    )
    return handle_form(
        request,
        form,
        call=lambda data: users.invite_staff(**data, by=request.user),
        success=lambda invited: (
            f"{invited.display_name} has been sent a link to set their password"
        ),
        next_url=lambda invited: reverse("sendcpp:user-detail", args=[invited.public_id]),
        template="sendcpp/users/invite.html",
    )


def _detail(request: HttpRequest, subject: User) -> HttpResponse:
    profile = getattr(subject, "staff_profile", None)
    role_form = RoleForm(initial={"role": profile.role if profile else ""})
    return render(
        request, "sendcpp/users/detail.html", _detail_context(request, subject, role_form)
    )


def _detail_context(request: HttpRequest, subject: User, role_form: RoleForm) -> dict[str, Any]:
    return {
        "subject": subject,
        "profile": getattr(subject, "staff_profile", None),
        "is_self": subject.pk == request.user.pk,
        "has_device": TOTPDevice.objects.filter(user=subject, confirmed=True).exists(),
        "role_form": role_form,
        "events": _events(request).filter(subject=subject)[:50],
        "status": _status(subject),
    }


def _status(subject: User) -> str:
    if not subject.is_active:
        return "Deactivated"
    if not subject.has_usable_password():
        return "Invited"
    return "Active"


def user_detail(request: HttpRequest, user_id: UUID) -> HttpResponse:
    subject = access.get_managed_user_or_404(request.user, user_id)
    return _detail(request, subject)


@require_POST
def user_role(request: HttpRequest, user_id: UUID) -> HttpResponse:
    subject = access.get_managed_user_or_404(request.user, user_id)
    form = RoleForm(request.POST)
    return handle_record_form(
        request,
        subject,
        form,
        users.change_role,
        success="Role changed",
        next_url=reverse("sendcpp:user-detail", kwargs={"user_id": subject.public_id}),
        template="sendcpp/users/detail.html",
        context=_detail_context(request, subject, form),
    )


def _action(
    request: HttpRequest, user_id: UUID, call: Callable[[User], object], done: str
) -> HttpResponse:
    subject = access.get_managed_user_or_404(request.user, user_id)
    return handle_action(
        request,
        lambda: call(subject),
        success=done,
        next_url=reverse("sendcpp:user-detail", kwargs={"user_id": subject.public_id}),
    )


@require_POST
def user_deactivate(request: HttpRequest, user_id: UUID) -> HttpResponse:
    return _action(
        request,
        user_id,
        lambda subject: users.set_active(subject, active=False, by=request.user),
        "Account deactivated. They cannot sign in.",
    )


@require_POST
def user_reactivate(request: HttpRequest, user_id: UUID) -> HttpResponse:
    return _action(
        request,
        user_id,
        lambda subject: users.set_active(subject, active=True, by=request.user),
        "Account reactivated",
    )


@require_POST
def user_reset_two_factor(request: HttpRequest, user_id: UUID) -> HttpResponse:
    return _action(
        request,
        user_id,
        lambda subject: users.reset_two_factor(subject, by=request.user),
        "Two-factor authentication reset. They will set up an authenticator app when they "
        "next sign in.",
    )


def contributor_list(request: HttpRequest) -> HttpResponse:
    """The professionals who give advice, with their profession and service."""
    access.require(access.can_manage_users(request.user))
    accounts = (
        users.contributor_accounts(request.user)
        .select_related("organisation")
        .order_by("last_name", "first_name", "id")
    )
    return render(request, "sendcpp/users/contributors.html", paginate(request, accounts))


@require_http_methods(["GET", "POST"])
def contributor_detail(request: HttpRequest, user_id: UUID) -> HttpResponse:
    """Change a professional's profession and service."""
    subject = users.get_contributor_or_404(request.user, user_id)
    form = ProfessionForm(
        request.POST or None,
        initial={"profession": subject.profession, "organisation": subject.organisation_id},
    )
    return handle_record_form(
        request,
        subject,
        form,
        users.set_profession,
        success=f"Profession and service saved for {subject.display_name}",
        next_url=reverse("sendcpp:contributor-list"),
        context={
            "title": "Profession and service",
            "caption": subject.display_name,
            "intro": "Coordinators see each professional's profession and service when they "
            "ask for advice, and the list for each kind of advice shows the professions that "
            "give it.",
            "back_url": reverse("sendcpp:contributor-list"),
            "back_text": "Back to professionals",
            "submit": "Save",
        },
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def set_password(request: HttpRequest, user_id: UUID, token: str) -> HttpResponse:
    """An invited member of staff chooses their password through their one-time link."""
    invited = users.user_for_set_password_link(user_id, token)
    if invited is None:
        return render(request, "sendcpp/users/link_problem.html", status=410)
    form = ChoosePasswordForm(invited, request.POST or None)
    if request.method == "POST" and form.is_valid():
        users.set_password_from_link(invited, password=form.cleaned_data["new_password1"])
        messages.success(request, "Your password is set. Sign in to continue.")
        return redirect("sendcpp:login")
    return render(request, "sendcpp/users/set_password.html", {"form": form})

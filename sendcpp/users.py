"""Managing staff accounts: the administrator's use-cases. Each is atomic, takes the acting
administrator as ``by``, asks ``sendcpp.access`` whether they may, and records a
``StaffAccountEvent`` (who did what to whom, and when). The HTML views, the admin and any
command call these; nothing else changes an account's role, activity or second factor.

An invited member of staff gets an account with no usable password and a one-time link to set
one, sent through the outbox (``sendcpp.notifications.notify``). The link's token is Django's
password-reset token: it stops working once the password is set (it is bound to the password
hash) and after ``PASSWORD_RESET_TIMEOUT``.
"""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendcpp import access, notifications
from sendcpp.exceptions import DomainError
from sendcpp.models import Organisation, StaffAccountEvent, StaffProfile, Team, User


def _record(by: User | None, subject: User, kind: str, detail: str = "") -> StaffAccountEvent:
    return StaffAccountEvent.objects.create(
        local_authority_id=subject.organisation_id,
        by=by,
        subject=subject,
        kind=kind,
        detail=detail[:200],
    )


def _require_admin_of(by: User, subject: User | None = None) -> None:
    # Another LA's account looks the same as a missing one.
    if not access.can_manage_users(by):
        raise access.Http404("Not found")
    if subject is not None and not access.managed_users(by).filter(pk=subject.pk).exists():
        raise access.Http404("No such account")


def _locked(subject: User) -> User:
    return User.objects.select_for_update().get(pk=subject.pk)


def set_password_path(user: User) -> str:
    """The one-time link (a path in this service) for ``user`` to set their password."""
    token = default_token_generator.make_token(user)
    return reverse("sendcpp:set-password", args=[user.public_id, token])


@transaction.atomic
def invite_staff(
    *,
    first_name: str,
    last_name: str,
    email: str,
    username: str,
    role: str,
    team: Team | None,
    by: User,
) -> User:
    """Create a member of staff in the administrator's local authority, with no usable password,
    and send them the one-time link to set it."""
    _require_admin_of(by)
    username = (username or "").strip()
    email = (email or "").strip().lower()
    if role not in StaffProfile.Role.values:
        raise DomainError("Choose a role", field="role")
    if team is not None and team.local_authority_id != by.organisation_id:
        raise DomainError("Choose a team in your council", field="team")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError("That username is taken: choose another", field="username")
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError("An account with that email address already exists", field="email")
    user = User(
        username=username,
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        email=email,
        account_type=User.AccountType.STAFF,
        organisation_id=by.organisation_id,
        is_active=True,
    )
    user.set_unusable_password()
    user.save()
    StaffProfile.objects.create(user=user, role=role, team=team)
    _record(by, user, StaffAccountEvent.Kind.INVITED, StaffProfile.Role(role).label)
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    link = set_password_path(user)
    notifications.notify(
        key=f"staff-invite:{user.public_id}",
        recipient=user,
        subject=f"Set up your account for {settings.SERVICE_NAME}",
        body=(
            f"{by.display_name} has set up an account for you. Your username is {username}. "
            f"Choose your password within {hours} hours at {settings.SITE_URL}{link} "
            "(the link works once). You will then set up an authenticator app for your "
            "security codes."
        ),
        link=link,
    )
    return user


@transaction.atomic
def set_active(subject: User, *, active: bool, by: User) -> User:
    """Deactivate an account (the person is signed out at their next request and cannot sign in)
    or reactivate it."""
    _require_admin_of(by, subject)
    if subject.pk == by.pk:
        raise DomainError("You cannot deactivate your own account. Ask another administrator.")
    subject = _locked(subject)
    if subject.is_active == active:
        return subject
    User.objects.filter(pk=subject.pk).update(is_active=active)
    subject.is_active = active
    kind = StaffAccountEvent.Kind.REACTIVATED if active else StaffAccountEvent.Kind.DEACTIVATED
    _record(by, subject, kind)
    return subject


@transaction.atomic
def reset_two_factor(subject: User, *, by: User) -> int:
    """Remove the person's authenticator devices: at their next sign-in they set one up again
    (and any session verified with the old device is no longer verified). Returns how many."""
    _require_admin_of(by, subject)
    subject = _locked(subject)
    removed, _ = TOTPDevice.objects.filter(user=subject).delete()
    _record(by, subject, StaffAccountEvent.Kind.TWO_FACTOR_RESET)
    return removed


@transaction.atomic
def change_role(subject: User, *, role: str, by: User) -> StaffProfile:
    """Give a member of staff another role. Administrators cannot take away their own
    administrator role (so a council is never left without one by mistake)."""
    _require_admin_of(by, subject)
    if role not in StaffProfile.Role.values:
        raise DomainError("Choose a role", field="role")
    profile = StaffProfile.objects.select_for_update().filter(user=subject).first()
    if profile is None:
        raise DomainError("Only members of staff have a role")
    if subject.pk == by.pk and role != StaffProfile.Role.ADMINISTRATOR:
        raise DomainError(
            "You cannot remove your own administrator role. Ask another administrator.",
            field="role",
        )
    if profile.role == role:
        return profile
    before = StaffProfile.Role(profile.role).label
    profile.role = role
    profile.save(update_fields=["role"])
    _record(
        by,
        subject,
        StaffAccountEvent.Kind.ROLE_CHANGED,
        f"{before} to {StaffProfile.Role(role).label}",
    )
    return profile


def contributor_accounts(by: User) -> QuerySet[User]:
    """The professionals' accounts an administrator keeps the profession and service of: every
    professional who can be asked for advice (the advisor lists offer them all)."""
    if not access.can_manage_users(by):
        return User.objects.none()
    return User.objects.filter(account_type=User.AccountType.PROFESSIONAL)


def get_contributor_or_404(by: User, public_id: UUID | str) -> User:
    try:
        return contributor_accounts(by).select_related("organisation").get(public_id=public_id)
    except (User.DoesNotExist, ValidationError):
        raise access.Http404("No such account") from None


@transaction.atomic
def set_profession(
    subject: User, *, profession: str, organisation: Organisation | None, by: User
) -> User:
    """Record a professional's profession and the service they work for, which the advisor
    lists show and filter by."""
    if not contributor_accounts(by).filter(pk=subject.pk).exists():
        raise access.Http404("No such account")
    if profession not in User.Profession.values:
        raise DomainError("Choose their profession", field="profession")
    if organisation is None:
        raise DomainError("Choose the service they work for", field="organisation")
    subject = _locked(subject)
    if subject.profession == profession and subject.organisation_id == organisation.pk:
        return subject
    subject.profession = profession
    subject.organisation = organisation
    subject.save(update_fields=["profession", "organisation"])
    StaffAccountEvent.objects.create(
        local_authority_id=by.organisation_id,
        by=by,
        subject=subject,
        kind=StaffAccountEvent.Kind.PROFESSION_CHANGED,
        detail=f"{User.Profession(profession).label}, {organisation.name}"[:200],
    )
    return subject


def user_for_set_password_link(public_id: UUID, token: str) -> User | None:
    """The invited person the link is for, if the link is still good."""
    user = User.objects.filter(public_id=public_id, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


@transaction.atomic
def set_password_from_link(user: User, *, password: str) -> User:
    """The invited person chooses their password (already validated by the form); the link then
    stops working, as the token is bound to the old password."""
    user = _locked(user)
    user.set_password(password)
    user.save(update_fields=["password"])
    StaffAccountEvent.objects.create(
        local_authority_id=user.organisation_id,
        by=user,
        subject=user,
        kind=StaffAccountEvent.Kind.PASSWORD_SET,
        at=timezone.now(),
    )
    return user

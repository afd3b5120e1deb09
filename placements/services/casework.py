"""The moves every placements service shares: who is acting, the access check, and telling the
coordinator, the family or a setting's staff."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from sendcpp import access
from sendcpp.access import Action, Actor
from sendcpp.exceptions import DomainError
from sendcpp.models import Case, Organisation, User
from sendcpp.notifications import notify


def acting_user(by: Actor) -> User | None:
    """The person to record on a row (partner systems are recorded by the API log instead)."""
    return by if isinstance(by, User) else None


def current_date() -> date:
    return timezone.localdate()


def require(by: Actor, action: Action, case: Case, message: str) -> None:
    if not access.can(by, action, case):
        raise DomainError(message)


def check_not_future(day: date, *, field: str, what: str) -> None:
    if day > current_date():
        raise DomainError(f"{what} must be today or in the past", field=field)


def setting_users(setting: Organisation) -> QuerySet[User]:
    """The people who sign in for a setting (its SENCO, head or office)."""
    return User.objects.filter(
        is_active=True, account_type=User.AccountType.SETTING, organisation=setting
    )


def notify_coordinator(case: Case, *, key: str, subject: str, body: str, link: str) -> None:
    if case.coordinator_id is not None:
        notify(
            key=key, recipient=case.coordinator, subject=subject, body=body, case=case, link=link
        )


def notify_setting(setting: Organisation, *, key: str, subject: str, body: str, link: str) -> None:
    # No ``case`` on the notification: a setting's staff never see the case page.
    for user in setting_users(setting):
        notify(key=f"{key}:{user.pk}", recipient=user, subject=subject, body=body, link=link)

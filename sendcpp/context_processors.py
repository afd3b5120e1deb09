from django.conf import settings
from django.http import HttpRequest

from sendcpp import access


def service(request: HttpRequest) -> dict[str, object]:
    user = request.user
    return {
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "nav_is_staff": access.is_la_staff(user),
        "nav_is_manager": access.is_manager(user),
        "nav_is_family": access.is_family(user),
        "nav_is_advisor": getattr(user, "account_type", "") in {"professional", "setting"},
        "nav_is_setting": getattr(user, "account_type", "") == "setting",
        "unread_count": _unread(user),
    }


def _unread(user: object) -> int:
    from sendcpp.models import Notification

    if not getattr(user, "is_authenticated", False) or not hasattr(user, "notifications"):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

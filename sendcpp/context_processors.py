"""What every page's layout needs: the service's names, the navigation for this person, and the
count of unread messages. The navigation is built here, once, rather than by one template include
per link."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse

from sendcpp import access, contacts

_STAFF_NAV = (
    ("sendcpp:home", "My caseload"),
    ("sendcpp:deadlines", "Deadlines"),
    ("sendcpp:child-search", "Find a child"),
)
# Recording a request is for those who hold cases (``ehcp.views.request_new``).
_CASEWORK_NAV = (("ehcp:request-new", "New request"),)
_SERVICE_NAV = (
    ("panels:index", "Panels"),
    ("placements:index", "Placements"),
    ("placements:directory", "Setting directory"),
    ("mediation:index", "Mediation"),
    ("support:index", "School support"),
)
_OFFICER_NAV = (("feedback:index", "Feedback"),)
_MANAGER_NAV = (
    # A manager runs (or sets up) the council's partnership board.
    ("partnerships:board", "Partnership"),
    ("elsec:index", "Early language"),
    ("sendcpp:all-cases", "All cases"),
    ("reports:index", "Reports"),
    ("sendcpp:audit-log", "Audit log"),
    ("dashboard:sen2", "SEN2 return"),
)
_ADMIN_NAV = (("sendcpp:user-list", "Staff accounts"),)
_FAMILY_NAV = (
    ("sendcpp:home", "Your children"),
    ("support:index", "Support at school"),
    ("elsec:index", "Help with talking"),
)
_RECORDS_NAV = (("records:home", "Records"),)
_ADVISOR_NAV = (("ehcp:advice-inbox", "Requests for advice"),)
_EARLY_LANGUAGE = (("elsec:index", "Early language"),)
_SETTING_NAV = (
    ("support:index", "Support plans"),
    ("placements:consultations", "Consultations"),
    ("placements:directory", "Setting directory"),
)
_MESSAGES = ("sendcpp:notifications", "Messages")


@lru_cache(maxsize=256)
def _url(name: str, prefix: str) -> str:
    return reverse(name)


def _links(user: object) -> tuple[tuple[str, str], ...]:
    if access.is_la_staff(user):
        manager = access.is_manager(user)
        casework = manager or access.is_coordinator(user)
        return (
            _STAFF_NAV
            + (_CASEWORK_NAV if casework else ())
            + _SERVICE_NAV
            + (_OFFICER_NAV + _RECORDS_NAV if casework else ())
            + (_MANAGER_NAV if manager else ())
            + (_ADMIN_NAV if access.can_manage_users(user) else ())
        )
    if access.is_family(user):
        return _FAMILY_NAV
    kind = getattr(user, "account_type", "")
    if kind == "setting":
        return _ADVISOR_NAV + _SETTING_NAV + _EARLY_LANGUAGE
    if kind == "professional":
        return _ADVISOR_NAV + _EARLY_LANGUAGE
    return ()


def navigation(user: object, path: str, unread: int = 0) -> list[dict[str, object]]:
    """The links for this person, each marked as the current page or the current section; the
    last is their messages, with the count of unread ones."""
    if not getattr(user, "is_authenticated", False):
        return []
    prefix = get_script_prefix()
    home = _url("sendcpp:home", prefix)
    items = []
    for name, label in (*_links(user), _MESSAGES):
        url = _url(name, prefix)
        page = path == url
        section = page or (url != home and path.startswith(url))
        items.append({"url": url, "label": label, "page": page, "section": section, "badge": 0})
    items[-1]["badge"] = unread
    return items


#: The layout's own links, by route name (``base.html``).
_LAYOUT_LINKS = {
    "home": "sendcpp:home",
    "logout": "sendcpp:logout",
    "contact_preferences": "sendcpp:contact-preferences",
    "accessibility": "sendcpp:accessibility",
    "privacy": "sendcpp:privacy",
    "dashboard": "dashboard:index",
    "inclusion_plans": "partnerships:public-plan-list",
    "api_docs": "api-docs",
}
#: The layout's styles and scripts (``static`` names).
_LAYOUT_FILES = {"css": "dist/app.css", "init_js": "js/init.js", "app_js": "js/app.mjs"}


@lru_cache(maxsize=8)
def _layout(prefix: str) -> dict[str, str]:
    """Every address the layout links to, worked out once per process (and script prefix):
    twelve ``{% url %}`` and ``{% static %}`` tags were a third of a millisecond on every page."""
    from django.templatetags.static import static

    return {
        **{key: _url(name, prefix) for key, name in _LAYOUT_LINKS.items()},
        **{key: static(path) for key, path in _LAYOUT_FILES.items()},
    }


def service(request: HttpRequest) -> dict[str, object]:
    user = request.user
    unread = _unread(user)
    is_family = access.is_family(user)
    return {
        "layout": _layout(get_script_prefix()),
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "nav_is_manager": access.is_manager(user),
        "nav_items": navigation(user, request.path, unread),
        # Families see who they can contact in every page's footer, and no links meant for staff.
        "is_family": is_family,
        "family_contacts": contacts.everyone() if is_family else (),
    }


def _unread(user: Any) -> int:
    """The menu's count of unread messages: read with the signed-in person's row (``accounts``),
    or, for a person loaded otherwise, by its own query."""
    if not getattr(user, "is_authenticated", False) or not hasattr(user, "notifications"):
        return 0
    counted = getattr(user, "unread_messages", None)
    if counted is not None:
        return int(counted)
    return int(user.notifications.filter(read_at__isnull=True).count())

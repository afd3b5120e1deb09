from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.permissions import BasePermission

from sendcpp.models import ApiClient

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class IsStaffOrPartner(BasePermission):
    """Anyone signed in (staff after two-factor authentication) or an active partner key may call
    the API. Which records each may see is decided by ``sendcpp.access`` in the views, so a
    record the caller may not see answers 404, exactly as in the browser."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if isinstance(user, ApiClient):
            return user.is_active
        if not user.is_authenticated:
            return False
        return not user.is_staff_member or user.is_verified()

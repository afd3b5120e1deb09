from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.throttling import SimpleRateThrottle

from sendcpp.models import ApiClient

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class PartnerRateThrottle(SimpleRateThrottle):
    """Limits each partner key (not each IP address) to PARTNER_API_RATE requests."""

    scope = "partner"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if isinstance(request.user, ApiClient):
            return self.cache_format % {"scope": self.scope, "ident": request.user.key_prefix}
        return None

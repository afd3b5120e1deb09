"""Partner systems authenticate with a key: ``Authorization: Bearer <prefix>.<secret>``.
Only a SHA-256 hash of the key is stored; revoking the client stops the key at once."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from sendcpp import access, audit
from sendcpp.models import ApiClient, Organisation


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_api_client(
    *, name: str, organisation: Organisation, scopes: list[str]
) -> tuple[ApiClient, str]:
    """Create a partner credential and return it with its key, which is shown only once."""
    unknown = set(scopes) - set(ApiClient.Scope.values)
    if unknown:
        raise ValueError(f"Unknown scopes: {', '.join(sorted(unknown))}")
    # Least privilege: a key may hold only what its organisation may do (``sendcpp.access``).
    refused = set(scopes) - access.scopes_allowed_for(organisation)
    if refused:
        raise ValueError(
            f"A key of {organisation.name} cannot have {', '.join(sorted(refused))}: only the "
            "local authority's own systems act for the local authority"
        )
    prefix = secrets.token_hex(6)
    key = f"{prefix}.{secrets.token_urlsafe(32)}"
    client = ApiClient.objects.create(
        name=name,
        organisation=organisation,
        scopes=sorted(scopes),
        key_prefix=prefix,
        key_hash=hash_key(key),
    )
    return client, key


class PartnerKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[ApiClient, ApiClient] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header.startswith(f"{self.keyword} "):
            return None
        key = header[len(self.keyword) + 1 :].strip()
        prefix, _, _secret = key.partition(".")
        client = ApiClient.objects.select_related("organisation").filter(key_prefix=prefix).first()
        if client is None or not hmac.compare_digest(client.key_hash, hash_key(key)):
            raise exceptions.AuthenticationFailed("Invalid key.")
        if not client.is_active:
            raise exceptions.AuthenticationFailed("This key has been revoked.")
        audit.api_key_authenticated(client)  # changes from here on name this key
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
        return client, client

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    """Describes partner keys in the OpenAPI schema."""

    target_class = "sendcpp.api.authentication.PartnerKeyAuthentication"
    name = "partnerKey"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A partner key issued by the local authority.",
        }

"""Who families can turn to: the local information, advice and support service (SENDIASS), the
mediation adviser, and national guidance. Each local authority sets its own details in settings
(``MEDIATION_SENDIASS`` and ``MEDIATION_ADVISER``, dicts with name, phone, email and website);
the defaults name the services without inventing contact details."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

#: GOV.UK guidance on appealing to the First-tier Tribunal (SEND).
TRIBUNAL_GUIDANCE_URL = "https://www.gov.uk/appeal-ehc-plan-decision"
#: IPSEA: national, free, independent legal advice on SEND.
IPSEA_URL = "https://www.ipsea.org.uk/"


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str = ""
    email: str = ""
    website: str = ""


def _contact(setting: str, default_name: str) -> Contact:
    values = dict(getattr(settings, setting, {}) or {})
    return Contact(
        name=values.get("name") or default_name,
        phone=values.get("phone", ""),
        email=values.get("email", ""),
        website=values.get("website", ""),
    )


def advice_service() -> Contact:
    """The local SEND information, advice and support service: free, impartial, confidential."""
    return _contact(
        "MEDIATION_SENDIASS",
        f"{settings.COUNCIL_NAME} SEND Information, Advice and Support Service (SENDIASS)",
    )


def mediation_adviser() -> Contact:
    """The independent mediation adviser the council's decision letters name (reg 32)."""
    return _contact("MEDIATION_ADVISER", "the independent mediation adviser named in our letter")

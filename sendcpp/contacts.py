"""Who families can turn to: the council's SEND team, the local information, advice and support
service (SENDIASS), the mediation adviser, and national guidance. Each local authority sets its own
details in settings (``SEND_TEAM``, ``MEDIATION_SENDIASS`` and ``MEDIATION_ADVISER``, dicts with
name, phone, email and website); the defaults name the services without inventing contact details.
Family pages, letters and the mediation pages all read them from here."""

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


def send_team() -> Contact:
    """The council's SEND team: who a family contacts about their child's case."""
    return _contact("SEND_TEAM", f"{settings.COUNCIL_NAME} SEND team")


def everyone() -> tuple[Contact, ...]:
    """The SEND team, SENDIASS and the mediation adviser, in the order letters and pages list
    them."""
    return (send_team(), advice_service(), mediation_adviser())


def advice_service() -> Contact:
    """The local SEND information, advice and support service: free, impartial, confidential."""
    return _contact(
        "MEDIATION_SENDIASS",
        f"{settings.COUNCIL_NAME} SEND Information, Advice and Support Service (SENDIASS)",
    )


def mediation_adviser() -> Contact:
    """The independent mediation adviser the council's decision letters name (reg 32)."""
    return _contact("MEDIATION_ADVISER", "the independent mediation adviser named in our letter")

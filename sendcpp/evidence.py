"""Evidence panels: what other parts of the service know about a case's child, shown to staff on
the case page without the case page knowing those parts.

An app names a list of providers in its ``DomainAppConfig.evidence_panels``; each is called with
the person and the case (already checked: the person may view it) and returns a panel, or None
when it has nothing to show or the person may not see it. The provider decides what may be
shown (consent, who is asking) and writes any read to the audit log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sendcpp.models import Case


@dataclass(frozen=True)
class EvidencePanel:
    """A section of the case page: its heading, the template that draws it and its context."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[Any, Case], EvidencePanel | None]

_PROVIDERS: list[Provider] = []


def register(*providers: Provider) -> None:
    """Add providers (from an app's ``AppConfig.ready()``); adding one twice adds it once."""
    for provider in providers:
        if provider not in _PROVIDERS:
            _PROVIDERS.append(provider)


def panels_for(user: Any, case: Case) -> list[EvidencePanel]:
    """Every panel the registered providers show ``user`` on ``case``, in registration order."""
    panels = (provider(user, case) for provider in _PROVIDERS)
    return [panel for panel in panels if panel is not None]

"""Evidence panels: what other parts of the service know about a case's child, shown on the case's
pages without those pages knowing those parts (an EHC page never imports the app that adds to it).

An app names a list of providers in its ``DomainAppConfig.evidence_panels``; each is called with
the person, the case (already checked: the person may view it) and the page asking (one of
``PAGES``), and returns a panel, or None when it has nothing to show there or the person may not
see it. The provider decides what may be shown (consent, who is asking) and writes any read to
the audit log. Pages draw the panels with ``sendcpp/partials/evidence_panels.html``; a panel's
template sees its context as ``panel``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sendcpp.models import Case

#: The pages that show panels: the case page ("case"), the coordinator's EHC page ("ehcp"), an
#: annual review ("review", which opens with them) and the family's page of their case
#: ("journey").
PAGES = ("case", "ehcp", "review", "journey")


@dataclass(frozen=True)
class EvidencePanel:
    """A section of a case's page: its heading, the template that draws it and its context."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[Any, Case, str], EvidencePanel | None]

_PROVIDERS: list[Provider] = []


def register(*providers: Provider) -> None:
    """Add providers (from an app's ``AppConfig.ready()``); adding one twice adds it once."""
    for provider in providers:
        if provider not in _PROVIDERS:
            _PROVIDERS.append(provider)


def panels_for(user: Any, case: Case, page: str = "case") -> list[EvidencePanel]:
    """Every panel the registered providers show ``user`` on ``case`` on ``page``, in
    registration order."""
    if page not in PAGES:
        raise ValueError(f"Unknown page for evidence panels: {page!r}")
    panels = (provider(user, case, page) for provider in _PROVIDERS)
    return [panel for panel in panels if panel is not None]

"""Every template uses only classes GOV.UK Frontend 6 has: those in its stylesheet or in its own
component templates (structural and JavaScript hooks such as ``govuk-table__row``)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

FRONTEND = Path(settings.BASE_DIR) / "node_modules" / "govuk-frontend" / "dist" / "govuk"
CLASS = re.compile(r"\bgovuk-[a-z0-9]+(?:[-_]{1,2}[a-z0-9]+)*")


def _templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return sorted(
        path
        for folder in [base / "templates", *base.glob("*/templates")]
        for path in folder.rglob("*.html")
    )


def _govuk_frontend_classes() -> set[str]:
    known = set(CLASS.findall((FRONTEND / "govuk-frontend.min.css").read_text()))
    for template in FRONTEND.rglob("*.njk"):
        text = template.read_text()
        # The generic header's template names its classes after a namespace it is given.
        for namespace in ("govuk-generic", "govuk"):
            known.update(CLASS.findall(text.replace("{{ namespace }}", namespace)))
    return known


def test_every_template_uses_only_classes_govuk_frontend_6_has() -> None:
    known = _govuk_frontend_classes()
    unknown = {
        f"{path.relative_to(settings.BASE_DIR)}: {name}"
        for path in _templates()
        for name in CLASS.findall(path.read_text())
        if name not in known
    }
    assert sorted(unknown) == []


def test_the_check_knows_a_removed_class_when_it_sees_one() -> None:
    known = _govuk_frontend_classes()
    assert "govuk-tag--green" in known
    assert "govuk-table__row" in known
    assert "govuk-template--rebranded" not in known
    assert "govuk-tag--light-blue" not in known

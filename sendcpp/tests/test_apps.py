"""The domain apps' configurations: Django picks each app's own ``DomainAppConfig`` subclass, and
what the app names in it is registered with the core when Django starts."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils.module_loading import import_string

from sendcpp import access, timeline
from sendcpp.apps import DomainAppConfig
from sendcpp.audit import _LABELS

DOMAIN_APPS = ["ehcp", "panels", "placements", "mediation", "partnerships"]


@pytest.mark.parametrize("label", DOMAIN_APPS)
def test_each_domain_app_runs_its_own_configuration(label: str) -> None:
    config = apps.get_app_config(label)
    assert isinstance(config, DomainAppConfig)
    assert type(config).__module__ == f"{label}.apps"
    assert config.default_auto_field == "django.db.models.BigAutoField"


def test_the_core_keeps_its_own_configuration() -> None:
    config = apps.get_app_config("sendcpp")
    assert type(config).__name__ == "SendcppConfig"
    assert not isinstance(config, DomainAppConfig)


@pytest.mark.parametrize("label", ["ehcp", "panels", "placements", "mediation"])
def test_the_event_kinds_an_app_names_are_registered(label: str) -> None:
    config = apps.get_app_config(label)
    assert isinstance(config, DomainAppConfig)
    kinds = import_string(config.event_kinds)
    assert kinds
    for kind, sentence in kinds.items():
        assert timeline.EVENT_KINDS[kind] == sentence


@pytest.mark.parametrize(
    "label", ["ehcp", "panels", "placements", "partnerships", "support", "elsec", "records"]
)
def test_the_access_clauses_an_app_names_are_registered(label: str) -> None:
    config = apps.get_app_config(label)
    assert isinstance(config, DomainAppConfig)
    named = import_string(config.access_clauses)
    assert named
    registered = access.clauses()
    for clause in named:
        assert clause in registered


def test_every_app_with_an_access_module_names_its_clauses() -> None:
    named = {
        config.label
        for config in apps.get_app_configs()
        if isinstance(config, DomainAppConfig) and config.access_clauses
    }
    assert named == {
        "conversations",
        "ehcp",
        "panels",
        "placements",
        "partnerships",
        "support",
        "elsec",
        "records",
    }
    assert {clause.app for clause in access.clauses()} == named


def test_shared_records_are_registered_as_shared_with_their_names() -> None:
    assert _LABELS["panels.DecisionCriterion"].shared
    assert _LABELS["panels.DecisionCriterion"].name == "Panel decision criterion"
    assert _LABELS["placements.Setting"].shared
    assert _LABELS["placements.Setting"].name == "Setting in the directory"
    assert _LABELS["placements.SettingContact"].shared
    assert _LABELS["placements.SettingContact"].name == "Setting contact"


def test_the_evidence_panels_an_app_names_are_registered() -> None:
    from sendcpp import evidence

    naming = [
        config
        for config in apps.get_app_configs()
        if isinstance(config, DomainAppConfig) and config.evidence_panels
    ]
    assert [config.label for config in naming] == ["support", "elsec"]
    for config in naming:
        for provider in import_string(config.evidence_panels):
            assert provider in evidence._PROVIDERS

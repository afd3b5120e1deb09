"""The published OpenAPI schema: it generates with no drf-spectacular warning and no error, and
every enum in it lists exactly the choices of each field that uses it (two different choice sets
must never be collapsed into one name)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.plumbing import force_instance, is_serializer
from rest_framework import serializers

ROOT = Path(__file__).resolve().parents[1]
BLANK = {"", None}


def test_schema_generates_with_no_warning_and_validates(tmp_path: Path) -> None:
    """Exactly what a release runs: in a fresh process, so no warning is hidden by one already
    emitted (and counted) earlier in the test run."""
    target = tmp_path / "schema.yml"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sendcpp.settings.base",
        "DJANGO_DEBUG": "true",
    }
    result = subprocess.run(  # noqa: S603 (this interpreter, manage.py and a temporary file)
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            str(target),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Warning" not in output
    assert "Error" not in output
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/cases/" in schema["paths"]


def _enum_values(schema: dict[str, Any], prop: dict[str, Any]) -> set[Any] | None:
    """The values an enum property may take (blank and null left out), or None for no enum."""
    refs = [prop, *prop.get("oneOf", []), *prop.get("allOf", []), *prop.get("anyOf", [])]
    values: set[Any] = set()
    found = False
    for item in refs:
        ref = item.get("$ref")
        if ref is None:
            continue
        component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
        if "enum" in component:
            found = True
            values |= set(component["enum"]) - BLANK
    return values if found else None


def _choice_field(field: Any) -> serializers.ChoiceField | None:
    if isinstance(field, serializers.ChoiceField):
        return field
    if isinstance(field, serializers.ListField) and isinstance(
        field.child, serializers.ChoiceField
    ):
        return field.child
    return None


def test_every_enum_lists_the_choices_of_each_field_that_uses_it() -> None:
    generator = SchemaGenerator()
    schema = generator.get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    checked = 0
    for component in generator.registry._components.values():
        if component.type != "schemas" or not is_serializer(component.object):
            continue
        if component.name not in components:
            continue
        properties = components[component.name].get("properties", {})
        for name, field in force_instance(component.object).fields.items():
            choice = _choice_field(field)
            if choice is None or name not in properties:
                continue
            prop = properties[name]
            prop = prop.get("items", prop)
            declared = _enum_values(schema, prop)
            expected = set(choice.choices) - BLANK
            assert declared == expected, f"{component.name}.{name}"
            checked += 1
    # The API has dozens of choice fields: a walk that checks none proves nothing.
    assert checked > 50

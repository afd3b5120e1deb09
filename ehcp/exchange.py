"""The open exchange format for a plan on the national template: one JSON document per plan
version, described by a versioned JSON Schema, so that a plan can move with the child to another
council without changing its format (SEND Regulations 2014, regulation 15).

This module is public to the other apps (like ``services`` and ``selectors``): the schema, the
mapping from an issued version (or the working copy) to the document, the validation of a
document with errors by path, and the one write — filling a transferred plan from a document the
coordinator has accepted.

A document holds the child's personal details, the plan's sections (services involved, A, the
B-F-E block of each broad area of need with its strengths, C/G and D/H rows, I, J, K's advice
references), the history of issued versions with the council that issued each and its sign-off,
and the statutory dates (made, last reviewed). The plan is the one issued as the last entry of
the history. What the exporting council adds about itself (who exported, when) is in
``exported`` and is not part of the plan.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from jsonschema import Draft202012Validator

from ehcp.models import (
    GridArea,
    GridRow,
    Plan,
    PlanRow,
    PlanStatus,
    PlanVersion,
    Review,
    SocialCareBasis,
)
from ehcp.selectors import plan_content
from ehcp.services.casework import acting_user, lock_plan, require
from sendcpp.access import Action, Actor
from sendcpp.exceptions import DomainError
from sendcpp.identifiers import validate_nhs_number, validate_upn
from sendcpp.models import BroadArea, Child
from sendcpp.timeline import record_case_event

FORMAT_VERSION = "1.0"
#: Where the schema is published in the app (stable: a new version gets a new path).
SCHEMA_PATH = "/records/exchange/ehcp-plan/v1/schema.json"
SCHEMA_ID = f"https://sendcpp.example{SCHEMA_PATH}"

ROW_FIELDS = GridRow.CONTENT_FIELDS
SERVICE_FLAGS = (
    "known_to_social_care",
    "looked_after",
    "previously_looked_after",
    "one_page_profile",
)
SERVICE_TEXTS = ("health_professionals", "other_professionals")
SECTION_A = (
    "history",
    "communication",
    "views",
    "views_gathered",
    "interests",
    "strengths",
    "aspirations",
    "parent_views",
)
CHILD_FIELDS = (
    "legal_first_name",
    "legal_last_name",
    "preferred_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "first_language",
    "nhs_number",
    "upn",
    "postcode",
)

_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_OPTIONAL_DATE = {"anyOf": [_DATE, {"const": ""}]}
_TEXT = {"type": "string", "maxLength": 20000}


def _object(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        **extra,
    }


_ROW = _object(
    {
        "need": {**_TEXT, "description": "B, C or D: the need"},
        "provision_what": {**_TEXT, "description": "F, G or H: what support"},
        "provision_who": {"type": "string", "maxLength": 300},
        "ratio": {"type": "string", "maxLength": 40},
        "frequency": {"type": "string", "maxLength": 120},
        "duration": {"type": "string", "maxLength": 120},
        "social_care_basis": {
            "enum": ["", *SocialCareBasis.values],
            "description": "H1 or H2 for social care provision, else empty",
        },
        "outcome": {**_TEXT, "description": "E: the outcome sought"},
        "outcome_timeframe": {"type": "string", "maxLength": 120},
    }
)

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "EHC plan on the national template: exchange document, version 1",
    "description": (
        "One issued EHC plan with its history and statutory dates, for moving a plan between "
        "local authorities. Sections A to K follow the Special Educational Needs and Disability "
        "Regulations 2014, regulation 12; the B, F and E rows are grouped by broad area of need "
        "as in the national template."
    ),
    **_object(
        {
            "$schema": {"const": SCHEMA_ID},
            "format_version": {"const": FORMAT_VERSION},
            "exported": _object(
                {
                    "by": {"type": "string", "minLength": 1, "maxLength": 200},
                    "on": _DATE,
                },
                description="Who exported the document and when: not part of the plan.",
            ),
            "child": _object(
                {
                    "legal_first_name": {"type": "string", "minLength": 1, "maxLength": 100},
                    "legal_last_name": {"type": "string", "minLength": 1, "maxLength": 100},
                    "preferred_name": {"type": "string", "maxLength": 100},
                    "date_of_birth": _DATE,
                    "sex": {"enum": Child.Sex.values},
                    "ethnicity": {"type": "string", "maxLength": 4},
                    "first_language": {"type": "string", "maxLength": 60},
                    "nhs_number": {"type": "string", "maxLength": 10},
                    "upn": {"type": "string", "maxLength": 13},
                    "postcode": {"type": "string", "maxLength": 10},
                }
            ),
            "plan": _object(
                {
                    "services": _object(
                        {
                            "setting_name": {"type": "string", "maxLength": 200},
                            "setting_urn": {"type": "string", "maxLength": 8},
                            **dict.fromkeys(SERVICE_TEXTS, _TEXT),
                            **{name: {"type": "boolean"} for name in SERVICE_FLAGS},
                        }
                    ),
                    "section_a": _object(dict.fromkeys(SECTION_A, _TEXT)),
                    "areas": {
                        "type": "array",
                        "description": "Sections B, F and E for each broad area of need",
                        "minItems": 4,
                        "maxItems": 4,
                        "prefixItems": [
                            _object(
                                {
                                    "area": {"const": area.value},
                                    "strengths": _TEXT,
                                    "rows": {"type": "array", "items": _ROW, "maxItems": 50},
                                }
                            )
                            for area in BroadArea
                        ],
                        "items": False,
                    },
                    "health": {
                        "type": "array",
                        "items": _ROW,
                        "maxItems": 50,
                        "description": "Sections C, G and E",
                    },
                    "social_care": {
                        "type": "array",
                        "items": _ROW,
                        "maxItems": 50,
                        "description": "Sections D, H1/H2 and E",
                    },
                    "placement": _object(
                        {
                            "name": {"type": "string", "maxLength": 200},
                            "type": {"type": "string", "maxLength": 200},
                            "pattern": {"type": "string", "maxLength": 100},
                            "urn": {"type": "string", "maxLength": 8},
                        },
                        description="Section I",
                    ),
                    "budget": _object(
                        {"personal_budget": _TEXT, "direct_payments": _TEXT},
                        description="Section J",
                    ),
                    "advice": {
                        "type": "array",
                        "description": "Section K: the advice and information gathered",
                        "items": _object(
                            {
                                "advice": {"type": "string", "minLength": 1, "maxLength": 200},
                                "requested_on": _OPTIONAL_DATE,
                                "received_on": _OPTIONAL_DATE,
                                "from": {"type": "string", "maxLength": 400},
                                "appended": {"type": "boolean"},
                            }
                        ),
                    },
                }
            ),
            "history": {
                "type": "array",
                "minItems": 1,
                "description": "Every issued version, oldest first; the plan is the last one.",
                "items": _object(
                    {
                        "number": {"type": "integer", "minimum": 1},
                        "kind": {"enum": PlanVersion.Kind.values},
                        "issued_on": _DATE,
                        "local_authority": {"type": "string", "minLength": 1, "maxLength": 200},
                        "signed_off_by": {"type": "string", "maxLength": 200},
                        "signed_off_role": {"type": "string", "maxLength": 200},
                    }
                ),
            },
            "dates": _object(
                {
                    "made_on": _DATE,
                    "last_reviewed_on": _OPTIONAL_DATE,
                },
                description="Statutory dates: the day the plan was made, the last annual review",
            ),
        }
    ),
}

_VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_json() -> str:
    """The schema as published (sorted keys, two-space indent, trailing newline)."""
    return json.dumps(SCHEMA, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- Validation -----------------------------------------------------------------------------------


def error_path(parts: Any) -> str:
    """A JSON path such as ``$.plan.areas[0].rows[2].need``."""
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def validate(document: Any) -> list[tuple[str, str]]:
    """Every problem with ``document`` as (path, message), in path order; empty when valid.
    Beyond the schema: the history ends with a final plan, dates are in order."""
    errors = [
        (error_path(error.absolute_path), error.message)
        for error in _VALIDATOR.iter_errors(document)
    ]
    if errors:
        return sorted(set(errors))
    history = document["history"]
    if history[-1]["kind"] not in (PlanVersion.Kind.FINAL, PlanVersion.Kind.FINAL_AMENDED):
        errors.append(
            (f"$.history[{len(history) - 1}].kind", "The last version must be a final plan")
        )
    dates = document["dates"]
    if dates["last_reviewed_on"] and dates["last_reviewed_on"] < dates["made_on"]:
        errors.append(("$.dates.last_reviewed_on", "The last review is before the plan was made"))
    if dates["made_on"] < document["child"]["date_of_birth"]:
        errors.append(("$.dates.made_on", "The plan was made before the child was born"))
    for name, check in (("upn", validate_upn), ("nhs_number", validate_nhs_number)):
        value = document["child"][name]
        if value:
            try:
                check(value)
            except ValidationError as error:
                errors.append((f"$.child.{name}", error.messages[0]))
    return errors


def parse(raw: bytes) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """Read an uploaded file: the document, or None and the problems (by path)."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        return None, [("$", f"The file is not JSON: {error}")]
    errors = validate(document)
    return (None, errors) if errors else (document, [])


# --- Export ---------------------------------------------------------------------------------------


def _rows(rows: list[dict[str, Any]], *, area: str) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        basis = row["provision_section"] if area == GridArea.SOCIAL_CARE else ""
        out.append(
            {
                **{name: row[name] for name in ROW_FIELDS if name != "social_care_basis"},
                "social_care_basis": basis if basis in SocialCareBasis.values else "",
            }
        )
    return out


def plan_section(content: dict[str, Any], *, setting_name: str = "", setting_urn: str = "") -> dict:
    """The ``plan`` part of a document from an issued version's content (see
    ``ehcp.selectors.plan_content``). Section K keeps only advice actually received."""
    services = content["services"]
    return {
        "services": {
            "setting_name": services["setting"],
            "setting_urn": services["setting_urn"] or "",
            **{name: services[name] for name in SERVICE_TEXTS},
            **{name: bool(services[name]) for name in SERVICE_FLAGS},
        },
        "section_a": {name: content["section_a"][name] for name in SECTION_A},
        "areas": [
            {
                "area": area["key"],
                "strengths": area["strengths"],
                "rows": _rows(area["rows"], area=area["key"]),
            }
            for area in content["areas"]
        ],
        "health": _rows(content["health"], area=GridArea.HEALTH),
        "social_care": _rows(content["social_care"], area=GridArea.SOCIAL_CARE),
        "placement": {
            "name": content["placement"]["name"],
            "type": content["placement"]["type"],
            "pattern": content["placement"]["pattern"],
            "urn": content["placement"]["urn"] or "",
        },
        "budget": dict(content["budget"]),
        "advice": [dict(row) for row in content["advice"] if row["appended"]],
    }


def history_entry(version: PlanVersion) -> dict[str, Any]:
    content = version.content
    return {
        "number": version.number,
        "kind": version.kind,
        "issued_on": version.issued_on.isoformat(),
        "local_authority": content["local_authority"],
        "signed_off_by": content["sign_off"]["officer"],
        "signed_off_role": content["sign_off"]["role"],
    }


def last_reviewed_on(plan: Plan, *, before: date | None = None) -> date | None:
    reviews = Review.objects.filter(plan=plan, held_on__isnull=False)
    if before is not None:
        reviews = reviews.filter(held_on__lte=before)
    return reviews.aggregate(last=Max("held_on"))["last"]


def _child(child: Child) -> dict[str, Any]:
    values = {name: getattr(child, name) for name in CHILD_FIELDS}
    values["date_of_birth"] = child.date_of_birth.isoformat()
    return values


def export_document(
    plan: Plan,
    *,
    version: PlanVersion | None,
    exported_by: str,
    exported_on: date,
    earlier: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The exchange document of ``version`` (or, with None, of the plan in force as it stands:
    the working copy as a final plan). ``earlier`` is what came with a plan transferred in: its
    ``history``, ``advice`` and ``last_reviewed_on``, kept in front of this council's own."""
    earlier = earlier or {"history": [], "advice": [], "last_reviewed_on": ""}
    if version is not None and version.plan_id != plan.pk:
        raise DomainError("That version belongs to another plan")
    versions = PlanVersion.objects.filter(plan=plan).order_by("number")
    if version is not None:
        versions = versions.filter(number__lte=version.number)
        content = version.content
    else:
        content = plan_content(
            plan, kind=PlanVersion.Kind.FINAL, number=0, issued_on=exported_on, by=None
        )
    history = list(earlier["history"]) + [history_entry(item) for item in versions]
    section = plan_section(content)
    section["advice"] = list(earlier["advice"]) + section["advice"]
    if plan.made_on is None:
        raise DomainError("Only a plan that has been made can be exported")
    if not history:
        raise DomainError("This plan has no issued version to export")
    reviewed = last_reviewed_on(plan, before=version.issued_on if version else None)
    reviewed_text = reviewed.isoformat() if reviewed else ""
    return {
        "$schema": SCHEMA_ID,
        "format_version": FORMAT_VERSION,
        "exported": {"by": exported_by, "on": exported_on.isoformat()},
        "child": _child(plan.case.child),
        "plan": section,
        "history": history,
        "dates": {
            "made_on": plan.made_on.isoformat(),
            "last_reviewed_on": max(reviewed_text, earlier["last_reviewed_on"] or ""),
        },
    }


# --- Import ---------------------------------------------------------------------------------------


def child_from(document: dict[str, Any], *, responsible_la_id: int) -> Child:
    """An unsaved child from a document's personal details."""
    values = dict(document["child"])
    values["date_of_birth"] = date.fromisoformat(values["date_of_birth"])
    return Child(**values, responsible_la_id=responsible_la_id)


@transaction.atomic
def fill_transferred_plan(plan: Plan, *, document: dict[str, Any], by: Actor) -> Plan:
    """Write an accepted document's sections and rows into a plan just transferred in (and not
    yet changed here). Refused for a plan that already has rows or versions: nothing is ever
    overwritten."""
    plan = lock_plan(plan)
    require(by, Action.EDIT, plan.case, "You cannot change this plan")
    if plan.rows.exists() or plan.versions.exists():
        raise DomainError("This plan already has content: it cannot be filled from a transfer")
    section = document["plan"]
    services = section["services"]
    Plan.objects.filter(pk=plan.pk).update(
        **{name: services[name] for name in SERVICE_TEXTS + SERVICE_FLAGS},
        **{name: section["section_a"][name] for name in SECTION_A},
        area_strengths={area["area"]: area["strengths"] for area in section["areas"]},
        placement_name=section["placement"]["name"],
        placement_type=section["placement"]["type"],
        placement_pattern=section["placement"]["pattern"],
        personal_budget=section["budget"]["personal_budget"],
        direct_payments=section["budget"]["direct_payments"],
        updated_by=acting_user(by),
    )
    grouped = [(area["area"], area["rows"]) for area in section["areas"]]
    grouped += [
        (GridArea.HEALTH, section["health"]),
        (GridArea.SOCIAL_CARE, section["social_care"]),
    ]
    PlanRow.objects.bulk_create(
        PlanRow(plan=plan, area=area, position=position, **row)
        for area, rows in grouped
        for position, row in enumerate(rows)
    )
    record_case_event(
        case=plan.case,
        kind="ehcp_plan_edited",
        by=by,
        summary="Plan filled from the transferring council's exchange document",
        section="transfer",
    )
    plan.refresh_from_db()
    return plan


# --- Caseload migration ---------------------------------------------------------------------------


def create_migrated_plans(plans: list[tuple[int, date | None]]) -> None:
    """Plans for cases migrated from a council's previous system, as (case id, made on): a plan
    in force where the plan was made, else the plan being drafted. Called inside the migration's
    transaction, for cases just created (so none has a plan yet)."""
    Plan.objects.bulk_create(
        Plan(
            case_id=case_id,
            status=PlanStatus.FINAL if made_on else PlanStatus.DRAFTING,
            made_on=made_on,
        )
        for case_id, made_on in plans
    )

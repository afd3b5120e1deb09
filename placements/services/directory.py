"""The setting directory: importing GIAS and LA files (all or nothing), and the LA keeping a
setting's facts up to date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from placements.importers import (
    GiasRecord,
    ImportRejected,
    LaRecord,
    Parsed,
    RowError,
    parse_file,
    provision_type_for,
)
from placements.locations import point_for_postcode
from placements.models import (
    LocationSource,
    Setting,
    SettingContact,
    SettingImport,
)
from placements.services.casework import acting_user
from sendcpp import access
from sendcpp.access import Actor
from sendcpp.exceptions import DomainError
from sendcpp.models import Organisation
from sendcpp.needs import BroadArea, NeedType

_ORGANISATION_FIELDS = ["name", "kind", "ukprn", "la_code", "postcode"]
_GIAS_FIELDS = [
    "establishment_type",
    "provision_type",
    "phase",
    "low_age",
    "high_age",
    "has_sixth_form",
    "has_sen_unit",
    "has_resourced_provision",
    "is_boarding",
    "gender",
    "street",
    "locality",
    "town",
    "la_name",
    "easting",
    "northing",
    "location_source",
    "website",
    "telephone",
    "status",
    "opened_on",
    "closed_on",
    "gias_imported_at",
]


def _require_maintainer(by: Actor | None) -> None:
    # ``None`` is the system itself (a management command run on the server).
    if by is not None and not access.can_maintain_directory(by):
        raise DomainError("You cannot change the setting directory")


def _locate(setting: Setting, record: GiasRecord) -> None:
    """GIAS coordinates if the file has them; otherwise keep earlier GIAS coordinates, or fall
    back to the centre of the postcode district (approximate), or to unknown."""
    if record.easting is not None and record.northing is not None:
        setting.easting, setting.northing = record.easting, record.northing
        setting.location_source = LocationSource.GIAS
        return
    if setting.location_source == LocationSource.GIAS:
        return
    point = point_for_postcode(record.postcode)
    if point is None:
        setting.easting = setting.northing = None
        setting.location_source = LocationSource.UNKNOWN
    else:
        setting.easting, setting.northing = point.easting, point.northing
        setting.location_source = LocationSource.POSTCODE_DISTRICT


def _apply_gias_record(setting: Setting, record: GiasRecord, now: Any) -> None:
    if record.has_sen_unit is not None:
        setting.has_sen_unit = record.has_sen_unit
    if record.has_resourced_provision is not None:
        setting.has_resourced_provision = bool(record.has_resourced_provision)
    setting.establishment_type = record.establishment_type
    setting.provision_type = provision_type_for(
        record.establishment_type,
        has_unit=setting.has_sen_unit,
        has_resourced=setting.has_resourced_provision,
    )
    for name in (
        "phase",
        "low_age",
        "high_age",
        "has_sixth_form",
        "is_boarding",
        "gender",
        "street",
        "locality",
        "town",
        "la_name",
        "website",
        "telephone",
        "status",
        "opened_on",
        "closed_on",
    ):
        setattr(setting, name, getattr(record, name))
    _locate(setting, record)
    setting.gias_imported_at = now


def _apply_gias(parsed: Parsed) -> tuple[int, int]:
    records: list[GiasRecord] = parsed.records
    now = timezone.now()
    existing = {
        org.urn: org
        for org in Organisation.objects.filter(urn__in=[r.urn for r in records]).select_related(
            "directory_entry"
        )
    }
    new_organisations, new_settings, changed_organisations, changed_settings = [], [], [], []
    for record in records:
        organisation = existing.get(record.urn) or Organisation(urn=record.urn)
        organisation.name = record.name
        organisation.kind = record.kind
        organisation.ukprn = record.ukprn
        organisation.la_code = record.la_code
        organisation.postcode = record.postcode
        setting = getattr(organisation, "directory_entry", None) if organisation.pk else None
        if setting is None:
            setting = Setting(organisation=organisation)
            new_settings.append(setting)
        else:
            changed_settings.append(setting)
        _apply_gias_record(setting, record, now)
        (changed_organisations if organisation.pk else new_organisations).append(organisation)
    Organisation.objects.bulk_create(new_organisations, batch_size=500)
    Organisation.objects.bulk_update(changed_organisations, _ORGANISATION_FIELDS, batch_size=500)
    for setting in new_settings:
        setting.organisation_id = setting.organisation.pk
    Setting.objects.bulk_create(new_settings, batch_size=500)
    Setting.objects.bulk_update(changed_settings, _GIAS_FIELDS, batch_size=500)
    return len(new_settings), len(changed_settings)


def _find_la_settings(records: Iterable[LaRecord]) -> tuple[dict[int, Setting], list[RowError]]:
    records = list(records)
    by_urn = {
        s.organisation.urn: s
        for s in Setting.objects.select_related("organisation").filter(
            organisation__urn__in=[r.urn for r in records if r.urn]
        )
    }
    by_ukprn = {
        s.organisation.ukprn: s
        for s in Setting.objects.select_related("organisation").filter(
            organisation__ukprn__in=[r.ukprn for r in records if r.ukprn and not r.urn]
        )
    }
    found, errors = {}, []
    for record in records:
        setting = by_urn.get(record.urn) if record.urn else by_ukprn.get(record.ukprn)
        if setting is None:
            column, key = ("URN", record.urn) if record.urn else ("UKPRN", record.ukprn)
            errors.append(
                RowError(
                    f"no setting with {column} {key} is in the directory (import it from GIAS "
                    "first)",
                    row=record.row,
                    column=column,
                )
            )
        elif setting.pk in {s.pk for s in found.values()}:
            errors.append(
                RowError("this setting is also on an earlier row", row=record.row, column="URN")
            )
        else:
            found[record.row] = setting
    return found, errors


def _apply_la(parsed: Parsed) -> int:
    records: list[LaRecord] = parsed.records
    found, errors = _find_la_settings(records)
    for record in records:
        setting = found.get(record.row)
        if setting is None:
            continue
        places = record.facts.get("places", setting.places)
        vacancies = record.facts.get("vacancies", setting.vacancies)
        if places is not None and vacancies is not None and vacancies > places:
            errors.append(
                RowError(
                    f"must not be more than the places ({places})",
                    row=record.row,
                    column="Vacancies",
                )
            )
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.row or 0))
    for record in records:
        _apply_facts(found[record.row], dict(record.facts))
    return len(records)


def _apply_facts(setting: Setting, facts: dict[str, Any]) -> None:
    senco_name = facts.pop("senco_name", None)
    senco_email = facts.pop("senco_email", None)
    for name, value in facts.items():
        setattr(setting, name, value)
    setting.provision_type = provision_type_for(
        setting.establishment_type,
        has_unit=setting.has_sen_unit,
        has_resourced=setting.has_resourced_provision,
        current=setting.provision_type,
    )
    setting.la_facts_updated_at = timezone.now()
    setting.save()
    if senco_name is not None or senco_email is not None:
        _save_senco(setting, name=senco_name, email=senco_email)


def _save_senco(setting: Setting, *, name: str | None, email: str | None) -> None:
    contact = SettingContact.objects.filter(setting=setting, role=SettingContact.Role.SENCO).first()
    if contact is None:
        contact = SettingContact(setting=setting, role=SettingContact.Role.SENCO)
    if name is not None:
        contact.name = name
    if email is not None:
        contact.email = email
    if not contact.name and not contact.email:
        if contact.pk:
            contact.delete()
        return
    contact.save()


@transaction.atomic
def import_settings(
    content: bytes,
    *,
    filename: str,
    file_format: str,
    by: Actor | None,
    encoding: str = "utf-8",
) -> SettingImport:
    """Import a GIAS establishments file or a file of LA-maintained facts into the directory.

    The whole file is checked first; if any row is wrong nothing is imported and every problem
    is listed by row and column (``ImportRejected``). A valid file is applied in one
    transaction. Settings are keyed on URN (or UKPRN), so importing again updates them rather
    than adding duplicates."""
    _require_maintainer(by)
    parsed = parse_file(content, file_format=file_format, encoding=encoding)
    if file_format == SettingImport.Format.GIAS:
        created, updated = _apply_gias(parsed)
    else:
        created, updated = 0, _apply_la(parsed)
    return SettingImport.objects.create(
        format=file_format,
        filename=(filename or "upload")[:200],
        rows=parsed.rows,
        created=created,
        updated=updated,
        skipped=sum(parsed.skipped.values()),
        imported_by=acting_user(by) if by is not None else None,
    )


@transaction.atomic
def update_setting_facts(
    setting: Setting,
    *,
    by: Actor,
    need_types: list[str] | None = None,
    broad_areas: list[str] | None = None,
    places: int | None = None,
    vacancies: int | None = None,
    vacancies_on: date | None = None,
    has_resourced_provision: bool | None = None,
    has_sen_unit: bool | None = None,
    is_section_41: bool | None = None,
    senco_name: str | None = None,
    senco_email: str | None = None,
    clear: Iterable[str] = (),
) -> Setting:
    """Change the facts the LA maintains about a setting (needs it is designed for, places,
    vacancies, resourced provision, SENCO). Arguments left as None are unchanged unless named in
    ``clear``. Vacancies cannot exceed places."""
    _require_maintainer(by)
    setting = Setting.objects.select_for_update().select_related("organisation").get(pk=setting.pk)
    given = {
        "need_types": need_types,
        "broad_areas": broad_areas,
        "places": places,
        "vacancies": vacancies,
        "vacancies_on": vacancies_on,
        "has_resourced_provision": has_resourced_provision,
        "has_sen_unit": has_sen_unit,
        "is_section_41": is_section_41,
        "senco_name": senco_name,
        "senco_email": senco_email,
    }
    facts = {k: v for k, v in given.items() if v is not None}
    for name in clear:
        if name in {"places", "vacancies", "vacancies_on"}:
            facts[name] = None
    if any(n not in NeedType.values for n in facts.get("need_types", [])):
        raise DomainError("Choose SEN2 need types from the list", field="need_types")
    if any(a not in BroadArea.values for a in facts.get("broad_areas", [])):
        raise DomainError("Choose broad areas of need from the list", field="broad_areas")
    new_places = facts.get("places", setting.places)
    new_vacancies = facts.get("vacancies", setting.vacancies)
    if new_places is not None and new_vacancies is not None and new_vacancies > new_places:
        raise DomainError(
            f"Places free must not be more than the places ({new_places})", field="vacancies"
        )
    _apply_facts(setting, facts)
    return setting

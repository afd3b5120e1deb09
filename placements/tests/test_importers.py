"""Directory imports: the whole file is checked first and applied all or nothing, errors name the
row and column, and importing again updates rather than duplicates."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from placements import services
from placements.importers import ImportRejected, parse_file, read_table
from placements.locations import DATA_DIR
from placements.models import (
    LocationSource,
    Phase,
    ProvisionType,
    Setting,
    SettingContact,
    SettingImport,
    SettingStatus,
)
from sendcpp.api.authentication import issue_api_client
from sendcpp.exceptions import DomainError
from sendcpp.models import Organisation

# The first 300 settings of the real 2017 GIAS extract, and its closing row of "NA" (see data/README.md).
GIAS_SLICE = (
    Path(__file__).resolve().parent / "data" / "gias-establishments-extract-2017-first-300.csv"
)
DEMO_EXTRACT = DATA_DIR / "gias-demo-extract.csv"
DEMO_BOROUGH = DATA_DIR / "demo-borough-settings.csv"
LA_FACTS = DATA_DIR / "la-settings-demo.csv"


def gias_rows() -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(DEMO_EXTRACT.read_text(encoding="utf-8"))))
    return rows[0], rows[1:]


def to_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def run(content: bytes, file_format: str = "gias", by=None, **kwargs) -> SettingImport:
    return services.import_settings(
        content, filename="test.csv", file_format=file_format, by=by, **kwargs
    )


def rejected(content: bytes, file_format: str = "gias", **kwargs) -> list[str]:
    with pytest.raises(ImportRejected) as raised:
        run(content, file_format, **kwargs)
    return [str(e) for e in raised.value.errors]


# --- GIAS -----------------------------------------------------------------------------------------


def test_gias_demo_extract_imports_every_row(db):
    result = run(DEMO_EXTRACT.read_bytes())
    assert (result.rows, result.created, result.updated, result.skipped) == (39, 39, 0, 0)
    assert Setting.objects.count() == 39
    special = Setting.objects.get(organisation__urn="107169")
    assert special.organisation.name == "Bents Green School"
    assert special.organisation.kind == Organisation.Kind.SPECIAL_SCHOOL
    assert special.provision_type == ProvisionType.SPECIAL
    assert (special.low_age, special.high_age) == (11, 19)
    assert special.phase == Phase.NOT_APPLICABLE
    assert special.organisation.postcode == "S11 7TB"
    assert special.la_name == "Sheffield"
    assert special.organisation.la_code == "373"
    assert Setting.objects.filter(status=SettingStatus.PROPOSED_TO_CLOSE).count() == 1
    # Real settings have no coordinates in the extract, and no district table entry.
    assert special.location_source == LocationSource.UNKNOWN
    assert special.easting is None


def test_reimport_updates_rather_than_duplicates(db):
    run(DEMO_EXTRACT.read_bytes())
    header, rows = gias_rows()
    rows[0][header.index("Establishment name")] = "Keresforth Primary Academy"
    result = run(to_csv(header, rows))
    assert (result.created, result.updated) == (0, 39)
    assert Setting.objects.count() == 39
    assert Organisation.objects.filter(urn=rows[0][0]).get().name == "Keresforth Primary Academy"


def test_import_updates_an_organisation_already_known_by_urn(world):
    result = run(DEMO_BOROUGH.read_bytes())
    assert result.created == 10
    header, rows = gias_rows()
    rows[0][0] = world.school.urn
    run(to_csv(header, rows[:1]))
    world.school.refresh_from_db()
    assert world.school.directory_entry.provision_type == ProvisionType.MAINSTREAM
    assert Organisation.objects.filter(urn=world.school.urn).count() == 1


def test_demo_borough_settings_are_located_by_postcode_district(db):
    run(DEMO_BOROUGH.read_bytes())
    riverside = Setting.objects.get(organisation__urn="990001")
    assert riverside.location_source == LocationSource.POSTCODE_DISTRICT
    assert (riverside.easting, riverside.northing) == (435200, 386400)
    college = Setting.objects.get(organisation__urn="990008")
    assert college.provision_type == ProvisionType.COLLEGE
    assert college.organisation.kind == Organisation.Kind.COLLEGE


def test_gias_easting_and_northing_are_used_when_the_file_has_them(db):
    header, rows = gias_rows()
    header = [*header, "Easting", "Northing"]
    rows = [[*rows[0], "435000", "385000"]]
    run(to_csv(header, rows))
    setting = Setting.objects.get()
    assert (setting.easting, setting.northing, setting.location_source) == (
        435000,
        385000,
        LocationSource.GIAS,
    )


def test_types_the_directory_does_not_hold_are_skipped_and_counted(db):
    header, rows = gias_rows()
    rows[1][header.index("Type of establishment")] = "Higher Education Institutions"
    result = run(to_csv(header, rows))
    assert (result.created, result.skipped, result.rows) == (38, 1, 39)


def test_missing_column_is_reported_and_nothing_imported(db):
    header, rows = gias_rows()
    drop = header.index("Establishment name")
    content = to_csv(
        [h for i, h in enumerate(header) if i != drop],
        [[v for i, v in enumerate(r) if i != drop] for r in rows],
    )
    assert rejected(content) == ["Row 1, column Establishment name: is missing from the header"]
    assert not Setting.objects.exists()
    assert not SettingImport.objects.exists()


def test_bad_urn_names_the_row_and_column_and_nothing_is_applied(db):
    header, rows = gias_rows()
    rows[12][0] = "12345"  # spreadsheet row 14
    assert rejected(to_csv(header, rows)) == ["Row 14, column URN: must be 6 digits"]
    assert not Setting.objects.exists()
    assert not Organisation.objects.filter(urn=rows[0][0]).exists()


def test_every_problem_is_listed_in_row_order(db):
    header, rows = gias_rows()
    rows[3][header.index("Statutory lowest age")] = "eleven"
    rows[1][header.index("UKPRN")] = "2000"
    rows[5][header.index("Postcode")] = "NOT A POSTCODE"
    rows[7][header.index("Phase of education")] = "Tertiary"
    assert rejected(to_csv(header, rows)) == [
        "Row 3, column UKPRN: must be 8 digits starting with 1",
        "Row 5, column Statutory lowest age: must be a whole number",
        "Row 7, column Postcode: must be a UK postcode, like LS1 4AB",
        "Row 9, column Phase of education: “Tertiary” is not a GIAS phase of education",
    ]


def test_duplicate_rows_are_refused(db):
    header, rows = gias_rows()
    content = to_csv(header, [*rows, rows[4]])
    assert rejected(content) == [f"Row 41, column URN: URN {rows[4][0]} is also on row 6"]
    assert not Setting.objects.exists()


def test_wrong_encoding_names_the_row_and_the_fix(db):
    header, rows = gias_rows()
    rows[9][header.index("Establishment name")] = "École Française"
    text = to_csv(header, rows).decode("utf-8")
    content = text.encode("cp1252")
    assert rejected(content) == [
        "Row 11: the file is not in UTF-8 encoding. Save it as “CSV UTF-8”, or import it as "
        "Windows-1252 (the encoding of GIAS downloads)"
    ]
    assert not Setting.objects.exists()
    run(content, encoding="cp1252")
    assert Organisation.objects.filter(name="École Française").exists()


@pytest.mark.parametrize(
    ("_case", "content", "message"),
    [
        ("an empty file", b"", "The file is empty"),
        ("only blank lines", b"\n\n  \n", "The file is empty"),
        (
            "a header and no rows",
            DEMO_EXTRACT.read_bytes().splitlines()[0],
            "The file has a header but no rows",
        ),
        (
            "a zip that is not a workbook",
            b"PK\x03\x04 not really",
            "the file is not a readable Excel (.xlsx) workbook",
        ),
    ],
)
def test_unusable_files_are_refused(db, _case, content, message):
    assert rejected(content) == [message]


def test_repeated_header_is_refused(db):
    assert rejected(b"URN,URN,Establishment name\n100001,100001,A\n") == [
        "Row 1, column URN: appears more than once in the header"
    ]


def test_full_download_column_names_are_understood():
    content = (
        b"URN,EstablishmentName,TypeOfEstablishment (name),PhaseOfEducation (name),"
        b"StatutoryLowAge,StatutoryHighAge,EstablishmentStatus (name),Postcode,LA (code)\n"
        b"123456,Test School,Community School,Primary,4,11,Open,LS1 4AB,383\n"
    )
    parsed = parse_file(content, file_format="gias")
    assert parsed.records[0].name == "Test School"


def test_a_slice_of_the_real_gias_extract_is_valid_and_imports(db):
    content = GIAS_SLICE.read_bytes()
    parsed = parse_file(content, file_format="gias")
    # 301 lines after the header; the last is the extract's row of "NA" and is not a setting.
    assert parsed.rows == 300
    assert not parsed.errors
    result = run(content)
    assert result.created + result.skipped == 300
    assert result.created > 0
    assert Setting.objects.count() == result.created
    # Importing the same file again updates the same settings rather than adding any.
    again = run(content)
    assert (again.created, again.updated) == (0, result.created)
    assert Setting.objects.count() == result.created


def test_unknown_format_is_refused():
    with pytest.raises(ImportRejected):
        parse_file(b"URN\n100001\n", file_format="edubase")


def test_read_table_skips_trailing_na_rows():
    table = read_table(b"URN,Name\n100001,A\nNA,NA\n,\n")
    assert [number for number, _ in table.rows] == [2]


# --- LA-maintained facts --------------------------------------------------------------------------


def test_la_facts_apply_to_the_settings_they_name(db):
    run(DEMO_BOROUGH.read_bytes())
    result = run(LA_FACTS.read_bytes(), "la")
    assert (result.created, result.updated) == (0, 9)
    riverside = Setting.objects.get(organisation__urn="990001")
    assert riverside.need_types == ["ASD", "SLCN"]
    assert riverside.broad_areas == ["communication"]
    assert (riverside.places, riverside.vacancies) == (10, 2)
    assert riverside.vacancies_on == date(2026, 11, 2)
    assert riverside.has_resourced_provision
    assert riverside.provision_type == ProvisionType.RESOURCED
    senco = SettingContact.objects.get(setting=riverside)
    assert (senco.name, senco.email) == ("Alex Hart", "senco1@example.org")
    meadowbank = Setting.objects.get(organisation__urn="990007")
    assert meadowbank.broad_areas == ["communication", "semh"]
    # Blank cells clear the fact; flags say No.
    st_annes = Setting.objects.get(organisation__urn="990003")
    assert (st_annes.need_types, st_annes.places) == ([], None)


def test_la_facts_for_unknown_settings_apply_nothing(db):
    run(DEMO_BOROUGH.read_bytes())
    content = b"URN,Places\n990001,12\n999999,4\n"
    assert rejected(content, "la") == [
        "Row 3, column URN: no setting with URN 999999 is in the directory (import it from "
        "GIAS first)"
    ]
    assert Setting.objects.get(organisation__urn="990001").places is None


def test_la_facts_keyed_on_ukprn(db):
    run(DEMO_BOROUGH.read_bytes())
    Organisation.objects.filter(urn="990008").update(ukprn="10012345")
    run(b"UKPRN,Places\n10012345,60\n", "la")
    assert Setting.objects.get(organisation__ukprn="10012345").places == 60


@pytest.mark.parametrize(
    ("_case", "content", "errors"),
    [
        ("no key column", b"Places\n4\n", ["Row 1: the header needs a URN or UKPRN column"]),
        (
            "no facts",
            b"URN\n990001\n",
            [
                "Row 1: the header has no facts to import: add columns such as Need types, "
                "Broad areas, Places or Vacancies"
            ],
        ),
        (
            "no key in the row",
            b"URN,Places\n,4\n",
            ["Row 2, column URN: give the URN or the UKPRN"],
        ),
        (
            "an unknown need type",
            b"URN,Need types\n990001,ASD;XYZ\n",
            ["Row 2, column Need types: “XYZ” is not an SEN2 need type such as ASD, SLCN or SEMH"],
        ),
        (
            "more places free than places",
            b"URN,Places,Vacancies\n990001,3,5\n",
            ["Row 2, column Vacancies: must not be more than the places (3)"],
        ),
        (
            "a bad flag and a bad email",
            b"URN,SEN unit,SENCO email\n990001,maybe,not-an-email\n",
            [
                "Row 2, column SEN unit: must be Yes or No",
                "Row 2, column SENCO email: must be an email address, like senco@school.example",
            ],
        ),
        (
            "a bad date",
            b"URN,Vacancies,Vacancies as at\n990001,1,31/02/2026\n",
            ["Row 2, column Vacancies as at: must be a date like 31/08/2026"],
        ),
        (
            "a duplicate URN",
            b"URN,Places\n990001,3\n990001,4\n",
            ["Row 3, column URN: URN 990001 is also on row 2"],
        ),
    ],
)
def test_la_facts_problems(db, _case, content, errors):
    run(DEMO_BOROUGH.read_bytes())
    assert rejected(content, "la") == errors
    assert Setting.objects.get(organisation__urn="990001").places is None


def test_vacancies_are_checked_against_places_already_held(db):
    run(DEMO_BOROUGH.read_bytes())
    run(b"URN,Places\n990001,3\n", "la")
    assert rejected(b"URN,Vacancies\n990001,4\n", "la") == [
        "Row 2, column Vacancies: must not be more than the places (3)"
    ]


def _workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_la_facts_import(db):
    run(DEMO_BOROUGH.read_bytes())
    content = _workbook(
        [
            ["URN", "Places", "Vacancies", "Vacancies as at", "Need types"],
            [990006, 120, 4, date(2026, 11, 2), "SLD; PMLD"],
            ["990007", 80.0, 1, "02/11/2026", "ASD"],
        ]
    )
    run(content, "la")
    oakwood = Setting.objects.get(organisation__urn="990006")
    assert (oakwood.places, oakwood.vacancies, oakwood.vacancies_on) == (120, 4, date(2026, 11, 2))
    assert oakwood.need_types == ["SLD", "PMLD"]


def test_xlsx_with_a_bad_cell_applies_nothing(db):
    run(DEMO_BOROUGH.read_bytes())
    content = _workbook([["URN", "Places"], [990006, 120], [990007, "lots"], [990001, 2.5]])
    assert rejected(content, "la") == [
        "Row 3, column Places: must be a whole number",
        "Row 4, column Places: must be a whole number, 0 or more",
    ]
    assert Setting.objects.get(organisation__urn="990006").places is None


# --- Who may import -------------------------------------------------------------------------------


def test_only_managers_and_directory_partners_import(world):
    for user in (world.coordinator, world.family, world.setting_user, world.administrator):
        with pytest.raises(DomainError):
            run(DEMO_BOROUGH.read_bytes(), by=user)
    assert not Setting.objects.exists()
    run(DEMO_BOROUGH.read_bytes(), by=world.manager)
    client, _key = issue_api_client(name="Sync", organisation=world.la, scopes=["settings:write"])
    result = run(DEMO_BOROUGH.read_bytes(), by=client)
    assert result.updated == 10
    assert SettingImport.objects.filter(imported_by=world.manager).count() == 1


def test_import_settings_command(db, tmp_path, capsys):
    call_command("import_settings", str(DEMO_BOROUGH))
    assert Setting.objects.count() == 10
    call_command("import_settings", str(LA_FACTS), "--format", "la")
    assert Setting.objects.get(organisation__urn="990001").places == 10
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"URN,Places\n990001,lots\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_settings", str(bad), "--format", "la")
    assert "Row 2, column Places: must be a whole number" in capsys.readouterr().err
    with pytest.raises(CommandError, match="No file"):
        call_command("import_settings", str(tmp_path / "missing.csv"))

"""Reading a council's existing caseload from its previous system (CSV or XLSX in the documented
layout): every row checked before anything is created, problems named by row and column, a
dry-run report of what would be created and which statutory deadlines would open (and which are
already overdue), and the import itself in one transaction, in chunks with progress.

The layout, one row per case (the first row holds the column names, in any order):

===================  ========  ===================================================================
column               required  meaning
===================  ========  ===================================================================
council_id           yes       the case's identifier in the previous system (unique; importing it
                               again creates nothing)
first_name           yes       the child's legal first name
last_name            yes       the child's legal last name
preferred_name                 what the child likes to be called
date_of_birth        yes       YYYY-MM-DD or DD/MM/YYYY
sex                            M, F or U (not known)
upn                            unique pupil number (checked)
postcode
primary_need                   SEN2 need code: SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD,
                               ASD, DS, OTH, NSA
setting_urn                    URN of the school or college the child attends (in the directory)
contact_name                   the main parent or carer
contact_relationship           mother, father, carer, guardian, corporate, self, other
contact_email
contact_phone
team                 yes       the name of the team that keeps the case
stage                yes       request, assessment, drafting or maintained
request_received_on  (stage)   required for request, assessment and drafting
plan_made_on         (stage)   required for maintained: the day the plan was first made
last_reviewed_on               the day the last annual review concluded (maintained only)
===================  ========  ===================================================================

Deadlines opened: a request, the decision whether to assess (6 weeks, regulation 5); an
assessment or a plan being drafted, the final plan (20 weeks, regulation 13(2)); a plan
maintained, the next annual review (12 months from the plan or the last review, section 44).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from sendcpp.clock import compute_due
from sendcpp.deadlines import RULES
from sendcpp.identifiers import validate_upn
from sendcpp.models import Child, Organisation, Relationship, Stage, Team
from sendcpp.needs import NeedType
from sendcpp.spreadsheets import cell_text

COLUMNS: tuple[str, ...] = (
    "council_id",
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "sex",
    "upn",
    "postcode",
    "primary_need",
    "setting_urn",
    "contact_name",
    "contact_relationship",
    "contact_email",
    "contact_phone",
    "team",
    "stage",
    "request_received_on",
    "plan_made_on",
    "last_reviewed_on",
)
REQUIRED = ("council_id", "first_name", "last_name", "date_of_birth", "team", "stage")
MAX_LENGTHS = {
    "council_id": 60,
    "first_name": 100,
    "last_name": 100,
    "preferred_name": 100,
    "postcode": 10,
    "contact_name": 200,
    "contact_phone": 30,
}
STAGES = (Stage.REQUEST, Stage.ASSESSMENT, Stage.DRAFTING, Stage.MAINTAINED)
PLAN_STAGES = (Stage.MAINTAINED,)
#: The deadline each stage opens, and the columns it counts from.
STAGE_RULES: dict[str, str] = {
    Stage.REQUEST: "assessment_decision",
    Stage.ASSESSMENT: "final_plan",
    Stage.DRAFTING: "final_plan",
    Stage.MAINTAINED: "annual_review",
}
EXAMPLE_ROW: dict[str, str] = {
    "council_id": "EHC-004512",
    "first_name": "Sam",
    "last_name": "Example",
    "preferred_name": "Sammy",
    "date_of_birth": "2016-04-09",
    "sex": "M",
    "upn": "",
    "postcode": "AB1 2CD",
    "primary_need": "ASD",
    "setting_urn": "",
    "contact_name": "Alex Example",
    "contact_relationship": "mother",
    "contact_email": "alex@example.org",
    "contact_phone": "07700 900123",
    "team": "North team",
    "stage": "maintained",
    "request_received_on": "",
    "plan_made_on": "2024-06-14",
    "last_reviewed_on": "2025-06-10",
}
#: The most problems kept for one file (the first ones, in row order).
MAX_PROBLEMS = 500
MAX_ROWS = 50_000
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class Problem:
    row: int  # the row number as a spreadsheet shows it (the header is row 1); 0: the whole file
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class CaseRow:
    """One checked row, ready to create."""

    row: int
    council_id: str
    child: dict[str, Any]
    contact: dict[str, str] | None
    team_id: int
    stage: str
    request_received_on: date | None
    plan_made_on: date | None
    last_reviewed_on: date | None
    rule: str
    triggers: dict[str, date | None]
    due_on: date


@dataclass
class Checked:
    rows: list[CaseRow] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    total: int = 0


class FileUnreadable(Exception):
    pass


# --- Reading the file -----------------------------------------------------------------------------


def read_table(filename: str, content: bytes) -> tuple[list[str], Iterator[list[str]]]:
    """The header and the rows of a CSV (UTF-8, with or without a byte order mark) or XLSX file."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise FileUnreadable("The file is not a readable Excel workbook") from error
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [cell_text(value) for value in next(rows, ())]
        return header, ([cell_text(value) for value in row] for row in rows)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileUnreadable(
            "The file must be a CSV file saved as UTF-8, or an .xlsx file"
        ) from error
    reader = csv.reader(io.StringIO(text))
    header = [name.strip() for name in next(reader, [])]
    return header, ([cell.strip() for cell in row] for row in reader)


#: SEN2 person-level items and the layout's columns they fill.
SEN2_PERSON = {
    "Surname": "last_name",
    "Forename": "first_name",
    "PersonBirthDate": "date_of_birth",
    "Sex": "sex",
    "PostCode": "postcode",
    "UPN": "upn",
}


def _sen2_text(element: Any, path: str) -> str:
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def read_sen2(
    content: bytes, *, team: str
) -> tuple[list[tuple[int, dict[str, str], dict[str, str]]], list[Problem]]:
    """The open cases in last year's SEN2 person-level XML, as rows of the layout: one per
    request that is still open (a request not yet decided, an assessment, or an active plan);
    each with the XML path of every item it came from. Decided-against, withdrawn and ceased
    requests are left out. ``team`` keeps every case (SEN2 names no team)."""
    from xml.etree import ElementTree as ET

    try:
        root = ET.fromstring(content)  # noqa: S314 - a file the council's manager uploads
    except ET.ParseError as error:
        return [], [Problem(0, "", f"The file is not readable XML: {error}")]
    if root.tag != "Message" or root.find("Persons") is None:
        return [], [Problem(0, "Message/Persons", "This is not a SEN2 person-level return")]
    rows: list[tuple[int, dict[str, str], dict[str, str]]] = []
    for number, person in enumerate(root.iterfind("Persons/Person"), start=1):
        base = f"Message/Persons/Person[{number}]"
        values = dict.fromkeys(COLUMNS, "")
        paths = {column: f"{base}/{tag}" for tag, column in SEN2_PERSON.items()}
        for tag, column in SEN2_PERSON.items():
            values[column] = _sen2_text(person, tag)
        identity = values["upn"] or f"{values['last_name']}-{values['date_of_birth']}"
        for index, request in enumerate(person.iterfind("Requests"), start=1):
            here = f"{base}/Requests[{index}]"
            outcome = _sen2_text(request, "RequestOutcome")
            named = request.find("Assessment/NamedPlan")
            active = request.find("ActivePlans")
            if named is not None and _sen2_text(named, "CeaseDate"):
                continue
            row = dict(values)
            row_paths = dict(paths)
            received = _sen2_text(request, "ReceivedDate")
            row["council_id"] = f"SEN2-{identity}-{received}"[:60]
            row_paths["council_id"] = f"{here}/ReceivedDate"
            row["team"] = team
            if active is not None or named is not None:
                row["stage"] = "maintained"
                row["plan_made_on"] = _sen2_text(named, "StartDate") if named is not None else ""
                row_paths["plan_made_on"] = f"{here}/Assessment/NamedPlan/StartDate"
                row["setting_urn"] = _sen2_text(request, "ActivePlans/PlacementDetail/URN")
                row_paths["setting_urn"] = f"{here}/ActivePlans/PlacementDetail/URN"
                need = request.find("ActivePlans/SENneed[SENtypeRank='1']/SENtype")
                row["primary_need"] = (need.text or "").strip() if need is not None else ""
            elif outcome == "A":
                row["stage"], row["request_received_on"] = "assessment", received
            elif not outcome:
                row["stage"], row["request_received_on"] = "request", received
            else:
                continue  # decided not to assess, or withdrawn: nothing open
            row_paths["request_received_on"] = f"{here}/ReceivedDate"
            rows.append((number, row, row_paths))
    return rows, []


def template_csv() -> str:
    """The downloadable template: the header and one example row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(EXAMPLE_ROW)
    return out.getvalue()


# --- Checking -------------------------------------------------------------------------------------


def _date(text: str) -> date | None:
    match = _DMY.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


class _Context:
    def __init__(self, local_authority: Organisation, today: date, already: set[str]) -> None:
        self.today = today
        self.teams = {
            team.name.casefold(): team.pk
            for team in Team.objects.filter(local_authority=local_authority)
        }
        self.already = already
        self.settings: dict[str, int] = {}
        self.seen: dict[str, int] = {}


class _Row:
    """The checks of one row, each adding its problems under the row's number."""

    def __init__(self, number: int, values: dict[str, str], context: _Context) -> None:
        self.number = number
        self.values = values
        self.context = context
        self.problems: list[Problem] = []
        self.dates: dict[str, date | None] = {}

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))

    def check_text(self) -> None:
        values = self.values
        for name in REQUIRED:
            if not values[name]:
                self.problem(name, f"Enter the {name.replace('_', ' ')}")
        for name, limit in MAX_LENGTHS.items():
            if len(values[name]) > limit:
                self.problem(name, f"Must be {limit} characters or fewer")
        council_id = values["council_id"]
        seen = self.context.seen
        if council_id in seen:
            self.problem("council_id", f"The same identifier is on row {seen[council_id]}")
        elif council_id:
            seen[council_id] = self.number

    def check_dates(self) -> None:
        for name in ("date_of_birth", "request_received_on", "plan_made_on", "last_reviewed_on"):
            text = self.values[name]
            value = _date(text) if text else None
            self.dates[name] = value
            if text and value is None:
                self.problem(name, "Must be a real date written as YYYY-MM-DD or DD/MM/YYYY")
            elif value and value > self.context.today:
                self.problem(name, "Must be today or in the past")
        born = self.dates["date_of_birth"]
        for name in ("request_received_on", "plan_made_on", "last_reviewed_on"):
            value = self.dates[name]
            if born and value and value < born:
                self.problem(name, "Must be after the date of birth")

    def check_codes(self) -> None:
        values = self.values
        if values["sex"] and values["sex"].upper() not in Child.Sex.values:
            self.problem("sex", "Must be M, F or U")
        if values["primary_need"] and values["primary_need"].upper() not in NeedType.values:
            self.problem("primary_need", "Must be one of the SEN2 need codes, such as ASD or SLCN")
        if values["upn"]:
            try:
                validate_upn(values["upn"].upper())
            except ValidationError as error:
                self.problem("upn", error.messages[0])
        urn = values["setting_urn"]
        if urn and urn not in self.context.settings:
            self.problem(
                "setting_urn", "There is no school or college with this URN in the directory"
            )
        if values["team"] and values["team"].casefold() not in self.context.teams:
            self.problem("team", "There is no team with this name in the council")

    def check_contact(self) -> None:
        values = self.values
        if values["contact_email"]:
            try:
                validate_email(values["contact_email"])
            except ValidationError:
                self.problem("contact_email", "Must be an email address, like name@example.com")
        kind = values["contact_relationship"].lower()
        if kind and kind not in Relationship.Kind.values:
            self.problem(
                "contact_relationship",
                "Must be mother, father, carer, guardian, corporate, self or other",
            )
        if (kind or values["contact_email"] or values["contact_phone"]) and not values[
            "contact_name"
        ]:
            self.problem("contact_name", "Enter the contact's name")

    def check_stage(self) -> None:
        values, dates = self.values, self.dates
        stage = values["stage"].lower()
        if not stage:
            return
        if stage not in STAGES:
            self.problem("stage", "Must be request, assessment, drafting or maintained")
        elif stage in PLAN_STAGES:
            made = dates["plan_made_on"]
            if not values["plan_made_on"]:
                self.problem("plan_made_on", "Enter the date the plan was made")
            received = dates["request_received_on"]
            if received and made and received > made:
                self.problem("request_received_on", "Must be before the plan was made")
            reviewed = dates["last_reviewed_on"]
            if reviewed and made and reviewed < made:
                self.problem("last_reviewed_on", "Must be after the plan was made")
        else:
            if not values["request_received_on"]:
                self.problem("request_received_on", "Enter the date the request was received")
            for name in ("plan_made_on", "last_reviewed_on"):
                if values[name]:
                    self.problem(name, "Leave this empty: there is no plan yet at this stage")

    def checked(self) -> CaseRow:
        values, dates = self.values, self.dates
        stage = values["stage"].lower()
        rule = STAGE_RULES[stage]
        triggers: dict[str, date | None]
        if rule == "annual_review":
            triggers = {
                "plan_made_on": dates["plan_made_on"],
                "last_review_concluded_on": dates["last_reviewed_on"],
            }
        else:
            triggers = {"request_received_on": dates["request_received_on"]}
        contact = None
        if values["contact_name"]:
            contact = {
                "full_name": values["contact_name"],
                "kind": values["contact_relationship"].lower() or Relationship.Kind.OTHER,
                "email": values["contact_email"],
                "phone": values["contact_phone"],
            }
        urn = values["setting_urn"]
        return CaseRow(
            row=self.number,
            council_id=values["council_id"],
            child={
                "legal_first_name": values["first_name"],
                "legal_last_name": values["last_name"],
                "preferred_name": values["preferred_name"],
                "date_of_birth": dates["date_of_birth"],
                "sex": (values["sex"] or "U").upper(),
                "upn": values["upn"].upper(),
                "postcode": values["postcode"].upper(),
                "primary_need": values["primary_need"].upper(),
                "setting_id": self.context.settings.get(urn) if urn else None,
            },
            contact=contact,
            team_id=self.context.teams[values["team"].casefold()],
            stage=stage,
            request_received_on=dates["request_received_on"],
            plan_made_on=dates["plan_made_on"],
            last_reviewed_on=dates["last_reviewed_on"],
            rule=rule,
            triggers=triggers,
            due_on=compute_due(rule, triggers),
        )


def _check_row(number: int, values: dict[str, str], context: _Context) -> _Row:
    row = _Row(number, values, context)
    row.check_text()
    row.check_dates()
    row.check_codes()
    row.check_contact()
    row.check_stage()
    return row


def _read_rows(
    header: list[str], rows: Iterator[list[str]], context: _Context
) -> Iterator[tuple[int, dict[str, str]]]:
    index = {name: header.index(name) for name in COLUMNS if name in header}
    materialised = list(rows)
    urns = {
        cells[index["setting_urn"]]
        for cells in materialised
        if "setting_urn" in index and len(cells) > index["setting_urn"]
    } - {""}
    context.settings = dict(Organisation.objects.filter(urn__in=urns).values_list("urn", "pk"))
    for offset, cells in enumerate(materialised):
        if any(cells):
            yield (
                offset + 2,
                {
                    name: (cells[index[name]] if index.get(name, len(cells)) < len(cells) else "")
                    for name in COLUMNS
                },
            )


def _header_problems(header: list[str]) -> list[Problem]:
    missing = [
        Problem(1, name, "This column is missing") for name in REQUIRED if name not in header
    ]
    unknown = [
        Problem(1, name, "This column is not part of the layout")
        for name in header
        if name and name not in COLUMNS
    ]
    return missing + unknown


def check(
    filename: str,
    content: bytes,
    *,
    local_authority: Organisation,
    today: date,
    already: set[str],
    team: str = "",
) -> Checked:
    """Check every row of the file. ``already``: the council ids imported before (skipped).
    A SEN2 XML file (``.xml``) is read into the same rows, its problems named by XML path."""
    result = Checked()
    if filename.lower().endswith(".xml"):
        return _check_sen2(content, local_authority, today, already, team=team)
    try:
        header, rows = read_table(filename, content)
    except FileUnreadable as error:
        result.problems.append(Problem(0, "", str(error)))
        return result
    result.problems = _header_problems(header)
    if result.problems:
        return result
    context = _Context(local_authority, today, already)
    for number, values in _read_rows(header, rows, context):
        result.total += 1
        if result.total > MAX_ROWS:
            result.problems.append(Problem(0, "", f"The file has more than {MAX_ROWS:,} rows"))
            break
        row = _check_row(number, values, context)
        result.problems.extend(row.problems)
        if values["council_id"] in already:
            result.already.append(values["council_id"])
        elif not row.problems:
            result.rows.append(row.checked())
    if result.total == 0 and not result.problems:
        result.problems.append(Problem(0, "", "The file has no rows under the header"))
    if len(result.problems) > MAX_PROBLEMS:
        more = len(result.problems) - MAX_PROBLEMS
        result.problems = result.problems[:MAX_PROBLEMS]
        result.problems.append(Problem(0, "", f"And {more:,} more problems"))
    return result


def _check_sen2(
    content: bytes, local_authority: Organisation, today: date, already: set[str], *, team: str
) -> Checked:
    result = Checked()
    rows, problems = read_sen2(content, team=team)
    result.problems = problems
    if problems:
        return result
    if not team:
        result.problems.append(Problem(0, "team", "Choose the team that keeps these cases"))
        return result
    context = _Context(local_authority, today, already)
    urns = {values["setting_urn"] for _, values, _ in rows} - {""}
    context.settings = dict(Organisation.objects.filter(urn__in=urns).values_list("urn", "pk"))
    for number, values, paths in rows:
        result.total += 1
        row = _check_row(number, values, context)
        result.problems.extend(
            Problem(number, paths.get(p.column, p.column), p.message) for p in row.problems
        )
        if values["council_id"] in already:
            result.already.append(values["council_id"])
        elif not row.problems:
            result.rows.append(row.checked())
    if result.total == 0 and not result.problems:
        result.problems.append(Problem(0, "", "The return has no open cases"))
    result.problems = result.problems[:MAX_PROBLEMS]
    return result


def report(checked: Checked, *, today: date) -> dict[str, Any]:
    """The dry run: what would be created, which deadlines would open and which are overdue."""
    by_rule: Counter[str] = Counter(row.rule for row in checked.rows)
    by_stage: Counter[str] = Counter(row.stage for row in checked.rows)
    overdue = [row for row in checked.rows if row.due_on < today]
    return {
        "cases": len(checked.rows),
        "children": len(checked.rows),
        "contacts": sum(1 for row in checked.rows if row.contact),
        "plans": sum(
            1 for row in checked.rows if row.stage in PLAN_STAGES or row.stage == Stage.DRAFTING
        ),
        "already_imported": len(checked.already),
        "stages": [
            {"stage": Stage(stage).label, "count": count}
            for stage, count in sorted(by_stage.items())
        ],
        "deadlines": [
            {
                "rule": RULES[rule].title,
                "count": count,
                "overdue": sum(1 for r in overdue if r.rule == rule),
            }
            for rule, count in sorted(by_rule.items())
        ],
        "overdue": len(overdue),
        "overdue_rows": [
            {
                "row": row.row,
                "council_id": row.council_id,
                "deadline": RULES[row.rule].title,
                "due_on": row.due_on.isoformat(),
            }
            for row in sorted(overdue, key=lambda r: (r.due_on, r.row))[:100]
        ],
    }


def chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]

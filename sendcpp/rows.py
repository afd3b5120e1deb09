"""The rows of the lists staff page through all day, written in Python with the kit's
``sendcpp.web.rows`` (why: that module's docstring): a list of cases (the caseload, the team's
caseload, the manager's list of all cases), the deadlines page and its counts by coordinator,
and the audit log's records viewed and changes. The tables around the rows stay in their
templates: ``sendcpp/case_table.html``, ``sendcpp/deadlines.html`` and
``sendcpp/audit_log.html``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString

from sendcpp.audit import ChangeRow
from sendcpp.calendar import due_text, short_date
from sendcpp.models import AccessLog, Case, Child, Deadline
from sendcpp.web.rows import Addresses, cell, html, link, paragraph, small, strong, table_rows


def due(due_on: date, today: date, *, small: bool = False) -> SafeString:
    """How far off a date is ("Due in 3 days", "Overdue by 2 days"), marked when it has passed;
    in the small body size if ``small``. The template tag ``{% due %}``."""
    classes = ["govuk-body-s"] if small else []
    if due_on < today:
        classes.append("app-deadline--overdue")
    attribute = f' class="{" ".join(classes)}"' if classes else ""
    return SafeString(f"<span{attribute}>{html(due_text(due_on, today))}</span>")


def _choose(case: Case, form_id: str) -> SafeString:
    key = html(case.public_id)
    return cell(
        SafeString(
            '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
            '<div class="govuk-checkboxes__item">'
            f'<input class="govuk-checkboxes__input" id="choose-{key}" name="case" '
            f'type="checkbox" value="{key}" form="{html(form_id)}">'
            f'<label class="govuk-label govuk-checkboxes__label" for="choose-{key}">'
            f'<span class="govuk-visually-hidden">Choose {html(case.child.full_name)}, '
            f"{html(case.reference)}</span></label></div></div>"
        )
    )


def deadline_words(title: Any, due_on: date | None, today: date) -> SafeString:
    """What must happen next and by when: its title, how far off it is (marked when it has
    passed) and the date; or that there is no open deadline. The template tag
    ``{% deadline_words %}``."""
    if not due_on:
        return SafeString("No open deadline")
    return SafeString(
        f"{html(title)}<br>{due(due_on, today)} "
        f'<span class="govuk-body-s app-nowrap">({short_date(due_on)})</span>'
    )


def deadline_cell(title: Any, due_on: date | None, today: date) -> SafeString:
    """``deadline_words`` in a table cell."""
    return cell(deadline_words(title, due_on, today))


def case_rows(
    cases: Iterable[Case], today: date, *, show_coordinator: bool = False, choose: str = ""
) -> SafeString:
    """The table rows of ``cases``: the child (a link to the case), reference, stage, the
    coordinator if ``show_coordinator``, the date opened and the next deadline; a checkbox for
    the form ``choose`` names, if any. One row saying so when there are none."""
    address = Addresses("sendcpp:case-detail")

    def write(case: Case) -> list[SafeString]:
        cells = [_choose(case, choose)] if choose else []
        cells += [
            cell(link(address(case.public_id), case.child.full_name)),
            cell(case.reference),
            cell(case.get_stage_display()),
        ]
        if show_coordinator:
            cells.append(
                cell(case.coordinator.display_name if case.coordinator else "Not assigned")
            )
        opened = timezone.localtime(case.created_at).date()
        cells += [
            cell(short_date(opened), css="app-nowrap"),
            deadline_cell(case.next_due_label, case.next_due_on, today),
        ]
        return cells

    return table_rows(cases, write, empty="No cases match.", columns=7)


def deadline_rows(deadlines: Iterable[Deadline], today: date, *, when: str) -> SafeString:
    """The deadlines page's rows: the child (a link to the case) and reference, what must happen
    and its legal basis, the date and how far off it is, and who coordinates the case."""
    address = Addresses("sendcpp:case-detail")

    def write(deadline: Deadline) -> list[SafeString]:
        case = deadline.case
        coordinator = case.coordinator.display_name if case.coordinator else "Not assigned"
        return [
            cell(link(address(case.public_id), case.child.full_name), small(case.reference)),
            cell(deadline.title, small(deadline.rule_info.legal_basis)),
            cell(
                short_date(deadline.due_on),
                SafeString("<br>"),
                due(deadline.due_on, today),
                css="app-nowrap",
            ),
            cell(coordinator, small(case.team.name)),
        ]

    empty = "Nothing overdue." if when == "overdue" else "Nothing due in the next 7 days."
    return table_rows(deadlines, write, empty=empty, columns=4)


def deadline_count_rows(counts: Iterable[Mapping[str, Any]]) -> SafeString:
    """The manager's counts of open deadlines by team and coordinator
    (``selectors.deadline_counts_by_coordinator``)."""

    def write(row: Mapping[str, Any]) -> list[SafeString]:
        last = row["case__coordinator__last_name"]
        who = f"{row['case__coordinator__first_name']} {last}" if last else "Not assigned"
        return [
            cell(row["case__team__name"]),
            cell(who),
            cell(row["overdue"], numeric=True),
            cell(row["this_week"], numeric=True),
        ]

    return table_rows(counts, write, empty="No open deadlines.", columns=4)


def _when(at: datetime) -> SafeString:
    """A moment in the audit log: its day, then its time, in the service's time zone."""
    local = timezone.localtime(at)
    return cell(short_date(local.date()), SafeString("<br>"), f"{local:%H:%M}")


def _about(child: Child | None, case: Case | None) -> str:
    if child is None:
        return "Not about a child"
    return f"{child.full_name} ({case.reference})" if case is not None else child.full_name


def audit_read_rows(entries: Iterable[AccessLog]) -> SafeString:
    """The audit log's records viewed: when, who viewed what about which child, and how."""

    def write(entry: AccessLog) -> list[SafeString]:
        who = entry.user.display_name if entry.user else f"Partner system: {entry.api_client.name}"
        what = f"{entry.what}: {entry.item}" if entry.item else entry.what
        how = "Partner API" if entry.via == "api" else "Web page"
        return [
            _when(entry.at),
            cell(
                paragraph("govuk-body govuk-!-margin-bottom-1", strong(who), f" viewed {what}"),
                paragraph("govuk-body-s govuk-!-margin-bottom-1", _about(entry.child, entry.case)),
                paragraph(
                    "govuk-body-s govuk-!-margin-bottom-0",
                    f"{how} ({entry.route})." if entry.route else f"{how}.",
                ),
                css="govuk-!-text-break-word",
            ),
        ]

    return table_rows(entries, write, empty="No records viewed match.", columns=2)


def _changed(label: str, old: str, new: str) -> str:
    if not (old or new):
        return f"<li>{html(label)} changed</li>"
    return (
        f"<li>{html(label)}: {html(old)} "
        '<span aria-hidden="true">→</span><span class="govuk-visually-hidden"> changed to</span> '
        f"{html(new)}</li>"
    )


def audit_change_rows(changes: Iterable[ChangeRow]) -> SafeString:
    """The audit log's changes: when, what changed (each field, old and new), about which
    child, who changed it and how."""

    def write(change: ChangeRow) -> list[SafeString]:
        fields = SafeString("")
        if change.changes:
            items = "".join(_changed(*named) for named in change.changes)
            fields = SafeString(
                f'<ul class="govuk-list govuk-body-s govuk-!-margin-bottom-1">{items}</ul>'
            )
        route = f" ({change.route_name})" if change.route_name else ""
        return [
            _when(change.at),
            cell(
                paragraph(
                    "govuk-body govuk-!-margin-bottom-1", strong(f"{change.record} {change.action}")
                ),
                paragraph(
                    "govuk-body-s govuk-!-margin-bottom-1", _about(change.child, change.case)
                ),
                fields,
                paragraph(
                    "govuk-body-s govuk-!-margin-bottom-0",
                    f"By {change.actor}. {change.route}{route}.",
                ),
                css="govuk-!-text-break-word",
            ),
        ]

    return table_rows(changes, write, empty="No changes match.", columns=2)

"""The rows of the lists staff page through all day, written in Python with the kit's
``sendcpp.web.rows`` (why: that module's docstring): a list of cases (the caseload, the team's
caseload, the manager's list of all cases), the deadlines page, and its counts by coordinator.
The tables around the rows stay in their templates: ``sendcpp/case_table.html`` and
``sendcpp/deadlines.html``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString

from sendcpp.calendar import due_text, short_date
from sendcpp.models import Case, Deadline
from sendcpp.web.rows import Addresses, cell, link, small, table_rows


def _due(due_on: date, today: date) -> SafeString:
    """How far off a date is, marked when it has passed."""
    overdue = ' class="app-deadline--overdue"' if due_on < today else ""
    return SafeString(f"<span{overdue}>{due_text(due_on, today)}</span>")


def _choose(case: Case, form_id: str) -> SafeString:
    key = escape(case.public_id)
    return cell(
        SafeString(
            '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
            '<div class="govuk-checkboxes__item">'
            f'<input class="govuk-checkboxes__input" id="choose-{key}" name="case" '
            f'type="checkbox" value="{key}" form="{escape(form_id)}">'
            f'<label class="govuk-label govuk-checkboxes__label" for="choose-{key}">'
            f'<span class="govuk-visually-hidden">Choose {escape(case.child.full_name)}, '
            f"{escape(case.reference)}</span></label></div></div>"
        )
    )


def _next_deadline(case: Case, today: date) -> SafeString:
    if not case.next_due_on:
        return cell("No open deadline")
    return cell(
        case.next_due_label,
        SafeString("<br>"),
        _due(case.next_due_on, today),
        " ",
        SafeString(
            f'<span class="govuk-body-s app-nowrap">({short_date(case.next_due_on)})</span>'
        ),
    )


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
        cells += [cell(short_date(opened), css="app-nowrap"), _next_deadline(case, today)]
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
                _due(deadline.due_on, today),
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

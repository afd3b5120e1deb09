"""Deadline reminders: one statement scans the open deadlines and writes each reminder that is
due into the shared outbox (``Notification``), at most once per (deadline, recipient, threshold).

Thresholds are working days before the statutory date (``DEADLINE_REMINDER_WORKING_DAYS``,
default 10 and 5), the day itself, and overdue. A deadline gets the reminder for the tightest
threshold it has reached, so one created 3 working days before its date is reminded once ("5
working days"), not twice. Two sweeps at once cannot both write a reminder: the outbox key is
unique and the insert skips conflicts.

Reminders are for the council's staff only (the person responsible, else the case's
coordinator, on an active staff account): they name the rule, its date and the case reference,
nothing else about the child. The family's own windows (``FAMILY_WINDOWS``: commenting on a
draft, contacting the mediation adviser, appealing) are choices the family may make, not the
council's deadlines, so no one is reminded of them as due or overdue (decision 28).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import connection, transaction

from sendcpp.calendar import add_working_days, bank_holidays
from sendcpp.celery import enqueue_on_commit
from sendcpp.deadlines import FAMILY_WINDOWS, RULES
from sendcpp.models import User


def _threshold_sql(
    thresholds: list[int], today: date, holidays: frozenset[date]
) -> tuple[str, list[object], date]:
    """A SQL CASE naming the tightest threshold a deadline has reached, and the horizon date."""
    cases = ["WHEN d.due_on < %s THEN 'overdue'", "WHEN d.due_on = %s THEN 'today'"]
    params: list[object] = [today, today]
    for days in sorted(thresholds):
        cases.append(f"WHEN d.due_on <= %s THEN '{int(days)}wd'")
        params.append(add_working_days(today, days, holidays))
    horizon = add_working_days(today, max(thresholds), holidays) if thresholds else today
    return "CASE " + " ".join(cases) + " END", params, horizon


@transaction.atomic
def sweep(today: date) -> list[int]:
    """Write every reminder that is due today and not yet written. Returns the new outbox ids;
    their emails are sent by tasks queued after commit."""
    thresholds = [int(days) for days in settings.DEADLINE_REMINDER_WORKING_DAYS]
    threshold_case, threshold_params, horizon = _threshold_sql(thresholds, today, bank_holidays())
    titles = [(key, rule.title) for key, rule in RULES.items()]
    titles_sql = ", ".join(["(%s, %s)"] * len(titles))
    title_params = [value for pair in titles for value in pair]
    # Only placeholders and integer thresholds are formatted in; every value is a parameter.
    sql = f"""
        WITH due AS (
            SELECT d.id, d.case_id, d.due_on, r.title, c.reference, c.public_id,
                   COALESCE(d.responsible_id, c.coordinator_id) AS recipient_id,
                   {threshold_case} AS threshold
            FROM sendcpp_deadline d
            JOIN sendcpp_case c ON c.id = d.case_id
            JOIN (VALUES {titles_sql}) AS r(rule, title) ON r.rule = d.rule
            WHERE d.met_on IS NULL AND d.cancelled_on IS NULL AND d.due_on <= %s
              AND NOT (d.rule = ANY(%s))
              AND c.closed_on IS NULL
              AND COALESCE(d.responsible_id, c.coordinator_id) IS NOT NULL
        )
        INSERT INTO sendcpp_notification
            (key, recipient_id, case_id, subject, body, link, created_at, email_status,
             email_attempts, email_error)
        SELECT
            'deadline:' || due.id || ':user:' || due.recipient_id || ':' || due.threshold,
            due.recipient_id,
            due.case_id,
            CASE due.threshold
                WHEN 'overdue' THEN 'Overdue: '
                WHEN 'today' THEN 'Due today: '
                ELSE 'Due in ' || replace(due.threshold, 'wd', ' working days') || ': '
            END || due.title || ' (case ' || due.reference || ')',
            due.title || ' is due on ' || to_char(due.due_on, 'FMDD FMMonth YYYY')
                || '. Case reference ' || due.reference || '.',
            '/cases/' || due.public_id || '/',
            now(),
            CASE WHEN u.email = '' THEN 'not_needed' ELSE 'pending' END,
            0,
            ''
        FROM due JOIN sendcpp_user u ON u.id = due.recipient_id
        WHERE u.account_type = %s AND u.is_active
        ON CONFLICT (key) DO NOTHING
        RETURNING id
    """
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                *threshold_params,
                *title_params,
                horizon,
                sorted(FAMILY_WINDOWS),
                User.AccountType.STAFF.value,
            ],
        )
        ids = [row[0] for row in cursor.fetchall()]
    if ids:
        enqueue_on_commit("sendcpp.tasks.send_notification_emails", ids)
    return ids

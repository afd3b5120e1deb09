"""Load England and Wales bank holidays from a file in the gov.uk bank-holidays JSON format
(the shipped file by default). Adds new dates, never fetches anything, and recomputes open
working-day deadlines that a new holiday moves."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sendcpp import clock
from sendcpp.calendar import SHIPPED_BANK_HOLIDAYS, forget_bank_holidays, load_bank_holidays_json
from sendcpp.models import BankHoliday


class Command(BaseCommand):
    help = "Load bank holidays from a gov.uk bank-holidays JSON file."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(SHIPPED_BANK_HOLIDAYS))
        parser.add_argument("--quiet-if-loaded", action="store_true")

    def handle(self, *args, path: str, quiet_if_loaded: bool, **options):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            holidays = load_bank_holidays_json(data)
        except (OSError, json.JSONDecodeError, ValueError) as error:
            raise CommandError(f"Could not load bank holidays from {path}: {error}") from error
        existing = set(BankHoliday.objects.values_list("date", flat=True))
        new = [BankHoliday(date=day, title=title) for day, title in holidays if day not in existing]
        BankHoliday.objects.bulk_create(new)
        forget_bank_holidays()
        moved = clock.recompute_working_day_deadlines() if new else 0
        if new or not quiet_if_loaded:
            self.stdout.write(
                f"Added {len(new)} bank holidays; {moved} open deadlines recalculated."
            )

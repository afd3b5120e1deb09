"""The demo local authority, loaded once for a test module that drives the whole API (the
schema-driven fuzzing and the partner-key permission matrix), and requests that reach the
application as they would from a server, inside that module's transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from rest_framework.throttling import SimpleRateThrottle

NO_LIMIT = "1000000/minute"


def load_demo() -> None:
    """The demo local authority: cases at every stage, with every app's records."""
    from dashboard.datasets import Release
    from dashboard.services import import_statistics
    from dashboard.tests.factories import newplans_csv
    from sendcpp.calendar import forget_bank_holidays, read_bank_holidays_file
    from sendcpp.models import BankHoliday

    if not BankHoliday.objects.exists():
        BankHoliday.objects.bulk_create(
            [BankHoliday(date=d, title=t) for d, t in read_bank_holidays_file()]
        )
    forget_bank_holidays()
    call_command("seed_demo", cases=30, stdout=StringIO())
    for command in (
        "seed_ehcp",
        "seed_placements",
        "seed_panels",
        "seed_partnership",
        "seed_mediation",
        "seed_elsec",
        "seed_records",
    ):
        call_command(command, stdout=StringIO())
    import_statistics(
        newplans_csv(),
        dataset_key="newplans",
        release=Release(2025, date(2025, 6, 26)),
        source_name="newplans.csv",
    )


@contextmanager
def in_process() -> Iterator[None]:
    """Requests reach the application as they would from a server, within the module's
    transaction: Django's own test client disconnects these signals in the same way, as closing
    the database connection at the end of each request would end the transaction. Rate limits
    are lifted, as these tests send far more requests a minute than a partner may."""
    from dashboard.api.views import PublicRateThrottle

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            SimpleRateThrottle,
            "THROTTLE_RATES",
            {**SimpleRateThrottle.THROTTLE_RATES, "partner": NO_LIMIT, "user": NO_LIMIT},
        )
        patch.setattr(PublicRateThrottle, "rate", NO_LIMIT)
        cache.clear()
        try:
            yield
        finally:
            cache.clear()
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

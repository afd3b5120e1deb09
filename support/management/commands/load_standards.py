"""Load the standards of ordinarily available provision from a file, all or nothing (the
project's illustrative set by default; the local authority's own file when given)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendcpp.exceptions import DomainError
from support import services


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(services.STANDARDS_FILE))

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        try:
            loaded = services.load_standards_file(path)
        except DomainError as error:
            raise CommandError(f"Nothing was loaded. {error.message}") from None
        self.stdout.write(
            f"{loaded.source}: {loaded.added} added, {loaded.changed} changed, "
            f"{loaded.retired} retired."
        )

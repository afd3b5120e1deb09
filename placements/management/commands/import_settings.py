"""Import a GIAS establishments file or a file of LA-maintained facts into the setting directory:
``manage.py import_settings <path> [--format gias|la] [--encoding cp1252]``.

The whole file is checked first and applied in one transaction: if any row is wrong, nothing is
imported and every problem is printed by row and column. Importing again updates settings
(matched on URN, or UKPRN) rather than duplicating them."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from placements import services
from placements.importers import ImportRejected
from placements.models import SettingImport
from sendcpp.exceptions import DomainError
from sendcpp.models import User


class Command(BaseCommand):
    help = "Import settings from a GIAS CSV or an LA facts CSV/XLSX file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=SettingImport.Format.values,
            default=SettingImport.Format.GIAS,
        )
        parser.add_argument(
            "--encoding",
            default="utf-8",
            help="Text encoding of a CSV file (GIAS downloads use cp1252)",
        )
        parser.add_argument(
            "--as-user",
            default="",
            help="Username of the SEND manager to record as importing (default: the system, "
            "as someone with access to the server)",
        )

    def handle(self, *args, path: Path, file_format: str, encoding: str, as_user: str, **options):
        if not path.is_file():
            raise CommandError(f"No file at {path}")
        by = self._actor(as_user)
        try:
            result = services.import_settings(
                path.read_bytes(),
                filename=path.name,
                file_format=file_format,
                encoding=encoding,
                by=by,
            )
        except ImportRejected as error:
            for problem in error.errors:
                self.stderr.write(str(problem))
            raise CommandError(error.message) from error
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.rows} rows from {path.name}: {result.created} settings added, "
                f"{result.updated} updated, {result.skipped} skipped (types not in the directory)."
            )
        )

    def _actor(self, username: str) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username}")
        return user

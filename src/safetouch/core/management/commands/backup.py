"""`safetouch backup FILE` (or `manage backup FILE`): an online backup of the database."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from safetouch.core import backup as ops


class Command(BaseCommand):
    help = "Back up the whole database to TARGET while the app keeps serving."

    def add_arguments(self, parser) -> None:
        parser.add_argument("target", help="The backup file to write.")

    def handle(self, *args, target: str, **options) -> None:
        try:
            path = ops.backup(target)
        except ops.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up to {path} ({path.stat().st_size:,} bytes)")

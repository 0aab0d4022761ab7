"""`safetouch restore FILE` (or `manage restore FILE`): replace the live data with a backup."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from safetouch.core import backup as ops

QUESTION = "This replaces every record in the live database. Go on?"


class Command(BaseCommand):
    help = "Replace the database's contents with the backup in SOURCE."

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", help="A file made by `safetouch backup`.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before replacing the live data."
        )

    def handle(self, *args, source: str, yes: bool = False, **options) -> None:
        if not yes and input(f"{QUESTION} [y/N]: ").strip().lower() not in ("y", "yes"):
            raise CommandError("restore: aborted, nothing was changed")
        try:
            ops.restore(source)
        except ops.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored from {source}")

"""`safetouch import FILE` (or `manage import FILE`): create the account in an account file."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safetouch.portability.document import ImportFileError
from safetouch.portability.services import account_import


class Command(BaseCommand):
    help = "Create the account in FILE (made by `safetouch export`) with all its records."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The account file; '-' reads stdin.")

    def handle(self, *args, file: str, **options) -> None:
        name = "<stdin>" if file == "-" else file
        try:
            text = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"{name}: cannot be read ({exc.strerror})") from exc
        try:
            result = account_import(text=text)
        except ImportFileError as exc:
            for error in exc.errors:
                self.stderr.write(f"{error.field}: {error.message}")
            raise CommandError(f"{name}: not imported, nothing was changed") from exc
        self.stdout.write(f"Imported {result.user.email}.")
        for note in result.skipped:
            self.stdout.write(f"  not carried over: {note}")
        self.stdout.write(
            f"Set a password with: safetouch manage changepassword {result.user.email}"
        )

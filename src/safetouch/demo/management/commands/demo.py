"""`safetouch demo` (or `manage demo`): load the demo practice and print its logins."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from safetouch.demo.services import DEMO_PASSWORD, load_demo


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of: {value!r} is not a date such as 2026-11-01") from None


class Command(BaseCommand):
    help = "Load the demo practice (idempotent) and print its logins."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--as-of",
            dest="as_of",
            help="The day the demo's sessions and check-ins lead up to (default: today).",
        )

    def handle(self, *args, as_of: str | None = None, **options) -> None:
        users = load_demo(today=_day(as_of) if as_of else None)
        self.stdout.write("Demo practice ready. Log in with password " + DEMO_PASSWORD + " as:")
        for who, email in users:
            self.stdout.write(f"  {email:<26} {who}")

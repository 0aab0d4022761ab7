"""`safetouch manage send_reminders`: send every reminder due now, each exactly once."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from safetouch.reminders.sending import send_reminders


class Command(BaseCommand):
    help = "Send the reminder emails due now. Safe to run often, and on several machines."

    def handle(self, *args, **options) -> None:
        result = send_reminders()
        self.stdout.write(
            f"reminders: {result.due} due, {result.sent} sent, {result.failed} failed"
        )
        if result.failed:
            raise SystemExit(1)

"""`safetouch worker` (or `manage reminder_worker`): send_reminders every few minutes."""

from __future__ import annotations

import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from safetouch.reminders.sending import send_reminders

MIN_EVERY = 10
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Command(BaseCommand):
    help = "Send reminder emails every few minutes, until stopped (Ctrl-C or SIGTERM)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            default=300,
            help=f"Seconds between two runs of send_reminders (at least {MIN_EVERY}).",
        )
        parser.add_argument(
            "--once", action="store_true", help="Run once and stop (what cron would call)."
        )

    def handle(self, *args, every: int = 300, once: bool = False, **options) -> None:
        if every < MIN_EVERY:
            raise CommandError(f"--every: must be at least {MIN_EVERY} seconds")
        stop = threading.Event()
        before = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in STOP_SIGNALS}
        try:
            self._say(f"Reminder worker: sending due reminders every {every} s")
            while not stop.is_set():
                self._run_once(every)
                if once:
                    break
                stop.wait(every)
        finally:
            for sig, handler in before.items():  # whoever called us gets Ctrl-C back
                signal.signal(sig, handler)

    def _run_once(self, every: int) -> None:
        close_old_connections()
        try:
            result = send_reminders()
        except Exception as exc:  # a database or mail outage: keep going, try again later
            self._say(f"reminders: run failed ({type(exc).__name__}); next try in {every} s")
            return
        if result.due or result.failed:
            self._say(f"reminders: {result.due} due, {result.sent} sent, {result.failed} failed")

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()  # a worker's lines show as they happen, also in a pipe

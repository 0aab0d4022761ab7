"""`safetouch manage fit_population`: refit every practice's population (idempotent).

Run by the worker or cron, e.g. nightly. Prints counts only, never a client's data.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from safetouch.planning.services import populations_fit


class Command(BaseCommand):
    help = "Fit one population per therapist over her consenting clients, and one for the server."

    def handle(self, *args, **options) -> None:
        populations = populations_fit()
        for p in populations:
            whose = "server" if p.therapist_id is None else f"therapist {p.therapist_id}"
            how = f"fitted on {p.fitted_on}" if p.fitted_on else "built-in prior (under 20)"
            self.stdout.write(f"{whose}: {p.consenting} consenting clients, {how}")

"""`safetouch export --user EMAIL` (or `manage export`): an account's records on stdout."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from safetouch.portability import fhir, spreadsheets
from safetouch.portability.selectors import account_document
from safetouch.records.models import ClientProfile

FORMATS = ("json", "csv", "fhir")


class Command(BaseCommand):
    help = "Write an account's records to stdout, e.g. `safetouch export --user EMAIL > a.json`."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--user", dest="email", required=True, help="The account's email.")
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=FORMATS,
            default="json",
            help="json: the whole account (for `safetouch import`); csv: sessions; "
            "fhir: R4 Bundle.",
        )

    def handle(self, *args, email: str, fmt: str = "json", **options) -> None:
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"--user: no account {email}")
        timezone.activate(user.zone)  # her times, as in the export she downloads herself
        if fmt == "json":
            self.stdout.write(json.dumps(account_document(user), indent=2, ensure_ascii=False))
            return
        profile = ClientProfile.objects.filter(user=user).first()
        if profile is None:
            raise CommandError(f"--format {fmt}: {email} has no client records")
        if fmt == "csv":
            self.stdout.write(spreadsheets.table_csv("sessions", profile), ending="")
        else:
            for piece in fhir.bundle_lines(profile):  # one entry a line, as the download
                self.stdout.write(piece, ending="")
        self.stdout.flush()

"""The `safetouch` command: a thin layer over the functions the web app calls."""

from __future__ import annotations

import json
import os
import sys

import click


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetouch.settings")
    import django

    django.setup()


@click.group()
@click.version_option(package_name="safetouch")
def main() -> None:
    """SafeTouch: plan massage sessions that spare fragile SI joints."""


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command, e.g. `safetouch manage migrate`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetouch.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["safetouch manage", *args])


@main.command()
def demo() -> None:
    """Load the demo practice (idempotent) and print its logins."""
    _setup_django()
    from safetouch.accounts.demo import DEMO_PASSWORD, load_demo

    users = load_demo()
    click.echo("Demo practice ready. Log in with password " + DEMO_PASSWORD + " as:")
    for role, email in users:
        click.echo(f"  {email:<26} {role}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--workers",
    default=0,
    type=click.IntRange(min=0),
    help="Serve with gunicorn and this many worker processes (0: development server).",
)
def serve(host: str, port: int, workers: int) -> None:
    """Serve the web app: the development server, or gunicorn with --workers N."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetouch.settings")
    click.echo(f"SafeTouch at http://{host}:{port}/  (Ctrl-C to stop)")
    if workers:
        gunicorn = [sys.executable, "-m", "gunicorn", "safetouch.wsgi"]
        os.execv(
            sys.executable,
            [
                *gunicorn,
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
                "--logger-class",
                "safetouch.core.gunicorn.Logger",
                "--graceful-timeout",
                "10",
            ],
        )
    from django.core.management import execute_from_command_line

    execute_from_command_line(["safetouch", "runserver", f"{host}:{port}", "--noreload"])


@main.command()
@click.option(
    "--every",
    default=300,
    show_default=True,
    type=click.IntRange(min=10),
    help="Seconds between two runs of send_reminders.",
)
@click.option("--once", is_flag=True, help="Run once and stop (what cron would call).")
def worker(every: int, once: bool) -> None:
    """Send reminder emails every few minutes, until stopped (Ctrl-C or SIGTERM)."""
    _setup_django()
    import signal
    import threading

    from django.db import close_old_connections

    from safetouch.reminders.sending import send_reminders

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    click.echo(f"Reminder worker: sending due reminders every {every} s")
    while not stop.is_set():
        close_old_connections()
        try:
            result = send_reminders()
        except Exception as exc:  # a database or mail outage: keep going, try again later
            click.echo(f"reminders: run failed ({type(exc).__name__}); next try in {every} s")
        else:
            if result.due or result.failed:
                click.echo(
                    f"reminders: {result.due} due, {result.sent} sent, {result.failed} failed"
                )
        if once:
            break
        stop.wait(every)


@main.command()
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
def backup(target: str) -> None:
    """Back up the whole database to TARGET while the app keeps serving."""
    _setup_django()
    from safetouch import backup as ops

    try:
        path = ops.backup(target)
    except ops.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up to {path} ({path.stat().st_size:,} bytes)")


@main.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the live data.")
def restore(source: str, yes: bool) -> None:
    """Replace the database's contents with the backup in SOURCE."""
    _setup_django()
    from safetouch import backup as ops

    if not yes:
        click.confirm("This replaces every record in the live database. Go on?", abort=True)
    try:
        ops.restore(source)
    except ops.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored from {source}")


@main.command()
@click.argument("request_file", type=click.File("r"))
@click.option(
    "--pretty",
    "--text",
    "pretty",
    is_flag=True,
    help="Print for a person instead of JSON: the plan, what changed, what is left out.",
)
def plan(request_file, pretty: bool) -> None:
    """Propose the next session for the engine request in REQUEST_FILE ('-' for stdin)."""
    from safetouch.engine import EngineError, recommend

    try:
        request = json.load(request_file)
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"request: not valid JSON ({exc})") from exc
    try:
        response = recommend(request)
    except EngineError as exc:
        raise click.ClickException(str(exc)) from exc
    if pretty:
        click.echo(format_plan(response))
    else:
        json.dump(response, sys.stdout, indent=2)
        click.echo()


@main.command()
@click.option("--user", "email", required=True, help="The account's email address.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "fhir"]),
    default="json",
    show_default=True,
    help="json: the whole account (for `safetouch import`); csv: sessions; fhir: R4 Bundle.",
)
def export(email: str, fmt: str) -> None:
    """Write an account's records to stdout, e.g. `safetouch export --user EMAIL > a.json`."""
    _setup_django()
    from django.contrib.auth import get_user_model

    from safetouch.portability import fhir, spreadsheets
    from safetouch.portability.selectors import account_document
    from safetouch.records.models import ClientProfile

    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None:
        raise click.ClickException(f"--user: no account {email}")
    from django.utils import timezone

    timezone.activate(user.zone)  # her times, as in the export she downloads herself
    if fmt == "json":
        click.echo(json.dumps(account_document(user), indent=2, ensure_ascii=False))
        return
    profile = ClientProfile.objects.filter(user=user).first()
    if profile is None:
        raise click.ClickException(f"--format {fmt}: {email} has no client records")
    if fmt == "csv":
        click.echo(spreadsheets.table_csv("sessions", profile), nl=False)
    else:
        for piece in fhir.bundle_lines(profile):  # one entry a line, as the download
            click.echo(piece, nl=False)


@main.command(name="import")
@click.argument("file", type=click.File("rb"))
def import_(file) -> None:
    """Create the account in FILE (made by `safetouch export`) with all its records."""
    _setup_django()
    from safetouch.portability.document import ImportFileError
    from safetouch.portability.services import account_import

    try:
        result = account_import(text=file.read())
    except ImportFileError as exc:
        for error in exc.errors:
            click.echo(f"{error.field}: {error.message}", err=True)
        raise click.ClickException(f"{file.name}: not imported, nothing was changed") from exc
    click.echo(f"Imported {result.user.email}.")
    for note in result.skipped:
        click.echo(f"  not carried over: {note}")
    click.echo(f"Set a password with: safetouch manage changepassword {result.user.email}")


def format_plan(response: dict) -> str:
    """The engine response for a terminal: the plan, what changed since last time, and
    what it will not do, grouped by reason (the web pages group them the same way)."""
    from safetouch.engine import change_summary, exclusion_line, grouped_exclusions

    lines = [f"{'region':<22}{'technique':<22}{'pressure':>8}{'minutes':>8}  why"]
    for item in response["items"]:
        lines.append(
            f"{item['region']:<22}{item['technique']:<22}{item['pressure']:>8}"
            f"{item['minutes']:>8}  {item['why']}"
        )
    lines.append(
        f"flare risk {response['flare_risk']:.3f}, "
        f"expected relief {response['expected_relief']:.1f} points"
    )
    if "changes" in response:
        lines.append("since last session:")
        for change in response["changes"]:
            lines.append(
                f"  {change['change']:<9}{change['region']:<22}{change_summary(change)}: "
                f"{change['reason']}"
            )
    for group in grouped_exclusions(response["excluded"]):
        lines.append(f"not doing: {exclusion_line(group)}")
    return "\n".join(lines)

"""The `safetouch` command: a thin layer over the functions the web app calls."""

from __future__ import annotations

import json
import os
import sys

import click


def _call(name: str, *args: str, **options) -> None:
    """Run the management command `name`: each command here but `plan` and `serve` is
    one, so `safetouch manage NAME` does the same. Its error is ours, exit code 1."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetouch.settings")
    import django
    from django.core.management import CommandError, call_command

    django.setup()
    try:
        call_command(name, *args, **options)
    except CommandError as exc:
        raise click.ClickException(str(exc)) from exc


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
@click.option(
    "--as-of",
    "as_of",
    metavar="YYYY-MM-DD",
    help="The day her sessions and check-ins lead up to (default: today).",
)
def demo(as_of: str | None) -> None:
    """Load the demo practice (idempotent) and print its logins."""
    _call("demo", as_of=as_of)


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
    _call("reminder_worker", every=every, once=once)


@main.command()
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
def backup(target: str) -> None:
    """Back up the whole database to TARGET while the app keeps serving."""
    _call("backup", target)


@main.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the live data.")
def restore(source: str, yes: bool) -> None:
    """Replace the database's contents with the backup in SOURCE."""
    if not yes:
        click.confirm("This replaces every record in the live database. Go on?", abort=True)
    _call("restore", source, yes=True)


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
    _call("export", email=email, fmt=fmt)


@main.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
def import_(file: str) -> None:
    """Create the account in FILE (made by `safetouch export`) with all its records."""
    _call("import", file)


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

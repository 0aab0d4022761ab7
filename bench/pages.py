"""Page times against a bare view: every page within 5x of `/healthz`.

    python -m bench pages [--quick] [--rounds N] [--db sqlite|postgres] [--no-check]

Loads the demo practice (`safetouch demo`, as of today) into a scratch database, starts
one in-session visit for the therapist, serves it with `safetouch serve --workers 1`
(gunicorn, one sync worker), logs in through the login form as the demo client and as
the demo therapist, then requests each page one after another: a warm-up round, then
ROUNDS rounds of every page in a shuffled order (so drift on a shared machine, and the
wait on the worker finishing the request before, fall on all pages alike).
Prints a table of medians (ms and x `/healthz`) and one JSON line. Exits 1 if an HTML
page's median exceeds 5x `/healthz`'s (`--no-check` only reports).

Also measured, in this process against the same database: the hand-off PDF's first
render (the server caches it per version of the sheet, so the served figure is a repeat
download). Targets besides the 5x: the PDF at most 300 ms or cached, the FHIR export at
most 2 ms a session.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import statistics
import subprocess
import sys
import time

import httpx

from bench.service import SAFETOUCH, Server, _csrf, progress, scratch_database

DEMO_PASSWORD = "safetouch-demo"
CLIENT_EMAIL = "demo@example.com"
THERAPIST_EMAIL = "therapist@example.com"
TIMES_HEALTHZ = 5.0
PDF_MS = 300.0
FHIR_MS_PER_SESSION = 2.0

# (name, who, path, kind): kind "html" is held to 5x /healthz.
PAGES = [
    ("/healthz", None, "/healthz", "base"),
    ("dashboard", "client", "/dashboard/", "html"),
    ("between sessions", "client", "/clients/{client}/between/", "html"),
    ("plan", "client", "/clients/{client}/plan/", "html"),
    ("hand-off", "client", "/clients/{client}/handoff/", "html"),
    ("history", "client", "/clients/{client}/sessions/", "html"),
    ("body map", "client", "/clients/{client}/body-map/", "html"),
    ("your data", "client", "/clients/{client}/export/", "html"),
    ("workspace", "therapist", "/practice/", "html"),
    ("plan, therapist", "therapist", "/clients/{client}/plan/", "html"),
    ("in-session", "therapist", "/clients/{client}/sessions/{live}/live/", "html"),
    ("hand-off PDF", "client", "/clients/{client}/handoff/sheet.pdf", "pdf"),
    ("FHIR export", "client", "/clients/{client}/export/fhir.json", "fhir"),
]


def prepare(url: str) -> dict:
    """Load the demo; start a visit from the plan; return the ids the URLs need."""
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([SAFETOUCH, "demo"], env=env, check=True, capture_output=True)
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetouch.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.utils import timezone

    from safetouch.clients.models import ClientProfile
    from safetouch.planning.saved import next_plan
    from safetouch.planning.services import session_from_plan

    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    client = ClientProfile.objects.get(user__email=CLIENT_EMAIL)
    visit = session_from_plan(
        client=client,
        plan=next_plan(client, None),
        date=timezone.localdate(),
        therapist=client.therapists.filter(user__email=THERAPIST_EMAIL).first(),
    )
    return {"client": client.pk, "live": visit.pk, "sessions": client.sessions.count()}


def login(base: str, email: str) -> httpx.Client:
    http = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
    page = http.get("/accounts/login/")
    token = http.cookies.get("csrftoken") or _csrf(page.text)
    data = {"username": email, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}
    response = http.post("/accounts/login/", data=data)
    if response.status_code != 302:
        raise RuntimeError(f"login failed for {email}: {response.status_code}")
    return http


def time_pages(base: str, ids: dict, rounds: int) -> dict[str, list[float]]:
    """Milliseconds of each page, ROUNDS times, after one warm-up round."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    browsers = {None: httpx.Client(base_url=base, timeout=60)}
    browsers["client"] = login(base, CLIENT_EMAIL)
    browsers["therapist"] = login(base, THERAPIST_EMAIL)
    times: dict[str, list[float]] = {name: [] for name, *_ in PAGES}
    order = list(PAGES)
    for n in range(rounds + 1):
        # A request right after another waits on the worker finishing that one (closing
        # its connection, logging): shuffled, each page follows every other alike.
        random.Random(n).shuffle(order)
        for name, who, path, _ in order:
            started = time.perf_counter()
            response = browsers[who].get(path.format(**ids))
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"{name}: {path.format(**ids)} -> {response.status_code}")
            if n:  # round 0 warms up: imports, template loading, caches
                times[name].append(elapsed)
    for http in browsers.values():
        http.close()
    return times


def pdf_first_render(client_id: int, rounds: int) -> float:
    """Median ms of rendering the sheet's PDF with nothing cached (in this process)."""
    from django.core.cache import cache
    from django.test import Client

    from safetouch.accounts.models import User

    browser = Client()
    browser.force_login(User.objects.get(email=CLIENT_EMAIL))
    url = f"/clients/{client_id}/handoff/sheet.pdf"
    times = []
    for n in range(rounds + 1):
        cache.clear()
        started = time.perf_counter()
        response = browser.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        if n:
            times.append(elapsed)
    return statistics.median(times)


def report(times: dict[str, list[float]], ids: dict, pdf_cold: float) -> tuple[list, dict]:
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["/healthz"]
    rows, over = [], []
    for name, _, _, kind in PAGES:
        ms = medians[name]
        ratio = ms / base
        note = ""
        if kind == "html" and ratio > TIMES_HEALTHZ:
            note = f"over {TIMES_HEALTHZ:g}x"
            over.append(name)
        elif kind == "pdf":
            note = f"first render {pdf_cold:.0f} ms (in-process)"
        elif kind == "fhir":
            per = ms / max(ids["sessions"], 1)
            mark = "ok" if per <= FHIR_MS_PER_SESSION else "over"
            note = f"{ids['sessions']} sessions, {per:.1f} ms each ({mark})"
        rows.append((name, ms, ratio, note))
    pdf_ok = medians["hand-off PDF"] <= PDF_MS
    fhir_per = medians["FHIR export"] / max(ids["sessions"], 1)
    summary = {
        "experiment": "pages",
        "healthz_ms": round(base, 2),
        "medians_ms": {k: round(v, 1) for k, v in medians.items()},
        "pdf_first_render_ms": round(pdf_cold, 1),
        "html_over_5x": over,
        "pdf_within_target": pdf_ok,
        "fhir_ms_per_session": round(fhir_per, 2),
        "within_target": not over and pdf_ok,
    }
    return rows, summary


def print_table(rows: list) -> None:
    print("| page | median ms | x /healthz | note |", file=sys.stderr)
    print("|---|---:|---:|---|", file=sys.stderr)
    for name, ms, ratio, note in rows:
        print(f"| {name} | {ms:.1f} | {ratio:.1f}x | {note} |", file=sys.stderr, flush=True)


def run(db: str, rounds: int) -> tuple[list, dict]:
    with scratch_database(db) as url:
        ids = prepare(url)
        progress(f"demo loaded: client {ids['client']}, {ids['sessions']} sessions")
        pdf_cold = pdf_first_render(ids["client"], max(3, rounds // 3))
        from django.db import connections

        connections.close_all()
        server = Server(url, workers=1)
        server.start()
        try:
            times = time_pages(server.base, ids, rounds)
        finally:
            server.stop()
    return report(times, ids, pdf_cold)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench pages", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="5 rounds instead of 15")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--no-check", action="store_true", help="report only; always exit 0")
    args = parser.parse_args(argv)
    rounds = args.rounds or (5 if args.quick else 15)
    rows, summary = run(args.db, rounds)
    print_table(rows)
    print(json.dumps(summary), flush=True)
    if args.no_check:
        return 0
    return 0 if summary["within_target"] else 1


if __name__ == "__main__":
    sys.exit(main())

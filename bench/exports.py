"""Export time for a long record: one client with 5,000 sessions.

    python -m bench exports [--quick] [--sessions N] [--db sqlite|postgres]

Generates the client in bulk into a scratch database (PostgreSQL by default): sessions
with five items, an outcome and tightness each, a check-in every other day, a therapist
and two shares. Then downloads each export (FHIR, the JSON account file, the sessions
CSV) in-process with Django's test client, reading the whole streamed body, and again
over HTTP from `safetouch serve --workers 1` (gunicorn, one sync worker, its default
30 s timeout) with an API token. Prints one JSON line: seconds and megabytes per
export. The target is under 5 s each. The seconds are wall-clock; `cpu_seconds` is
this process alone, which on a shared machine says more about the code than the clock.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time

import httpx

from bench.scale import ITEMS
from bench.service import Server, progress, scratch_database

TARGET_SECONDS = 5.0
EXPORTS = {
    "fhir": "/clients/{id}/export/fhir.json",
    "json": "/clients/{id}/export/account.json",
    "csv": "/clients/{id}/export/sessions.csv",
}


def generate(sessions: int, batch: int = 1000):
    """alice with SESSIONS sessions and half as many check-ins; returns her profile."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from safetouch.accounts.models import User
    from safetouch.checkins.models import CheckIn, CheckInStretch, CheckInTightness
    from safetouch.clients.models import CareGrant, ClientProfile, Therapist, ZoneRule
    from safetouch.treatments.models import MassageSession, Outcome, SessionItem, Tightness

    hashed = make_password("bench-password-123")
    user = User.objects.create(email="long@example.com", password=hashed, first_name="Long")
    profile = ClientProfile.objects.create(user=user, first_name="Long")
    for n, access in enumerate(("write", "read")):
        other = User.objects.create(
            email=f"t{n}@example.com", password=hashed, first_name=f"T{n}", role="therapist"
        )
        CareGrant.objects.create(client=profile, grantee=other, access=access)
    therapist = Therapist.objects.create(client=profile, name="Maria")
    ZoneRule.objects.bulk_create(
        [
            ZoneRule(client=profile, region="lower_back", rule="avoid"),
            ZoneRule(client=profile, region="calf_left", rule="focus"),
            ZoneRule(client=profile, region="upper_back", rule="caution", pressure_cap=3),
        ]
    )
    day0 = dt.date(2000, 1, 1)
    for first in range(0, sessions, batch):
        last = min(sessions, first + batch)
        with transaction.atomic():
            made = MassageSession.objects.bulk_create(
                MassageSession(
                    client=profile,
                    date=day0 + dt.timedelta(days=2 * k),
                    minutes=45,
                    therapist=therapist if k % 2 else None,
                    notes=f"Session {k}: calves tight, back fine.",
                )
                for k in range(first, last)
            )
            SessionItem.objects.bulk_create(
                SessionItem(session=s, region=r, technique=t, pressure=p, minutes=m)
                for s in made
                for r, t, p, m in ITEMS
            )
            Outcome.objects.bulk_create(Outcome(session=s, flare=s.pk % 23 == 0) for s in made)
            Tightness.objects.bulk_create(
                Tightness(session=s, region="calf_left", before=6, after=3) for s in made
            )
            checkins = CheckIn.objects.bulk_create(
                CheckIn(
                    client=profile,
                    at=dt.datetime.combine(s.date, dt.time(18), tzinfo=dt.UTC)
                    + dt.timedelta(days=1),
                    training_minutes=30,
                )
                for s in made[::2]
            )
            CheckInTightness.objects.bulk_create(
                CheckInTightness(checkin=c, region="calf_left", value=5) for c in checkins
            )
            CheckInStretch.objects.bulk_create(
                CheckInStretch(checkin=c, stretch="calf_wall") for c in checkins
            )
        progress(f"generated sessions {last}/{sessions}")
    return profile


def time_exports(profile) -> dict[str, dict[str, float]]:
    """Seconds and megabytes of each export, whole body read."""
    from django.test import Client

    browser = Client()
    browser.force_login(profile.user)
    browser.get("/healthz")  # load the URLs and the API once, as a running server has
    figures = {}
    for name, url in EXPORTS.items():
        started, cpu = time.perf_counter(), time.process_time()
        response = browser.get(url.format(id=profile.pk))
        size = sum(len(chunk) for chunk in _body(response))
        seconds = time.perf_counter() - started
        assert response.status_code == 200, (name, response.status_code)
        figures[name] = {
            "seconds": round(seconds, 2),
            "cpu_seconds": round(time.process_time() - cpu, 2),
            "mb": round(size / 1e6, 1),
        }
        progress(f"{name}: {figures[name]}")
    return figures


API = {
    "fhir": "/api/v1/clients/{id}/export/fhir",
    "json": "/api/v1/clients/{id}/export",
    "csv": "/api/v1/clients/{id}/export/sessions.csv",
}


def time_served(url: str, profile) -> dict[str, dict[str, float]]:
    """Seconds and megabytes of each export through gunicorn, with an API token."""
    from safetouch.api.tokens import token_create

    _, secret = token_create(user=profile.user, name="bench")
    server = Server(url, workers=1)
    server.start()
    figures = {}
    try:
        auth = {"Authorization": f"Bearer {secret}"}
        with httpx.Client(timeout=120, headers=auth) as http:
            for name, path in API.items():
                figures[name] = _download(http, server.base + path.format(id=profile.pk))
                progress(f"served {name}: {figures[name]}")
    finally:
        server.stop()
    return figures


def _download(http: httpx.Client, url: str) -> dict:
    """Seconds and megabytes of one download; a refusal or a cut connection (gunicorn
    kills a worker after 30 s) is a figure too, not a crash of the benchmark."""
    started, size, status = time.perf_counter(), 0, None
    try:
        with http.stream("GET", url) as response:
            status = response.status_code
            size = sum(len(chunk) for chunk in response.iter_bytes())
    except httpx.HTTPError as exc:
        status = f"cut: {type(exc).__name__}"
    seconds = round(time.perf_counter() - started, 2)
    figure = {"seconds": seconds, "mb": round(size / 1e6, 1)}
    return figure if status == 200 else {**figure, "status": status}


def _body(response):
    return response.streaming_content if response.streaming else [response.content]


def run(db: str, sessions: int) -> dict:
    with scratch_database(db) as url:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetouch.settings")
        import django

        django.setup()
        from django.conf import settings

        settings.ALLOWED_HOSTS = ["testserver"]
        settings.DEBUG = False
        profile = generate(sessions)
        figures = time_exports(profile)
        served = time_served(url, profile)
        from django.db import connections

        connections.close_all()
    everything = [*figures.values(), *served.values()]
    slowest = max(f["seconds"] for f in everything)
    failed = any("status" in f for f in everything)
    return {
        "experiment": "exports",
        "db": db,
        "sessions": sessions,
        "exports": figures,
        "served": served,
        "target_seconds": TARGET_SECONDS,
        "within_target": slowest < TARGET_SECONDS and not failed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench exports", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="500 sessions instead of 5,000")
    parser.add_argument("--sessions", type=int, default=None)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    args = parser.parse_args(argv)
    sessions = args.sessions or (500 if args.quick else 5_000)
    result = run(args.db, sessions)
    print(json.dumps(result), flush=True)
    return 0 if result["within_target"] or args.quick else 1


if __name__ == "__main__":
    sys.exit(main())

"""Page latency as the practice grows: 100 clients, then 10,000, each with 50 sessions.

    python -m bench scale [--quick] [--clients N] [--db sqlite|postgres]

Generates the records in bulk into a scratch database (PostgreSQL by default), then times
one client's pages in-process with Django's test client at the small size and again at
the large size. The figure is the ratio large/small of each page's median latency.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time

from bench.service import progress, scratch_database

SESSIONS_PER_CLIENT = 50
ITEMS = [
    ("calf_left", "petrissage", 3, 10),
    ("calf_right", "petrissage", 3, 10),
    ("hamstring_left", "effleurage", 2, 8),
    ("upper_back", "petrissage", 3, 9),
    ("quadriceps_right", "myofascial_release", 2, 8),
]


def generate(start: int, stop: int, batch: int = 200) -> None:
    """Clients number START..STOP-1, with zones, sessions, items, outcomes and tightness."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from safetouch.accounts.models import User
    from safetouch.clients.models import ClientProfile, ZoneRule
    from safetouch.treatments.models import MassageSession, Outcome, SessionItem, Tightness

    hashed = make_password("scale-password-123")
    day0 = dt.date(2024, 1, 1)
    for first in range(start, stop, batch):
        last = min(stop, first + batch)
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(email=f"scale{n}@example.com", password=hashed, first_name=f"C{n}")
                for n in range(first, last)
            )
            profiles = ClientProfile.objects.bulk_create(
                ClientProfile(user=u, first_name=u.first_name) for u in users
            )
            ZoneRule.objects.bulk_create(
                zone
                for p in profiles
                for zone in (
                    ZoneRule(client=p, region="lower_back", rule="avoid"),
                    ZoneRule(client=p, region="calf_left", rule="focus"),
                    ZoneRule(client=p, region="upper_back", rule="caution", pressure_cap=3),
                )
            )
            sessions = MassageSession.objects.bulk_create(
                MassageSession(client=p, date=day0 + dt.timedelta(days=14 * k), minutes=45)
                for p in profiles
                for k in range(SESSIONS_PER_CLIENT)
            )
            SessionItem.objects.bulk_create(
                SessionItem(
                    session=s,
                    region=r,
                    technique=t,
                    pressure=pr,
                    minutes=m,
                    too_much=(s.pk % 17 == 0 and r == "upper_back"),
                )
                for s in sessions
                for r, t, pr, m in ITEMS
            )
            Outcome.objects.bulk_create(Outcome(session=s, flare=s.pk % 23 == 0) for s in sessions)
            Tightness.objects.bulk_create(
                Tightness(session=s, region="calf_left", before=6, after=3) for s in sessions
            )
        progress(f"generated clients {last}/{stop}")


def time_pages(email: str, repeats: int) -> dict[str, float]:
    """Median milliseconds of each page for the client with this email."""
    from django.test import Client
    from django.urls import reverse

    from safetouch.accounts.models import User

    user = User.objects.get(email=email)
    profile = user.client_profile
    session = profile.sessions.order_by("-date").first()
    pages = {
        "dashboard": reverse("dashboard"),
        "history": reverse("history", args=[profile.pk]),
        "bodymap": reverse("bodymap", args=[profile.pk]),
        "session": reverse("session_detail", args=[profile.pk, session.pk]),
    }
    pages.update(_optional_pages(profile))
    browser = Client()
    browser.force_login(user)
    medians = {}
    for name, url in pages.items():
        browser.get(url)  # warm caches and connections
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            response = browser.get(url)
            samples.append(time.perf_counter() - started)
            assert response.status_code == 200, (name, response.status_code)
        medians[name] = round(statistics.median(samples) * 1000, 2)
    return medians


def _optional_pages(profile) -> dict[str, str]:
    """Pages of features that may be present: the plan page."""
    from django.urls import NoReverseMatch, reverse

    try:
        return {"plan": reverse("plan", args=[profile.pk])}
    except NoReverseMatch:
        return {}


def run(db: str, small: int, large: int, repeats: int) -> dict:
    with scratch_database(db) as url:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetouch.settings")
        import django

        django.setup()
        from django.conf import settings

        settings.ALLOWED_HOSTS = ["testserver"]
        settings.DEBUG = False
        started = time.monotonic()
        generate(0, small)
        at_small = time_pages("scale0@example.com", repeats)
        progress(f"{small} clients: {at_small}")
        generate(small, large)
        generation_seconds = round(time.monotonic() - started)
        _analyze(db)
        at_large = time_pages("scale0@example.com", repeats)
        progress(f"{large} clients: {at_large}")
        from django.db import connections

        connections.close_all()
    return {
        "experiment": "scale",
        "db": db,
        "clients_small": small,
        "clients_large": large,
        "sessions_per_client": SESSIONS_PER_CLIENT,
        "generation_seconds": generation_seconds,
        "median_ms_small": at_small,
        "median_ms_large": at_large,
        "ratio": {k: round(at_large[k] / at_small[k], 2) for k in at_small},
    }


def _analyze(db: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if db == "postgres" else "ANALYZE;")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench scale", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 clients instead of 10,000")
    parser.add_argument("--clients", type=int, default=None)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    args = parser.parse_args(argv)
    large = args.clients or (1_000 if args.quick else 10_000)
    result = run(args.db, small=100, large=large, repeats=15 if args.quick else 40)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

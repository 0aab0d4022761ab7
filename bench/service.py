"""Reliability and load of the whole service, measured against a real server on loopback.

    python -m bench service [crash|concurrency|load] [--quick] [--db sqlite|postgres]

Each run makes its own database (a SQLite file in a temporary folder, or a scratch
PostgreSQL database), starts `safetouch serve --workers N` (gunicorn) on a free loopback
port, drives it with httpx, and prints one JSON line of figures. Every loop is bounded in
requests and seconds, and only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import datetime as dt
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

PASSWORD = "bench-password-123"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
SAFETOUCH = str(Path(sys.executable).parent / "safetouch")


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- databases ---------------------------------------------------------------------------


@contextmanager
def scratch_database(kind: str):
    """Yield a DATABASE_URL for an empty, migrated database that is removed afterwards.

    Each is a copy of a template migrated once per process (a SQLite file copied, or a
    PostgreSQL database made from it as a template): the same tables as a fresh
    `migrate`, without running it for every server a test or benchmark starts."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="safetouch-bench-") as folder:
            url = f"sqlite:///{folder}/bench.sqlite3"
            _copy_sqlite(_template("sqlite"), f"{folder}/bench.sqlite3")
            yield url
        return
    import psycopg

    name = f"safetouch_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_template("postgres")}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_TEMPLATES: dict[str, str] = {}


def _template(kind: str) -> str:
    """The migrated template of this process: a SQLite file's path, or a PostgreSQL
    database's name. Removed when the process exits."""
    if kind in _TEMPLATES:
        return _TEMPLATES[kind]
    if kind == "sqlite":
        folder = tempfile.mkdtemp(prefix="safetouch-template-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = f"{folder}/template.sqlite3"
        _migrate(f"sqlite:///{path}")
        _TEMPLATES[kind] = path
        return path
    import psycopg

    name = f"safetouch_template_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    atexit.register(_drop, name)
    _migrate(f"postgres://postgres@127.0.0.1:5432/{name}")
    _TEMPLATES[kind] = name
    return name


def _drop(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _copy_sqlite(source: str, target: str) -> None:
    """A consistent copy through SQLite's backup API (the template may be in WAL mode)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([SAFETOUCH, "manage", "migrate", "--no-input", "-v", "0"], env=env, check=True)


def make_clients(url: str, count: int) -> list[tuple[str, int]]:
    """Create COUNT client accounts with a small body map; return (email, profile id)."""
    code = f"""
import json
from django.contrib.auth.hashers import make_password
from safetouch.accounts.models import User
from safetouch.clients.models import ClientProfile, ZoneRule
hashed = make_password({PASSWORD!r})
out = []
for n in range({count}):
    email = f"writer{{n}}@example.com"
    user = User.objects.create(email=email, password=hashed, first_name=f"Writer{{n}}")
    profile = ClientProfile.objects.create(user=user, first_name=f"Writer{{n}}")
    ZoneRule.objects.create(client=profile, region="lower_back", rule="avoid")
    ZoneRule.objects.create(client=profile, region="calf_left", rule="focus")
    out.append((email, profile.pk))
print(json.dumps(out))
"""
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(
        [SAFETOUCH, "manage", "shell", "-c", code],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return [tuple(row) for row in json.loads(done.stdout.strip().splitlines()[-1])]


# -- the server under test ---------------------------------------------------------------


class Server:
    """`safetouch serve --workers N` in its own process group, so one signal kills it all."""

    def __init__(self, url: str, workers: int) -> None:
        self.url, self.workers = url, workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**os.environ, "DATABASE_URL": self.url, "DEBUG": "false", "LOG_LEVEL": "WARNING"}
        self.proc = subprocess.Popen(
            [SAFETOUCH, "serve", "--port", str(self.port), "--workers", str(self.workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("server did not start: " + self.proc.stderr.read(2000).decode())

    def kill(self) -> None:
        """SIGKILL the whole server, master and workers, mid-whatever it is doing."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


# -- a user writing sessions over HTTP ---------------------------------------------------

SESSION_URL = re.compile(r"/clients/\d+/sessions/(\d+)/$")


@dataclass
class Writer:
    base: str
    email: str
    client_id: int
    acknowledged: list[tuple[int, str]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unanswered: int = 0

    def __post_init__(self) -> None:
        self.http = httpx.Client(timeout=30, follow_redirects=False)

    def login(self, password: str = PASSWORD) -> None:
        page = self.http.get(self.base + "/accounts/login/")
        token = self.http.cookies.get("csrftoken") or _csrf(page.text)
        response = self.http.post(
            self.base + "/accounts/login/",
            data={"username": self.email, "password": password, "csrfmiddlewaretoken": token},
        )
        if response.status_code != 302:
            raise RuntimeError(f"login failed for {self.email}: {response.status_code}")

    def write_once(self, n: int) -> None:
        """Log one session; remember it only when the server acknowledged it."""
        marker = f"bench-{self.client_id}-{n}-{uuid.uuid4().hex[:6]}"
        data = {"date": "2026-11-01", "minutes": "45", "position": "side_lying", "notes": marker}
        started = time.perf_counter()
        try:
            response = self.http.post(
                f"{self.base}/clients/{self.client_id}/sessions/new/",
                data=data,
                headers={"X-CSRFToken": self.http.cookies.get("csrftoken", "")},
            )
        except httpx.TransportError:
            self.unanswered += 1  # the server died before answering: not acknowledged
            time.sleep(0.05)  # wait for the restart instead of spinning
            return
        self.latencies.append(time.perf_counter() - started)
        match = SESSION_URL.search(response.headers.get("location", ""))
        if response.status_code == 302 and match:
            self.acknowledged.append((int(match.group(1)), marker))
        else:
            self.errors.append(f"{response.status_code}: {_error_text(response.text)}")


def _csrf(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else ""


def _error_text(body: str) -> str:
    return "database is locked" if "database is locked" in body else body[:120]


def _run_writers(
    writers: list[Writer], stop: threading.Event, limit: int
) -> list[threading.Thread]:
    def loop(writer: Writer) -> None:
        n = 0
        while not stop.is_set() and n < limit:
            writer.write_once(n)
            n += 1

    threads = [threading.Thread(target=loop, args=(w,), daemon=True) for w in writers]
    for thread in threads:
        thread.start()
    return threads


# -- checks against the database itself --------------------------------------------------


def stored_markers(url: str) -> dict[int, str]:
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            rows = conn.execute("SELECT id, notes FROM treatments_massagesession").fetchall()
        finally:
            conn.close()
    else:
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
            rows = conn.execute("SELECT id, notes FROM treatments_massagesession").fetchall()
    return dict(rows)


def integrity(url: str) -> str:
    if not url.startswith("sqlite"):
        return "n/a (PostgreSQL)"
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


# -- the three experiments ---------------------------------------------------------------


def crash(db: str, quick: bool) -> dict:
    """Writers log sessions while the server is SIGKILLed and restarted, again and again."""
    kills, interval = (3, 2.0) if quick else (6, 4.0)
    with scratch_database(db) as url:
        people = make_clients(url, 4)
        server = Server(url, workers=3)
        server.start()
        writers = [Writer(server.base, email, cid) for email, cid in people]
        for writer in writers:
            writer.login()
        stop = threading.Event()
        threads = _run_writers(writers, stop, limit=100_000)
        for k in range(kills):
            time.sleep(interval)
            server.kill()
            progress(f"crash {k + 1}/{kills}: server killed with SIGKILL, restarting")
            time.sleep(0.3)
            server.start()
        time.sleep(interval)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        server.stop()
        stored = stored_markers(url)
        acked = [pair for w in writers for pair in w.acknowledged]
        lost = [sid for sid, marker in acked if stored.get(sid) != marker]
        return {
            "experiment": "crash",
            "db": db,
            "kills": kills,
            "acknowledged_writes": len(acked),
            "acknowledged_lost": len(lost),
            "unanswered_during_kills": sum(w.unanswered for w in writers),
            "integrity_check": integrity(url),
        }


def concurrency(db: str, quick: bool, writers_count: int = 8) -> dict:
    """WRITERS_COUNT users write as fast as they can for a fixed time."""
    seconds = 10 if quick else 60
    with scratch_database(db) as url:
        people = make_clients(url, writers_count)
        server = Server(url, workers=4)
        server.start()
        writers = [Writer(server.base, email, cid) for email, cid in people]
        for writer in writers:
            writer.login()
        stop = threading.Event()
        progress(f"{writers_count} writers for {seconds} s")
        threads = _run_writers(writers, stop, limit=1_000_000)
        time.sleep(seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        server.stop()
        latencies = sorted(t for w in writers for t in w.latencies)
        errors = [e for w in writers for e in w.errors]
        return {
            "experiment": "concurrency",
            "db": db,
            "writers": writers_count,
            "seconds": seconds,
            "writes": len(latencies),
            "writes_per_second": round(len(latencies) / seconds, 1),
            "locked_errors": sum("database is locked" in e for e in errors),
            "other_errors": sum("database is locked" not in e for e in errors),
            "p50_ms": _pct(latencies, 50),
            "p95_ms": _pct(latencies, 95),
            "integrity_check": integrity(url),
        }


def _pct(values: list[float], p: int) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    index = min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))
    return round(values[index] * 1000, 1)


async def _user(base: str, cookies: dict, paths: list[str], until: float, out: dict) -> None:
    # The baseline is a bare view: no session cookie, so no session lookup either.
    cookies = {} if paths == ["/healthz"] else cookies
    async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=30) as http:
        n = 0
        while time.monotonic() < until:
            path = paths[n % len(paths)]
            started = time.perf_counter()
            response = await http.get(path)
            elapsed = time.perf_counter() - started
            kind = "baseline" if path == "/healthz" else "pages"
            out[kind].append(elapsed)
            if response.status_code != 200:
                out["errors"].append(f"{path}: {response.status_code}")
            n += 1


def load(db: str, quick: bool, extra_paths: tuple[str, ...] = ()) -> dict:
    """Page latency and throughput at 10 and 50 users, next to a bare Django view."""
    seconds = 5 if quick else 20
    results = {"experiment": "load", "db": db, "seconds_per_level": seconds, "levels": []}
    with scratch_database(db) as url:
        env = {**os.environ, "DATABASE_URL": url}
        subprocess.run([SAFETOUCH, "demo"], env=env, check=True, capture_output=True)
        server = Server(url, workers=4)
        server.start()
        writer = Writer(server.base, "demo@example.com", 0)
        writer.login("safetouch-demo")
        dashboard = writer.http.get(server.base + "/dashboard/").text
        client_id = int(re.search(r"/clients/(\d+)/body-map/", dashboard).group(1))
        session_id = int(re.search(rf"/clients/{client_id}/sessions/(\d+)/", dashboard).group(1))
        paths = [
            "/dashboard/",
            f"/clients/{client_id}/body-map/",
            f"/clients/{client_id}/sessions/",
            f"/clients/{client_id}/sessions/{session_id}/",
            f"/clients/{client_id}/plan/",
            *[p.format(client=client_id) for p in extra_paths],
        ]
        cookies = dict(writer.http.cookies)
        for users in (10, 50):
            for kind, kind_paths in (("baseline", ["/healthz"]), ("pages", paths)):
                out = {"baseline": [], "pages": [], "errors": []}
                until = time.monotonic() + seconds
                progress(f"{users} users on {kind} for {seconds} s")
                asyncio.run(_gather(server.base, cookies, kind_paths, until, out, users))
                values = out[kind]
                results["levels"].append(
                    {
                        "users": users,
                        "what": kind,
                        "requests": len(values),
                        "rps": round(len(values) / seconds, 1),
                        "p50_ms": _pct(values, 50),
                        "p95_ms": _pct(values, 95),
                        "p99_ms": _pct(values, 99),
                        "errors": len(out["errors"]),
                    }
                )
        server.stop()
    for users in (10, 50):
        base, pages = (r for r in results["levels"] if r["users"] == users)
        results[f"ratio_rps_{users}"] = round(pages["rps"] / base["rps"], 3)
        results[f"ratio_p95_{users}"] = round(pages["p95_ms"] / base["p95_ms"], 2)
    return results


async def _gather(base, cookies, paths, until, out, users) -> None:
    await asyncio.gather(*[_user(base, cookies, paths, until, out) for _ in range(users)])


EXPERIMENTS = {"crash": crash, "concurrency": concurrency, "load": load}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench service", description=__doc__)
    parser.add_argument("experiment", nargs="?", default="all", choices=[*EXPERIMENTS, "all"])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--quick", action="store_true", help="shorter runs, same checks")
    args = parser.parse_args(argv)
    names = list(EXPERIMENTS) if args.experiment == "all" else [args.experiment]
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    started = dt.datetime.now()
    for name in names:
        for db in dbs:
            progress(f"{name} on {db}")
            print(json.dumps(EXPERIMENTS[name](db, args.quick)), flush=True)
    progress(f"done in {(dt.datetime.now() - started).seconds} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

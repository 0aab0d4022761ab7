"""Schemathesis against the running app: every operation, positive and negative cases.

Zero server errors and zero responses that break the published schema. The schema is
the one the app serves at /api/v1/openapi.json, built from the API object itself (no
request at import time). The cases go to the app's WSGI application, as a server hands
it a request: every middleware and view runs, each request commits on its own (the
database is transactional_db's, as a live server's would be), without a socket and a
new database connection per request, which made this file a third of the suite. Each
operation's test checks its own count of cases, so the tests run in any order and on
any pytest-xdist worker; each adds its counts to var/schemathesis-report.json.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from ninja.responses import NinjaJSONEncoder
from schemathesis.core.parameters import ParameterLocation

from safetouch.api.main import api
from safetouch.api.models import ApiToken, token_digest
from safetouch.clients.models import ClientProfile
from tests.reports import shared_report

MIN_CASES = 100
# A fixed secret, because schemathesis asks for the token while collecting, before any
# fixture runs; the api_world fixture stores its digest for alice.
TOKEN = "st_schemathesis-" + "a" * 40
REPORT = Path("var/schemathesis-report.json")
calls: Counter[str] = Counter()
statuses: Counter[str] = Counter()
known: dict = {}

# schemathesis.pytest.from_fixture does not run on pytest 9.2 yet, so the document is
# built at collection time from the API object, as its /api/v1/openapi.json view does
# (through JSON, so the keys are the served strings).
DOCUMENT = json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
schema = schemathesis.openapi.from_dict(DOCUMENT)
# Every request, the cases' and those schemathesis sends again for its checks, goes to
# the app as a server hands it one: the WSGI application, every middleware included.
schema.app = WSGIHandler()


@schema.auth()
class AliceToken:
    """Every case is sent as alice; schemathesis also checks that a missing or wrong
    token is refused (its ignored_auth check)."""

    def get(self, case, context):
        return TOKEN

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schema.hook
def map_case(context, case):
    """Three times in four, use ids that exist (so the case reaches past the 404), except
    where schemathesis made the path invalid on purpose."""
    meta = case.meta
    params = case.path_parameters or {}
    if meta is not None and meta.is_negative_at(ParameterLocation.PATH):
        return case
    pick = zlib.crc32(repr(sorted(params.items())).encode())  # deterministic per case
    if pick % 4 and known:
        client_id, session_id, item_id = known["paths"][pick % len(known["paths"])]
        real = {"client_id": client_id, "session_id": session_id, "item_id": item_id}
        params.update({name: real[name] for name in params if name in real})
    return case


@schema.hook
def map_body(context, body):
    # The contract's "history is oldest first" is a rule JSON Schema cannot state (it is
    # in the schema's description); generated histories are put in date order.
    if context.operation.path != "/api/v1/plan" or not isinstance(body, dict):
        return body
    history = body.get("history")
    if not isinstance(history, list):
        return body
    dated = [
        i for i, s in enumerate(history) if isinstance(s, dict) and isinstance(s.get("date"), str)
    ]
    ordered = sorted((history[i] for i in dated), key=lambda s: s["date"])
    history = list(history)
    for i, session in zip(dated, ordered, strict=True):
        history[i] = session
    return {**body, "history": history}


@schema.hook
def after_call(context, case, response):
    calls[case.operation.label] += 1
    statuses[f"{case.operation.label} -> {response.status_code}"] += 1


@pytest.fixture
def api_world(transactional_db, world):
    ApiToken.objects.create(
        user_id=ClientProfile.objects.get(pk=world.alice_id).user_id,
        name="schemathesis",
        prefix=TOKEN[:10],
        digest=token_digest(TOKEN),
    )
    # (client, session, item) triples that belong together, and one of a stranger's.
    paths = [(world.alice_id, world.session_ids[k // 2], i) for k, i in enumerate(world.item_ids)]
    known["paths"] = sorted(paths) + [(world.charlie_id, world.session_ids[0], world.item_ids[0])]
    return world


@pytest.fixture
def enough_cases():
    """After hypothesis has run an operation's cases: at least MIN_CASES of them reached
    the server. Adds them to the report, which workers share under a lock."""
    before = Counter(calls)
    yield
    ran = calls - before
    assert len(ran) == 1, f"expected one operation's calls, got {dict(ran)}"
    (label, count), *_ = ran.items()
    assert count >= MIN_CASES, f"{label}: {count} cases, fewer than {MIN_CASES}"
    _report(label, {key: n for key, n in statuses.items() if key.startswith(f"{label} -> ")})


def _report(label: str, label_statuses: dict[str, int]) -> None:
    with shared_report(REPORT) as report:
        report.setdefault("calls", {})[label] = calls[label]
        old = report.setdefault("statuses", {})
        kept = {key: n for key, n in old.items() if not key.startswith(f"{label} -> ")}
        report["statuses"] = dict(sorted({**kept, **label_statuses}.items()))
        report["calls"] = dict(sorted(report["calls"].items()))


@schema.parametrize()
@settings(
    max_examples=MIN_CASES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_its_schema(case, api_world, enough_cases):
    case.call_and_validate(base_url="http://testserver")


def test_every_operation_in_the_document_gets_a_test():
    """The document is whole and as served: each operation builds, so each gets a case
    test of its own above."""
    from django.test import Client

    assert json.loads(Client().get("/api/v1/openapi.json").content) == DOCUMENT
    labels = [result.ok().label for result in schema.get_all_operations()]
    assert len(labels) == len(set(labels)) > 10

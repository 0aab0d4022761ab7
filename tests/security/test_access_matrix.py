"""Every URL x {owner, write therapist, read therapist, revoked therapist, stranger,
anonymous} x {GET, POST} gets the answer its convention expects (tests/security/matrix.py).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.reports import shared_report
from tests.security import matrix

REPORT = Path(__file__).resolve().parents[2] / "var" / "access-matrix.txt"
# Planted in alice's records: no answer to someone without access may ever contain it.
MARKER = "ZQX-alice-only-5521"
OUTSIDERS = ("revoked", "stranger", "anonymous")


@pytest.fixture
def world(alice, alice_profile, alice_session, bob, carol, charlie, dave, erin):
    from safetouch.clients.models import CareGrant
    from safetouch.clients.services import banned_add, zone_set

    alice_profile.positioning_notes = f"Pillow {MARKER}"
    alice_profile.save()
    alice_session.notes = f"Calves tight {MARKER}"
    alice_session.save()

    # An open invitation in the world: it must give nobody access.
    CareGrant.with_invitations.create(
        client=alice_profile,
        access="write",
        invite_email="charlie@example.com",
        code_hash="0" * 64,
        expires=timezone.now() + dt.timedelta(days=7),
    )
    # A never-touch zone on the sample region: deleting it through the API loosens it.
    zone_set(client=alice_profile, region="calf_left", rule="avoid")
    banned = banned_add(client=alice_profile, technique="tapotement")
    return SimpleNamespace(
        client=alice_profile,
        session=alice_session,
        item=alice_session.items.first(),
        banned=banned,
        ban_change=alice_profile.limit_changes.get(kind="ban"),
        read_grant=CareGrant.objects.get(grantee=carol),
        users={
            "owner": alice,
            "limits": erin,
            "write": bob,
            "read": carol,
            "revoked": dave,
            "stranger": charlie,
            "anonymous": None,
        },
    )


@dataclass(frozen=True)
class Answer:
    got: int | str
    leaked: bool  # alice's planted marker is in the body
    wrote: frozenset[str]  # tables changed, bookkeeping tables aside


# Tables any request may write: the audit trail, the session, the login throttle.
BOOKKEEPING = re.compile(r"^(audit_|django_session|axes_)")
WRITE_SQL = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.I)


def _ask(user, method: str, url: str) -> Answer:
    """One request, rolled back afterwards so a POST changes nothing for the next cell."""
    with transaction.atomic():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, {}) if method == "POST" else client.generic(method, url)
            # A streamed download is read here, so its queries and body count too.
            body = b"".join(response.streaming_content) if response.streaming else response.content
        transaction.set_rollback(True)
    tables = {m[1] for q in queries.captured_queries if (m := WRITE_SQL.match(q["sql"]))}
    return Answer(
        got=matrix.answer(response),
        leaked=MARKER.encode() in body,
        wrote=frozenset(t for t in tables if not BOOKKEEPING.match(t)),
    )


def _loosen(expect: dict) -> dict:
    # A made-up id points at nothing, so the allowed roles may see 404 as well; the
    # roles that must be refused are still checked exactly.
    return {
        role: {m: allowed | {404} for m, allowed in by_method.items()}
        if role in ("owner", "limits", "write", "read")
        else by_method
        for role, by_method in expect.items()
    }


def _problems(cell: str, role: str, method: str, answer: Answer, allowed, ctx: dict) -> list:
    where, read_get = cell, ctx["read_get"]
    problems = []
    if answer.leaked and role in OUTSIDERS:
        problems.append(f"{where}: shows alice's records")
    # On alice's URLs only outsiders' and read-only writes are wrong; elsewhere a
    # logged-in visitor changes her own things, and only the anonymous one is suspect.
    about_alice = ctx["about_alice"]
    suspect = role in OUTSIDERS or (role == "read" and method != "GET")
    if answer.wrote and (role == "anonymous" or (about_alice and suspect)):
        problems.append(f"{where}: changed {', '.join(sorted(answer.wrote))}")
    # A page (its GET is 200) may answer a read-only POST like a GET, if it wrote nothing.
    harmless = role == "read" and method == "POST" and read_get == 200 and not answer.wrote
    ok = answer.got in allowed or (harmless and isinstance(answer.got, int) and answer.got < 500)
    if not ok:
        wanted = "/".join(str(a) for a in sorted(allowed, key=str))
        problems.append(
            f"{where}: expected {wanted}, got {answer.got}" + matrix.hint(role, method, answer.got)
        )
    return problems


def _check_url(world, expect: dict, url: str, about_alice: bool, role: str):
    """One role's cells of one URL: (mismatches, cells, times alice's marker showed)."""
    mismatches, row, shown = [], [], 0
    ctx = {"read_get": None, "about_alice": about_alice}
    for method in expect[role]:
        answer = _ask(world.users[role], method, url)
        if answer.got == 403 and answer.wrote:
            mismatches.append(f"{method} {url} as {role}: refused, yet changed {answer.wrote}")
        if role == "read" and method == "GET":
            ctx["read_get"] = answer.got
        shown += answer.leaked and role == "owner"
        row.append(f"{role}:{method}={answer.got}")
        cell = f"{method} {url} as {role}"
        mismatches += _problems(cell, role, method, answer, expect[role][method], ctx)
    return mismatches, row, shown


# One test per role, so pytest-xdist can spread the matrix over its workers: a role's
# cells depend on no other role's (the read role's GET still comes before its POST).
@pytest.mark.parametrize("role", matrix.ROLES)
def test_every_url_answers_every_role_as_expected(world, role):
    mismatches, unknown, rows, cells, shown = [], [], {}, 0, 0
    for route in matrix.routes():
        rule = matrix.rule_for(route)
        if rule is None:
            unknown.append(
                f"{route}: no convention covers kwargs {route.kwargs}; "
                "add it to EXPLICIT in tests/security/matrix.py"
            )
            continue
        expect, samples = rule
        url, exact = matrix.build_url(route, world, samples)
        # alice's URL: it names her profile, or one of her rows (an explicit sample).
        about_alice = "client_id" in route.kwargs or bool(samples)
        expect = expect if exact else _loosen(expect)
        found, row, seen = _check_url(world, expect, url, about_alice, role)
        mismatches += found
        cells += len(row)
        shown += seen
        rows[url] = row
    _report(role, rows, len(mismatches))
    assert not unknown, "\n".join(unknown)
    assert not mismatches, f"{len(mismatches)} of {cells} cells wrong:\n" + "\n".join(mismatches)
    # Together the roles cover at least 12 x 20 cells, as one test did before.
    assert cells >= math.ceil(12 * 20 / len(matrix.ROLES))
    if role == "owner":
        assert shown >= 2, "the planted marker never showed, so the leak check proves nothing"


def _report(role: str, rows: dict[str, list[str]], mismatches: int) -> None:
    """Write var/access-matrix.txt: one line a URL, every role's cells on it. Each role's
    test adds its cells under a lock (the roles may run on different workers)."""
    with shared_report(REPORT.with_suffix(".json"), indent=1) as table:
        table[role] = {"rows": rows, "mismatches": mismatches}
        roles = [r for r in matrix.ROLES if r in table]
        urls = list(table[role]["rows"])
        lines = [
            f"{url}  " + " ".join(c for r in roles for c in table[r]["rows"].get(url, []))
            for url in urls
        ]
        cells = sum(len(table[r]["rows"].get(url, [])) for r in roles for url in urls)
        summary = f"{len(lines)} URLs x {len(roles)} roles x GET/POST (+DELETE on the API)"
        summary += f" = {cells} cells"
        wrong = sum(table[r]["mismatches"] for r in roles)
        REPORT.write_text("\n".join([summary, f"mismatches: {wrong}", *lines]) + "\n")


def test_a_url_no_convention_covers_fails_by_name():
    orphan = matrix.Route("things/<int:thing_id>/", "thing", ("thing_id",), ("int",))
    assert matrix.rule_for(orphan) is None
    # An id of a token row is not a token: it needs a rule of its own.
    token_row = matrix.Route("keys/<int:api_token_id>/", "k", ("api_token_id",), ("int",))
    assert matrix.rule_for(token_row) is None


def test_new_urls_fall_under_their_convention():
    client_page = matrix.Route("clients/<int:client_id>/plan/", "plan", ("client_id",), ("int",))
    form = matrix.Route("clients/<int:client_id>/checkins/new/", "c", ("client_id",), ("int",))
    shared = matrix.Route("share/<str:token>/", "share", ("token",), ("str",))
    schema = matrix.Route("api/v1/openapi.json", "openapi-json", (), ())
    assert matrix.rule_for(client_page)[0] is matrix.CLIENT_RECORD
    assert matrix.rule_for(form)[0] is matrix.WRITE_FORM
    assert matrix.rule_for(shared)[0] is matrix.TOKEN
    assert matrix.rule_for(schema)[0] is matrix.PUBLIC


@pytest.mark.parametrize("role", ["anonymous", "owner", "write", "stranger"])
def test_the_admin_needs_a_staff_account(world, role):
    answer = _ask(world.users[role], "GET", "/admin/")
    assert answer.got == 302 and not answer.leaked


def test_every_form_post_needs_the_csrf_token(world):
    """With CSRF checks on, a POST without the token is refused on every non-API URL."""
    missing = []
    for route in matrix.routes():
        if route.route.startswith("api/") or route.name in matrix.CSRF_EXEMPT:
            continue
        rule = matrix.rule_for(route)
        samples = rule[1] if rule else {}
        url, _ = matrix.build_url(route, world, samples)
        with transaction.atomic():
            client = Client(enforce_csrf_checks=True, raise_request_exception=False)
            client.force_login(world.users["owner"])
            status = client.post(url, {}).status_code
            transaction.set_rollback(True)
        if status != 403:
            missing.append(f"POST {url}: {status}")
    assert not missing, "POST accepted without a CSRF token:\n" + "\n".join(missing)


def test_the_matrix_sees_a_write(world):
    """The write detector itself: the owner lifting a ban changes the bans table."""
    url = f"/clients/{world.client.pk}/banned/{world.banned.pk}/delete/"
    answer = _ask(world.users["owner"], "POST", url)
    assert answer.got == 302
    assert answer.wrote == {"clients_bannedtechnique", "clients_limitchange"}


def test_loosening_is_refused_to_the_therapist_who_only_logs_sessions(world):
    """The cells LOOSENING stands for, asked directly: bob is refused, erin is not."""
    url = f"/clients/{world.client.pk}/banned/{world.banned.pk}/delete/"
    refused = _ask(world.users["write"], "POST", url)
    assert (refused.got, refused.wrote) == (403, frozenset())
    assert _ask(world.users["limits"], "POST", url).got == 302
    api = f"/api/v1/clients/{world.client.pk}/zones/calf_left"
    assert _ask(world.users["write"], "DELETE", api).got == 403
    assert _ask(world.users["limits"], "DELETE", api).got == 204

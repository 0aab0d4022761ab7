"""Every URL x {owner, write therapist, read therapist, revoked therapist, stranger,
anonymous} x {GET, POST} gets the answer its convention expects (tests/security/matrix.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from tests.security import matrix

REPORT = Path(__file__).resolve().parents[2] / "var" / "access-matrix.txt"
# Planted in alice's records: no answer to someone without access may ever contain it.
MARKER = "ZQX-alice-only-5521"
OUTSIDERS = ("revoked", "stranger", "anonymous")


@pytest.fixture
def world(alice, alice_profile, alice_session, bob, carol, charlie, dave):
    from safetouch.clients.models import CareGrant
    from safetouch.clients.services import banned_add

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
    return SimpleNamespace(
        client=alice_profile,
        session=alice_session,
        item=alice_session.items.first(),
        banned=banned_add(client=alice_profile, technique="tapotement"),
        read_grant=CareGrant.objects.get(grantee=carol),
        users={
            "owner": alice,
            "write": bob,
            "read": carol,
            "revoked": dave,
            "stranger": charlie,
            "anonymous": None,
        },
    )


def _ask(user, method: str, url: str) -> tuple[int | str, bool]:
    """One request, rolled back afterwards so a POST changes nothing for the next cell;
    the answer, and whether alice's planted marker is in the body."""
    with transaction.atomic():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        response = client.post(url, {}) if method == "POST" else client.generic(method, url)
        transaction.set_rollback(True)
    body = b"" if response.streaming else response.content
    return matrix.answer(response), MARKER.encode() in body


def _loosen(expect: dict) -> dict:
    # A made-up id points at nothing, so the allowed roles may see 404 as well; the
    # roles that must be refused are still checked exactly.
    return {
        role: {m: allowed | {404} for m, allowed in by_method.items()}
        if role in ("owner", "write", "read")
        else by_method
        for role, by_method in expect.items()
    }


def test_every_url_answers_every_role_as_expected(world):
    mismatches, unknown, loose, cells, shown = [], [], [], 0, 0
    lines = []
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
        if not exact:
            loose.append(str(route))
            expect = _loosen(expect)
        row = []
        for role in matrix.ROLES:
            for method in expect[role]:
                got, leaked = _ask(world.users[role], method, url)
                cells += 1
                shown += leaked and role == "owner"
                if leaked and role in OUTSIDERS:
                    mismatches.append(f"{method} {url} as {role}: shows alice's records")
                row.append(f"{role}:{method}={got}")
                if got not in expect[role][method]:
                    wanted = "/".join(str(a) for a in sorted(expect[role][method], key=str))
                    mismatches.append(
                        f"{method} {url} as {role}: expected {wanted}, got {got}"
                        + matrix.hint(role, method, got)
                    )
        lines.append(f"{url}  " + " ".join(row))
    REPORT.parent.mkdir(exist_ok=True)
    summary = f"{len(lines)} URLs x {len(matrix.ROLES)} roles x GET/POST (+DELETE on the API)"
    summary += f" = {cells} cells"
    REPORT.write_text("\n".join([summary, f"mismatches: {len(mismatches)}", *lines]) + "\n")
    assert not unknown, "\n".join(unknown)
    assert not mismatches, f"{len(mismatches)} of {cells} cells wrong:\n" + "\n".join(mismatches)
    assert cells >= 12 * 20
    assert shown >= 2, "the planted marker never showed, so the leak check proves nothing"


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
    got, leaked = _ask(world.users[role], "GET", "/admin/")
    assert got == 302 and not leaked


def test_every_form_post_needs_the_csrf_token(world):
    """With CSRF checks on, a POST without the token is refused on every non-API URL."""
    missing = []
    for route in matrix.routes():
        if route.route.startswith("api/"):
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

"""API fixtures: alice's records with a few sessions, and a token for each person."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import pytest
from django.test import Client


@dataclass
class World:
    alice_id: int
    charlie_id: int
    session_ids: list[int]
    item_ids: list[int]
    tokens: dict[str, str] = field(default_factory=dict)


def api_client(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def send(client: Client, method: str, url: str, body: object = None):
    if body is None and method in ("get", "delete"):
        return getattr(client, method)(url)
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return getattr(client, method)(url, data, content_type="application/json")


def fill_alice(profile) -> tuple[list[int], list[int]]:
    """Zones, a ban, a therapist and three sessions with items, flags and outcomes."""
    from safetouch.clients.services import banned_add, zone_set
    from safetouch.treatments.services import item_add, outcome_record, session_create

    zone_set(client=profile, region="sacroiliac_joint_left", rule="avoid")
    zone_set(client=profile, region="gluteal_left", rule="caution", pressure_cap=2)
    zone_set(client=profile, region="calf_left", rule="focus")
    banned_add(client=profile, technique="joint_mobilization")
    banned_add(client=profile, technique="deep_tissue", region="gluteal_right")
    sessions, items = [], []
    for n in range(3):
        session = session_create(
            client=profile,
            date=dt.date(2026, 10, 1) + dt.timedelta(days=7 * n),
            minutes=45,
            position="side_lying",
            new_therapist="Maria",
            notes=f"Session {n}",
        )
        items.append(
            item_add(
                session=session, region="calf_left", technique="petrissage", pressure=3, minutes=10
            ).pk
        )
        items.append(
            item_add(
                session=session,
                region="upper_back",
                technique="deep_tissue",
                pressure=4,
                minutes=10,
                too_much=n == 0,
                confirm_breaks=True,  # done again after it was too much: the record says so
            ).pk
        )
        outcome_record(
            session=session,
            flare=n == 0,
            hours_after=12 if n == 0 else None,
            tightness={"calf_left": (7 - n, 4 - n), "upper_back": (6, None)},
        )
        sessions.append(session.pk)
    return sessions, items


@pytest.fixture
def world(alice_profile, bob, carol, charlie) -> World:
    from safetouch.api.tokens import token_create

    session_ids, item_ids = fill_alice(alice_profile)
    w = World(alice_profile.pk, charlie.client_profile.pk, session_ids, item_ids)
    for user in (alice_profile.user, bob, carol, charlie):
        w.tokens[user.first_name.lower()] = token_create(user=user, name="tests")[1]
    return w


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Each test makes four accounts; the real hasher's 1M rounds would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def table_rows() -> dict[str, list[tuple]]:
    """Every row of every table of ours, as text: a snapshot to compare before and after
    a rejected request. A token's last_used is bookkeeping of the call itself, left out."""
    from django.apps import apps

    labels = ("accounts", "clients", "treatments", "api")
    out = {}
    for model in apps.get_models():
        if model._meta.app_label in labels:
            fields = [f.attname for f in model._meta.concrete_fields if f.name != "last_used"]
            rows = model.objects.values_list(*fields)
            out[model._meta.label] = sorted(tuple(str(v) for v in row) for row in rows)
    return out

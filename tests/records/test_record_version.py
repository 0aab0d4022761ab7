"""Her record's version: the database changes it on every write to what the loader
reads, and the loader keeps a record only under the version it was read at."""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from safetouch.core.cache import Kept
from safetouch.records import load
from safetouch.records.load import load_record
from safetouch.records.models import (
    BannedTechnique,
    CheckIn,
    CheckInStretch,
    CheckInTightness,
    ClientProfile,
    LighterOk,
    MassageSession,
    Outcome,
    Preferences,
    RoutineStretch,
    SessionItem,
    Therapist,
    Tightness,
    ZoneRule,
)
from tests.records.test_load import _history

# model -> (how a row finds her, a change of a column her record holds)
WRITES = {
    ZoneRule: ("client", {"pressure_cap": 2}),
    BannedTechnique: ("client", {"region": "calf_right"}),
    LighterOk: ("client", {"technique": "effleurage"}),
    Therapist: ("client", {"name": "Zed"}),
    MassageSession: ("client", {"notes": "changed"}),
    SessionItem: ("session__client", {"too_much": True, "pressure": 1}),
    Tightness: ("session__client", {"after": 1}),
    Outcome: ("session__client", {"notes": "changed"}),
    CheckIn: ("client", {"notes": "changed"}),
    CheckInTightness: ("checkin__client", {"value": 1}),
    CheckInStretch: ("checkin__client", {"stretch": "supine_hamstring"}),
    RoutineStretch: ("client", {"stretch": "supine_hamstring"}),
    Preferences: ("client", {"limit_level": 3}),
}


def _version(client) -> int:
    return ClientProfile.objects.values_list("record_version", flat=True).get(pk=client.pk)


def _fresh(client):
    """Her record straight from the tables, past anything kept."""
    return load._read([client])[client.pk]


def _seen(client):
    """What a page gets, and that it is what the tables hold."""
    record = load_record(client)
    assert record.fingerprint == _fresh(client).fingerprint
    return record


@pytest.mark.parametrize("model", list(WRITES), ids=lambda m: m.__name__)
def test_every_insert_update_and_delete_is_seen_at_once(alice_profile, model):
    _history(alice_profile, 3)
    path, change = WRITES[model]
    row = model.objects.filter(**{path: alice_profile}).order_by("pk").first()
    before = _seen(alice_profile)

    model.objects.filter(pk=row.pk).update(**change)  # no save(), no signal
    updated = _seen(alice_profile)
    assert updated.fingerprint != before.fingerprint

    model.objects.filter(pk=row.pk).delete()
    deleted = _seen(alice_profile)
    assert deleted.fingerprint != updated.fingerprint

    row.save(force_insert=True)  # the row as it was first read
    assert _seen(alice_profile).fingerprint not in {updated.fingerprint, deleted.fingerprint}


def test_every_table_the_loader_reads_changes_her_version(alice_profile):
    """A table added to the loader without its triggers fails here."""
    load._KEPT.clear()
    with CaptureQueriesContext(connection) as queries:
        load_record(alice_profile)
    read = {t for q in queries for t in re.findall(r'(?:FROM|JOIN) "(\w+)"', q["sql"])}
    covered = {m._meta.db_table for m in WRITES} | {"clients_clientprofile", "accounts_user"}
    assert read <= covered, read - covered
    assert read - {"clients_clientprofile", "accounts_user"} == {m._meta.db_table for m in WRITES}


def test_a_profile_object_read_before_a_write_still_gets_the_write(alice_profile):
    stale = ClientProfile.objects.get(pk=alice_profile.pk)
    assert load_record(stale).zones == ()
    ZoneRule.objects.create(client=alice_profile, region="lower_back", rule="avoid")
    assert [z.region for z in load_record(stale).zones] == ["lower_back"]


def test_her_profile_row_is_part_of_the_version_and_a_stale_save_never_restores_one(
    alice_profile,
):
    stale = ClientProfile.objects.get(pk=alice_profile.pk)
    first = _version(alice_profile)
    ClientProfile.objects.filter(pk=alice_profile.pk).update(first_name="Alicia")
    second = _version(alice_profile)
    assert second != first
    stale.save()  # writes the version it read; the database gives a new one
    assert _version(alice_profile) not in {first, second}
    assert _seen(stale).client.first_name == "Alice"  # her object, as she holds it


def test_a_therapist_changing_her_email_changes_the_record(alice_profile, bob):
    Therapist.objects.create(client=alice_profile, name="Bob", user=bob)
    before = _seen(alice_profile)
    bob.email = "robert@example.com"
    bob.save()
    after = _seen(alice_profile)
    assert [t.account_email for t in after.therapists] == ["robert@example.com"]
    assert after.fingerprint != before.fingerprint


def test_a_record_read_in_a_write_that_was_rolled_back_is_never_served(alice_profile):
    try:
        with transaction.atomic():
            ZoneRule.objects.create(client=alice_profile, region="lower_back", rule="avoid")
            assert [z.region for z in load_record(alice_profile).zones] == ["lower_back"]
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    ZoneRule.objects.create(client=alice_profile, region="neck", rule="caution", pressure_cap=2)
    assert [z.region for z in _seen(alice_profile).zones] == ["neck"]


def test_a_new_profile_never_gets_a_version_kept_for_another(alice_profile, charlie):
    assert _version(alice_profile) != _version(charlie.client_profile)


def test_the_records_kept_are_bounded_and_the_least_recently_used_go_first():
    kept = Kept(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1
    kept.put("c", 3)
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (1, None, 3)

"""load_record: her whole record in a fixed number of queries, into frozen types."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safetouch.portability.fhir import bundle_json
from safetouch.records.load import QUERIES_KEPT, QUERIES_READ, load_record, load_records
from safetouch.records.models import (
    BannedTechnique,
    CheckIn,
    CheckInStretch,
    CheckInTightness,
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

START = dt.date(2026, 1, 5)
AT = dt.datetime(2026, 1, 6, 18, tzinfo=dt.UTC)


def _history(client, sessions: int) -> None:
    """`sessions` sessions, two a day, each with items, tightness and an outcome, and a
    check-in after each; her limits, a therapist, a routine and her settings."""
    ZoneRule.objects.create(client=client, region="upper_back", rule="caution", pressure_cap=3)
    ZoneRule.objects.create(client=client, region="lower_back", rule="avoid")
    ZoneRule.objects.create(client=client, region="calf_left", rule="focus")
    BannedTechnique.objects.create(client=client, technique="tapotement", region="upper_back")
    BannedTechnique.objects.create(client=client, technique="joint_mobilization")
    LighterOk.objects.create(client=client, region="calf_left", technique="friction")
    therapist = Therapist.objects.create(client=client, name="Bob")
    RoutineStretch.objects.create(client=client, stretch="calf_wall")
    Preferences.objects.create(client=client, limit_level=6)
    rows = MassageSession.objects.bulk_create(
        MassageSession(
            client=client,
            date=START + dt.timedelta(days=n // 2),
            minutes=45,
            therapist=therapist if n % 2 else None,
        )
        for n in range(sessions)
    )
    SessionItem.objects.bulk_create(
        SessionItem(
            session=s,
            region=region,
            technique="friction",
            pressure=4,
            minutes=5,
            too_much=(region == "calf_left" and n % 3 == 0),
        )
        for n, s in enumerate(rows)
        for region in ("calf_right", "calf_left")
    )
    Tightness.objects.bulk_create(
        Tightness(session=s, region=region, before=6, after=4)
        for s in rows
        for region in ("calf_right", "calf_left")
    )
    Outcome.objects.bulk_create(Outcome(session=s, flare=n % 4 == 0) for n, s in enumerate(rows))
    checkins = CheckIn.objects.bulk_create(
        CheckIn(client=client, at=AT + dt.timedelta(days=n), training_minutes=30)
        for n in range(sessions)
    )
    CheckInTightness.objects.bulk_create(
        CheckInTightness(checkin=c, region=region, value=5)
        for c in checkins
        for region in ("calf_right", "calf_left")
    )
    CheckInStretch.objects.bulk_create(
        CheckInStretch(checkin=c, stretch="calf_wall") for c in checkins
    )


def _queries(load) -> int:
    with CaptureQueriesContext(connection) as queries:
        load()
    return len(queries)


def test_it_reads_a_long_history_in_as_many_queries_as_a_short_one(alice_profile, charlie):
    _history(alice_profile, 3)
    _history(charlie.client_profile, 60)
    short = _queries(lambda: load_record(alice_profile))
    long = _queries(lambda: load_record(charlie.client_profile))
    assert short == long == QUERIES_READ
    # Read again with nothing changed: only her version is asked for.
    assert _queries(lambda: load_record(charlie.client_profile)) == QUERIES_KEPT


def test_it_reads_many_clients_in_as_many_queries_as_one(alice_profile, charlie):
    _history(alice_profile, 3)
    _history(charlie.client_profile, 60)
    clients = [alice_profile, charlie.client_profile]
    assert _queries(lambda: load_records(clients)) == QUERIES_READ
    assert _queries(lambda: load_records(clients)) == QUERIES_KEPT
    records = load_records(clients)
    assert [len(records[c.pk].sessions) for c in clients] == [3, 60]


def test_the_fhir_export_costs_the_same_queries_at_3_and_60_sessions(alice_profile, charlie):
    _history(alice_profile, 3)
    _history(charlie.client_profile, 60)
    assert _queries(lambda: bundle_json(alice_profile)) == _queries(
        lambda: bundle_json(charlie.client_profile)
    )


def test_it_holds_what_was_stored(alice_profile):
    _history(alice_profile, 4)
    record = load_record(alice_profile)
    assert [z.region for z in record.zones] == ["calf_left", "lower_back", "upper_back"]
    assert [(b.technique, b.region) for b in record.banned] == [
        ("joint_mobilization", ""),
        ("tapotement", "upper_back"),
    ]
    assert [(p.region, p.technique) for p in record.lighter_ok] == [("calf_left", "friction")]
    assert record.avoided == {"lower_back"} and record.focus == ("calf_left",)
    assert record.routine == ("calf_wall",) and record.preferences.limit_level == 6
    first = record.sessions[0]
    assert [(i.region, i.too_much) for i in first.items] == [
        ("calf_right", False),
        ("calf_left", True),
    ]
    assert [t.region for t in first.tightness] == ["calf_left", "calf_right"]
    assert first.outcome.flare and first.therapist is None
    assert record.sessions[1].therapist.name == "Bob"
    assert record.lowest_too_much == {("calf_left", "friction"): 4}
    assert record.checkins[0].stretches == ("calf_wall",)


def test_a_client_with_no_history_has_an_empty_record_and_default_settings(alice_profile):
    record = load_record(alice_profile)
    assert record.sessions == () and record.checkins == () and record.zones == ()
    assert not record.preferences.saved
    assert record.preferences.limit_level == Preferences().limit_level


def test_its_types_are_frozen_and_its_collections_tuples(alice_profile):
    _history(alice_profile, 2)
    record = load_record(alice_profile)
    session = record.sessions[0]
    for value, field in ((record, "sessions"), (session, "date"), (session.items[0], "pressure")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, field, None)
    collections = [record.zones, record.sessions, record.checkins, session.items]
    assert all(type(c) is tuple for c in collections + [session.tightness])


def test_sessions_are_oldest_first_and_the_same_day_by_when_they_were_logged(alice_profile):
    _history(alice_profile, 6)
    stored = list(
        MassageSession.objects.filter(client=alice_profile)
        .order_by("date", "id")
        .values_list("pk", flat=True)
    )
    record = load_record(alice_profile)
    assert [s.pk for s in record.sessions] == stored
    assert [s.pk for s in record.sessions_newest_first] == stored[::-1]
    assert [c.at for c in record.checkins] == sorted(c.at for c in record.checkins)
    assert load_record(alice_profile) == record

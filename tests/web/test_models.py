"""The database itself refuses out-of-range values and broken relations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from safetouch.clients.models import BannedTechnique, ZoneRule
from safetouch.treatments.models import MassageSession, Outcome, SessionItem, Tightness


def _refused(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.mark.parametrize("pressure", [0, 6])
def test_it_refuses_an_item_pressure_outside_1_to_5(alice_session, pressure):
    _refused(
        lambda: SessionItem.objects.create(
            session=alice_session,
            region="calf_left",
            technique="petrissage",
            pressure=pressure,
            minutes=5,
        )
    )


def test_it_refuses_an_item_of_zero_minutes(alice_session):
    _refused(
        lambda: SessionItem.objects.create(
            session=alice_session,
            region="calf_left",
            technique="petrissage",
            pressure=2,
            minutes=0,
        )
    )


@pytest.mark.parametrize("field,value", [("region", "elbow_left"), ("technique", "reiki")])
def test_it_refuses_an_unknown_region_or_technique(alice_session, field, value):
    values = {"region": "calf_left", "technique": "petrissage", field: value}
    _refused(
        lambda: SessionItem.objects.create(session=alice_session, pressure=2, minutes=5, **values)
    )


def test_it_refuses_a_caution_zone_without_a_cap(alice_profile):
    _refused(lambda: ZoneRule.objects.create(client=alice_profile, region="neck", rule="caution"))


def test_it_refuses_a_cap_on_a_never_touch_zone(alice_profile):
    _refused(
        lambda: ZoneRule.objects.create(
            client=alice_profile, region="neck", rule="avoid", pressure_cap=2
        )
    )


def test_it_refuses_two_rules_for_one_region(alice_profile):
    ZoneRule.objects.create(client=alice_profile, region="neck", rule="focus")
    _refused(lambda: ZoneRule.objects.create(client=alice_profile, region="neck", rule="avoid"))


def test_it_refuses_a_duplicate_ban(alice_profile):
    BannedTechnique.objects.create(client=alice_profile, technique="cupping")
    _refused(lambda: BannedTechnique.objects.create(client=alice_profile, technique="cupping"))


@pytest.mark.parametrize("minutes", [0, 241])
def test_it_refuses_session_minutes_out_of_range(alice_profile, minutes):
    _refused(
        lambda: MassageSession.objects.create(
            client=alice_profile, date=dt.date(2026, 1, 1), minutes=minutes
        )
    )


def test_it_refuses_hours_after_without_a_flare(alice_session):
    _refused(lambda: Outcome.objects.create(session=alice_session, flare=False, hours_after=12))


def test_it_refuses_a_second_outcome_for_one_session(alice_session):
    Outcome.objects.create(session=alice_session, flare=False)
    _refused(lambda: Outcome.objects.create(session=alice_session, flare=True))


@pytest.mark.parametrize("before,after", [(11, 3), (3, 11)])
def test_it_refuses_tightness_above_10(alice_session, before, after):
    _refused(
        lambda: Tightness.objects.create(
            session=alice_session, region="calf_left", before=before, after=after
        )
    )


@pytest.mark.parametrize("tolerance", [0, 1, 1.5])
def test_it_refuses_a_risk_tolerance_outside_0_1(alice_profile, tolerance):
    alice_profile.risk_tolerance = tolerance
    _refused(alice_profile.save)


def test_deleting_a_client_deletes_her_records(alice_session, alice):
    alice.delete()
    assert not MassageSession.objects.exists()
    assert not SessionItem.objects.exists()

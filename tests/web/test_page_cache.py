"""What pages compute from her record is cached per version of it: a change anywhere in
what they read shows at once, and one reader never gets what was made for another."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from safetouch.checkins.services import checkin_save
from safetouch.clients.services import zone_set
from safetouch.core.cache import cached, version_key
from safetouch.records.load import load_record
from safetouch.treatments.services import item_flag
from tests.conftest import client_for


def test_it_computes_once_per_set_of_key_parts():
    calls = []

    def compute(value):
        calls.append(value)
        return value * 2

    assert cached("test:v1", (1, "a"), lambda: compute(1)) == 2
    assert cached("test:v1", (1, "a"), lambda: compute(1)) == 2
    assert cached("test:v1", (2, "a"), lambda: compute(2)) == 4
    assert calls == [1, 2]


def test_key_parts_are_told_apart_by_type_not_only_by_text():
    assert version_key("n", 1) != version_key("n", "1")
    assert version_key("n", None) != version_key("n", "None")
    assert version_key("n", 1) != version_key("other", 1)


def test_an_edit_in_place_without_a_timestamp_is_a_new_version(alice_profile, alice_session):
    before = load_record(alice_profile).fingerprint
    item_flag(item=alice_session.items.get(), too_much=True)
    assert load_record(alice_profile).fingerprint != before


def test_the_same_record_loaded_twice_has_the_same_fingerprint(alice_profile, alice_session):
    first, second = load_record(alice_profile), load_record(alice_profile)
    assert first.avoided is not None and first.lowest_too_much is not None  # cached, on one
    alice_profile.user  # noqa: B018  (a related object cached on the profile)
    assert first.fingerprint == second.fingerprint == load_record(alice_profile).fingerprint


def test_a_change_of_her_profile_is_a_new_fingerprint(alice_profile):
    before = load_record(alice_profile).fingerprint
    alice_profile.risk_tolerance /= 2
    assert load_record(alice_profile).fingerprint != before


def test_the_sheet_shows_a_too_much_flag_set_after_it_was_drawn(alice, alice_session):
    browser = client_for(alice)
    url = reverse("sheet", args=[alice_session.client_id])
    assert browser.get(url).context["too_much"] == []
    item_flag(item=alice_session.items.get(), too_much=True)
    flagged = browser.get(url).context["too_much"]
    assert [(f["region"], f["technique"]) for f in flagged] == [("calf_left", "petrissage")]


def test_the_plan_leaves_out_a_region_made_never_touch_after_it_was_drawn(
    alice, alice_profile, alice_session
):
    zone_set(client=alice_profile, region="calf_left", rule="focus")
    browser = client_for(alice)
    url = reverse("plan", args=[alice_profile.pk])
    assert "calf_left" in {i.region for i in browser.get(url).context["plan"].items}
    zone_set(client=alice_profile, region="calf_left", rule="avoid")
    assert "calf_left" not in {i.region for i in browser.get(url).context["plan"].items}


def test_the_charts_show_a_check_in_made_after_they_were_drawn(alice, alice_profile):
    zone_set(client=alice_profile, region="calf_left", rule="focus")
    browser = client_for(alice)
    url = reverse("between", args=[alice_profile.pk])
    now = timezone.now()

    def check_in(days_ago: int, value: int) -> None:
        at = now - dt.timedelta(days=days_ago)
        checkin_save(
            client=alice_profile,
            at=at,
            training_minutes=30,
            temperature_c=None,
            tightness={"calf_left": value},
            stretches=[],
        )

    check_in(3, 4)
    first = browser.get(url)
    [calves] = first.context["tightness_charts"]
    assert len(calves.table_rows) == 1
    check_in(1, 7)
    second = browser.get(url)
    [calves] = second.context["tightness_charts"]
    assert len(calves.table_rows) == 2
    assert second.content != first.content


@pytest.fixture
def pdf_cached(alice, alice_session):
    """Alice's sheet downloaded once: its PDF is in the cache."""
    response = client_for(alice).get(reverse("sheet_pdf", args=[alice_session.client_id]))
    assert response.status_code == 200
    return response.content


def _pdf_keys() -> list[str]:
    return [key for key in cache._cache if "sheet-pdf:" in key]


def test_a_repeat_download_is_the_cached_pdf(alice, alice_session, pdf_cached):
    assert len(_pdf_keys()) == 1
    again = client_for(alice).get(reverse("sheet_pdf", args=[alice_session.client_id]))
    assert again.content == pdf_cached
    assert len(_pdf_keys()) == 1
    assert "no-store" in again["Cache-Control"]


def test_a_changed_sheet_is_typeset_again(alice, alice_profile, alice_session, pdf_cached):
    zone_set(client=alice_profile, region="lower_back", rule="avoid")
    again = client_for(alice).get(reverse("sheet_pdf", args=[alice_profile.pk]))
    assert again.status_code == 200
    assert len(_pdf_keys()) == 2


def test_a_stranger_is_refused_while_her_pdf_is_cached(charlie, alice_session, pdf_cached):
    response = client_for(charlie).get(reverse("sheet_pdf", args=[alice_session.client_id]))
    assert response.status_code == 404
    assert pdf_cached not in response.content


def test_another_client_gets_her_own_pdf(charlie, pdf_cached):
    own = client_for(charlie).get(reverse("sheet_pdf", args=[charlie.client_profile.pk]))
    assert own.status_code == 200
    assert own.content != pdf_cached
    assert len(_pdf_keys()) == 2

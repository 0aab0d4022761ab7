"""One judge everywhere: random limits, random items, driven through every path that
stores items (the log form, the API, the import, the adjusted plan and its start). What
is stored unmarked always passes engine.check; what breaks a limit is stored only when
confirmed, and then marked with engine.check's own refusal."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetouch.accounts.services import account_create
from safetouch.clients.services import banned_add, zone_set
from safetouch.engine import check
from safetouch.portability.selectors import account_document
from safetouch.portability.services import account_import
from safetouch.treatments.limits import LOG_MINUTES, engine_request, flagged_pairs
from safetouch.treatments.models import LighterOk, MassageSession, SessionItem
from safetouch.treatments.services import item_add, session_create
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
PATHS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
people = itertools.count()

# A few regions and techniques, so random limits and random items meet often.
regions = st.sampled_from(["calf_left", "upper_back", "gluteal_left", "lower_back", "neck"])
techniques = st.sampled_from(["effleurage", "petrissage", "deep_tissue", "trigger_point"])
items = st.fixed_dictionaries(
    {
        "region": regions,
        "technique": techniques,
        "pressure": st.integers(1, 5),
        "minutes": st.integers(1, 30),
    }
)
limits = st.fixed_dictionaries(
    {
        "avoid": st.lists(regions, max_size=2, unique=True),
        "caps": st.dictionaries(regions, st.integers(1, 5), max_size=2),
        "bans": st.lists(st.tuples(techniques, st.sampled_from(["", "calf_left"])), max_size=2),
        "flags": st.lists(items, max_size=3),
        "lighter": st.booleans(),
    }
)


def _client_with(drawn: dict):
    user = account_create(
        email=f"c{next(people)}@example.com", password="x" * 12, first_name="C", role="client"
    )
    client = user.client_profile
    for region in drawn["avoid"]:
        zone_set(client=client, region=region, rule="avoid")
    for region, cap in drawn["caps"].items():
        if region not in drawn["avoid"]:
            zone_set(client=client, region=region, rule="caution", pressure_cap=cap)
    for technique, region in drawn["bans"]:
        banned_add(client=client, technique=technique, region=region)
    if drawn["flags"]:
        flagged = session_create(
            client=client, date=dt.date(2026, 9, 1), minutes=60, position="side_lying"
        )
        for flag in drawn["flags"]:
            item_add(session=flagged, confirm_breaks=True, too_much=True, **flag)
    if drawn["lighter"]:
        for pair in flagged_pairs(client):
            LighterOk.objects.create(
                client=client, region=pair["region"], technique=pair["technique"]
            )
    return user, client


def _assert_stored_items_keep_her_limits(client) -> None:
    for session in MassageSession.objects.for_client(client):
        request = engine_request(client, LOG_MINUTES, leave_out=session)
        for item in session.items.all():
            judged = {k: getattr(item, k) for k in ("region", "technique", "pressure", "minutes")}
            found = sorted(r["rule"] for r in check(request, [judged]) if r["rule"] != "minutes")
            assert sorted(b["rule"] for b in item.breaks) == found, (item, found)


def _refused(client, tried: list[dict]) -> bool:
    request = engine_request(client, LOG_MINUTES)
    return any(r["rule"] != "minutes" for r in check(request, tried))


@PATHS
@given(limits, items)
def test_the_log_form_stores_a_breaking_item_only_confirmed(drawn, item):
    user, client = _client_with(drawn)
    session = session_create(
        client=client, date=dt.date(2026, 10, 1), minutes=60, position="side_lying"
    )
    url = reverse("item_add", args=[client.pk, session.pk])
    breaks = _refused(client, [item])
    answer = client_for(user).post(url, item)
    assert answer.status_code == (422 if breaks else 302)
    assert session.items.exists() is not breaks
    client_for(user).post(url, {**item, "confirm_breaks": "on"})
    _assert_stored_items_keep_her_limits(client)


@PATHS
@given(limits, st.lists(items, min_size=1, max_size=4))
def test_the_api_stores_breaking_items_only_confirmed(drawn, tried):
    user, client = _client_with(drawn)
    url = f"/api/v1/clients/{client.pk}/sessions"
    body = {"date": "2026-10-02", "minutes": 120, "items": tried}
    breaks = _refused(client, tried)
    answer = client_for(user).post(url, body, content_type="application/json")
    assert answer.status_code == (409 if breaks else 201)
    body["confirm_breaks"] = True
    assert client_for(user).post(url, body, content_type="application/json").status_code == 201
    _assert_stored_items_keep_her_limits(client)


@PATHS
@given(limits, st.lists(items, min_size=1, max_size=4))
def test_the_import_marks_what_breaks_her_limits(drawn, tried):
    user, client = _client_with(drawn)
    document = account_document(user)
    document["account"]["email"] = f"moved{next(people)}@example.com"
    document["sessions"].append(
        {
            "date": "2026-10-03",
            "minutes": 120,
            "position": "side_lying",
            "therapist": None,
            "notes": "",
            "created": "2026-10-03T10:00:00+00:00",
            "items": [{**i, "too_much": False} for i in tried],  # unmarked in the file
            "outcome": None,
            "tightness": [],
        }
    )
    imported = account_import(text=json.dumps(document, default=str)).user.client_profile
    _assert_stored_items_keep_her_limits(imported)


def _plan_post(tried: list[dict], minutes: int = 120) -> dict:
    data = {
        "minutes": minutes,
        "item-TOTAL_FORMS": len(tried),
        "item-INITIAL_FORMS": len(tried),
        "item-MIN_NUM_FORMS": 0,
        "item-MAX_NUM_FORMS": 40,
    }
    for n, item in enumerate(tried):
        for field, value in item.items():
            data[f"item-{n}-{field}"] = value
    return data


@PATHS
@given(limits, st.lists(items, min_size=1, max_size=4))
def test_an_adjusted_plan_that_breaks_a_rule_is_refused_and_never_started(drawn, tried):
    user, client = _client_with(drawn)
    refusals = check(engine_request(client, 120), tried)
    checked = client_for(user).post(reverse("plan_check", args=[client.pk]), _plan_post(tried))
    assert checked.status_code == (422 if refusals else 200)
    if refusals:
        assert "Refused" in checked.content.decode()
    before = MassageSession.objects.count()
    started = client_for(user).post(reverse("plan_start", args=[client.pk]), _plan_post(tried))
    assert started.status_code == (422 if refusals else 302)
    assert MassageSession.objects.count() == before + (0 if refusals else 1)
    assert (
        not SessionItem.objects.filter(session__client=client)
        .exclude(too_much=True)
        .exclude(breaks=[])
        .exists()
    )
    _assert_stored_items_keep_her_limits(client)


@PATHS
@given(limits, st.dictionaries(regions, st.integers(1, 10), min_size=1, max_size=4))
def test_the_plan_recommend_makes_passes_check_and_starts(drawn, tight):
    user, client = _client_with(drawn)
    for region in tight:  # her limits stay as drawn: focus only where she set no rule
        if region not in drawn["avoid"] and region not in drawn["caps"]:
            zone_set(client=client, region=region, rule="focus")
    page = client_for(user).get(reverse("plan", args=[client.pk]), {"minutes": 45})
    planned = [
        {
            "region": i.region,
            "technique": i.technique,
            "pressure": i.pressure,
            "minutes": i.minutes,
        }
        for i in page.context["plan"].items
    ]
    assert check(engine_request(client, 45), planned) == []
    if planned:
        started = client_for(user).post(
            reverse("plan_start", args=[client.pk]), _plan_post(planned, 45)
        )
        assert started.status_code == 302
    _assert_stored_items_keep_her_limits(client)

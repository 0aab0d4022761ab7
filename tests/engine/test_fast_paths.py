"""The engine's shortcuts for long histories give exactly what the plain code gives.

`recommend` must stay fast with 100 sessions of history (docs/benchmarks.md); these
shortcuts must not change any plan. Each is checked against the plain way of doing it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from safetouch.engine import EngineError, relief, risk, validate
from safetouch.engine.validate import parse_request

from .strategies import histories, items, requests

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Values a JSON item or map may hold that the contract refuses, or that need a close look.
ODD_VALUES = [None, True, False, 0, -1, 6, 0.0, 600.5, math.nan, math.inf, "calf_left", "4", []]


@PROPERTY
@given(
    hnp.arrays(
        float,
        hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=30),
        elements=st.sampled_from([0.0, 1.0, 2.5, 3.0, 0.125]),
    )
)
def test_unique_rows_are_numpys_unique_rows(rows):
    unique, counts = risk.unique_rows(rows)
    expected, expected_counts = np.unique(rows, axis=0, return_counts=True)
    assert np.array_equal(unique, expected)
    assert np.array_equal(counts, expected_counts)


def _full(check, value):
    try:
        return check(value, "x")
    except EngineError:
        return "refused"


ITEM = {"region": "calf_left", "technique": "petrissage", "pressure": 3, "minutes": 10}
ODD_ITEMS = [
    *({**ITEM, key: value} for key in ITEM for value in ODD_VALUES),
    *({k: v for k, v in ITEM.items() if k != key} for key in ITEM),
    {**ITEM, "why": "extra"},
    "calf_left",
]


def _plain_and_full(item) -> list:
    flag = {k: v for k, v in item.items() if k != "minutes"} if isinstance(item, dict) else item
    return [
        (validate._plain_item(item), _full(validate._item, item)),
        (validate._plain_flag(flag), _full(validate._flag, flag)),
    ]


@pytest.mark.parametrize("item", ODD_ITEMS)
def test_an_odd_item_or_flag_is_left_to_the_full_check(item):
    for fast, full in _plain_and_full(item):
        assert fast is None or fast == full


@PROPERTY
@given(items())
def test_a_valid_item_or_flag_reads_as_the_full_check_reads_it(item):
    for fast, full in _plain_and_full(item):
        assert fast == full
    assert type(validate._plain_item(item).minutes) is float


@PROPERTY
@given(
    st.dictionaries(
        st.sampled_from(["calf_left", "neck", "nowhere", 3]),
        st.one_of(st.sampled_from(ODD_VALUES), st.integers(-1, 11), st.floats(-1, 11)),
    )
)
def test_a_plain_tightness_map_reads_as_the_full_check_reads_it(tightness):
    fast = validate._plain_tightness(tightness)
    full = _full(
        lambda value, path: validate._region_map(value, path, validate._tightness_value),
        tightness,
    )
    assert fast is None or fast == full
    if full != "refused" and all(type(v) in (int, float) for v in tightness.values()):
        assert fast is not None


def _offsets_one_by_one(history, flag_max: float) -> dict[int, float]:
    """The per-technique offsets as first written: one technique and one offset at a time."""
    ev = risk._evidence(history)
    ll, blame = risk._loglik(ev, flag_max)
    post = risk._posterior(ll, flag_max=flag_max)
    log_post = np.log(np.maximum(post.tau, 1e-300))
    log_prior = -0.5 * (risk.OFFSETS / risk.OFFSET_SD) ** 2
    n, out = len(risk.TAU), {}
    for t in np.unique(ev.technique):
        keep = ev.technique == t
        if not (ev.flagged[keep].any() or (ev.flare[ev.session[keep]] == 1).any()):
            continue
        regions = np.unique(ev.region[keep])
        wide = risk._technique_logliks(ev, np.array([t]), blame, flag_max)[int(t)][regions]
        rest = log_post[regions] - wide[:, risk.PAD : risk.PAD + n]
        rest -= rest.max(axis=1, keepdims=True)
        evidence = np.empty(len(risk.OFFSETS))
        for k, delta in enumerate(risk.OFFSETS):
            start = risk.PAD - int(round(float(delta) / risk.STEP))
            total = rest + wide[:, start : start + n]
            top = total.max(axis=1, keepdims=True)
            evidence[k] = float((np.log(np.exp(total - top).sum(axis=1)) + top[:, 0]).sum())
        weights = np.exp(log_prior + evidence - (log_prior + evidence).max())
        out[int(t)] = round(float(weights @ risk.OFFSETS / weights.sum()), 2)
    return out


@PROPERTY
@given(histories(max_sessions=12), st.sampled_from([0.5, risk.FLAG_MAX]))
def test_every_offset_at_once_is_each_offset_in_turn(history, flag_max):
    parsed = parse_request({"client": {"tightness": {}}, "history": history, "minutes": 60})
    ev = risk._evidence(parsed.history)
    ll, blame = risk._loglik(ev, flag_max)
    post = risk._posterior(ll, flag_max=flag_max)
    assert risk._offsets(ev, blame, post) == _offsets_one_by_one(parsed.history, flag_max)


def _rows_plainly(history) -> list[tuple]:
    """The risk model's rows as first written: an item is flagged when any flag in its
    session names its region and technique at its pressure or below."""
    rows = []
    for s, session in enumerate(history):
        for i in session.items:
            flagged = any(
                (f.region, f.technique) == (i.region, i.technique) and f.pressure <= i.pressure
                for f in session.too_much
            )
            p_eff = risk.effective_pressure(i.technique, i.pressure)
            rows.append((i.region, p_eff, i.minutes, flagged, s, i.technique))
        worked = {(i.region, i.technique) for i in session.items}
        for f in session.too_much:
            if (f.region, f.technique) not in worked:
                p_eff = risk.effective_pressure(f.technique, f.pressure)
                rows.append((f.region, p_eff, 0.0, True, s, f.technique))
    return rows


@PROPERTY
@given(requests())
def test_the_risk_models_rows_are_the_history_item_by_item(request):
    history = parse_request(request).history
    ev = risk._evidence(history)
    columns = zip(
        ev.region, ev.p_eff, ev.minutes, ev.flagged, ev.session, ev.technique, strict=True
    )
    rows = [
        (risk.REGION_IDS[r], p, m, bool(f), int(s), risk.TECHNIQUE_IDS[t])
        for r, p, m, f, s, t in columns
    ]
    assert rows == _rows_plainly(history)


@pytest.mark.parametrize("pressure", [1, 2, 3, 4, 5, 3.0, 2.5, 0.4])
def test_a_dose_from_the_table_is_the_dose_worked_out(pressure):
    for technique, efficacy in relief.EFFICACY.items():
        worked_out = efficacy * relief.pressure_effect(pressure) * 7.5 / 10.0
        assert relief.dose(technique, pressure, 7.5) == worked_out

"""assess: the engine's estimate of a plan adjusted by hand."""

from __future__ import annotations

import pytest

from safetouch.engine import EngineError, recommend
from safetouch.engine.assess import assess

REQUEST = {
    "client": {"avoid": ["lower_back"], "tightness": {"calf_left": 7, "upper_back": 6}},
    "history": [
        {
            "date": "2026-01-05",
            "items": [
                {"region": "calf_left", "technique": "petrissage", "pressure": 3, "minutes": 10}
            ],
            "too_much": [],
            "flare": False,
        }
    ],
    "minutes": 30,
}


def _items(response):
    return [
        {k: i[k] for k in ("region", "technique", "pressure", "minutes")}
        for i in response["items"]
    ]


def test_it_agrees_with_recommend_on_recommends_own_plan():
    response = recommend(REQUEST)
    estimate = assess(REQUEST, _items(response))
    assert estimate == {
        "flare_risk": response["flare_risk"],
        "expected_relief": response["expected_relief"],
    }


def test_deeper_and_longer_is_riskier():
    light = assess(
        REQUEST,
        [{"region": "upper_back", "technique": "petrissage", "pressure": 2, "minutes": 10}],
    )
    deep = assess(
        REQUEST,
        [{"region": "upper_back", "technique": "deep_tissue", "pressure": 5, "minutes": 20}],
    )
    assert deep["flare_risk"] > light["flare_risk"]


def test_no_items_no_risk():
    assert assess(REQUEST, []) == {"flare_risk": 0.0, "expected_relief": 0.0}


def test_a_bad_item_names_its_field():
    with pytest.raises(EngineError, match=r"^items\[0\]\.pressure"):
        assess(
            REQUEST,
            [{"region": "calf_left", "technique": "petrissage", "pressure": 9, "minutes": 5}],
        )

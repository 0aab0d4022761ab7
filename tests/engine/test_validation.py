"""Bad requests: each raises EngineError whose message starts with the offending field."""

from __future__ import annotations

import copy

import pytest

from safetouch.engine import EngineError, recommend

GOOD = {
    "client": {
        "avoid": ["sacroiliac_joint_left"],
        "max_pressure": {"upper_back": 3},
        "banned": [{"technique": "joint_mobilization"}],
        "tightness": {"calf_left": 7},
        "risk_tolerance": 0.05,
    },
    "history": [
        {
            "date": "2026-01-05",
            "items": [
                {"region": "calf_left", "technique": "petrissage", "pressure": 3, "minutes": 10}
            ],
            "too_much": [{"region": "upper_back", "technique": "deep_tissue", "pressure": 4}],
            "flare": False,
            "tightness_before": {"calf_left": 7},
            "tightness_after": {"calf_left": 4},
        }
    ],
    "minutes": 60,
}


def _set(request: dict, path: tuple, value) -> None:
    target = request
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value


_DELETE = object()
H = ("history", 0)
ITEM = (*H, "items", 0)

CASES = [
    ((), "not a dict", "request: must be an object"),
    (("minutes",), _DELETE, "minutes: is required"),
    (("client",), _DELETE, "client: is required"),
    (("minutes",), 9, "minutes: must be an integer from 10 to 180, got 9"),
    (("minutes",), 181, "minutes: must be an integer from 10 to 180"),
    (("minutes",), True, "minutes: must be an integer from 10 to 180, got true"),
    (("minutes",), 60.0, "minutes: must be an integer"),
    (("surprise",), 1, "surprise: unknown field"),
    (("client", "avoid"), "lower_back", "client.avoid: must be a list"),
    (("client", "avoid", 0), "elbow", 'client.avoid[0]: unknown region "elbow"'),
    (("client", "max_pressure", "upper_back"), 6, "client.max_pressure.upper_back: must be an"),
    (("client", "max_pressure", "upper_back"), True, "client.max_pressure.upper_back: must be"),
    (("client", "max_pressure", "wing"), 3, 'client.max_pressure.wing: unknown region "wing"'),
    (("client", "banned", 0, "technique"), "reiki", "client.banned[0].technique: unknown tech"),
    (("client", "banned", 0, "region"), "wing", "client.banned[0].region: unknown region"),
    (("client", "banned", 0), {"region": "neck"}, "client.banned[0].technique: is required"),
    (("client", "tightness", "calf_left"), 11, "client.tightness.calf_left: must be a number"),
    (("client", "tightness", "calf_left"), -1, "client.tightness.calf_left: must be a number"),
    (("client", "tightness", "calf_left"), "7", "client.tightness.calf_left: must be a number"),
    (("client", "risk_tolerance"), 0, "client.risk_tolerance: must be a number between 0 and 1"),
    (("client", "risk_tolerance"), 1, "client.risk_tolerance: must be a number between 0 and 1"),
    (("client", "risk_tolerance"), float("nan"), "client.risk_tolerance: must be a number"),
    (("client", "nickname"), "Al", "client.nickname: unknown field"),
    (("history",), {}, "history: must be a list"),
    ((*H, "date"), "05/01/2026", "history[0].date: must be a date like 2026-01-05"),
    ((*H, "flare"), "yes", "history[0].flare: must be true, false or null"),
    ((*H, "items"), None, "history[0].items: must be a list"),
    (
        (*ITEM, "pressure"),
        7,
        "history[0].items[0].pressure: must be an integer from 1 to 5, got 7",
    ),
    ((*ITEM, "pressure"), True, "history[0].items[0].pressure: must be an integer from 1 to 5"),
    ((*ITEM, "pressure"), 2.5, "history[0].items[0].pressure: must be an integer from 1 to 5"),
    ((*ITEM, "minutes"), 0, "history[0].items[0].minutes: must be a number of minutes above 0"),
    ((*ITEM, "region"), "tail", 'history[0].items[0].region: unknown region "tail"'),
    ((*ITEM, "technique"), "reiki", "history[0].items[0].technique: unknown technique"),
    ((*ITEM, "technique"), _DELETE, "history[0].items[0].technique: is required"),
    ((*H, "too_much", 0, "pressure"), 0, "history[0].too_much[0].pressure: must be an integer"),
    ((*H, "too_much", 0, "region"), 3, "history[0].too_much[0].region: must be a region id"),
    ((*H, "tightness_after", "calf_left"), 12, "history[0].tightness_after.calf_left: must be"),
    ((*H, "tightness_before"), [], "history[0].tightness_before: must be an object"),
]


@pytest.mark.parametrize(("path", "value", "message"), CASES)
def test_it_names_the_field_that_breaks_a_rule(path, value, message):
    request = copy.deepcopy(GOOD)
    if path:
        _set(request, path, value)
    else:
        request = value
    with pytest.raises(EngineError) as info:
        recommend(request)
    assert str(info.value).startswith(message)


def test_it_refuses_history_out_of_order():
    request = copy.deepcopy(GOOD)
    request["history"].append({**request["history"][0], "date": "2025-12-01"})
    with pytest.raises(EngineError, match=r"^history\[1\]\.date: "):
        recommend(request)


def test_the_good_request_is_accepted():
    assert recommend(copy.deepcopy(GOOD))["items"]


def test_an_engine_error_is_a_value_error():
    assert issubclass(EngineError, ValueError)

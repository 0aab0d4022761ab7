"""The published JSON Schema of the contract agrees with the engine's own validator."""

from __future__ import annotations

import copy

import jsonschema_rs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetouch.engine import EngineError, recommend
from safetouch.engine.schema import components

from .strategies import requests
from .test_invariants import _break

SCHEMA = {"$ref": "#/$defs/PlanRequest", "$defs": components("#/$defs/")}
VALIDATOR = jsonschema_rs.Draft202012Validator(SCHEMA, validate_formats=True)
RESPONSE = jsonschema_rs.Draft202012Validator({**SCHEMA, "$ref": "#/$defs/PlanResponse"})
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(requests())
def test_what_the_engine_accepts_the_schema_accepts_and_the_answer_fits(request):
    VALIDATOR.validate(request)
    RESPONSE.validate(recommend(request))


@PROPERTY
@given(requests(), st.data())
def test_what_the_engine_refuses_the_schema_refuses(request, data):
    bad = copy.deepcopy(request)
    path = _break(bad, data)
    assert not VALIDATOR.is_valid(bad), path


def test_a_compact_date_is_refused_by_both():
    request = {"client": {}, "history": [{"date": "20260105"}], "minutes": 30}
    assert not VALIDATOR.is_valid(request)
    try:
        recommend(request)
    except EngineError as exc:
        assert str(exc).startswith("history[0].date: ")
    else:
        raise AssertionError("20260105 was accepted")

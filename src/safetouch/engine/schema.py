"""The contract's JSON shapes as JSON Schema, for the API's OpenAPI document.

The engine's own validator (validate.py) is the judge of a request; this is its
published description, built from the same field lists and catalog so they cannot drift
apart (tests/engine/test_schema.py holds them to agreement).
"""

from __future__ import annotations

from safetouch.engine import validate
from safetouch.engine.catalog import REGIONS, TECHNIQUES


def _ref(name: str, prefix: str) -> dict:
    return {"$ref": f"{prefix}{name}"}


REGION = {"type": "string", "enum": list(REGIONS)}
TECHNIQUE = {"type": "string", "enum": list(TECHNIQUES)}
PRESSURE = {"type": "integer", "minimum": 1, "maximum": 5}
LEVEL = {"type": "number", "minimum": 0, "maximum": 10}
CHANGES = ("kept", "lighter", "deeper", "new", "dropped", "switched")
DATE = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}


def _region_map(value: dict) -> dict:
    return {"type": "object", "propertyNames": REGION, "additionalProperties": value}


def _array(item: dict) -> dict:
    return {"type": "array", "items": item}


def _object(fields: tuple[str, ...], shapes: dict, required=(), **extra) -> dict:
    # Every field the validator accepts must be described here: a KeyError otherwise.
    return {
        "type": "object",
        "properties": {name: shapes[name] for name in fields},
        "required": list(required),
        "additionalProperties": False,
        **extra,
    }


def _request_shapes(p: str) -> dict[str, dict]:
    pair = {"region": REGION, "technique": TECHNIQUE}
    done = {**pair, "pressure": PRESSURE, "minutes": {"type": "number", "exclusiveMinimum": 0}}
    done["minutes"]["maximum"] = 600
    client = {
        "avoid": _array(REGION),
        "max_pressure": _region_map(PRESSURE),
        "banned": _array(_ref("Banned", p)),
        "tightness": _region_map(LEVEL),
        "risk_tolerance": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
        "lighter_ok": _array(_ref("LighterOk", p)),
    }
    past = {
        "date": {"anyOf": [DATE, {"type": "null"}]},
        "items": _array(_ref("Done", p)),
        "too_much": _array(_ref("TooMuch", p)),
        "flare": {"type": ["boolean", "null"], "description": "null: not known yet."},
        "tightness_before": _region_map(LEVEL),
        "tightness_after": _region_map(LEVEL),
    }
    request = {
        "client": _ref("ClientLimits", p),
        "history": _array(_ref("Past", p)),
        "minutes": {"type": "integer", "minimum": 10, "maximum": 180},
    }
    return {"pair": pair, "done": done, "client": client, "past": past, "request": request}


def _response_shapes(p: str) -> dict[str, dict]:
    item = {"region": REGION, "technique": TECHNIQUE, "pressure": PRESSURE}
    return {
        "PlanItem": {
            "type": "object",
            "properties": {**item, "minutes": {"type": "integer"}, "why": {"type": "string"}},
            "required": ["region", "technique", "pressure", "minutes", "why"],
        },
        "Excluded": {
            "type": "object",
            "properties": {
                "region": REGION,
                "technique": {"anyOf": [TECHNIQUE, {"type": "null"}]},
                "reason": {"type": "string"},
            },
            "required": ["region", "reason"],
        },
        "Planned": {
            "type": "object",
            "properties": {
                "technique": TECHNIQUE,
                "pressure": PRESSURE,
                "minutes": {"type": "integer"},
            },
            "required": ["technique", "pressure", "minutes"],
        },
        "Change": {
            "type": "object",
            "description": "One region against her last session; `from` is absent for "
            "new, `to` for dropped.",
            "properties": {
                "region": REGION,
                "technique": TECHNIQUE,
                "change": {"type": "string", "enum": list(CHANGES)},
                "from": _ref("Planned", p),
                "to": _ref("Planned", p),
                "reason": {"type": "string"},
            },
            "required": ["region", "technique", "change", "reason"],
        },
        "PlanResponse": {
            "type": "object",
            "properties": {
                "items": _array(_ref("PlanItem", p)),
                "excluded": _array(_ref("Excluded", p)),
                "flare_risk": {"type": "number"},
                "expected_relief": {"type": "number"},
                "changes": {
                    **_array(_ref("Change", p)),
                    "description": "The plan against the last session in `history`; "
                    "absent without one.",
                },
            },
            "required": ["items", "excluded", "flare_risk", "expected_relief"],
        },
    }


def components(prefix: str = "#/components/schemas/") -> dict[str, dict]:
    """Named JSON Schemas of the request (PlanRequest) and response (PlanResponse)."""
    s = _request_shapes(prefix)
    flag_fields = ("region", "technique", "pressure")
    return {
        "PlanRequest": _object(
            ("client", "history", "minutes"),
            s["request"],
            ("client", "minutes"),
            description=(
                "The engine's request: her limits, what was done before, the next session's "
                "length. `history` is oldest first: a session dated before the one above it "
                "is refused."
            ),
        ),
        "ClientLimits": _object(validate.CLIENT_FIELDS, s["client"]),
        "Banned": _object(
            ("technique", "region"),
            {**s["pair"], "region": {"anyOf": [REGION, {"type": "null"}]}},
            ("technique",),
        ),
        "LighterOk": _object(("region", "technique"), s["pair"], ("region", "technique")),
        "Past": _object(validate.SESSION_FIELDS, s["past"]),
        "Done": _object(validate.ITEM_FIELDS, s["done"], validate.ITEM_FIELDS),
        "TooMuch": _object(flag_fields, {**s["pair"], "pressure": PRESSURE}, flag_fields),
        **_response_shapes(prefix),
    }

"""Check an engine request against the contract and turn it into typed records.

Every error is an EngineError whose message starts with the offending field's path,
e.g. `history[3].items[0].pressure: must be an integer from 1 to 5, got 7`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from safetouch.engine.catalog import REGIONS, TECHNIQUES
from safetouch.engine.errors import EngineError

DEFAULT_RISK_TOLERANCE = 0.05
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Item(NamedTuple):
    region: str
    technique: str
    pressure: int
    minutes: float


class Flag(NamedTuple):
    region: str
    technique: str
    pressure: int


@dataclass(frozen=True)
class Session:
    date: str | None
    items: tuple[Item, ...]
    too_much: tuple[Flag, ...]
    flare: bool | None  # None: not reported (yet); carries no evidence either way
    tightness_before: dict[str, float] = field(default_factory=dict)
    tightness_after: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Ban:
    technique: str
    region: str | None  # None: banned everywhere


@dataclass(frozen=True)
class Client:
    avoid: frozenset[str]
    max_pressure: dict[str, int]
    banned: tuple[Ban, ...]
    tightness: dict[str, float]
    risk_tolerance: float
    lighter_ok: frozenset[tuple[str, str]] = frozenset()  # (region, technique) she let back


@dataclass(frozen=True)
class Request:
    client: Client
    history: tuple[Session, ...]
    minutes: int


def _show(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _fail(path: str, message: str) -> EngineError:
    return EngineError(f"{path}: {message}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _object(value: Any, path: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        raise _fail(path or "request", f"must be an object, got {_show(value)}")
    for key in value:
        if key not in allowed:
            raise _fail(_join(path, str(key)), f"unknown field; expected one of {list(allowed)}")
    for key in required:
        if key not in value:
            raise _fail(_join(path, key), "is required")
    return value


def _list(value: Any, path: str) -> list:
    if not isinstance(value, list):
        raise _fail(path, f"must be a list, got {_show(value)}")
    return value


def _region(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _fail(path, f"must be a region id, got {_show(value)}")
    if value not in REGIONS:
        raise _fail(path, f"unknown region {_show(value)}")
    return value


def _technique(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _fail(path, f"must be a technique id, got {_show(value)}")
    if value not in TECHNIQUES:
        raise _fail(path, f"unknown technique {_show(value)}")
    return value


def _pressure(value: Any, path: str) -> int:
    if not _is_int(value) or not 1 <= value <= 5:
        raise _fail(path, f"must be an integer from 1 to 5, got {_show(value)}")
    return value


def _tightness_value(value: Any, path: str) -> float:
    if not _is_number(value) or not 0 <= value <= 10:
        raise _fail(path, f"must be a number from 0 to 10, got {_show(value)}")
    return float(value)


def _region_map(value: Any, path: str, check: Callable[[Any, str], Any]) -> dict:
    if not isinstance(value, dict):
        raise _fail(path, f"must be an object of region id to value, got {_show(value)}")
    out = {}
    for key, item in value.items():
        _region(key, f"{path}.{key}")
        out[key] = check(item, f"{path}.{key}")
    return out


def _ban(value: Any, path: str) -> Ban:
    obj = _object(value, path, ("technique", "region"), ("technique",))
    technique = _technique(obj["technique"], f"{path}.technique")
    region = obj.get("region")
    if region is not None:
        region = _region(region, f"{path}.region")
    return Ban(technique, region)


def _risk_tolerance(value: Any, path: str) -> float:
    if not _is_number(value) or not 0 < value < 1:
        raise _fail(path, f"must be a number between 0 and 1 (exclusive), got {_show(value)}")
    return float(value)


CLIENT_FIELDS = ("avoid", "max_pressure", "banned", "tightness", "risk_tolerance", "lighter_ok")


def _pair(value: Any, path: str) -> tuple[str, str]:
    obj = _object(value, path, ("region", "technique"), ("region", "technique"))
    return _region(obj["region"], f"{path}.region"), _technique(
        obj["technique"], f"{path}.technique"
    )


def _client(value: Any, path: str) -> Client:
    obj = _object(value, path, CLIENT_FIELDS, ())
    avoid = _list(obj.get("avoid", []), f"{path}.avoid")
    banned = _list(obj.get("banned", []), f"{path}.banned")
    tolerance = obj.get("risk_tolerance", DEFAULT_RISK_TOLERANCE)
    lighter = _list(obj.get("lighter_ok", []), f"{path}.lighter_ok")
    return Client(
        avoid=frozenset(_region(r, f"{path}.avoid[{i}]") for i, r in enumerate(avoid)),
        max_pressure=_region_map(obj.get("max_pressure", {}), f"{path}.max_pressure", _pressure),
        banned=tuple(_ban(b, f"{path}.banned[{i}]") for i, b in enumerate(banned)),
        tightness=_region_map(obj.get("tightness", {}), f"{path}.tightness", _tightness_value),
        risk_tolerance=_risk_tolerance(tolerance, f"{path}.risk_tolerance"),
        lighter_ok=frozenset(_pair(p, f"{path}.lighter_ok[{i}]") for i, p in enumerate(lighter)),
    )


def _minutes_done(value: Any, path: str) -> float:
    if not _is_number(value) or value <= 0 or value > 600:
        raise _fail(path, f"must be a number of minutes above 0 (at most 600), got {_show(value)}")
    return float(value)


ITEM_FIELDS = ("region", "technique", "pressure", "minutes")


def _item(value: Any, path: str) -> Item:
    obj = _object(value, path, ITEM_FIELDS, ITEM_FIELDS)
    return Item(
        region=_region(obj["region"], f"{path}.region"),
        technique=_technique(obj["technique"], f"{path}.technique"),
        pressure=_pressure(obj["pressure"], f"{path}.pressure"),
        minutes=_minutes_done(obj["minutes"], f"{path}.minutes"),
    )


def _checked_item(value: Any, path: str) -> Item:
    """An item to judge: its ids must be known, but a pressure or minutes out of range is
    a refusal for `check` to name, not an error."""
    obj = _object(value, path, (*ITEM_FIELDS, "why"), ITEM_FIELDS)
    if not _is_int(obj["pressure"]):
        raise _fail(f"{path}.pressure", f"must be an integer, got {_show(obj['pressure'])}")
    if not _is_number(obj["minutes"]):
        raise _fail(f"{path}.minutes", f"must be a number, got {_show(obj['minutes'])}")
    return Item(
        region=_region(obj["region"], f"{path}.region"),
        technique=_technique(obj["technique"], f"{path}.technique"),
        pressure=obj["pressure"],
        minutes=obj["minutes"],
    )


def parse_items(items: Any, path: str = "items") -> tuple[Item, ...]:
    """Validate the items `check` judges; raise EngineError at `items[i]...` if malformed."""
    return tuple(_checked_item(x, f"{path}[{i}]") for i, x in enumerate(_list(items, path)))


def _flag(value: Any, path: str) -> Flag:
    fields = ("region", "technique", "pressure")
    obj = _object(value, path, fields, fields)
    return Flag(
        region=_region(obj["region"], f"{path}.region"),
        technique=_technique(obj["technique"], f"{path}.technique"),
        pressure=_pressure(obj["pressure"], f"{path}.pressure"),
    )


def _date(value: Any, path: str) -> str | None:
    if value is None:
        return None
    # Only YYYY-MM-DD, as the contract writes it (fromisoformat alone takes 20260105 too).
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise _fail(path, f"must be a date like 2026-01-05, got {_show(value)}")


def _flare(value: Any, path: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise _fail(path, f"must be true, false or null (not yet known), got {_show(value)}")
    return value


SESSION_FIELDS = ("date", "items", "too_much", "flare", "tightness_before", "tightness_after")


def _session(value: Any, path: str) -> Session:
    obj = _object(value, path, SESSION_FIELDS, ())
    items = _list(obj.get("items", []), f"{path}.items")
    flags = _list(obj.get("too_much", []), f"{path}.too_much")
    return Session(
        date=_date(obj.get("date"), f"{path}.date"),
        items=tuple(_item(x, f"{path}.items[{i}]") for i, x in enumerate(items)),
        too_much=tuple(_flag(x, f"{path}.too_much[{i}]") for i, x in enumerate(flags)),
        flare=_flare(obj.get("flare"), f"{path}.flare"),
        tightness_before=_tightness_map(obj, "tightness_before", path),
        tightness_after=_tightness_map(obj, "tightness_after", path),
    )


def _tightness_map(obj: dict, key: str, path: str) -> dict[str, float]:
    return _region_map(obj.get(key, {}), f"{path}.{key}", _tightness_value)


def _history(value: Any, path: str) -> tuple[Session, ...]:
    sessions = tuple(_session(s, f"{path}[{i}]") for i, s in enumerate(_list(value, path)))
    last = None
    for i, session in enumerate(sessions):
        if session.date is None:
            continue
        if last is not None and session.date < last:
            raise _fail(
                f"{path}[{i}].date", f"is before an earlier session's {last}: oldest first"
            )
        last = session.date
    return sessions


def _session_minutes(value: Any, path: str) -> int:
    if not _is_int(value) or not 10 <= value <= 180:
        raise _fail(path, f"must be an integer from 10 to 180, got {_show(value)}")
    return value


def parse_request(request: Any) -> Request:
    """Validate `request` (the contract's JSON shape) and return it as typed records."""
    obj = _object(request, "", ("client", "history", "minutes"), ("client", "minutes"))
    return Request(
        client=_client(obj["client"], "client"),
        history=_history(obj.get("history", []), "history"),
        minutes=_session_minutes(obj["minutes"], "minutes"),
    )

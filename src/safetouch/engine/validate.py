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
class Population:
    """What a practice has learned (contract v2): population-level parameters only.

    `shift_*`: where the practice's flare thresholds sit against the built-in prior, in
    pressure steps, and how much its clients differ; `relief_*`: the log of how well
    massage relieves its clients against the built-in rate; `speak_up`: how reliably they
    say "too much" when it is (risk.FLAG_MAX).
    """

    clients: int
    shift_mean: float
    shift_sd: float
    relief_log_mean: float
    relief_log_sd: float
    speak_up: float = 0.8


@dataclass(frozen=True)
class Request:
    client: Client
    history: tuple[Session, ...]
    minutes: int
    population: Population | None = None  # None: the built-in prior


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


def _plain_tightness(value: Any) -> dict[str, float] | None:
    """A tightness map of plain str keys and int or float values, all valid, as
    _region_map(..., _tightness_value) would return it; None when anything needs a closer
    look (then the full check names the first bad field)."""
    if type(value) is not dict:
        return None
    out = {}
    for key, number in value.items():
        if not (type(key) is str and key in REGIONS):
            return None
        if not ((type(number) is int or type(number) is float) and 0 <= number <= 10):
            return None
        out[key] = float(number)
    return out


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


def _plain_item(value: Any) -> Item | None:
    """The item `_item` would return, for the common case of a valid item of plain JSON
    types, or None when it needs the full check (which names the bad field). A long
    history has hundreds of items: building each field's path up front was most of the
    time it took to read one."""
    pressed = _plain_pressed(value, len(ITEM_FIELDS))
    minutes = value.get("minutes") if pressed else None
    if not ((type(minutes) is int or type(minutes) is float) and 0 < minutes <= 600):
        return None
    return Item(*pressed, float(minutes))


def _plain_pressed(value: Any, size: int) -> tuple[str, str, int] | None:
    """(region, technique, pressure) of a dict of `size` keys whose three are known ids
    and a pressure of 1-5, in plain JSON types; None otherwise (the full check names
    what is wrong)."""
    if type(value) is not dict or len(value) != size:
        return None
    region, technique = value.get("region"), value.get("technique")
    pressure = value.get("pressure")
    if not (type(region) is str and region in REGIONS):
        return None
    if not (type(technique) is str and technique in TECHNIQUES):
        return None
    if not (type(pressure) is int and 1 <= pressure <= 5):
        return None
    return region, technique, pressure


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


def _plain_flag(value: Any) -> Flag | None:
    """As `_plain_item`, for a too-much flag."""
    pressed = _plain_pressed(value, 3)
    return Flag(*pressed) if pressed else None


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
        items=tuple(_plain_item(x) or _item(x, f"{path}.items[{i}]") for i, x in enumerate(items)),
        too_much=tuple(
            _plain_flag(x) or _flag(x, f"{path}.too_much[{i}]") for i, x in enumerate(flags)
        ),
        flare=_flare(obj.get("flare"), f"{path}.flare"),
        tightness_before=_tightness_map(obj, "tightness_before", path),
        tightness_after=_tightness_map(obj, "tightness_after", path),
    )


def _tightness_map(obj: dict, key: str, path: str) -> dict[str, float]:
    value = obj.get(key, {})
    plain = _plain_tightness(value)
    return _region_map(value, f"{path}.{key}", _tightness_value) if plain is None else plain


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


# Ranges a population's parameters may take: inside the engine's grids (risk.SHIFT,
# relief.MULTIPLIER), and wide enough for any practice the prior could meet.
POPULATION_RANGES = {
    ("threshold_shift", "mean"): (-2.5, 1.5),
    ("threshold_shift", "sd"): (0.2, 2.0),
    ("relief", "log_mean"): (-1.0, 1.0),
    ("relief", "log_sd"): (0.1, 1.0),
    ("flags", "speak_up"): (0.1, 0.95),
}


def _bounded(value: Any, path: str, low: float, high: float) -> float:
    if not _is_number(value) or not low <= value <= high:
        raise _fail(path, f"must be a number from {low:g} to {high:g}, got {_show(value)}")
    return float(value)


def parse_population(value: Any, path: str = "population") -> Population:
    """Validate a population (what `fit_population` returns); errors start with `path`."""
    groups = sorted({group for group, _ in POPULATION_RANGES})
    obj = _object(value, path, ("version", "clients", *groups), ("version", "clients", *groups))
    if obj["version"] != 1 or not _is_int(obj["version"]):
        raise _fail(f"{path}.version", f"must be 1, got {_show(obj['version'])}")
    if not _is_int(obj["clients"]) or obj["clients"] < 0:
        raise _fail(f"{path}.clients", f"must be a whole number >= 0, got {_show(obj['clients'])}")
    numbers = {}
    for group in groups:
        keys = tuple(k for g, k in POPULATION_RANGES if g == group)
        part = _object(obj[group], f"{path}.{group}", keys, keys)
        for key in keys:
            low, high = POPULATION_RANGES[(group, key)]
            numbers[(group, key)] = _bounded(part[key], f"{path}.{group}.{key}", low, high)
    return Population(
        clients=obj["clients"],
        shift_mean=numbers[("threshold_shift", "mean")],
        shift_sd=numbers[("threshold_shift", "sd")],
        relief_log_mean=numbers[("relief", "log_mean")],
        relief_log_sd=numbers[("relief", "log_sd")],
        speak_up=numbers[("flags", "speak_up")],
    )


REQUEST_FIELDS = ("client", "history", "minutes", "population")


def parse_request(request: Any) -> Request:
    """Validate `request` (the contract's JSON shape) and return it as typed records."""
    obj = _object(request, "", REQUEST_FIELDS, ("client", "minutes"))
    population = obj.get("population")
    return Request(
        client=_client(obj["client"], "client"),
        history=_history(obj.get("history", []), "history"),
        minutes=_session_minutes(obj["minutes"], "minutes"),
        population=None if population is None else parse_population(population),
    )

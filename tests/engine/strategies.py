"""Hypothesis strategies for valid engine requests, shared by the engine's tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from safetouch.engine.catalog import REGIONS, TECHNIQUES

REGION_IDS = sorted(REGIONS)
TECHNIQUE_IDS = sorted(TECHNIQUES)

regions = st.sampled_from(REGION_IDS)
techniques = st.sampled_from(TECHNIQUE_IDS)
pressures = st.integers(1, 5)
tightness_values = st.one_of(st.integers(0, 10), st.floats(0, 10, allow_nan=False))


@st.composite
def bans(draw) -> dict:
    ban = {"technique": draw(techniques)}
    if draw(st.booleans()):
        ban["region"] = draw(regions)
    return ban


@st.composite
def clients(draw) -> dict:
    client = {
        "avoid": draw(st.lists(regions, max_size=6, unique=True)),
        "max_pressure": draw(st.dictionaries(regions, pressures, max_size=5)),
        "banned": draw(st.lists(bans(), max_size=4)),
        "tightness": draw(st.dictionaries(regions, tightness_values, min_size=1, max_size=12)),
    }
    if draw(st.booleans()):
        client["risk_tolerance"] = draw(st.floats(0.001, 0.5))
    return client


@st.composite
def items(draw) -> dict:
    return {
        "region": draw(regions),
        "technique": draw(techniques),
        "pressure": draw(pressures),
        "minutes": draw(st.one_of(st.integers(1, 40), st.floats(0.5, 40))),
    }


@st.composite
def sessions(draw, day: dt.date) -> dict:
    worked = draw(st.lists(items(), max_size=6))
    flagged = [
        {"region": i["region"], "technique": i["technique"], "pressure": i["pressure"]}
        for i in worked
        if draw(st.booleans()) and draw(st.booleans())
    ]
    flagged += draw(st.lists(st.builds(_flag, regions, techniques, pressures), max_size=1))
    session = {"date": day.isoformat(), "items": worked, "too_much": flagged}
    flare = draw(st.sampled_from([True, False, False, None, "missing"]))
    if flare != "missing":
        session["flare"] = flare
    if worked and draw(st.booleans()):
        session["tightness_before"] = {i["region"]: draw(tightness_values) for i in worked}
        session["tightness_after"] = {i["region"]: draw(tightness_values) for i in worked}
    return session


def _flag(region: str, technique: str, pressure: int) -> dict:
    return {"region": region, "technique": technique, "pressure": pressure}


@st.composite
def histories(draw, max_sessions: int = 8) -> list[dict]:
    gaps = draw(st.lists(st.integers(0, 30), max_size=max_sessions))
    day, out = dt.date(2026, 1, 5), []
    for gap in gaps:
        day += dt.timedelta(days=gap)
        out.append(draw(sessions(day)))
    return out


@st.composite
def requests(draw) -> dict:
    request = {"client": draw(clients()), "minutes": draw(st.integers(10, 180))}
    history = draw(histories())
    if history or draw(st.booleans()):
        request["history"] = history
    flagged = sorted({(f["region"], f["technique"]) for s in history for f in s["too_much"]})
    if flagged and draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(flagged), unique=True))
        request["client"]["lighter_ok"] = [{"region": r, "technique": t} for r, t in chosen]
    return request


@st.composite
def routine_requests(draw) -> dict:
    """A client with a routine: the same items session after session, mostly tolerated.

    Random histories rarely repeat an item; this one exercises "tolerated" and its kin.
    """
    request = draw(requests())
    routine = draw(st.lists(items(), min_size=1, max_size=5))
    day, history = dt.date(2026, 1, 5), []
    for k in range(draw(st.integers(1, 4))):
        worked = [
            {**i, "pressure": draw(st.sampled_from([i["pressure"], max(1, i["pressure"] - 1)]))}
            for i in routine
        ]
        session = {"date": (day + dt.timedelta(weeks=k)).isoformat(), "items": worked}
        session["flare"] = draw(st.sampled_from([False, False, False, True, None]))
        if draw(st.integers(0, 4)) == 0:
            flagged = draw(st.sampled_from(worked))
            session["too_much"] = [_flag(flagged["region"], flagged["technique"], 4)]
        history.append(session)
    request["history"] = history
    tight = {i["region"]: draw(st.integers(1, 10)) for i in routine}
    request["client"]["tightness"] = {**request["client"]["tightness"], **tight}
    return request

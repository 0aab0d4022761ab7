"""Estimate a plan someone adjusted by hand, with the same models `recommend` plans with.

`assess(request, items) -> {"flare_risk", "expected_relief"}`: the request as in
../shared/engine-contract.md, the items as in its response. It checks no limits (the
caller refuses what breaks them); it only says how risky and how useful the items are.
"""

from __future__ import annotations

import math

from safetouch.engine import population, relief
from safetouch.engine.errors import EngineError
from safetouch.engine.validate import _item, parse_request


def assess(request: dict, items: list[dict]) -> dict:
    req = parse_request(request)
    if not isinstance(items, list):
        raise EngineError(f"items: must be a list, got {type(items).__name__}")
    parsed = [_item(x, f"items[{i}]") for i, x in enumerate(items)]
    posterior = population.risk_posterior(req)
    rates = population.relief_rates(req)
    hazard = sum(
        posterior.mean_hazard(i.region, i.technique, i.pressure, i.minutes) for i in parsed
    )
    gain = sum(
        rates.relieved(
            i.region,
            req.client.tightness.get(i.region, 0.0),
            relief.dose(i.technique, i.pressure, i.minutes),
        )
        for i in parsed
    )
    return {"flare_risk": round(-math.expm1(-hazard), 4), "expected_relief": round(gain, 2)}

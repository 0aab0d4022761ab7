"""The engine's plans, remembered per process: the engine is pure, so the same request
always has the same answer, and a page shown again costs no solver run."""

from __future__ import annotations

import json
from functools import lru_cache

from safetouch.engine import recommend


def plan_for(request: dict) -> dict:
    """recommend(request), remembered per process."""
    return json.loads(_plan_json(json.dumps(request, sort_keys=True)))


@lru_cache(maxsize=512)
def _plan_json(request_json: str) -> str:
    return json.dumps(recommend(json.loads(request_json)))

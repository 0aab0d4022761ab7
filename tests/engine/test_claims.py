"""Every claim in a plan's `why` and `changes[].reason` is literally true of its request.

The engine builds claims from structured data and words them at the end
(engine/explain.py); this test reads the words back and recounts each claim from the
raw request, independently of the engine (engine-contract.md, "what changed").
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetouch.engine import recommend
from safetouch.engine.catalog import TECHNIQUES
from safetouch.engine.cautions import contraindicated
from safetouch.engine.risk import effective_pressure

from .strategies import requests, routine_requests

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = {t.name.lower(): tid for tid, t in TECHNIQUES.items()}
T = "({})".format("|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True)))
N = r"(\d+) sessions?"
WHEN = r"(?:on (\d{4}-\d\d-\d\d)|in session (\d+))"
MODEL = (
    "the one new step this session, so any flare can be traced",
    "flare risk too high here for her tolerance, even light and short",
    "the minutes and her flare limit do more on other regions",
)


def tolerated(request: dict, region: str, technique: str, pressure: int) -> int:
    """Sessions with no flare (false) and no flag on the region that did exactly this."""
    count = 0
    for session in request.get("history", []):
        flagged = {f["region"] for f in session.get("too_much", [])}
        if session.get("flare") is not False or region in flagged:
            continue
        count += any(
            (i["region"], i["technique"], i["pressure"]) == (region, technique, pressure)
            for i in session["items"]
        )
    return count


def _plural_ok(text: str, n: int) -> bool:
    return text.endswith("session" if n == 1 else "sessions")


def _session(request: dict, date: str | None, index: str | None) -> list[dict]:
    history = request.get("history", [])
    if index is not None:
        return [history[int(index) - 1]]
    return [s for s in history if s.get("date") == date]


class Checker:
    """Checks one segment of a reason about `region`, planned as `item` (or None)."""

    def __init__(self, request: dict, region: str, item: dict | None, change: dict | None):
        self.request, self.region, self.item, self.change = request, region, item, change
        self.client = request["client"]

    def check(self, segment: str) -> None:
        for pattern, method in RULES:
            match = re.fullmatch(pattern, segment)
            if match:
                assert method(self, match, segment), (segment, self.region, self.request)
                return
        assert segment in MODEL, f"unknown claim {segment!r}"

    def tightness(self, m, _) -> bool:
        return m[1] == f"{self.client['tightness'].get(self.region, 0.0):g}"

    def tolerated(self, m, text) -> bool:
        n = tolerated(self.request, self.region, NAMES[m[1]], int(m[2]))
        return n == int(m[3]) >= 1 and _plural_ok(text, n)

    def step_up(self, m, text) -> bool:
        steps = 1 if m[1] == "one step" else int(m[2])
        t, q, n = NAMES[m[3]], int(m[4]), int(m[5])
        planned = self.item or self.change["to"]
        ok = planned["technique"] == t and planned["pressure"] - q == steps
        return ok and tolerated(self.request, self.region, t, q) == n >= 1

    def borrowed(self, m, _) -> bool:
        mine = tolerated(self.request, self.region, NAMES[m[1]], int(m[2]))
        theirs = tolerated(self.request, self.region, NAMES[m[3]], int(m[4]))
        return mine == 0 and theirs == int(m[5]) >= 1 and m[1] != m[3]

    def load(self, m, _) -> bool:
        mine = effective_pressure(NAMES[m[1]], int(m[2]))
        theirs = effective_pressure(NAMES[m[4]], int(m[5]))
        return {"less than": mine < theirs, "more than": mine > theirs}.get(
            m[3], abs(mine - theirs) < 0.05
        )

    def flare(self, m, _) -> bool:
        sessions = _session(self.request, m[3], m[4])
        return any(
            s.get("flare") is True
            and any(
                (i["region"], i["technique"], i["pressure"])
                == (self.region, NAMES[m[1]], int(m[2]))
                for i in s["items"]
            )
            for s in sessions
        )

    def untolerated(self, m, _) -> bool:
        worked = [i for s in self.request.get("history", []) for i in s["items"]]
        mine = [i for i in worked if i["region"] == self.region]
        return bool(mine) and not any(
            tolerated(self.request, self.region, i["technique"], i["pressure"]) for i in mine
        )

    def untried(self, m, _) -> bool:
        worked = {i["region"] for s in self.request.get("history", []) for i in s["items"]}
        return self.region not in worked

    def _flags(self, technique: str) -> list[tuple[int, dict]]:
        return [
            (f["pressure"], s)
            for s in self.request.get("history", [])
            for f in s.get("too_much", [])
            if (f["region"], f["technique"]) == (self.region, technique)
        ]

    def flagged(self, m, _) -> bool:
        flags = self._flags((self.item or self.change["to"])["technique"])
        lowest = min((p for p, _ in flags), default=None)
        sessions = _session(self.request, m[2], m[3])
        return lowest == int(m[1]) and any(p == lowest and s in sessions for p, s in flags)

    def too_much(self, m, _) -> bool:
        sessions = _session(self.request, m[3], m[4])
        return any(p == int(m[2]) and s in sessions for p, s in self._flags(NAMES[m[1]]))

    def cap(self, m, _) -> bool:
        return self.client["max_pressure"].get(self.region) == int(m[1])

    def minutes(self, m, _) -> bool:
        delta = self.change["to"]["minutes"] - self.change["from"]["minutes"]
        more = m[0].startswith(m[1] + " more")
        return delta == (int(m[1]) if more else -int(m[1]))

    def more_minutes(self, m, text) -> bool:
        return self.minutes(m, text) and m[2] == f"{self.client['tightness'][self.region]:g}"

    def banned(self, m, _) -> bool:
        return any(
            b["technique"] == NAMES[m[1]] and b.get("region") in (None, self.region)
            for b in self.client["banned"]
        )

    def si_caution(self, m, _) -> bool:
        return contraindicated(self.region, NAMES[m[1]])

    def after_flare(self, m, _) -> bool:
        last = self.request["history"][-1]
        return last.get("flare") is True and _session(self.request, m[1], m[2])[-1] is last

    def avoided(self, m, _) -> bool:
        return self.region in self.client["avoid"]

    def not_tight(self, m, _) -> bool:
        return self.client["tightness"].get(self.region, 0) <= 0

    def compare(self, m, _) -> bool:
        change = self.change
        if m[1] is not None:
            return change["from"]["pressure"] == int(m[2]) and change["to"]["pressure"] == int(
                m[1]
            )
        return (NAMES[m[3]], NAMES[m[4]]) == (
            change["to"]["technique"],
            change["from"]["technique"],
        )

    def one_per_region(self, m, _) -> bool:
        return any(
            (i["region"], i["technique"]) == (self.region, NAMES[m[1]]) for i in self.plan_items
        )


RULES = [
    (r"tightness ([\d.e+-]+)", Checker.tightness),
    (rf"{T} at (\d) tolerated in {N}", Checker.tolerated),
    (rf"(one step|(\d) steps) up from {T} at (\d), tolerated in {N}", Checker.step_up),
    (rf"{T} at (\d) not tolerated here yet, but {T} at (\d) was, in {N}", Checker.borrowed),
    (
        rf"{T} at (\d) loads the joint (less than|about as much as|more than) {T} at (\d)",
        Checker.load,
    ),
    (rf"a flare followed {T} at (\d) {WHEN}: starting again at \d", Checker.flare),
    (r"no tolerated session here yet: starting at pressure \d", Checker.untolerated),
    (r"not worked before: starting light at pressure \d", Checker.untried),
    (rf"kept below pressure (\d): too much {WHEN}", Checker.flagged),
    (r"at the client's cap of (\d)", Checker.cap),
    (r"(\d+) more minutes for tightness ([\d.e+-]+)", Checker.more_minutes),
    (r"(\d+) fewer minutes", Checker.minutes),
    (rf"{T} was too much at (\d) {WHEN}", Checker.too_much),
    (rf"{T} is banned by the client", Checker.banned),
    (rf"{T} is not used here: SI caution", Checker.si_caution),
    (r"the client's cap here is (\d)", Checker.cap),
    (
        rf"a flare followed the last session {WHEN}: only lighter or known work",
        Checker.after_flare,
    ),
    (r"now on the client's never-touch list", Checker.avoided),
    (r"no tightness reported here now", Checker.not_tight),
    (
        rf"(?:pressure (\d) instead of (\d)|{T} instead of {T}): "
        r"(?:more|about the same|less) relief with "
        r"(?:a higher|about the same|a lower) flare estimate",
        Checker.compare,
    ),
    (rf"one technique per region: {T} this time", Checker.one_per_region),
]


def _check_reasons(request: dict, response: dict) -> None:
    for item in response["items"]:
        checker = Checker(request, item["region"], item, None)
        checker.plan_items = response["items"]
        for segment in item["why"].split("; "):
            checker.check(segment)
    for change in response.get("changes", []):
        checker = Checker(request, change["region"], None, change)
        checker.plan_items = response["items"]
        for segment in change["reason"].split("; "):
            checker.check(segment)


def _check_changes(request: dict, response: dict) -> None:
    history = request.get("history", [])
    if not history:
        assert "changes" not in response
        return
    last = history[-1]["items"]
    planned = {i["region"]: i for i in response["items"]}
    seen = set()
    for change in response["changes"]:
        region, kind = change["region"], change["change"]
        seen.add(region)
        before = [i for i in last if i["region"] == region]
        assert ("from" in change) == bool(before) and ("to" in change) == (kind != "dropped")
        if "to" in change:
            item = planned[region]
            assert change["to"] == {k: item[k] for k in ("technique", "pressure", "minutes")}
        if "from" in change:
            was = change["from"]
            assert any(
                (i["technique"], i["pressure"], round(i["minutes"]))
                == (was["technique"], was["pressure"], was["minutes"])
                for i in before
            )
        if kind not in ("new", "dropped"):
            was, now = change["from"], change["to"]
            expect = (
                "switched"
                if was["technique"] != now["technique"]
                else {0: "kept", 1: "deeper", -1: "lighter"}[
                    (now["pressure"] > was["pressure"]) - (now["pressure"] < was["pressure"])
                ]
            )
            assert kind == expect
    assert seen == set(planned) | {i["region"] for i in last}


@PROPERTY
@given(st.one_of(requests(), routine_requests()))
def test_every_claim_in_why_and_changes_is_true_of_the_history(request):
    response = recommend(request)
    _check_reasons(request, response)


@PROPERTY
@given(st.one_of(requests(), routine_requests()))
def test_changes_read_the_plan_against_the_last_session(request):
    _check_changes(request, recommend(request))

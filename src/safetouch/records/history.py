"""Which way a change to a limit goes (stricter or looser), and how to say it in words.

Plain functions of a limit's state before and after, so the services, the dashboard and
the hand-off sheet read a change the same way. States are those `LimitChange` stores.
"""

from __future__ import annotations

from safetouch.engine.catalog import REGIONS, TECHNIQUES

MAX_PRESSURE = 5
CAUTIOUS = ("avoid", "caution")


def zone_state(rule: str | None, cap: int | None) -> dict | None:
    return None if rule is None else {"rule": rule, "cap": cap}


def _allowed(state: dict | None) -> int:
    """The deepest pressure a zone allows: 0 never touch, its cap, else 5."""
    if state is None:
        return MAX_PRESSURE
    if state["rule"] == "avoid":
        return 0
    return state["cap"] or MAX_PRESSURE


def zone_loosens(before: dict | None, after: dict | None) -> bool:
    """Deeper pressure allowed, or a never-touch or caution zone no longer one.

    Focus without a cap is a wish, not a limit: setting or clearing it loosens nothing.
    """
    if _allowed(after) > _allowed(before):
        return True
    was = (before or {}).get("rule")
    now = (after or {}).get("rule")
    return was in CAUTIOUS and now not in CAUTIOUS


def loosens(kind: str, before, after) -> bool:
    if kind == "zone":
        return zone_loosens(before, after)
    if kind == "ban":
        return before is not None and after is None
    if kind == "tolerance":
        return after > before
    # Time face down: None is no limit at all.
    return after is None and before is not None or (None not in (before, after) and after > before)


def ban_subject(technique: str, region: str) -> str:
    return f"{technique}:{region}"


def describe(kind: str, subject: str, before, after) -> str:
    """A change in words, after the actor's name: "removed Lower back from never touch"."""
    return {"zone": _zone, "ban": _ban, "tolerance": _tolerance, "prone": _prone}[kind](
        subject, before, after
    )


def _zone(region: str, before: dict | None, after: dict | None) -> str:
    name = REGIONS[region].name if region in REGIONS else region
    was, now = (before or {}).get("rule"), (after or {}).get("rule")
    if was == "avoid" and now != "avoid":
        rest = f" and set it to {_rule_words(after)}" if after else ""
        return f"removed {name} from never touch{rest}"
    if now == "avoid":
        return f"marked {name} never touch"
    if after is None:
        return f"cleared the rule on {name} (was {_rule_words(before)})"
    if was == now and before["cap"] != after["cap"]:
        return f"{_cap_change(before['cap'], after['cap'])} on {name}"
    return f"set {name} to {_rule_words(after)}"


def _rule_words(state: dict) -> str:
    words = {"avoid": "never touch", "caution": "caution", "focus": "focus"}[state["rule"]]
    return f"{words}, max pressure {state['cap']}" if state.get("cap") else words


def _cap_change(old: int | None, new: int | None) -> str:
    if old is None:
        return f"set a pressure cap of {new}"
    if new is None:
        return f"removed the pressure cap of {old}"
    verb = "raised" if new > old else "lowered"
    return f"{verb} the pressure cap from {old} to {new}"


def _ban(subject: str, before, after) -> str:
    technique, _, region = subject.partition(":")
    what = TECHNIQUES[technique].name if technique in TECHNIQUES else technique
    where = f"on {REGIONS[region].name}" if region in REGIONS else "anywhere"
    return f"banned {what} {where}" if after else f"lifted the ban on {what} {where}"


def _tolerance(subject: str, before: float, after: float) -> str:
    verb = "raised" if after > before else "lowered"
    return f"{verb} the flare limit from {before * 100:g}% to {after * 100:g}%"


def _prone(subject: str, before, after) -> str:
    if after is None:
        return f"removed the limit of {before} minutes face down"
    if before is None:
        return f"limited time face down to {after} minutes"
    verb = "raised" if after > before else "lowered"
    return f"{verb} the time face down from {before} to {after} minutes"

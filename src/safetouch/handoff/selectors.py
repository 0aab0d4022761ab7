"""Reads for the hand-off sheet and the share links."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from safetouch.clients.bodymap import bodymap_context
from safetouch.clients.selectors import limits_last_changed, zone_map
from safetouch.engine.catalog import POSITIONS, PRESSURE_LABELS, REGIONS, TECHNIQUES
from safetouch.handoff.models import ShareLink, token_hash
from safetouch.records.load import load_record
from safetouch.records.models import ClientProfile, ZoneRule
from safetouch.records.types import Record
from safetouch.treatments.limits import RULE_NAMES
from safetouch.treatments.versions import flagged_pairs

PAPERS = {"a4": "A4", "letter": "Letter"}

# Warning signs for a therapist who has never met her: stop the stroke, do not just
# lighten it. From the aggravators and cautions in ../shared/domain.md.
STOP_SIGNS = [
    "a sharp, pinching or catching feeling in the low back, pelvis or buttock",
    "a click, clunk or shift near the SI joints, or the pelvis feeling \u201cout\u201d",
    "pain spreading into the groin or down a leg",
    "I tense up, hold my breath or pull away: the pressure is too much",
    "I say \u201ctoo much\u201d: stop that stroke there, and do not try it again today",
]


def link_for_token(token: str) -> ShareLink | None:
    """The link a token opens, in any state; None when no link has that token."""
    return ShareLink.objects.select_related("client").filter(token_hash=token_hash(token)).first()


def share_links(client: ClientProfile) -> QuerySet[ShareLink]:
    return client.share_links.all()


def too_much_before(client: ClientProfile, *, record: Record | None = None) -> list[dict]:
    """What she said was too much, in the engine's own words (as "Not in this plan"),
    judged once per version of her record."""
    pairs = flagged_pairs(record or load_record(client))
    return sorted(pairs, key=lambda f: (f["region_name"], f["technique_name"]))


def logged_against_limits(record: Record, *, last: int = 6) -> list[dict]:
    """The latest items logged although engine.check refused them, newest first, each
    with the names of the rules it broke."""
    broken = sorted(
        ((session, item) for session in record.sessions for item in session.items if item.breaks),
        key=lambda pair: (pair[0].date, pair[1].pk),
        reverse=True,
    )
    return [
        {
            "region": REGIONS[item.region].name,
            "technique": TECHNIQUES[item.technique].name,
            "pressure": item.pressure,
            "date": session.date,
            "rules": ", ".join(RULE_NAMES[b["rule"]].lower() for b in item.breaks),
        }
        for session, item in broken[:last]
    ]


def _limits(record: Record) -> dict:
    rules = sorted(record.zones, key=lambda z: REGIONS[z.region].name)
    return {
        "never_touch": [REGIONS[z.region].name for z in rules if z.rule == ZoneRule.Rule.AVOID],
        "caps": sorted(
            ((REGIONS[z.region].name, z.pressure_cap) for z in rules if z.pressure_cap),
            key=lambda pair: (pair[1], pair[0]),
        ),
        "banned": [
            (TECHNIQUES[b.technique].name, REGIONS[b.region].name if b.region else "anywhere")
            for b in record.banned
        ],
    }


def sheet_context(
    client: ClientProfile,
    *,
    today: dt.date,
    plan: dict | None = None,
    paper: str = "a4",
    record: Record | None = None,
) -> dict:
    """Everything the one-page sheet shows; `plan` is a planning.selectors plan or None;
    `record`: her record, when loaded already (for the plan)."""
    record = record or load_record(client)
    zones = zone_map(record)
    return {
        "client": client,
        "today": today,
        "paper": paper,
        "paper_name": PAPERS[paper],
        "position": POSITIONS[client.position],
        "stop_signs": STOP_SIGNS,
        "too_much": too_much_before(client, record=record),
        "logged_against": logged_against_limits(record),
        "pressure_labels": sorted(PRESSURE_LABELS.items()),
        "plan": plan,
        "svg_id": "sheet",
        "limits_changed": limits_last_changed(client),
        "last_session": record.last_session,
        **_limits(record),
        **bodymap_context(zones),
    }

"""Reads for the hand-off sheet and the share links."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from safetouch.clients.models import ClientProfile, ZoneRule
from safetouch.clients.selectors import limits_last_changed, zone_map
from safetouch.clients.views import bodymap_context
from safetouch.engine.catalog import POSITIONS, PRESSURE_LABELS, REGIONS
from safetouch.handoff.models import ShareLink, token_hash
from safetouch.treatments.limits import RULE_NAMES
from safetouch.treatments.models import MassageSession, SessionItem
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


def too_much_before(client: ClientProfile, *, rows: tuple | None = None) -> list[dict]:
    """What she said was too much, in the engine's own words (as "Not in this plan")."""
    pairs = flagged_pairs(client, rows=rows)
    return sorted(pairs, key=lambda f: (f["region_name"], f["technique_name"]))


def logged_against_limits(client: ClientProfile, *, last: int = 6) -> list[dict]:
    """The latest items logged although engine.check refused them, newest first, each
    with the names of the rules it broke."""
    items = (
        SessionItem.objects.filter(session__client=client)
        .exclude(breaks=[])
        .select_related("session")
        .order_by("-session__date", "-pk")
    )
    return [
        {
            "region": item.get_region_display(),
            "technique": item.get_technique_display(),
            "pressure": item.pressure,
            "date": item.session.date,
            "rules": ", ".join(RULE_NAMES[b["rule"]].lower() for b in item.breaks),
        }
        for item in items[:last]
    ]


def _limits(client: ClientProfile, zones: dict[str, ZoneRule]) -> dict:
    rules = sorted(zones.values(), key=lambda z: REGIONS[z.region].name)
    return {
        "never_touch": [REGIONS[z.region].name for z in rules if z.rule == ZoneRule.Rule.AVOID],
        "caps": sorted(
            ((REGIONS[z.region].name, z.pressure_cap) for z in rules if z.pressure_cap),
            key=lambda pair: (pair[1], pair[0]),
        ),
        "banned": [
            (b.get_technique_display(), b.get_region_display() if b.region else "anywhere")
            for b in client.banned.all()
        ],
    }


def last_session(client: ClientProfile) -> MassageSession | None:
    """Her latest session, with who did it and the note left for next time."""
    sessions = MassageSession.objects.for_client(client).select_related("therapist")
    return sessions.order_by("-date", "-id").first()


def sheet_context(
    client: ClientProfile,
    *,
    today: dt.date,
    plan: dict | None = None,
    paper: str = "a4",
    rows: tuple | None = None,
) -> dict:
    """Everything the one-page sheet shows; `plan` is a planning.selectors plan or None;
    `rows`: her `treatments.versions.record_rows`, when read already."""
    zones = zone_map(client)
    return {
        "client": client,
        "today": today,
        "paper": paper,
        "paper_name": PAPERS[paper],
        "position": POSITIONS[client.position],
        "stop_signs": STOP_SIGNS,
        "too_much": too_much_before(client, rows=rows),
        "logged_against": logged_against_limits(client),
        "pressure_labels": sorted(PRESSURE_LABELS.items()),
        "plan": plan,
        "svg_id": "sheet",
        "limits_changed": limits_last_changed(client),
        "last_session": last_session(client),
        **_limits(client, zones),
        **bodymap_context(client, zones),
    }

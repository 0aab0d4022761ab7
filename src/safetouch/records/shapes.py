"""Her record in the shapes readers send out, as plain data (dicts of JSON-ready
values): the API's records and the account file's sections. The API's schemas and the
file's records validate these; no schema lives here."""

from __future__ import annotations

from typing import Any

from safetouch.records.types import CheckIn, Record, Session

# --- the API -------------------------------------------------------------------------


def item_out(item: Any) -> dict:
    """An item as logged (a loaded one or a row just stored), with what engine.check
    refused in it then (stored on it)."""
    breaks = [dict(b) for b in item.breaks]
    return {
        "id": item.pk,
        "region": item.region,
        "technique": item.technique,
        "pressure": item.pressure,
        "minutes": item.minutes,
        "too_much": item.too_much,
        "breach": " ".join(b["reason"] for b in breaks) or None,
        "breaks": breaks,
    }


def outcome_out(session: Session) -> dict | None:
    if session.outcome is None:
        return None
    return {
        "flare": session.outcome.flare,
        "hours_after": session.outcome.hours_after,
        "notes": session.outcome.notes,
        "tightness": {t.region: {"before": t.before, "after": t.after} for t in session.tightness},
    }


def session_out(session: Session) -> dict:
    return {
        "id": session.pk,
        "date": session.date,
        "minutes": session.minutes,
        "position": session.position,
        "therapist": session.therapist.name if session.therapist else None,
        "notes": session.notes,
        "items": [item_out(i) for i in session.items],
        "outcome": outcome_out(session),
    }


def checkin_out(checkin: CheckIn) -> dict:
    return {
        "id": checkin.pk,
        "at": checkin.at,
        "training_minutes": checkin.training_minutes,
        "temperature_c": checkin.temperature_c,
        "notes": checkin.notes,
        "tightness": {t.region: t.value for t in checkin.tightness},
        "stretches": list(checkin.stretches),
    }


PROFILE_FIELDS = ("first_name", "position", "prone_max_minutes", "positioning_notes")


def profile_fields(client: Any) -> dict:
    """Who she is and her standing settings: the API's profile and the account file's."""
    return {
        **{name: getattr(client, name) for name in PROFILE_FIELDS},
        "risk_tolerance": client.risk_tolerance,
    }


def profile_out(record: Record) -> dict:
    return {
        "id": record.client.pk,
        **profile_fields(record.client),
        "zones": [
            {"region": z.region, "rule": z.rule, "pressure_cap": z.pressure_cap}
            for z in record.zones
        ],
        "banned": [{"technique": b.technique, "region": b.region or None} for b in record.banned],
    }


# --- the account file ----------------------------------------------------------------


def zones_dump(record: Record) -> list[dict]:
    return [
        {"region": z.region, "rule": z.rule, "pressure_cap": z.pressure_cap, "updated": z.updated}
        for z in record.zones
    ]


def banned_dump(record: Record) -> list[dict]:
    return [{"technique": b.technique, "region": b.region or None} for b in record.banned]


def lighter_ok_dump(record: Record) -> list[dict]:
    return [{"region": p.region, "technique": p.technique} for p in record.lighter_ok]


def therapists_dump(record: Record) -> list[dict]:
    return [{"name": t.name, "account_email": t.account_email} for t in record.therapists]


def session_dump(session: Session) -> dict:
    outcome = session.outcome
    return {
        "date": session.date,
        "minutes": session.minutes,
        "position": session.position,
        "therapist": session.therapist.name if session.therapist else None,
        "notes": session.notes,
        "next_time": session.next_time,
        "created": session.created,
        "items": [
            {
                "region": i.region,
                "technique": i.technique,
                "pressure": i.pressure,
                "minutes": i.minutes,
                "too_much": i.too_much,
                "breaks": [dict(b) for b in i.breaks],
            }
            for i in session.items
        ],
        "outcome": outcome
        and {
            "flare": outcome.flare,
            "hours_after": outcome.hours_after,
            "notes": outcome.notes,
            "recorded": outcome.recorded,
        },
        "tightness": [
            {"region": t.region, "before": t.before, "after": t.after} for t in session.tightness
        ],
    }


def sessions_dump(record: Record) -> list[dict]:
    return [session_dump(s) for s in record.sessions]


def checkins_dump(record: Record) -> list[dict]:
    return [
        {
            "at": c.at,
            "training_minutes": c.training_minutes,
            "temperature_c": c.temperature_c,
            "notes": c.notes,
            "created": c.created,
            "updated": c.updated,
            "tightness": [{"region": t.region, "value": t.value} for t in c.tightness],
            "stretches": list(c.stretches),
        }
        for c in record.checkins
    ]


def routine_dump(record: Record) -> list[str]:
    return list(record.routine)


def preferences_dump(record: Record) -> dict | None:
    prefs = record.preferences
    if not prefs.saved:
        return None
    return {
        "temperature_unit": prefs.temperature_unit,
        "limit_level": prefs.limit_level,
        "stretch_days": prefs.stretch_days,
    }

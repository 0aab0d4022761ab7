"""Reads that shape records for the API."""

from __future__ import annotations

from safetouch.api.schemas import BannedOut, ClientSummary, OutcomeOut, SessionOut, ZoneOut
from safetouch.records.access import accesses_of
from safetouch.records.models import ClientProfile, MassageSession, SessionItem


def client_summaries(user) -> list[ClientSummary]:
    """Every profile the user may read, with how far she may go."""
    return [
        ClientSummary(id=a.client.pk, first_name=a.client.first_name, access=a.level)
        for a in accesses_of(user)
    ]


def profile_out(client: ClientProfile) -> dict:
    return {
        "id": client.pk,
        "first_name": client.first_name,
        "position": client.position,
        "prone_max_minutes": client.prone_max_minutes,
        "positioning_notes": client.positioning_notes,
        "risk_tolerance": client.risk_tolerance,
        "zones": [ZoneOut.model_validate(z) for z in client.zones.all()],
        "banned": [
            BannedOut(technique=b.technique, region=b.region or None) for b in client.banned.all()
        ],
    }


def item_out(item: SessionItem) -> dict:
    """An item as logged, with what engine.check refused in it then (stored on it)."""
    return {
        "id": item.pk,
        "region": item.region,
        "technique": item.technique,
        "pressure": item.pressure,
        "minutes": item.minutes,
        "too_much": item.too_much,
        "breach": " ".join(b["reason"] for b in item.breaks) or None,
        "breaks": item.breaks,
    }


def session_out(session: MassageSession) -> SessionOut:
    items = [item_out(i) for i in session.items.all()]
    return SessionOut(
        id=session.pk,
        date=session.date,
        minutes=session.minutes,
        position=session.position,
        therapist=session.therapist.name if session.therapist else None,
        notes=session.notes,
        items=items,
        outcome=_outcome_out(session),
    )


def _outcome_out(session: MassageSession) -> OutcomeOut | None:
    outcome = getattr(session, "outcome", None)
    if outcome is None:
        return None
    tightness = {t.region: {"before": t.before, "after": t.after} for t in session.tightness.all()}
    return OutcomeOut(
        flare=outcome.flare,
        hours_after=outcome.hours_after,
        notes=outcome.notes,
        tightness=tightness,
    )

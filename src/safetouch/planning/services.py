"""Start a session from a plan: an empty session log holding the plan as its checklist,
recorded item by item in in-session mode as it happens."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from safetouch.engine import fit_population
from safetouch.planning.models import PoolingConsent, Population
from safetouch.planning.selectors import Plan, history_request
from safetouch.records.access import clients_visible_to
from safetouch.records.engine_request import item_dict
from safetouch.records.load import load_records
from safetouch.records.models import CareGrant, ClientProfile, MassageSession, Therapist
from safetouch.treatments.services import session_create

User = get_user_model()


class PlanRefused(ValueError):
    """The plan breaks one of her hard limits; the message says which."""


def session_from_plan(
    *, client: ClientProfile, plan: Plan, date: dt.date, therapist: Therapist | None = None
) -> MassageSession:
    """A new session with the plan as its checklist and nothing recorded yet (items are
    recorded as they happen); a refused plan is not started."""
    if plan.refusals:
        raise PlanRefused(" ".join(plan.refusals))
    return session_create(
        client=client,
        date=date,
        minutes=plan.minutes,
        position=client.position,
        therapist=therapist,
        notes="Started from the SafeTouch plan.",
        planned=[item_dict(i) for i in plan.items],
    )


def pooling_set(*, client: ClientProfile, pooled: bool) -> PoolingConsent:
    """Turn her opt-in on or off; off takes her history out of the next fit."""
    consent, _ = PoolingConsent.objects.update_or_create(
        client=client, defaults={"pooled": pooled, "changed": timezone.now()}
    )
    return consent


# The request's session length does not matter to the fit: it reads only the history.
FIT_MINUTES = 60


def _store(therapist_id: int | None, requests: list[dict], now: dt.datetime) -> Population:
    fitted = fit_population(requests)
    population, _ = Population.objects.update_or_create(
        therapist_id=therapist_id,
        defaults={
            "parameters": fitted,
            "consenting": len(requests),
            "fitted_on": fitted["clients"],
            "fitted": now,
        },
    )
    return population


@transaction.atomic
def populations_fit() -> list[Population]:
    """Fit the server's population over every consenting client, and each therapist's
    over her consenting clients; replaces what was stored, so running it twice changes
    nothing but the date. A therapist with no client left loses her population."""
    now = timezone.now()
    consenting = ClientProfile.objects.filter(pooling_consent__pooled=True).order_by("pk")
    requests = {
        pk: history_request(record.client, FIT_MINUTES, record=record)
        for pk, record in load_records(consenting).items()
    }
    out = [_store(None, list(requests.values()), now)]
    therapists = (
        User.objects.filter(pk__in=CareGrant.objects.active().values("grantee_id"))
        .order_by("pk")
        .distinct()
    )
    for user in therapists:
        theirs = clients_visible_to(user).exclude(user=user).filter(pk__in=requests)
        ids = sorted(theirs.values_list("pk", flat=True))
        out.append(_store(user.pk, [requests[i] for i in ids], now))
    Population.objects.exclude(therapist=None).exclude(therapist__in=therapists).delete()
    return out

"""Reads for sharing: a client's grants and invitations, a therapist's clients."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from safetouch.core.prepared import Prepared
from safetouch.records.models import CareGrant


def grants_of(client) -> dict[str, list[CareGrant]]:
    """The client's grants split into active, pending invitations and past ones."""
    grants = CareGrant.with_invitations.filter(client=client).select_related("grantee")
    pending_ids = set(
        CareGrant.with_invitations.pending().filter(client=client).values_list("pk", flat=True)
    )
    split: dict[str, list[CareGrant]] = {"active": [], "pending": [], "past": []}
    for grant in grants:
        if grant.revoked is None and grant.grantee_id:
            split["active"].append(grant)
        elif grant.pk in pending_ids:
            split["pending"].append(grant)
        else:
            split["past"].append(grant)
    return split


def grants_received(user) -> QuerySet[CareGrant]:
    """The user's clients: active grants, by client's first name."""
    return (
        CareGrant.objects.active()
        .filter(grantee=user)
        .select_related("client")
        .order_by("client__first_name")
    )


def invitations_for(user) -> list[CareGrant]:
    """Open email invitations addressed to the user's email, in any case; none for a
    visitor. Each grant's client is read when asked for (they are few)."""
    if not user.is_authenticated:
        return []
    return _INVITATIONS.run(email=user.email.lower(), user_id=user.pk, now=timezone.now())


def _invitations(email: str, user_id: int, now: dt.datetime) -> QuerySet[CareGrant]:
    # The address compared lower-cased on both sides, as one plain value: `Prepared`
    # cannot swap the escaped pattern an `iexact` lookup writes.
    return (
        CareGrant.with_invitations.pending(now=now)
        .alias(email_lower=Lower("invite_email"))
        .filter(email_lower=email)
        .exclude(client__user_id=user_id)
        .order_by("pk")
    )


# Asked on the dashboard of every account: compiled once (safetouch.core.prepared).
_INVITATIONS = Prepared(_invitations, email=str, user_id=int, now=dt.datetime)

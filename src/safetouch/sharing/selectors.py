"""Reads for sharing: a client's grants and invitations, a therapist's clients."""

from __future__ import annotations

from django.db.models import QuerySet

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


def invitations_for(user) -> QuerySet[CareGrant]:
    """Open email invitations addressed to the user's email."""
    return (
        CareGrant.with_invitations.pending()
        .filter(invite_email__iexact=user.email)
        .exclude(client__user=user)
        .select_related("client")
    )

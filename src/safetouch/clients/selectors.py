"""Reads about clients, and the one permission check every page and endpoint uses."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from safetouch.audit.services import access_record
from safetouch.clients.models import CareGrant, ClientProfile


def clients_visible_to(user, *, write: bool = False) -> QuerySet[ClientProfile]:
    """Profiles the user owns or was granted (write=True: granted read-and-write)."""
    if not user.is_authenticated:
        return ClientProfile.objects.none()
    grants = CareGrant.objects.active().filter(grantee=user)
    if write:
        grants = grants.filter(access=CareGrant.Access.WRITE)
    return ClientProfile.objects.filter(
        Q(user=user) | Q(pk__in=grants.values("client_id"))
    ).distinct()


def client_for(
    request, client_id: int, *, write: bool = False, own: bool = False
) -> ClientProfile:
    """The one permission check: the client's profile if the request's user may see it
    (write=True: change it; own=True: it is her own, as for her whole account file);
    404 otherwise.

    Every page and endpoint that shows or changes a client's records calls this, so
    access rules (and the audit of who looked) live in one place. A stranger gets the
    same 404 as a missing record, so ids reveal nothing.
    """
    try:
        client = clients_visible_to(request.user, write=write).get(pk=client_id)
    except ClientProfile.DoesNotExist:
        raise Http404("No such client") from None
    if own and not is_own(request.user, client):
        raise Http404("No such client")
    access_record(request=request, client=client, write=write)
    return client


def own_profile(user) -> ClientProfile | None:
    if not user.is_authenticated:
        return None
    return ClientProfile.objects.filter(user=user).first()


def is_own(user, client: ClientProfile) -> bool:
    """The profile is the user's own: what only the client herself may do."""
    return client.user_id == user.pk


def can_write(user, client: ClientProfile) -> bool:
    return clients_visible_to(user, write=True).filter(pk=client.pk).exists()


def zone_map(client: ClientProfile) -> dict[str, object]:
    """Region id -> its ZoneRule, for drawing the body map."""
    return {zone.region: zone for zone in client.zones.all()}

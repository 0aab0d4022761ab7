"""Reads about clients, and the one permission check every page and endpoint uses."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from safetouch.audit.services import access_record
from safetouch.records import history
from safetouch.records.models import CareGrant, ClientProfile, LimitChange

# What each capability needs of a grant; the owner has them all.
_GRANTS_FOR = {
    "read": [CareGrant.Access.READ, CareGrant.Access.WRITE, CareGrant.Access.LIMITS],
    "write": [CareGrant.Access.WRITE, CareGrant.Access.LIMITS],
    "limits": [CareGrant.Access.LIMITS],
}


def clients_visible_to(
    user, *, write: bool = False, limits: bool = False
) -> QuerySet[ClientProfile]:
    """Profiles the user owns or was granted: to read; with write=True, to log sessions
    and make limits stricter; with limits=True, to loosen limits too."""
    if not user.is_authenticated:
        return ClientProfile.objects.none()
    capability = "limits" if limits else "write" if write else "read"
    grants = CareGrant.objects.active().filter(grantee=user, access__in=_GRANTS_FOR[capability])
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


def own_client_for(request, client_id: int) -> ClientProfile:
    """Her profile, for what only the client herself may do (say a flagged pair may be
    tried lighter): 404 for those who may not see it, PermissionDenied for those who may
    see or even write it but are not her."""
    client = client_for(request, client_id)
    if not is_owner(request.user, client):
        raise PermissionDenied("Only the client herself can do this.")
    return client


def is_owner(user, client: ClientProfile) -> bool:
    return user.is_authenticated and client.user_id == user.pk


def own_profile(user) -> ClientProfile | None:
    if not user.is_authenticated:
        return None
    return ClientProfile.objects.filter(user=user).first()


def is_own(user, client: ClientProfile) -> bool:
    """The profile is the user's own: what only the client herself may do."""
    return client.user_id == user.pk


def can_write(user, client: ClientProfile) -> bool:
    return clients_visible_to(user, write=True).filter(pk=client.pk).exists()


def can_loosen_limits(user, client: ClientProfile) -> bool:
    """Only the client herself, or someone she gave "edit limits", may loosen a limit:
    remove a never-touch zone, raise or remove a cap, lift a ban, raise the flare limit.
    """
    if user is None or not user.is_authenticated:
        return False
    return clients_visible_to(user, limits=True).filter(pk=client.pk).exists()


def zone_map(client: ClientProfile) -> dict[str, object]:
    """Region id -> its ZoneRule, for drawing the body map."""
    return {zone.region: zone for zone in client.zones.all()}


def current_state(change: LimitChange):
    """The limit `change` touched, as it is now, in the form `LimitChange` stores."""
    client = change.client
    if change.kind == LimitChange.Kind.ZONE:
        zone = client.zones.filter(region=change.subject).first()
        return history.zone_state(zone.rule, zone.pressure_cap) if zone else None
    if change.kind == LimitChange.Kind.BAN:
        technique, _, region = change.subject.partition(":")
        found = client.banned.filter(technique=technique, region=region).exists()
        return {"banned": True} if found else None
    field = "risk_tolerance" if change.kind == LimitChange.Kind.TOLERANCE else "prone_max_minutes"
    return ClientProfile.objects.values_list(field, flat=True).get(pk=client.pk)


def limit_changes_by_others(client: ClientProfile, *, limit: int = 5) -> list[LimitChange]:
    """The latest changes to her limits that someone else made, for her dashboard; each
    knows whether one click can still undo it (nobody changed that limit since)."""
    changes = list(LimitChange.objects.by_others(client).select_related("client")[:limit])
    for change in changes:
        change.undoable = current_state(change) == change.after
    return changes


def limits_last_changed(client: ClientProfile) -> LimitChange | None:
    """The newest change to any of her limits, by anyone."""
    return LimitChange.objects.filter(client=client).order_by("-created", "-pk").first()

"""The one access service: who may read a client's record, log in it, loosen her limits or
act as her, and the audit row of every access.

Every page and endpoint that shows or changes a client's record asks here, through
`access_for` (or `client_for`), and gets an `Access` saying how far the viewer may go;
templates and services ask that object, never the grants. A stranger gets the same 404
as a missing record, so ids reveal nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.utils import timezone

from safetouch.core.addresses import client_ip
from safetouch.core.prepared import Prepared
from safetouch.records.models import AccessEvent, CareGrant, ClientProfile

Level = Literal["owner", "limits", "write", "read"]

# What each capability needs of a grant; the owner has them all.
_GRANTS_FOR = {
    "read": [CareGrant.Access.READ, CareGrant.Access.WRITE, CareGrant.Access.LIMITS],
    "write": [CareGrant.Access.WRITE, CareGrant.Access.LIMITS],
    "limits": [CareGrant.Access.LIMITS],
}


@dataclass(frozen=True)
class Access:
    """How far the viewer may go with this client's record.

    `owner`: it is her own; `limits`: log sessions and loosen her limits too; `write`:
    log sessions and outcomes and make limits stricter; `read`: see, change nothing.
    """

    client: ClientProfile
    level: Level

    @property
    def is_owner(self) -> bool:
        """The record is the viewer's own: what only the client herself may do."""
        return self.level == "owner"

    @property
    def may_write(self) -> bool:
        """Log sessions and outcomes, and make limits stricter."""
        return self.level != "read"

    @property
    def may_edit_limits(self) -> bool:
        """Loosen limits too: remove a never-touch zone, raise a cap, lift a ban."""
        return self.level in ("limits", "owner")


def clients_visible_to(
    user, *, write: bool = False, limits: bool = False
) -> QuerySet[ClientProfile]:
    """Profiles the user owns or was granted: to read; with write=True, to log sessions
    and make limits stricter; with limits=True, to loosen limits too."""
    if user is None or not user.is_authenticated:
        return ClientProfile.objects.none()
    return _visible(user.pk, "limits" if limits else "write" if write else "read")


def _visible(user_id: int, capability: str) -> QuerySet[ClientProfile]:
    grants = CareGrant.objects.active().filter(
        grantee_id=user_id, access__in=_GRANTS_FOR[capability]
    )
    return ClientProfile.objects.filter(
        Q(user_id=user_id) | Q(pk__in=grants.values("client_id"))
    ).distinct()


def _with_grant(user_id: int, profiles: QuerySet[ClientProfile]) -> QuerySet[ClientProfile]:
    # The viewer's grant read in the same query as the profile: one query for both.
    grant = CareGrant.objects.active().filter(client=OuterRef("pk"), grantee_id=user_id)
    return profiles.annotate(viewer_grant=Subquery(grant.values("access")[:1]))


# The one check of every page, compiled once: the profile if the viewer may see it.
_SEEN = {
    capability: Prepared(
        lambda user_id, client_id, capability=capability: _with_grant(
            user_id, _visible(user_id, capability)
        ).filter(pk=client_id),
        user_id=int,
        client_id=int,
    )
    for capability in _GRANTS_FOR
}


def _access(user, client: ClientProfile) -> Access:
    owner = client.user_id == user.pk
    return Access(client=client, level="owner" if owner else client.viewer_grant)


def accesses_of(user) -> list[Access]:
    """Every profile the user may read, with how far she may go, in id order."""
    profiles = _with_grant(user.pk, clients_visible_to(user)).order_by("pk")
    return [_access(user, client) for client in profiles]


def access_of(user, client: ClientProfile) -> Access | None:
    """The user's access to a profile already in hand, or None; writes no audit row (the
    request that brought the profile did)."""
    if user is None or not user.is_authenticated:
        return None
    if client.user_id == user.pk:
        return Access(client=client, level="owner")
    grant = CareGrant.objects.active().filter(client=client, grantee=user)
    level = grant.values_list("access", flat=True).first()
    return None if level is None else Access(client=client, level=level)


def access_for(
    request: HttpRequest, client_id: int, *, write: bool = False, own: bool = False
) -> Access:
    """The one permission check: the viewer's access to the client's record if she may
    see it (write=True: change it; own=True: it is her own, as for her whole account
    file), after writing the audit row; 404 otherwise."""
    user = request.user
    try:
        found = _SEEN["write" if write else "read"].run(user_id=user.pk, client_id=client_id)
    except (TypeError, ValueError):  # not an id at all
        found = []
    if not found:
        raise Http404("No such client")
    access = _access(user, found[0])
    if own and not access.is_owner:
        raise Http404("No such client")
    access_record(request=request, client=access.client, write=write)
    return access


def client_for(
    request: HttpRequest, client_id: int, *, write: bool = False, own: bool = False
) -> ClientProfile:
    """`access_for`, for a caller that needs only the profile."""
    return access_for(request, client_id, write=write, own=own).client


def own_client_for(request: HttpRequest, client_id: int) -> ClientProfile:
    """Her profile, for what only the client herself may do (say a flagged pair may be
    tried lighter): 404 for those who may not see it, PermissionDenied for those who may
    see or even write it but are not her."""
    access = access_for(request, client_id)
    if not access.is_owner:
        raise PermissionDenied("Only the client herself can do this.")
    return access.client


def own_profile(user) -> ClientProfile | None:
    """The user's own profile, if she is a client."""
    if not user.is_authenticated:
        return None
    found = _OWN.run(user_id=user.pk)
    return found[0] if found else None


def others_visible_to(user) -> list[ClientProfile]:
    """The profiles of others the user may read, by first name: the records shared with
    her."""
    if user is None or not user.is_authenticated:
        return []
    return _OTHERS.run(user_id=user.pk)


# Asked on every dashboard: compiled once (safetouch.core.prepared).
_OWN = Prepared(
    lambda user_id: ClientProfile.objects.filter(user_id=user_id).order_by("pk")[:1], user_id=int
)
_OTHERS = Prepared(
    lambda user_id: (
        _visible(user_id, "read").exclude(user_id=user_id).order_by("first_name", "pk")
    ),
    user_id=int,
)


def access_record(
    *, request: HttpRequest, client: ClientProfile, write: bool, via: str = ""
) -> None:
    """Record that this request read (or changed) the client's records; once per request.

    A GET of a form that needs write access only shows the records, so it is a read.
    `access_for` calls this for every logged-in access; a page opened without an
    account (a share link) calls it itself and says how, e.g. via="share link for Tom".
    """
    changes = write and request.method not in ("GET", "HEAD", "OPTIONS")
    access = AccessEvent.Access.WRITE if changes else AccessEvent.Access.READ
    seen = request.__dict__.setdefault("_safetouch_audited", set())
    if (client.pk, access) in seen:
        return
    seen.add((client.pk, access))
    values = _audit_values(request, via=via, access=access)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_AUDIT_TABLE} ({_AUDIT_COLUMNS}) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [*values[:3], client.pk, *values[3:]],
        )


def access_record_many(*, request: HttpRequest, clients: QuerySet) -> None:
    """Record a read of each client's records by one page that lists many (the practice
    workspace): one row per client, written by one INSERT ... SELECT over `clients`, so
    a list of 200 costs what a list of 5 does (a bulk insert is split into batches)."""
    listed = clients.order_by().values(listed_id=F("pk"))
    ids_sql, ids_params = listed.query.sql_with_params()
    values = _audit_values(request, via="", access=AccessEvent.Access.READ)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_AUDIT_TABLE} ({_AUDIT_COLUMNS}) "
            f"SELECT %s, %s, %s, listed.listed_id, %s, %s, %s, %s, %s FROM ({ids_sql}) listed",
            [*values, *ids_params],
        )


# Audit rows are written in SQL, not through the model: one per page view, so the
# ORM's work to build the INSERT would cost more than the write. The table is
# append-only all the same (`AccessEvent`); the columns are those of every row.
_AUDIT_TABLE = connection.ops.quote_name(AccessEvent._meta.db_table)
_AUDIT_COLUMNS = "created, actor_id, actor_role, client_id, via, action, method, access, ip"


def _audit_values(request: HttpRequest, *, via: str, access: str) -> list:
    """The columns of an audit row but its client, in `_AUDIT_COLUMNS` order."""
    user = request.user if request.user.is_authenticated else None
    match = getattr(request, "resolver_match", None)
    return [
        connection.ops.adapt_datetimefield_value(timezone.now()),
        user.pk if user else None,
        getattr(user, "role", "") if user else "anonymous",
        via[:100],
        (match.view_name if match else "")[:100] or "unknown",
        request.method or "",
        str(access),
        client_ip(request),
    ]

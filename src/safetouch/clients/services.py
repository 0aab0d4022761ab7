"""Writes to a client's profile and body map, each change to a limit recorded.

Anyone who may write may make a limit stricter; loosening one needs the client herself
or her "edit limits" grant (`selectors.can_loosen_limits`). Every change to a limit is
kept in `LimitChange`: who, when, before and after.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from safetouch.clients.selectors import can_loosen_limits, current_state
from safetouch.records import history
from safetouch.records.models import (
    BannedTechnique,
    ClientProfile,
    LimitChange,
    Therapist,
    ZoneRule,
)

DEFAULT_CAUTION_CAP = 2
# Profile fields that are limits, and the kind their changes are recorded as.
PROFILE_LIMITS = {"risk_tolerance": "tolerance", "prone_max_minutes": "prone"}


# The form or API field a refused change of each kind came through.
FIELD_OF = {
    "zone": "rule",
    "ban": "technique",
    "tolerance": "risk_tolerance",
    "prone": "prone_max_minutes",
}


class LimitLocked(PermissionDenied):
    """A writer without "edit limits" tried to loosen one of the client's limits."""

    def __init__(self, client: ClientProfile, change: str, field: str) -> None:
        self.field = field
        self.message = (
            f"Only {client.first_name}, or someone she lets edit her limits, can loosen "
            f"them: this would have {change}. Nothing was changed; you can still make her "
            f"limits stricter."
        )
        super().__init__(self.message)


def _record(*, client, actor, kind: str, subject: str, before, after, undoes=None):
    """Check the change is allowed to this actor, then keep it in the history.

    `actor` None is the client herself: her demo data, her own import.
    """
    actor = actor or client.user
    loosened = history.loosens(kind, before, after)
    if loosened and not can_loosen_limits(actor, client):
        change = history.describe(kind, subject, before, after)
        raise LimitLocked(client, change, FIELD_OF[kind])
    return LimitChange.objects.create(
        client=client,
        actor=actor,
        actor_name=actor.display_name,
        kind=kind,
        subject=subject,
        before=before,
        after=after,
        loosened=loosened,
        undoes=undoes,
    )


def zone_set(
    *,
    client: ClientProfile,
    region: str,
    rule: str | None,
    pressure_cap: int | None = None,
    actor=None,
    undoes: LimitChange | None = None,
) -> ZoneRule | None:
    """Give a region a rule (None clears it); a caution zone keeps or gets a cap."""
    with transaction.atomic():
        zone = ZoneRule.objects.select_for_update().filter(client=client, region=region).first()
        if rule == ZoneRule.Rule.AVOID:
            pressure_cap = None
        elif rule == ZoneRule.Rule.CAUTION and pressure_cap is None:
            pressure_cap = (zone and zone.pressure_cap) or DEFAULT_CAUTION_CAP
        before = history.zone_state(zone.rule, zone.pressure_cap) if zone else None
        after = history.zone_state(rule, pressure_cap)
        if before != after:
            _record(
                client=client,
                actor=actor,
                kind="zone",
                subject=region,
                before=before,
                after=after,
                undoes=undoes,
            )
        if rule is None:
            if zone:
                zone.delete()
            return None
        zone = zone or ZoneRule(client=client, region=region)
        zone.rule, zone.pressure_cap = rule, pressure_cap
        zone.full_clean()
        zone.save()
        return zone


def banned_add(
    *, client: ClientProfile, technique: str, region: str = "", actor=None, undoes=None
) -> BannedTechnique:
    """Ban a technique (on one region, or anywhere): always allowed to a writer."""
    with transaction.atomic():
        banned, created = BannedTechnique.objects.get_or_create(
            client=client, technique=technique, region=region
        )
        if created:
            _record(
                client=client,
                actor=actor,
                kind="ban",
                subject=history.ban_subject(technique, region),
                before=None,
                after={"banned": True},
                undoes=undoes,
            )
    return banned


def banned_remove(*, banned: BannedTechnique, actor=None, undoes=None) -> None:
    """Lift a ban: loosening, so the client's or an "edit limits" grant's to do."""
    with transaction.atomic():
        _record(
            client=banned.client,
            actor=actor,
            kind="ban",
            subject=history.ban_subject(banned.technique, banned.region),
            before={"banned": True},
            after=None,
            undoes=undoes,
        )
        banned.delete()


def profile_update(
    *, client: ClientProfile, changes: dict, actor=None, undoes=None
) -> ClientProfile:
    """Change the given profile fields only, all or nothing; a change to the flare limit
    or the time face down is a change to a limit."""
    with transaction.atomic():
        client = ClientProfile.objects.select_for_update().get(pk=client.pk)
        for name, value in changes.items():
            before = getattr(client, name)
            if name in PROFILE_LIMITS and before != value:
                _record(
                    client=client,
                    actor=actor,
                    kind=PROFILE_LIMITS[name],
                    subject="",
                    before=before,
                    after=value,
                    undoes=undoes,
                )
            setattr(client, name, value)
        client.full_clean()
        client.save(update_fields=list(changes) or None)
    return client


def limit_change_undo(*, change: LimitChange, actor) -> LimitChange:
    """Put a limit back as it was before `change`, as a new change of its own.

    Refused when the limit has changed again since: undoing then would throw away the
    later change without anyone seeing it.
    """
    with transaction.atomic():
        if current_state(change) != change.after:
            raise ValidationError("This limit has changed again since; set it on its page.")
        _restore(change, actor)
        return LimitChange.objects.filter(undoes=change).latest("created")


def _restore(change: LimitChange, actor) -> None:
    client, before = change.client, change.before
    if change.kind == "zone":
        rule, cap = (before["rule"], before["cap"]) if before else (None, None)
        zone_set(
            client=client,
            region=change.subject,
            rule=rule,
            pressure_cap=cap,
            actor=actor,
            undoes=change,
        )
    elif change.kind == "ban":
        technique, _, region = change.subject.partition(":")
        if before:
            banned_add(
                client=client, technique=technique, region=region, actor=actor, undoes=change
            )
        else:
            banned = client.banned.get(technique=technique, region=region)
            banned_remove(banned=banned, actor=actor, undoes=change)
    else:
        field = next(f for f, kind in PROFILE_LIMITS.items() if kind == change.kind)
        profile_update(client=client, changes={field: before}, actor=actor, undoes=change)


def profile_create(*, user, first_name: str) -> ClientProfile:
    return ClientProfile.objects.create(user=user, first_name=first_name)


def therapist_for_account(*, client: ClientProfile, user) -> Therapist | None:
    """The therapist row of the account doing a session: linked to that account, so the
    history, the sheet, the API and FHIR name the real person. None for the client
    herself. A typed name the same as the account's, not yet linked, is taken over:
    it was this therapist, written before she had an account."""
    if user is None or not user.is_authenticated or client.user_id == user.pk:
        return None
    linked = client.therapists.filter(user=user).first()
    if linked is not None:
        return linked
    name = (user.get_full_name() or user.display_name)[:90]
    typed = client.therapists.filter(name=name, user__isnull=True).first()
    if typed is not None:
        typed.user = user
        typed.save(update_fields=["user"])
        return typed
    taken = set(client.therapists.values_list("name", flat=True))
    unique = next(n for n in _names(name) if n not in taken)
    return Therapist.objects.create(client=client, name=unique, user=user)


def _names(name: str):
    yield name
    n = 2
    while True:
        yield f"{name} ({n})"
        n += 1

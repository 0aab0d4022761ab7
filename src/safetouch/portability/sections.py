"""The account file's sections, each one model family: how it is written and read back.

To carry another model family, write its record in records.py and add one Section to
SECTIONS below, as check-ins were (or call `register` from that app's
AppConfig.ready): the export, the import, the file's schema and the round-trip test
all pick it up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from safetouch.portability import records as r
from safetouch.records import shapes
from safetouch.records.models import (
    BannedTechnique,
    CareGrant,
    CheckIn,
    CheckInStretch,
    CheckInTightness,
    ClientProfile,
    LighterOk,
    LimitChange,
    MassageSession,
    Outcome,
    Preferences,
    RoutineStretch,
    SessionItem,
    Therapist,
    Tightness,
    ZoneRule,
)
from safetouch.records.types import Record
from safetouch.sharing.services import invite_by_email
from safetouch.treatments.limits import log_refusals

Problem = tuple[str, str]  # (field path, message)


@dataclass
class ImportContext:
    """What one import has made so far, and what it could not carry over."""

    client: ClientProfile
    therapists: dict[str, Therapist] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def therapist(self, name: str | None) -> Therapist | None:
        if not name:
            return None
        if name not in self.therapists:
            self.therapists[name] = Therapist.objects.create(client=self.client, name=name)
        return self.therapists[name]


@dataclass(frozen=True)
class Section:
    key: str  # its key in the file
    record: type  # the pydantic record of one row
    dump: Callable[[Record], list[dict] | dict | None]  # from her loaded record
    load: Callable[[ImportContext, object], None]
    check: Callable[[object], Iterator[Problem]] = lambda rows: iter(())
    many: bool = True  # a list of rows; False: one object or null

    @property
    def annotation(self) -> tuple[object, object]:
        """The section's type and default in the file's pydantic model."""
        return (list[self.record], []) if self.many else (self.record | None, None)


def _account(email: str | None):
    if not email:
        return None
    return get_user_model().objects.filter(email=email).first()


# --- zones ---------------------------------------------------------------------------


def _zones_check(rows: list[r.ZoneRecord]) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, z in enumerate(rows):
        if z.region in seen:
            yield f"zones[{i}].region", f"{z.region} appears twice"
        seen.add(z.region)
        if z.rule == "caution" and z.pressure_cap is None:
            yield f"zones[{i}].pressure_cap", "required for a caution zone"
        if z.rule == "avoid" and z.pressure_cap is not None:
            yield f"zones[{i}].pressure_cap", "must be null for a never-touch zone"


def _zones_load(ctx: ImportContext, rows: list[r.ZoneRecord]) -> None:
    for z in rows:
        zone = ZoneRule.objects.create(
            client=ctx.client, region=z.region, rule=z.rule, pressure_cap=z.pressure_cap
        )
        ZoneRule.objects.filter(pk=zone.pk).update(updated=z.updated)  # auto_now would win


# --- banned techniques ---------------------------------------------------------------


def _pairs_twice(key: str, rows: list) -> Iterator[Problem]:
    """A (technique, region) row that appears twice in section `key`."""
    seen: set[tuple] = set()
    for i, row in enumerate(rows):
        if (row.technique, row.region) in seen:
            yield f"{key}[{i}]", f"{row.technique} on {row.region or 'anywhere'} appears twice"
        seen.add((row.technique, row.region))


def _banned_check(rows: list[r.BannedRecord]) -> Iterator[Problem]:
    return _pairs_twice("banned", rows)


def _banned_load(ctx: ImportContext, rows: list[r.BannedRecord]) -> None:
    for b in rows:
        BannedTechnique.objects.create(
            client=ctx.client, technique=b.technique, region=b.region or ""
        )


# --- the history of her limits -----------------------------------------------------


def _limit_changes_dump(record: Record) -> list[dict]:
    fields = ("created", "actor_name", "kind", "subject", "before", "after", "loosened")
    return list(record.client.limit_changes.order_by("created", "pk").values(*fields))


def _limit_changes_check(rows: list[r.LimitChangeRecord]) -> Iterator[Problem]:
    for i, change in enumerate(rows):
        for name in ("before", "after"):
            if not _limit_state_ok(change.kind, getattr(change, name)):
                yield f"limit_changes[{i}].{name}", f"not the state of a {change.kind} limit"


def _limit_state_ok(kind: str, state) -> bool:
    """The shape `LimitChange` stores for each kind of limit."""
    if kind == "zone":
        return state is None or (
            isinstance(state, dict)
            and set(state) == {"rule", "cap"}
            and state["rule"] in ZoneRule.Rule.values
            and (state["cap"] is None or _int_in(state["cap"], 1, 5))
        )
    if kind == "ban":
        return state is None or state == {"banned": True}
    if kind == "tolerance":
        return isinstance(state, float) and 0 < state < 1
    return state is None or _int_in(state, 0, 180)


def _int_in(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _limit_changes_load(ctx: ImportContext, rows: list[r.LimitChangeRecord]) -> None:
    # Who made each change stays a name: the accounts are not carried across servers.
    LimitChange.objects.bulk_create(
        LimitChange(client=ctx.client, **change.model_dump()) for change in rows
    )


# --- flagged pairs she said may be tried lighter --------------------------------------


def _lighter_ok_check(rows: list[r.LighterOkRecord]) -> Iterator[Problem]:
    return _pairs_twice("lighter_ok", rows)


def _lighter_ok_load(ctx: ImportContext, rows: list[r.LighterOkRecord]) -> None:
    LighterOk.objects.bulk_create(
        LighterOk(client=ctx.client, region=p.region, technique=p.technique) for p in rows
    )


# --- therapists ----------------------------------------------------------------------


def _therapists_check(rows: list[r.TherapistRecord]) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, t in enumerate(rows):
        if t.name in seen:
            yield f"therapists[{i}].name", f"{t.name!r} appears twice"
        seen.add(t.name)


def _therapists_load(ctx: ImportContext, rows: list[r.TherapistRecord]) -> None:
    for t in rows:
        user = _account(t.account_email)
        if t.account_email and user is None:
            ctx.skipped.append(f"therapist {t.name}: no account {t.account_email} here, unlinked")
        ctx.therapists[t.name] = Therapist.objects.create(
            client=ctx.client, name=t.name, user=user
        )


# --- shares (care grants) ------------------------------------------------------------


def _grants_dump(record: Record) -> list[dict]:
    return [
        {
            "grantee_email": g.grantee.email,
            "access": g.access,
            "created": g.created,
            "revoked": g.revoked,
        }
        for g in record.client.grants.select_related("grantee").order_by("created", "pk")
    ]


def _grants_check(rows: list[r.GrantRecord]) -> Iterator[Problem]:
    active: set[str] = set()
    for i, g in enumerate(rows):
        if g.revoked is None and g.grantee_email in active:
            yield f"grants[{i}].grantee_email", "two active shares with the same person"
        if g.revoked is None:
            active.add(g.grantee_email)


def _grants_load(ctx: ImportContext, rows: list[r.GrantRecord]) -> None:
    for g in rows:
        grantee = _account(g.grantee_email)
        if grantee is None:
            ctx.skipped.append(f"share with {g.grantee_email}: no such account here")
            continue
        if g.revoked is None:
            _grant_invite(ctx, g)
            continue
        grant = CareGrant.objects.create(
            client=ctx.client, grantee=grantee, access=g.access, revoked=g.revoked
        )
        CareGrant.objects.filter(pk=grant.pk).update(created=g.created)


def _grant_invite(ctx: ImportContext, g: r.GrantRecord) -> None:
    """A share in force arrives as an invitation, mailed to her with a code: nobody
    sees the records here before accepting, as with any share made here."""
    try:
        invite_by_email(client=ctx.client, email=g.grantee_email, access=g.access)
    except ValidationError as exc:
        ctx.skipped.append(f"share with {g.grantee_email}: {' '.join(exc.messages)}")
        return
    ctx.skipped.append(f"share with {g.grantee_email}: invited again, no access until accepted")


# --- sessions ------------------------------------------------------------------------


def _sessions_check(rows: list[r.SessionRecord]) -> Iterator[Problem]:
    for i, s in enumerate(rows):
        if s.outcome and not s.outcome.flare and s.outcome.hours_after is not None:
            yield f"sessions[{i}].outcome.hours_after", "must be null without a flare"
        regions = [t.region for t in s.tightness]
        for j, region in enumerate(regions):
            if region in regions[:j]:
                yield f"sessions[{i}].tightness[{j}].region", f"{region} appears twice"


def _sessions_load(ctx: ImportContext, rows: list[r.SessionRecord]) -> None:
    for s in rows:
        session = MassageSession.objects.create(
            client=ctx.client,
            date=s.date,
            minutes=s.minutes,
            position=s.position,
            therapist=ctx.therapist(s.therapist),
            notes=s.notes,
            next_time=s.next_time,
        )
        MassageSession.objects.filter(pk=session.pk).update(created=s.created)
        SessionItem.objects.bulk_create(_judged_items(ctx, session, s.items))
        Tightness.objects.bulk_create(
            Tightness(session=session, **t.model_dump()) for t in s.tightness
        )
        if s.outcome:
            fields = s.outcome.model_dump(exclude={"recorded"})
            outcome = Outcome.objects.create(session=session, **fields)
            Outcome.objects.filter(pk=outcome.pk).update(recorded=s.outcome.recorded)


def _judged_items(ctx: ImportContext, session, items: list[r.ItemRecord]) -> list[SessionItem]:
    """The file's items, each marked with what engine.check refuses in it against her
    limits and the sessions before it, and with the marks the file already carries."""
    rows = [item.model_dump() for item in items]
    judged = log_refusals(ctx.client, rows, session=session)
    out = []
    for row, found in zip(rows, judged, strict=True):
        marks = {b["rule"]: b for b in row.pop("breaks")}
        marks.update({b["rule"]: b for b in found if b["rule"] not in marks})
        out.append(SessionItem(session=session, breaks=list(marks.values()), **row))
    return out


# --- between sessions (safetouch.checkins) -------------------------------------------


def _checkins_check(rows: list[r.CheckInRecord]) -> Iterator[Problem]:
    for i, c in enumerate(rows):
        regions = [t.region for t in c.tightness]
        for j, region in enumerate(regions):
            if region in regions[:j]:
                yield f"checkins[{i}].tightness[{j}].region", f"{region} appears twice"
        for j, stretch in enumerate(c.stretches):
            if stretch in c.stretches[:j]:
                yield f"checkins[{i}].stretches[{j}]", f"{stretch} appears twice"


def _checkins_load(ctx: ImportContext, rows: list[r.CheckInRecord]) -> None:
    for c in rows:
        fields = c.model_dump(include={"at", "training_minutes", "temperature_c", "notes"})
        checkin = CheckIn.objects.create(client=ctx.client, **fields)
        CheckIn.objects.filter(pk=checkin.pk).update(created=c.created, updated=c.updated)
        CheckInTightness.objects.bulk_create(
            CheckInTightness(checkin=checkin, **t.model_dump()) for t in c.tightness
        )
        CheckInStretch.objects.bulk_create(
            CheckInStretch(checkin=checkin, stretch=s) for s in c.stretches
        )


def _routine_check(rows: list[str]) -> Iterator[Problem]:
    for i, stretch in enumerate(rows):
        if stretch in rows[:i]:
            yield f"routine[{i}]", f"{stretch} appears twice"


def _routine_load(ctx: ImportContext, rows: list[str]) -> None:
    RoutineStretch.objects.bulk_create(RoutineStretch(client=ctx.client, stretch=s) for s in rows)


def _preferences_load(ctx: ImportContext, prefs: r.PreferencesRecord | None) -> None:
    if prefs is not None:
        Preferences.objects.create(client=ctx.client, **prefs.model_dump())


SECTIONS: list[Section] = [
    Section("zones", r.ZoneRecord, shapes.zones_dump, _zones_load, _zones_check),
    Section("banned", r.BannedRecord, shapes.banned_dump, _banned_load, _banned_check),
    Section(
        "limit_changes",
        r.LimitChangeRecord,
        _limit_changes_dump,
        _limit_changes_load,
        _limit_changes_check,
    ),
    Section(
        "lighter_ok",
        r.LighterOkRecord,
        shapes.lighter_ok_dump,
        _lighter_ok_load,
        _lighter_ok_check,
    ),
    Section(
        "therapists",
        r.TherapistRecord,
        shapes.therapists_dump,
        _therapists_load,
        _therapists_check,
    ),
    Section("grants", r.GrantRecord, _grants_dump, _grants_load, _grants_check),
    Section("sessions", r.SessionRecord, shapes.sessions_dump, _sessions_load, _sessions_check),
    Section("checkins", r.CheckInRecord, shapes.checkins_dump, _checkins_load, _checkins_check),
    Section("routine", r.SafeStretchId, shapes.routine_dump, _routine_load, _routine_check),
    Section(
        "preferences", r.PreferencesRecord, shapes.preferences_dump, _preferences_load, many=False
    ),
]


def register(section: Section) -> None:
    """Add a model family to the account file (e.g. from an app's AppConfig.ready)."""
    if any(s.key == section.key for s in SECTIONS):
        raise ValueError(f"section {section.key!r} is registered twice")
    SECTIONS.append(section)

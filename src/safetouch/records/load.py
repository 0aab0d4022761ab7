"""The one loader of a client's record: `load_record(client)` for one, `load_records`
for a practice, each in a fixed number of queries however long her history is.

Rows are read as tuples (`values_list`), not model instances: a record of 5,000
sessions is built in milliseconds, and nothing downstream can lazily query.

A record once read is kept in this process under her profile's `record_version`,
which the database gives a never-used value on every write to any table read here
(triggers, migration clients 0004). So a page asks one query, her current version, and
reads the rest again only after a change; what it gets is exactly what the tables hold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import connection

from safetouch.core.cache import Kept
from safetouch.records.models import (
    BannedTechnique,
    CheckInStretch,
    CheckInTightness,
    ClientProfile,
    LighterOk,
    MassageSession,
    RoutineStretch,
    SessionItem,
    ZoneRule,
)
from safetouch.records.models import CheckIn as CheckInRow
from safetouch.records.models import Preferences as PreferencesRow
from safetouch.records.models import Therapist as TherapistRow
from safetouch.records.models import Tightness as TightnessRow
from safetouch.records.types import (
    Ban,
    CheckIn,
    Item,
    Outcome,
    Pair,
    Preferences,
    Rating,
    Record,
    Session,
    Therapist,
    Tightness,
    Zone,
)

QUERIES = 12  # what reading records costs, for one client or a thousand
QUERIES_KEPT = 1  # what a record kept since its last change costs: her version
QUERIES_READ = QUERIES + 2  # a change since: the version, the record, the version again


def load_record(client: ClientProfile) -> Record:
    """Her whole record, as her tables hold it now."""
    return load_records([client])[client.pk]


def load_records(clients: Iterable[ClientProfile]) -> dict[int, Record]:
    """Client id -> record, for many clients: `QUERIES_KEPT` query when none changed
    since this process last read them, `QUERIES_READ` when any did."""
    clients = list(clients)
    if not clients:
        return {}
    versions = _versions(clients)
    database = _database()
    kept = {c.pk: _KEPT.get((database, c.pk, versions.get(c.pk))) for c in clients}
    found = {c.pk: record.for_profile(c) for c in clients if (record := kept[c.pk])}
    missing = [c for c in clients if c.pk not in found]
    if missing:
        read = _read(missing)
        # Kept only if no write came between the two readings of her version: then
        # every table above was read as of that version.
        after = _versions(missing)
        for c in missing:
            found[c.pk] = read[c.pk]
            if c.pk in versions and after.get(c.pk) == versions[c.pk]:
                _KEPT.put((database, c.pk, versions[c.pk]), read[c.pk].kept())
    return {c.pk: found[c.pk] for c in clients}  # in the order asked


def _versions(clients: list[ClientProfile]) -> dict[int, int]:
    rows = ClientProfile.objects.filter(pk__in=[c.pk for c in clients])
    return dict(rows.values_list("pk", "record_version"))


def _database() -> str:
    return str(connection.settings_dict["NAME"])


# The records read last, at most RECORDS_KEPT of them, least recently used out first.
_KEPT = Kept(settings.RECORDS_KEPT)


def forget_kept() -> None:
    """Forget every record kept in this process: the next read of each is from its
    tables (for tests that count what a page costs from scratch)."""
    _KEPT.clear()


def _read(clients: list[ClientProfile]) -> dict[int, Record]:
    """The records from their tables, in `QUERIES` queries."""
    ids = [c.pk for c in clients]
    therapists = _therapists(ids)
    sessions = _sessions(ids, therapists)
    checkins = _checkins(ids)
    zones, banned, lighter = _zones(ids), _banned(ids), _lighter_ok(ids)
    routine, preferences = _routine(ids), _preferences(ids)
    theirs: dict[int, list[Therapist]] = defaultdict(list)
    for owner, therapist in therapists.values():
        theirs[owner].append(therapist)
    return {
        c.pk: Record(
            client=c,
            zones=tuple(zones[c.pk]),
            banned=tuple(banned[c.pk]),
            lighter_ok=tuple(lighter[c.pk]),
            therapists=tuple(theirs[c.pk]),
            sessions=tuple(sessions[c.pk]),
            checkins=tuple(checkins[c.pk]),
            routine=tuple(routine[c.pk]),
            preferences=preferences.get(c.pk, DEFAULT_PREFERENCES),
        )
        for c in clients
    }


def _grouped(rows: Iterable[tuple], make) -> dict[int, list]:
    """First column (an owner's id) -> [make(*rest)], in the rows' order."""
    out: dict[int, list] = defaultdict(list)
    for owner, *rest in rows:
        out[owner].append(make(*rest))
    return out


def _zones(ids: list[int]) -> dict[int, list[Zone]]:
    rows = ZoneRule.objects.filter(client__in=ids).order_by("region")
    return _grouped(
        rows.values_list("client_id", "region", "rule", "pressure_cap", "updated"), Zone
    )


def _banned(ids: list[int]) -> dict[int, list[Ban]]:
    rows = BannedTechnique.objects.filter(client__in=ids).order_by("technique", "region", "pk")
    return _grouped(rows.values_list("client_id", "pk", "technique", "region"), Ban)


def _lighter_ok(ids: list[int]) -> dict[int, list[Pair]]:
    rows = LighterOk.objects.filter(client__in=ids).order_by("region", "technique")
    return _grouped(rows.values_list("client_id", "region", "technique"), Pair)


def _therapists(ids: list[int]) -> dict[int, tuple[int, Therapist]]:
    """Therapist id -> (her client id, therapist), by name."""
    rows = TherapistRow.objects.filter(client__in=ids).order_by("name", "pk")
    return {
        pk: (owner, Therapist(pk, name, user_id, email))
        for owner, pk, name, user_id, email in rows.values_list(
            "client_id", "pk", "name", "user_id", "user__email"
        )
    }


SESSION_FIELDS = ("pk", "date", "minutes", "position", "notes", "next_time", "created", "planned")
OUTCOME_FIELDS = ("outcome__flare", "outcome__hours_after", "outcome__notes", "outcome__recorded")


def _sessions(ids: list[int], therapists: dict[int, tuple[int, Therapist]]) -> dict[int, list]:
    items = _by_session(
        SessionItem.objects.filter(session__client__in=ids).order_by("id"),
        ("session_id", "pk", "region", "technique", "pressure", "minutes", "too_much", "breaks"),
        lambda pk, r, t, p, m, flag, breaks: Item(pk, r, t, p, m, flag, tuple(breaks)),
    )
    tightness = _by_session(
        TightnessRow.objects.filter(session__client__in=ids).order_by("region", "id"),
        ("session_id", "pk", "region", "before", "after"),
        Tightness,
    )
    rows = MassageSession.objects.filter(client__in=ids).order_by("date", "id")
    out: dict[int, list[Session]] = defaultdict(list)
    for owner, therapist_id, *fields, flare, hours, notes, recorded in rows.values_list(
        "client_id", "therapist_id", *SESSION_FIELDS, *OUTCOME_FIELDS
    ):
        pk = fields[0]
        outcome = None if flare is None else Outcome(flare, hours, notes, recorded)
        therapist = therapists[therapist_id][1] if therapist_id in therapists else None
        out[owner].append(
            Session(
                *fields[:-1],
                planned=tuple(fields[-1] or ()),
                therapist=therapist,
                items=tuple(items.get(pk, ())),
                tightness=tuple(tightness.get(pk, ())),
                outcome=outcome,
            )
        )
    return out


def _by_session(queryset, fields: tuple[str, ...], make) -> dict[int, list]:
    return _grouped(queryset.values_list(*fields), make)


def _checkins(ids: list[int]) -> dict[int, list[CheckIn]]:
    tightness = _grouped(
        CheckInTightness.objects.filter(checkin__client__in=ids)
        .order_by("region", "id")
        .values_list("checkin_id", "pk", "region", "value"),
        Rating,
    )
    stretches = _grouped(
        CheckInStretch.objects.filter(checkin__client__in=ids)
        .order_by("id")
        .values_list("checkin_id", "stretch"),
        lambda stretch: stretch,
    )
    rows = CheckInRow.objects.filter(client__in=ids).order_by("at", "id")
    fields = ("pk", "at", "training_minutes", "temperature_c", "notes", "created", "updated")
    out: dict[int, list[CheckIn]] = defaultdict(list)
    for owner, pk, *rest in rows.values_list("client_id", *fields):
        out[owner].append(
            CheckIn(pk, *rest, tuple(tightness.get(pk, ())), tuple(stretches.get(pk, ())))
        )
    return out


def _routine(ids: list[int]) -> dict[int, list[str]]:
    rows = RoutineStretch.objects.filter(client__in=ids).order_by("id")
    return _grouped(rows.values_list("client_id", "stretch"), lambda stretch: stretch)


def _default(field: str):
    return PreferencesRow._meta.get_field(field).default


DEFAULT_PREFERENCES = Preferences(
    _default("temperature_unit"), _default("limit_level"), _default("stretch_days"), saved=False
)


def _preferences(ids: list[int]) -> dict[int, Preferences]:
    rows = PreferencesRow.objects.filter(client__in=ids).values_list(
        "client_id", "temperature_unit", "limit_level", "stretch_days"
    )
    return {owner: Preferences(unit, limit, days, saved=True) for owner, unit, limit, days in rows}

"""Her record's version, kept by the database itself.

Every insert, update and delete on a table the record loader reads
(`safetouch.records.load`) gives her profile's `record_version` a new random number
(64 bits on SQLite, 53 on PostgreSQL). Random, not counted: a count would come back to
a value already seen after a rolled-back write or a restored backup, and a record kept
under that value would be served again; a random value, practically, never does. A
write made outside Django (the shell, a bulk update, an import) changes it as well as
one made through a service.

The tables are written out here, not read from the models, so that this migration
means the same thing whatever the models become; a test checks that every table the
loader reads carries the triggers.
"""

from django.db import migrations, models

PROFILE = "clients_clientprofile"
SESSIONS = "treatments_massagesession"
CHECKINS = "checkins_checkin"

# table -> (column, parent table or None): how a row finds its client.
TABLES = {
    "clients_zonerule": ("client_id", None),
    "clients_bannedtechnique": ("client_id", None),
    "clients_therapist": ("client_id", None),
    "treatments_lighterok": ("client_id", None),
    SESSIONS: ("client_id", None),
    "treatments_sessionitem": ("session_id", SESSIONS),
    "treatments_tightness": ("session_id", SESSIONS),
    "treatments_outcome": ("session_id", SESSIONS),
    CHECKINS: ("client_id", None),
    "checkins_checkintightness": ("checkin_id", CHECKINS),
    "checkins_checkinstretch": ("checkin_id", CHECKINS),
    "checkins_routinestretch": ("client_id", None),
    "checkins_preferences": ("client_id", None),
}
EVENTS = ("insert", "update", "delete")


def _name(table: str, event: str) -> str:
    return f"record_version_{table}_{event}"


# --- SQLite: row triggers -------------------------------------------------------------


def _sqlite_client(table: str, row: str) -> str:
    column, parent = TABLES[table]
    if parent is None:
        return f"{row}.{column}"
    return f"(SELECT client_id FROM {parent} WHERE id = {row}.{column})"


def _sqlite_create(table: str, event: str) -> str:
    rows = {"insert": ["NEW"], "update": ["NEW", "OLD"], "delete": ["OLD"]}[event]
    clients = ", ".join(_sqlite_client(table, row) for row in rows)
    return (
        f"CREATE TRIGGER {_name(table, event)} AFTER {event.upper()} ON {table} "
        f"BEGIN UPDATE {PROFILE} SET record_version = random() WHERE id IN ({clients}); END"
    )


SQLITE_PROFILE = [
    # Django leaves recursive triggers off, so the update below does not fire these again.
    f"CREATE TRIGGER record_version_{PROFILE}_{event} AFTER {event.upper()} ON {PROFILE} "
    f"BEGIN UPDATE {PROFILE} SET record_version = random() WHERE id = NEW.id; END"
    for event in ("insert", "update")
]
SQLITE_USER = (
    "CREATE TRIGGER record_version_accounts_user_email AFTER UPDATE OF email ON accounts_user "
    "WHEN OLD.email IS NOT NEW.email BEGIN "
    f"UPDATE {PROFILE} SET record_version = random() "
    "WHERE id IN (SELECT client_id FROM clients_therapist WHERE user_id = NEW.id); END"
)


# --- PostgreSQL: one statement trigger per table and event, a row trigger on the profile


def _pg_clients(table: str, rows: str) -> str:
    column, parent = TABLES[table]
    if parent is None:
        return f"SELECT r.{column} FROM {rows} r"
    return f"SELECT p.client_id FROM {rows} r JOIN {parent} p ON p.id = r.{column}"


def _pg_create(table: str, event: str) -> list[str]:
    name = _name(table, event)
    transitions = {"insert": ["new_rows"], "update": ["new_rows", "old_rows"]}.get(
        event, ["old_rows"]
    )
    clients = " UNION ".join(_pg_clients(table, rows) for rows in transitions)
    referencing = " ".join(
        f"{'NEW' if rows == 'new_rows' else 'OLD'} TABLE AS {rows}" for rows in transitions
    )
    return [
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"UPDATE {PROFILE} SET record_version = 0 WHERE id IN ({clients}); "
        "RETURN NULL; END $$",
        f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} "
        f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    ]


PG_PROFILE = [
    "CREATE FUNCTION record_version_next() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "NEW.record_version := floor(random() * 9007199254740992)::bigint; RETURN NEW; END $$",
    f"CREATE TRIGGER record_version_{PROFILE} BEFORE INSERT OR UPDATE ON {PROFILE} "
    "FOR EACH ROW EXECUTE FUNCTION record_version_next()",
    "CREATE FUNCTION record_version_accounts_user_email() RETURNS trigger LANGUAGE plpgsql "
    f"AS $$ BEGIN UPDATE {PROFILE} SET record_version = 0 WHERE id IN "
    "(SELECT client_id FROM clients_therapist WHERE user_id = NEW.id); RETURN NULL; END $$",
    "CREATE TRIGGER record_version_accounts_user_email AFTER UPDATE OF email ON accounts_user "
    "FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email) "
    "EXECUTE FUNCTION record_version_accounts_user_email()",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [_sqlite_create(t, e) for t in TABLES for e in EVENTS]
        statements += [*SQLITE_PROFILE, SQLITE_USER]
    elif vendor == "postgresql":
        statements = [*PG_PROFILE] + [s for t in TABLES for e in EVENTS for s in _pg_create(t, e)]
    else:
        raise NotImplementedError(f"record versions need SQLite or PostgreSQL, not {vendor}")
    for statement in statements:
        schema_editor.execute(statement)
    # Every profile starts from a value of its own (the triggers give it one).
    schema_editor.execute(f"UPDATE {PROFILE} SET record_version = 0")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    names = [_name(t, e) for t in TABLES for e in EVENTS]
    if vendor == "sqlite":
        names += [f"record_version_{PROFILE}_insert", f"record_version_{PROFILE}_update"]
        for name in [*names, "record_version_accounts_user_email"]:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for table, event in ((t, e) for t in TABLES for e in EVENTS):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_name(table, event)} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {_name(table, event)}()")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS record_version_{PROFILE} ON {PROFILE}")
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS record_version_accounts_user_email ON accounts_user"
        )
        schema_editor.execute("DROP FUNCTION IF EXISTS record_version_accounts_user_email()")
        schema_editor.execute("DROP FUNCTION IF EXISTS record_version_next()")


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0003_limit_grants_and_history"),
        ("treatments", "0003_session_taps"),
        ("checkins", "0001_initial"),
        ("accounts", "0002_time_zone_reminders_first_run"),
    ]

    operations = [
        migrations.AddField(
            model_name="clientprofile",
            name="record_version",
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(create, drop),
    ]

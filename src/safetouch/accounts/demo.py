"""The demo practice: a swimmer with hypermobile SI joints, her therapist, another client.

Loading is idempotent: running it again changes nothing that is already there.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from safetouch.accounts.models import User
from safetouch.checkins.services import checkin_save, routine_set
from safetouch.clients.services import banned_add, zone_set
from safetouch.engine.stretches import DEFAULT_ROUTINE
from safetouch.practice.services import client_seen
from safetouch.records.models import CareGrant, ClientProfile, Preferences, Therapist
from safetouch.treatments.services import outcome_record, session_create

DEMO_PASSWORD = "safetouch-demo"

SWIMMER_ZONES = {
    "sacroiliac_joint_left": ("avoid", None),
    "sacroiliac_joint_right": ("avoid", None),
    "lower_back": ("avoid", None),
    "upper_back": ("focus", 3),
    **{
        f"{g}_{s}": ("focus", None)
        for g in ("calf", "quadriceps", "hamstring", "biceps")
        for s in ("left", "right")
    },
    "gluteal_left": ("caution", 2),
    "gluteal_right": ("caution", 2),
}

# (days ago, minutes, items, flare, hours after, tightness {region: (before, after)}, notes)
# items: (region, technique, pressure, minutes, too much)
SWIMMER_SESSIONS = [
    (
        112,
        50,
        [
            ("calf_left", "deep_tissue", 4, 10, False),
            ("calf_right", "deep_tissue", 4, 10, False),
            ("upper_back", "deep_tissue", 4, 15, True),
            ("hamstring_left", "petrissage", 3, 8, False),
            ("hamstring_right", "petrissage", 3, 7, False),
        ],
        True,
        14,
        {"calf_left": (7, 4), "calf_right": (7, 4), "upper_back": (6, 5)},
        "First session with Maria. Face down for the back; too much on the upper back.",
    ),
    (
        98,
        45,
        [
            ("calf_left", "petrissage", 3, 10, False),
            ("calf_right", "petrissage", 3, 10, False),
            ("quadriceps_left", "effleurage", 2, 8, False),
            ("quadriceps_right", "effleurage", 2, 8, False),
            ("upper_back", "petrissage", 2, 9, False),
        ],
        False,
        None,
        {"calf_left": (6, 4), "calf_right": (6, 4), "upper_back": (6, 5)},
        "Side-lying only. Upper back light.",
    ),
    (
        84,
        45,
        [
            ("calf_left", "petrissage", 3, 10, False),
            ("calf_right", "petrissage", 3, 10, False),
            ("hamstring_left", "friction", 4, 6, True),
            ("quadriceps_left", "petrissage", 3, 8, False),
            ("quadriceps_right", "petrissage", 3, 8, False),
        ],
        False,
        None,
        {"calf_left": (6, 3), "calf_right": (6, 3), "hamstring_left": (5, 5)},
        "Cross-fibre friction high on the left hamstring pulled at the SI joint.",
    ),
    (
        70,
        45,
        [
            ("calf_left", "petrissage", 3, 10, False),
            ("calf_right", "petrissage", 3, 10, False),
            ("upper_back", "petrissage", 3, 10, False),
            ("biceps_left", "petrissage", 2, 5, False),
            ("biceps_right", "petrissage", 2, 5, False),
        ],
        False,
        None,
        {"calf_left": (7, 4), "calf_right": (6, 3), "upper_back": (6, 4)},
        "Training block, calves very tight.",
    ),
    (
        56,
        45,
        [
            ("calf_left", "myofascial_release", 3, 10, False),
            ("calf_right", "myofascial_release", 3, 10, False),
            ("quadriceps_left", "petrissage", 3, 8, False),
            ("quadriceps_right", "petrissage", 3, 8, False),
            ("upper_back", "petrissage", 3, 9, False),
        ],
        False,
        None,
        {"calf_left": (6, 3), "calf_right": (6, 3), "quadriceps_left": (5, 3)},
        "",
    ),
    (
        42,
        45,
        [
            ("calf_left", "petrissage", 4, 10, False),
            ("calf_right", "petrissage", 4, 10, False),
            ("hamstring_right", "petrissage", 3, 8, False),
            ("upper_back", "petrissage", 3, 9, False),
            ("biceps_left", "effleurage", 2, 4, False),
            ("biceps_right", "effleurage", 2, 4, False),
        ],
        False,
        None,
        {"calf_left": (7, 3), "calf_right": (7, 3), "hamstring_right": (5, 3)},
        "Pressure 4 on calves was fine.",
    ),
    (
        28,
        45,
        [
            ("calf_left", "petrissage", 4, 10, False),
            ("calf_right", "petrissage", 4, 10, False),
            ("quadriceps_left", "petrissage", 3, 8, False),
            ("quadriceps_right", "petrissage", 3, 8, False),
            ("upper_back", "petrissage", 3, 9, False),
        ],
        False,
        None,
        {"calf_left": (6, 3), "calf_right": (6, 3), "upper_back": (5, 3)},
        "",
    ),
    (
        9,
        45,
        [
            ("calf_left", "petrissage", 4, 10, False),
            ("calf_right", "petrissage", 4, 10, False),
            ("hamstring_left", "petrissage", 3, 8, False),
            ("hamstring_right", "petrissage", 3, 8, False),
            ("upper_back", "petrissage", 3, 9, False),
        ],
        None,
        None,
        {},
        "Cold week; outcome not recorded yet.",
    ),
]


def load_demo(today: dt.date | None = None) -> list[tuple[str, str]]:
    """Create the demo accounts and records that are missing; return (role, email) logins."""
    today = today or timezone.localdate()
    with transaction.atomic():
        swimmer = _client("demo@example.com", "Sofia")
        therapist_user = _user("therapist@example.com", "Maria", User.Role.THERAPIST)
        other = _client("other@example.com", "Olivia")
        maria, _ = Therapist.objects.get_or_create(
            client=swimmer, name="Maria Keller", defaults={"user": therapist_user}
        )
        if not CareGrant.objects.active().filter(client=swimmer, grantee=therapist_user).exists():
            CareGrant.objects.create(
                client=swimmer, grantee=therapist_user, access=CareGrant.Access.WRITE
            )
        if not swimmer.sessions.exists():
            _swimmer_sessions(swimmer, maria, today)
        # Her limits grew out of these sessions (the cap on the upper back came after it
        # was too much at 4), so they are set after them: nothing was logged against them.
        _swimmer_limits(swimmer)
        # Maria has read Sofia's brief since: the limits above are not news to her.
        client_seen(therapist=therapist_user, client=swimmer, at=timezone.now())
        if not swimmer.routine.exists():
            routine_set(client=swimmer, stretches=list(DEFAULT_ROUTINE))
        if not swimmer.checkins.exists():
            _swimmer_checkins(swimmer, today)
        if not other.zones.exists():
            zone_set(client=other, region="neck", rule="avoid")
            zone_set(client=other, region="shoulder_left", rule="focus")
        if not other.sessions.exists():
            # Yesterday's massage with no outcome yet, and a daily routine: the reminder
            # worker of `make run` has emails to print for her at once.
            session_create(
                client=other, date=today - dt.timedelta(days=1), minutes=30, position="side_lying"
            )
            routine_set(client=other, stretches=["calf_wall"])
            Preferences.objects.update_or_create(client=other, defaults={"stretch_days": 7})
    return [
        ("client: Sofia, a swimmer with hypermobile SI joints", "demo@example.com"),
        ("therapist: Maria, may log Sofia's sessions and outcomes", "therapist@example.com"),
        ("client: Olivia, unrelated; must never see Sofia's records", "other@example.com"),
    ]


def _user(email: str, first_name: str, role: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, first_name=first_name, role=role
        )
    return user


def _client(email: str, first_name: str) -> ClientProfile:
    user = _user(email, first_name, User.Role.CLIENT)
    profile, _ = ClientProfile.objects.get_or_create(
        user=user, defaults={"first_name": first_name}
    )
    return profile


def _swimmer_limits(swimmer: ClientProfile) -> None:
    if swimmer.zones.exists():
        return
    for region, (rule, cap) in SWIMMER_ZONES.items():
        zone_set(client=swimmer, region=region, rule=rule, pressure_cap=cap)
    banned_add(client=swimmer, technique="joint_mobilization")
    banned_add(client=swimmer, technique="tapotement", region="upper_back")
    swimmer.position = "side_lying"
    swimmer.prone_max_minutes = 10
    swimmer.positioning_notes = "Pillow between the knees; turn slowly with knees together."
    swimmer.save()


ITEM_FIELDS = ("region", "technique", "pressure", "minutes", "too_much")


def _swimmer_sessions(swimmer: ClientProfile, maria: Therapist, today: dt.date) -> None:
    for days, minutes, items, flare, hours, tightness, notes in SWIMMER_SESSIONS:
        position = "prone_bolsters" if days == 112 else "side_lying"
        session = session_create(
            client=swimmer,
            date=today - dt.timedelta(days=days),
            minutes=minutes,
            position=position,
            therapist=maria,
            notes=notes,
            items=[dict(zip(ITEM_FIELDS, item, strict=True)) for item in items],
        )
        if flare is not None:
            outcome_record(session=session, flare=flare, hours_after=hours, tightness=tightness)


# Points of tightness a day between massages, before training and cold add to it.
SWIMMER_BUILDUP = {
    "calf_left": 0.13,
    "calf_right": 0.12,
    "quadriceps_left": 0.06,
    "quadriceps_right": 0.06,
    "hamstring_left": 0.08,
    "hamstring_right": 0.07,
    "biceps_left": 0.04,
    "biceps_right": 0.04,
    "upper_back": 0.07,
}
CHECKIN_DAYS = 56


def _swimmer_checkins(swimmer: ClientProfile, today: dt.date) -> None:
    """Eight weeks of evening check-ins: swim training, an autumn cooling down, massages
    resetting the tightness that training and cold build up."""
    rng = random.Random(56)
    massages = {today - dt.timedelta(days=days) for days, *_ in SWIMMER_SESSIONS}
    level = {region: 3.0 for region in SWIMMER_BUILDUP}
    training = 0
    for days in range(CHECKIN_DAYS, 0, -1):
        day = today - dt.timedelta(days=days)
        if day in massages:
            level = {region: rng.uniform(2.0, 3.5) for region in SWIMMER_BUILDUP}
        swim = 0 if day.weekday() == 6 else rng.choice([45, 60, 60, 75, 90])
        temp = 11 - 8 * (CHECKIN_DAYS - days) / CHECKIN_DAYS + rng.uniform(-2.5, 2.5)
        for region, base in SWIMMER_BUILDUP.items():
            level[region] += base + 0.0008 * swim + 0.006 * max(0.0, 15 - temp)
        training += swim
        if rng.random() < 0.2 and day not in massages:
            continue  # a missed check-in: the training carries over to the next one
        stretched = rng.random() < 0.7
        checkin_save(
            client=swimmer,
            at=timezone.make_aware(dt.datetime.combine(day, dt.time(20, rng.randint(0, 50)))),
            training_minutes=training,
            temperature_c=round(temp, 1),
            tightness={
                r: min(10, max(0, round(v + rng.uniform(-0.5, 0.5)))) for r, v in level.items()
            },
            stretches=list(DEFAULT_ROUTINE[: rng.randint(2, 4)]) if stretched else [],
        )
        training = 0

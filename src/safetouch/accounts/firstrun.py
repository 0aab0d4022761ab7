"""The first-run checklist: what a new client (or therapist) does first, until it is done.

Each step is judged from her records, so it ticks itself off as she works; nothing here
stores progress except her choice to hide the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from safetouch.core.prepared import Prepared
from safetouch.records.models import CareGrant, ClientProfile
from safetouch.records.types import AVOID, CAUTION, Record


@dataclass(frozen=True)
class Step:
    label: str
    hint: str
    url: str
    done: bool


# Asked on her every dashboard until the steps are done: compiled once
# (safetouch.core.prepared). Her hand-off links are read by their relation: the
# hand-off app sits above this one.
_GRANTED = Prepared(
    lambda client_id: CareGrant.objects.filter(client_id=client_id).order_by("pk")[:1],
    client_id=int,
)
_LINKED = Prepared(
    lambda client_id: ClientProfile(pk=client_id).share_links.order_by("pk")[:1], client_id=int
)


def client_steps(record: Record) -> list[Step]:
    """Her steps, judged from her loaded record (and who she shared it with)."""
    profile = record.client
    limits = (
        bool(profile.positioning_notes)
        or profile.prone_max_minutes is not None
        or bool(record.banned)
        or any(z.rule == CAUTION or z.pressure_cap is not None for z in record.zones)
    )
    therapist = bool(_GRANTED.run(client_id=profile.pk) or _LINKED.run(client_id=profile.pk))
    return [
        Step(
            "Mark your never-touch zones",
            "Tap the regions on the body map no one may massage.",
            reverse("bodymap", args=[profile.pk]),
            any(z.rule == AVOID for z in record.zones),
        ),
        Step(
            "Set your limits and positioning",
            "Pressure caps, techniques to leave out, how long you can lie face down.",
            reverse("preferences", args=[profile.pk]),
            limits,
        ),
        Step(
            "Invite or brief a therapist",
            "Invite her to your records, or send her a one-page sheet.",
            reverse("sharing"),
            therapist,
        ),
        Step(
            "Log your first session",
            "What was worked on, how firmly, and how tight you were before.",
            reverse("session_new", args=[profile.pk]),
            bool(record.sessions),
        ),
        Step(
            "Check in between sessions",
            "A minute to rate how tight you are; the charts and forecast start from it.",
            reverse("checkin_new", args=[profile.pk]),
            bool(record.checkins),
        ),
    ]


def therapist_steps(user) -> list[Step]:
    has_client = CareGrant.objects.active().filter(grantee=user).exists()
    return [
        Step(
            "Add your first client",
            "A client invites you from her account; enter the code from her email here.",
            reverse("client_list"),
            has_client,
        ),
    ]


def checklist(user, record: Record | None) -> list[Step]:
    """The steps to show on the dashboard (`record`: hers, if she is a client); empty
    once every step is done or she hid it."""
    if user.first_run_hidden:
        return []
    if record is not None:
        steps = client_steps(record)
    elif user.is_therapist:
        steps = therapist_steps(user)
    else:
        return []
    return [] if all(step.done for step in steps) else steps

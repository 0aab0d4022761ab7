"""The first-run checklist: what a new client (or therapist) does first, until it is done.

Each step is judged from her records, so it ticks itself off as she works; nothing here
stores progress except her choice to hide the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from safetouch.clients.models import BannedTechnique, CareGrant, ClientProfile, ZoneRule
from safetouch.core.cache import precompiled


@dataclass(frozen=True)
class Step:
    label: str
    hint: str
    url: str
    done: bool


EVIDENCE = ("avoid", "capped", "banned", "granted", "shared", "logged", "checked_in")


def _evidence(profile_id) -> QuerySet:
    """Whether each step was done, as one row of booleans (see EVIDENCE)."""
    from safetouch.checkins.models import CheckIn
    from safetouch.handoff.models import ShareLink
    from safetouch.treatments.models import MassageSession

    def mine(model, **where) -> Exists:
        return Exists(model.objects.filter(client=OuterRef("pk"), **where))

    capped = Q(rule=ZoneRule.Rule.CAUTION) | Q(pressure_cap__isnull=False)
    steps = {
        "avoid": mine(ZoneRule, rule=ZoneRule.Rule.AVOID),
        "capped": Exists(ZoneRule.objects.filter(capped, client=OuterRef("pk"))),
        "banned": mine(BannedTechnique),
        "granted": mine(CareGrant),  # accepted grants: its manager hides invitations
        "shared": mine(ShareLink),
        "logged": mine(MassageSession),
        "checked_in": mine(CheckIn),
    }
    annotated = ClientProfile.objects.filter(pk=profile_id).annotate(
        **{f"has_{name}": steps[name] for name in EVIDENCE}
    )
    return annotated.values_list(*[f"has_{name}" for name in EVIDENCE])


def client_steps(profile: ClientProfile) -> list[Step]:
    # Every step's evidence in one query, compiled once: the dashboard asks on each visit.
    [row] = precompiled(_evidence, profile.pk)
    done = {f"has_{name}": bool(value) for name, value in zip(EVIDENCE, row, strict=True)}
    limits = (
        bool(profile.positioning_notes)
        or profile.prone_max_minutes is not None
        or done["has_banned"]
        or done["has_capped"]
    )
    return [
        Step(
            "Mark your never-touch zones",
            "Tap the regions on the body map no one may massage.",
            reverse("bodymap", args=[profile.pk]),
            done["has_avoid"],
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
            done["has_granted"] or done["has_shared"],
        ),
        Step(
            "Log your first session",
            "What was worked on, how firmly, and how tight you were before.",
            reverse("session_new", args=[profile.pk]),
            done["has_logged"],
        ),
        Step(
            "Check in between sessions",
            "A minute to rate how tight you are; the charts and forecast start from it.",
            reverse("checkin_new", args=[profile.pk]),
            done["has_checked_in"],
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


def checklist(user, profile: ClientProfile | None) -> list[Step]:
    """The steps to show on the dashboard; empty once every step is done or she hid it."""
    if user.first_run_hidden:
        return []
    if profile is not None:
        steps = client_steps(profile)
    elif user.is_therapist:
        steps = therapist_steps(user)
    else:
        return []
    return [] if all(step.done for step in steps) else steps

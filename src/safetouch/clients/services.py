"""Writes to a client's profile and body map."""

from __future__ import annotations

from django.db import transaction

from safetouch.clients.models import BannedTechnique, ClientProfile, ZoneRule

# Clicking a region steps through the rules in this order.
CYCLE = [None, ZoneRule.Rule.FOCUS, ZoneRule.Rule.CAUTION, ZoneRule.Rule.AVOID]
DEFAULT_CAUTION_CAP = 2


def zone_set(
    *, client: ClientProfile, region: str, rule: str | None, pressure_cap: int | None = None
) -> ZoneRule | None:
    """Give a region a rule (None clears it); a caution zone keeps or gets a cap."""
    with transaction.atomic():
        zone = ZoneRule.objects.select_for_update().filter(client=client, region=region).first()
        if rule is None:
            if zone:
                zone.delete()
            return None
        if rule == ZoneRule.Rule.AVOID:
            pressure_cap = None
        elif rule == ZoneRule.Rule.CAUTION and pressure_cap is None:
            pressure_cap = (zone and zone.pressure_cap) or DEFAULT_CAUTION_CAP
        zone = zone or ZoneRule(client=client, region=region)
        zone.rule, zone.pressure_cap = rule, pressure_cap
        zone.full_clean()
        zone.save()
        return zone


def zone_cycle(*, client: ClientProfile, region: str) -> ZoneRule | None:
    """Step a region to the next rule: none -> focus -> caution -> never touch -> none."""
    current = client.zones.filter(region=region).values_list("rule", flat=True).first()
    following = CYCLE[(CYCLE.index(current) + 1) % len(CYCLE)]
    return zone_set(client=client, region=region, rule=following)


def banned_add(*, client: ClientProfile, technique: str, region: str = "") -> BannedTechnique:
    banned, _ = BannedTechnique.objects.get_or_create(
        client=client, technique=technique, region=region
    )
    return banned


def profile_create(*, user, first_name: str) -> ClientProfile:
    return ClientProfile.objects.create(user=user, first_name=first_name)

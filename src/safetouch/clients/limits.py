"""A client's hard limits in one object: what may never be done, whatever a plan says."""

from __future__ import annotations

from dataclasses import dataclass, field

from safetouch.engine.catalog import REGIONS, TECHNIQUES


@dataclass(frozen=True)
class Limits:
    avoid: frozenset[str] = frozenset()
    caps: dict[str, int] = field(default_factory=dict)
    banned: frozenset[tuple[str, str]] = frozenset()  # (technique, region or "")

    @classmethod
    def of(cls, client) -> Limits:
        zones = list(client.zones.all())
        return cls(
            avoid=frozenset(z.region for z in zones if z.rule == "avoid"),
            caps={z.region: z.pressure_cap for z in zones if z.pressure_cap},
            banned=frozenset(client.banned.values_list("technique", "region")),
        )

    def breach(self, region: str, technique: str, pressure: int) -> str | None:
        """Why this would break a hard limit, in plain words; None when it is allowed."""
        name = REGIONS[region].name
        if region in self.avoid:
            return f"{name} is on the never-touch list."
        if (technique, "") in self.banned or (technique, region) in self.banned:
            return f"{TECHNIQUES[technique].name} is banned on {name.lower()}."
        cap = self.caps.get(region)
        if cap is not None and pressure > cap:
            return f"{name} is capped at pressure {cap}; this was {pressure}."
        return None

"""The client's profile and limits live in `safetouch.records.models`; Django finds the
`clients` app's models here."""

from safetouch.records.models.base import (
    POSITION_CHOICES,
    PRESSURE_CHOICES,
    REGION_CHOICES,
    TECHNIQUE_CHOICES,
    AppendOnly,
    choice_in,
)
from safetouch.records.models.clients import (
    ACCESS_ALLOWS,
    BannedTechnique,
    CareGrant,
    ClientProfile,
    GrantManager,
    GrantQuerySet,
    LimitChange,
    LimitChangeQuerySet,
    Therapist,
    ZoneQuerySet,
    ZoneRule,
)

__all__ = [
    "ACCESS_ALLOWS",
    "POSITION_CHOICES",
    "PRESSURE_CHOICES",
    "REGION_CHOICES",
    "TECHNIQUE_CHOICES",
    "AppendOnly",
    "BannedTechnique",
    "CareGrant",
    "ClientProfile",
    "GrantManager",
    "GrantQuerySet",
    "LimitChange",
    "LimitChangeQuerySet",
    "Therapist",
    "ZoneQuerySet",
    "ZoneRule",
    "choice_in",
]

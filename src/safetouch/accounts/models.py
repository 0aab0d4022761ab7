"""A user logs in with an email address; there is no separate username."""

from __future__ import annotations

import zoneinfo

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models

DEFAULT_TIME_ZONE = "UTC"


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a time zone name such as Europe/London.")


def display_name(first_name: str, email: str) -> str:
    """How a user is named to others: her first name, else her e-mail's local part."""
    return first_name or email.split("@")[0]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> User:
        if not email:
            raise ValueError("email: required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        """Logins are case-insensitive: sign-up stores emails lower-cased."""
        return self.get(email=(username or "").strip().lower())

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractUser):
    class Role(models.TextChoices):
        CLIENT = "client", "Client"
        THERAPIST = "therapist", "Therapist or physical therapist"

    username = None
    email = models.EmailField("email address", unique=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CLIENT)
    time_zone = models.CharField(
        "time zone",
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
        help_text="Times on every page, email and file are shown in this zone.",
    )
    # Each kind of reminder email can be turned off (settings, or the unsubscribe link).
    remind_booking = models.BooleanField("when my next massage is due", default=True)
    remind_stretching = models.BooleanField("on my stretching days", default=True)
    remind_outcome = models.BooleanField(
        "the morning after a session, to ask how it went", default=True
    )
    remind_flare = models.BooleanField(
        "when a client's joints flared after a session", default=True
    )
    first_run_hidden = models.BooleanField(default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["client", "therapist"]), name="user_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.email)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)

    @property
    def is_therapist(self) -> bool:
        return self.role == self.Role.THERAPIST

    @property
    def start_page(self) -> str:
        """The URL name a login lands on: a therapist's clients, a client's dashboard."""
        return "workspace" if self.is_therapist else "dashboard"


class PasswordResetRequest(models.Model):
    """One row per reset email asked for, counted to throttle them (see accounts.passwords).

    The address is kept only as a keyed digest: the table must not become a list of
    who tried to get into which account.
    """

    email_digest = models.CharField(max_length=64, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Reset asked at {self.at:%Y-%m-%d %H:%M}"

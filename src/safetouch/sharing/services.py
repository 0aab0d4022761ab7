"""Writes that share a client's records: invitations by email or code, accepting, revoking.

The grants themselves are `clients.CareGrant`; this module only moves them between
states (invited -> active -> revoked).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from safetouch.records.models import ACCESS_ALLOWS, CareGrant, ClientProfile

INVITATION_DAYS = 7
# No 0/O, 1/I/L: a code is read aloud or typed from a phone screen.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def code_hash(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=INVITATION_DAYS)


def invite_by_email(
    *, client: ClientProfile, email: str, access: str, accept_url: str = ""
) -> CareGrant:
    """Mail a one-time code to this address.

    Accepting takes the code, not just an account with that email: sign-up does not
    prove an address, so whoever registered it first must not get the records.
    """
    email = email.strip().lower()
    if email == client.user.email.lower():
        raise ValidationError({"email": "That is your own address."})
    if CareGrant.objects.active().filter(client=client, grantee__email__iexact=email).exists():
        raise ValidationError({"email": "This person already has access; revoke it first."})
    code = _new_code()
    # Only a first name travels by mail: no zones, no sessions, no diagnosis. The header is
    # built now, so a name a header cannot carry is caught before anything is stored.
    name = " ".join(client.first_name.split())
    message = EmailMessage(
        f"{name} shared her SafeTouch records with you",
        f"{name} invited you to see her massage limits and sessions on "
        f"SafeTouch: {CareGrant.Access(access).label.lower()}.\n"
        f"{ACCESS_ALLOWS[access]}\n\n"
        f"Your code: {_shown(code)}\n\n"
        f"Log in or sign up, then enter the code under 'Your clients':\n{accept_url}\n\n"
        f"The code works once and expires in {INVITATION_DAYS} days.",
        None,
        [email],
    )
    message.message()
    with transaction.atomic():
        grant = CareGrant.with_invitations.create(
            client=client,
            access=access,
            invite_email=email,
            code_hash=code_hash(code),
            expires=_expiry(),
        )
        # Sent once the row is stored; if it cannot be sent, the row goes again, so no
        # invitation waits behind a code that nobody received.
        transaction.on_commit(lambda: _send_or_withdraw(grant, message))
    return grant


def _send_or_withdraw(grant: CareGrant, message: EmailMessage) -> None:
    try:
        message.send()
    except Exception as exc:
        CareGrant.with_invitations.filter(pk=grant.pk).delete()
        raise ValidationError(
            {"email": "The invitation could not be sent, so none was made. Try again later."}
        ) from exc


def invite_by_code(*, client: ClientProfile, access: str) -> tuple[CareGrant, str]:
    """A one-time code to hand to a therapist; only its hash is kept."""
    code = _new_code()
    grant = CareGrant.with_invitations.create(
        client=client, access=access, code_hash=code_hash(code), expires=_expiry()
    )
    return grant, _shown(code)


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _shown(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def code_accept(*, user, code: str) -> CareGrant:
    """Turn the invitation behind a one-time code into the user's grant."""
    digest = code_hash(code)
    grant = CareGrant.with_invitations.pending().filter(code_hash=digest).first()
    if len(normalize_code(code)) != CODE_LENGTH or grant is None:
        raise ValidationError(
            {"code": "This code is unknown, used or expired. Ask for a new one."}
        )
    return _accept(user=user, grant=grant)


def _accept(*, user, grant: CareGrant) -> CareGrant:
    if grant.client.user_id == user.pk:
        raise ValidationError({"code": "You cannot accept your own invitation."})
    now = timezone.now()
    with transaction.atomic():
        # A new invitation replaces the access the person had before.
        CareGrant.objects.active().filter(client=grant.client, grantee=user).update(revoked=now)
        grant.grantee, grant.accepted, grant.code_hash = user, now, ""
        grant.save(update_fields=["grantee", "accepted", "code_hash"])
    return grant


def grant_revoke(*, grant: CareGrant) -> CareGrant:
    """End a grant or withdraw an invitation; the row stays as history."""
    if grant.revoked is None:
        grant.revoked = timezone.now()
        grant.save(update_fields=["revoked"])
    return grant

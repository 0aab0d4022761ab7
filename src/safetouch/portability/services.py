"""Import an account file into this instance: all of it, or nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from safetouch.api.errors import FieldError
from safetouch.portability.document import ImportFileError, parse
from safetouch.portability.sections import SECTIONS, ImportContext
from safetouch.records.models import ClientProfile


@dataclass(frozen=True)
class ImportResult:
    user: object
    skipped: list[str]


def account_import(*, text: str | bytes) -> ImportResult:
    """Create the file's account with its records. The account must not exist here yet:
    an import never overwrites what is already stored. Its password is unusable until
    set (`safetouch manage changepassword EMAIL`)."""
    document = parse(text)
    User = get_user_model()
    if User.objects.filter(email__iexact=document.account.email).exists():
        raise ImportFileError(
            [FieldError(field="account.email", message="an account with this email exists here")]
        )
    try:
        with transaction.atomic():
            user = User.objects.create_user(password=None, **document.account.model_dump())
            skipped: list[str] = []
            if document.profile is not None:
                skipped = _load_profile(user, document)
    except IntegrityError as exc:  # a rule the checks missed: refuse the file, keep the data
        raise ImportFileError([FieldError(field="file", message=f"conflicts ({exc})")]) from None
    return ImportResult(user=user, skipped=skipped)


def _load_profile(user, document) -> list[str]:
    fields = document.profile.model_dump(exclude={"created"})
    profile = ClientProfile.objects.create(user=user, **fields)
    ClientProfile.objects.filter(pk=profile.pk).update(created=document.profile.created)
    ctx = ImportContext(client=profile)
    for section in SECTIONS:
        section.load(ctx, getattr(document, section.key))
    return ctx.skipped

"""Reads that put an account's records into the account file."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from pydantic import ValidationError

from safetouch.portability.document import FORMAT, VERSION, export_model
from safetouch.portability.sections import SECTIONS
from safetouch.records.load import load_record
from safetouch.records.models import ClientProfile
from safetouch.records.shapes import profile_fields

log = logging.getLogger(__name__)


def account_document(user) -> dict:
    """Everything the account holds, as the JSON-ready account file."""
    profile = ClientProfile.objects.filter(user=user).first()
    record = load_record(profile) if profile else None
    raw = {
        "format": FORMAT,
        "version": VERSION,
        "exported": timezone.now(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "role": user.role,
            "time_zone": user.time_zone,
            "remind_booking": user.remind_booking,
            "remind_stretching": user.remind_stretching,
            "remind_outcome": user.remind_outcome,
            "remind_flare": user.remind_flare,
        },
        "profile": profile and _profile(profile),
        **{s.key: s.dump(record) if record else s.annotation[1] for s in SECTIONS},
    }
    # Going through the schema proves every export can be imported again. A record stored
    # before a limit existed (a longer note, a name with a line break) must not lock her
    # out of her own data: it is exported as stored, and the log names only the fields.
    try:
        return export_model().model_validate(raw).model_dump(mode="json")
    except ValidationError as exc:
        fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        log.warning("account file exported with fields the import would refuse: %s", fields)
        return json.loads(json.dumps(raw, cls=DjangoJSONEncoder))


def account_lines(user, *, indent: int | None = 2) -> Iterator[str]:
    """The account file as JSON text in pieces: indented as `safetouch export` writes it,
    or (indent=None, for the API) compact, in one piece from the C encoder."""
    document = account_document(user)
    if indent is None:
        return iter([json.dumps(document, ensure_ascii=False)])
    return json.JSONEncoder(indent=indent, ensure_ascii=False).iterencode(document)


def _profile(profile: ClientProfile) -> dict:
    return {**profile_fields(profile), "created": profile.created}

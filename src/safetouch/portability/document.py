"""The account file as one pydantic model, built from the registered sections."""

from __future__ import annotations

import json
from typing import Literal

from pydantic import ValidationError, create_model

from safetouch.api.errors import FieldError, field_errors
from safetouch.api.schemas import In
from safetouch.api.wire import wire_json
from safetouch.portability.records import AccountRecord, ProfileRecord, Stamp
from safetouch.portability.sections import SECTIONS

FORMAT = "safetouch-account"
VERSION = 1
MAX_BYTES = 20 * 1024 * 1024


class ImportFileError(ValueError):
    """A file that cannot be imported; `errors` name each offending field."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        first = errors[0]
        super().__init__(f"{first.field}: {first.message}")


def document_model() -> type[In]:
    """The file's schema; rebuilt per call so a section registered late is included."""
    sections = {s.key: s.annotation for s in SECTIONS}
    return create_model(
        "AccountDocument",
        __base__=In,
        format=(Literal[FORMAT], ...),
        version=(Literal[VERSION], ...),
        exported=(Stamp, ...),
        account=(AccountRecord, ...),
        profile=(ProfileRecord | None, ...),
        **sections,
    )


def parse(text: str | bytes) -> In:
    """Validate a file completely before anything is written; raise ImportFileError."""
    if len(text) > MAX_BYTES:
        raise ImportFileError([FieldError(field="file", message="larger than 20 MB")])
    try:
        data = wire_json(text)
    except ValueError as exc:
        raise ImportFileError(
            [FieldError(field="file", message=f"not valid JSON ({exc})")]
        ) from None
    if not isinstance(data, dict):
        raise ImportFileError([FieldError(field="file", message="must be a JSON object")])
    try:
        document = document_model().model_validate_json(json.dumps(data))
    except ValidationError as exc:
        raise ImportFileError(field_errors(exc.errors(include_url=False))) from None
    problems = [
        FieldError(field=path, message=message)
        for section in SECTIONS
        for path, message in section.check(getattr(document, section.key))
    ]
    if problems:
        raise ImportFileError(problems)
    return document

"""The account file as one pydantic model, built from the registered sections."""

from __future__ import annotations

import functools
import json
import types
import typing
from typing import Literal

from pydantic import BaseModel, ValidationError, create_model

from safetouch.core.errors import FieldError, field_errors
from safetouch.core.schemas import In
from safetouch.core.wire import wire_json
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


def export_model() -> type[BaseModel]:
    """The file's schema for checking an export on its way out: the same fields, types and
    constraints as `document_model`, without django-ninja's per-object wrapper, which
    reads ORM objects and validates each nested record once per level above it (4 s
    instead of 0.6 s for 5,000 sessions). The import keeps `document_model`."""
    return _copy(document_model())


def _copy(model: type[BaseModel]) -> type[BaseModel]:
    decorators = model.__pydantic_decorators__
    own = set(decorators.model_validators) - {"_run_root_validator"}  # django-ninja's
    if own or any(
        getattr(decorators, kind)
        for kind in (
            "field_validators",
            "field_serializers",
            "model_serializers",
            "computed_fields",
        )
    ):
        raise TypeError(f"{model.__name__} has validators a plain copy would lose")
    fields = {n: (_plain_type(f.annotation), f) for n, f in model.model_fields.items()}
    return create_model(
        model.__name__, __config__=model.model_config, __doc__=model.__doc__, **fields
    )


_record_copy = functools.cache(_copy)  # records are fixed classes; the document is not


def _plain_type(annotation: object) -> object:
    if isinstance(annotation, type) and issubclass(annotation, In):
        return _record_copy(annotation)
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin is list:
        return list[_plain_type(args[0])]
    if origin in (typing.Union, types.UnionType):
        return typing.Union[tuple(_plain_type(a) for a in args)]  # noqa: UP007
    return annotation  # Annotated, Literal and plain types carry no record


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

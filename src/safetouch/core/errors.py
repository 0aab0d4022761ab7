"""One error format for the whole API, and field paths shared with the importer.

Every error answers `{"detail": "<field>: <message>", "errors": [{"field", "message"}]}`;
`detail` starts with the path of the offending field, like the engine's EngineError.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ninja import Schema

# Locations ninja puts in front of a field path; readers of an error want the field.
_LOCATION_HEADS = {"body", "query", "path", "header", "cookie", "form", "file"}


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


def field_path(loc: Sequence[object]) -> str:
    """('items', 0, 'pressure') -> 'items[0].pressure'."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "body"


def _message(error: dict) -> str:
    # Literal errors list every allowed value (50 regions); say what was wrong instead.
    if error.get("type") == "literal_error":
        return f"unknown value {error['input']!r}" if "input" in error else "unknown value"
    if error.get("type") == "extra_forbidden":
        return "unknown field"
    if error.get("type") == "missing":
        return "required"
    return str(error.get("msg", "invalid")).removeprefix("Value error, ")


def api_loc(loc: Sequence[object]) -> list[object]:
    """Drop ninja's location and parameter name: ('body', 'payload', 'x') -> ['x']."""
    parts = list(loc)
    if parts and parts[0] in _LOCATION_HEADS:
        head = parts.pop(0)
        if head == "body" and parts:
            parts.pop(0)  # the view's argument name, not part of the document
    return parts


def field_errors(errors: Iterable[dict], *, strip_location: bool = False) -> list[FieldError]:
    out = []
    for error in errors:
        loc = api_loc(error.get("loc", ())) if strip_location else list(error.get("loc", ()))
        out.append(FieldError(field=field_path(loc), message=_message(error)))
    return out


def error_body(errors: list[FieldError]) -> dict:
    first = errors[0] if errors else FieldError(field="body", message="invalid")
    return {
        "detail": f"{first.field}: {first.message}",
        "errors": [e.model_dump() for e in errors],
    }


def plain_error(detail: str) -> dict:
    return {"detail": detail, "errors": []}

"""The account file's schema, and the plain copy of it that checks an export."""

from __future__ import annotations

import pytest
from pydantic import field_validator

from safetouch.core.schemas import In
from safetouch.portability.document import _copy, document_model, export_model
from safetouch.portability.selectors import account_document


def test_the_export_check_gives_what_the_import_schema_gives(alice_full):
    document = account_document(alice_full.user)
    assert document_model().model_validate(document).model_dump(mode="json") == document
    # The same fields, types and constraints: the same JSON Schema.
    assert export_model().model_json_schema() == document_model().model_json_schema()


def test_the_export_check_refuses_what_the_import_refuses(alice_full):
    from pydantic import ValidationError

    document = account_document(alice_full.user)
    document["sessions"][0]["items"][0]["pressure"] = 9
    with pytest.raises(ValidationError, match="sessions.0.items.0.pressure"):
        export_model().model_validate(document)


def test_a_record_with_a_validator_of_its_own_cannot_be_copied():
    class Checked(In):
        name: str

        @field_validator("name")
        @classmethod
        def _upper(cls, value: str) -> str:
            return value.upper()

    with pytest.raises(TypeError, match="Checked has validators"):
        _copy(Checked)

"""Malformed import files: each is refused naming the field, and nothing stored changes."""

from __future__ import annotations

import json

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from safetouch.portability.document import ImportFileError, document_model
from safetouch.portability.selectors import account_document
from safetouch.portability.services import account_import
from tests.api.conftest import table_rows
from tests.api.mutate import broken, related

EXAMPLES = settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@pytest.fixture
def valid_file(alice_full):
    """alice's export, renamed so that importing it as it is would succeed."""
    document = account_document(alice_full.user)
    document["account"]["email"] = "alice.elsewhere@example.com"
    return document


def test_the_valid_file_imports(valid_file):
    assert account_import(text=json.dumps(valid_file)).user.email == valid_file["account"]["email"]


def test_a_broken_file_is_refused_with_its_field_and_changes_nothing(valid_file):
    validator = jsonschema_rs.validator_for(
        document_model().model_json_schema(), validate_formats=True
    )
    assert validator.is_valid(valid_file)
    before = table_rows()
    refused = []

    @EXAMPLES
    @given(st.data())
    def check(data):
        where, document = data.draw(broken(valid_file))
        assume(not validator.is_valid(document))
        with pytest.raises(ImportFileError) as raised:
            account_import(text=json.dumps(document))
        errors = raised.value.errors
        assert str(raised.value) == f"{errors[0].field}: {errors[0].message}"
        assert all(related(e.field, where) for e in errors), (where, errors)
        assert table_rows() == before
        refused.append(where)

    check()
    assert len(refused) >= 100


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["zones"].append(dict(d["zones"][0])), "zones[3].region"),
        (lambda d: d["zones"][1].update(pressure_cap=None), "zones[1].pressure_cap"),
        (
            lambda d: d["sessions"][1]["outcome"].update(hours_after=4),
            "sessions[1].outcome.hours_after",
        ),
        (lambda d: d["therapists"].append({"name": "Maria"}), "therapists[1].name"),
        (
            lambda d: d["sessions"][0]["tightness"].append(d["sessions"][0]["tightness"][0]),
            "sessions[0].tightness[2].region",
        ),
        (lambda d: d.update(version=2), "version"),
        (lambda d: d["sessions"][0].update(created="2026-10-01T10:00:00"), "sessions[0].created"),
    ],
)
def test_rules_across_records_name_the_field(valid_file, change, field):
    change(valid_file)
    before = table_rows()
    with pytest.raises(ImportFileError) as raised:
        account_import(text=json.dumps(valid_file))
    assert raised.value.errors[0].field == field
    assert table_rows() == before


@pytest.mark.parametrize("raw", [b"", b"\xff\xfe", b"[]", b'"text"', b"{" * 5000, b"[" * 100_000])
def test_a_file_that_is_not_an_account_file_is_refused(db, raw):
    with pytest.raises(ImportFileError) as raised:
        account_import(text=raw)
    assert raised.value.errors[0].field in {"file", "format"}

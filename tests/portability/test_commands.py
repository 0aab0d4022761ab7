"""`manage export` and `manage import`: the commands behind `safetouch export` / `import`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from safetouch.clients.models import CareGrant, Therapist
from tests.portability.test_round_trip import _same, _wipe_everything


def _export(**options) -> str:
    out = StringIO()
    call_command("export", stdout=out, **options)
    return out.getvalue()


def test_an_exported_account_imports_again_as_it_was(alice_full, tmp_path):
    CareGrant.objects.all().delete()
    Therapist.objects.update(user=None)
    exported = _export(email="alice@example.com")
    path = tmp_path / "account.json"
    path.write_text(exported)
    _wipe_everything()

    out = StringIO()
    call_command("import", str(path), stdout=out)

    assert out.getvalue().splitlines()[0] == "Imported alice@example.com."
    assert _same(json.loads(exported), json.loads(_export(email="alice@example.com"))) == []


def test_import_names_each_bad_field_and_changes_nothing(alice_full, tmp_path):
    document = json.loads(_export(email="alice@example.com"))
    document["account"]["email"] = "new@example.com"
    document["sessions"][0]["minutes"] = 0
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    err = StringIO()

    with pytest.raises(CommandError, match="bad.json: not imported, nothing was changed"):
        call_command("import", str(path), stderr=err)

    assert err.getvalue().startswith("sessions[0].minutes: ")
    assert not get_user_model().objects.filter(email="new@example.com").exists()


def test_import_names_a_file_it_cannot_read(db, tmp_path):
    with pytest.raises(CommandError, match="missing.json: cannot be read"):
        call_command("import", str(tmp_path / "missing.json"))


def test_export_writes_sessions_as_csv_and_the_record_as_fhir(alice_full):
    assert _export(email="alice@example.com", fmt="csv").startswith("date,therapist,position")
    bundle = json.loads(_export(email="ALICE@example.com", fmt="fhir"))
    assert bundle["resourceType"] == "Bundle"


def test_export_names_the_option_it_cannot_serve(bob):
    with pytest.raises(CommandError, match="^--user: no account nobody@example.com$"):
        _export(email="nobody@example.com")
    with pytest.raises(CommandError, match="^--format csv: bob@example.com has no client"):
        _export(email="bob@example.com", fmt="csv")

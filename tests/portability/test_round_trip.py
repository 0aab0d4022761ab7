"""Export, import into an empty instance, export again: zero differences."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from safetouch.cli import main
from safetouch.portability.document import ImportFileError
from safetouch.portability.selectors import account_document
from safetouch.portability.services import account_import


def _same(a: dict, b: dict) -> list[str]:
    """Paths where two account files differ (the export stamp aside)."""
    diffs = []
    for key in sorted((set(a) | set(b)) - {"exported"}):
        if a.get(key) != b.get(key):
            diffs.append(key)
    return diffs


def _wipe_everything():
    from django.contrib.auth import get_user_model

    get_user_model().objects.all().delete()  # cascades to every record


def test_it_reproduces_every_record_in_an_empty_instance(alice_full):
    from safetouch.clients.models import CareGrant, Therapist

    # Links to other people's accounts cannot travel in her file; without them the
    # import must reproduce her records exactly.
    CareGrant.objects.all().delete()
    Therapist.objects.update(user=None)
    before = account_document(alice_full.user)
    _wipe_everything()

    result = account_import(text=json.dumps(before))

    after = account_document(result.user)
    assert _same(before, after) == []
    assert result.skipped == []
    assert len(after["sessions"]) == 3
    assert sum(len(s["items"]) for s in after["sessions"]) == 6
    assert len(after["checkins"]) == 2
    assert after["routine"] == ["single_knee_to_chest", "calf_wall"]
    assert after["preferences"]["temperature_unit"] == "F"


def test_it_relinks_shares_when_the_people_have_accounts_here(alice_full, bob, carol):
    before = account_document(alice_full.user)
    alice_full.user.delete()  # bob and carol stay, as on a practice's server

    result = account_import(text=json.dumps(before))

    after = account_document(result.user)
    assert _same(before, after) == ["grants"]  # bob's share waits for him: see below
    assert len(before["grants"]) == 2
    assert after["grants"] == [g for g in before["grants"] if g["revoked"]]  # carol's past
    assert before["therapists"][0]["account_email"] == "bob@example.com"


def test_an_imported_share_waits_until_the_therapist_accepts_it(
    alice_full, bob, carol, mailoutbox, django_capture_on_commit_callbacks
):
    from safetouch.clients.models import CareGrant
    from safetouch.records.access import clients_visible_to
    from safetouch.sharing.services import code_accept

    document = json.dumps(account_document(alice_full.user))
    alice_full.user.delete()  # bob and carol stay, as on a practice's server

    with django_capture_on_commit_callbacks(execute=True):
        result = account_import(text=document)

    profile = result.user.client_profile
    assert not clients_visible_to(bob).filter(pk=profile.pk).exists()
    assert not CareGrant.objects.active().filter(client=profile).exists()
    (invitation,) = CareGrant.with_invitations.pending().filter(client=profile)
    assert (invitation.invite_email, invitation.access) == ("bob@example.com", "write")
    assert "share with bob@example.com: invited again, no access until accepted" in result.skipped
    (mail,) = mailoutbox
    assert mail.to == ["bob@example.com"]
    code = re.search(r"Your code: (\S+)", mail.body)[1]
    code_accept(user=bob, code=code)
    assert clients_visible_to(bob, write=True).filter(pk=profile.pk).exists()


def test_it_says_which_shares_it_could_not_carry_over(alice_full):
    before = account_document(alice_full.user)
    _wipe_everything()

    result = account_import(text=json.dumps(before))

    assert sorted(result.skipped) == [
        "share with bob@example.com: no such account here",
        "share with carol@example.com: no such account here",
        "therapist Maria: no account bob@example.com here, unlinked",
    ]


def test_it_refuses_to_overwrite_an_existing_account(alice_full):
    document = json.dumps(account_document(alice_full.user))
    with pytest.raises(ImportFileError, match="^account.email: an account with this email"):
        account_import(text=document)


def test_the_cli_round_trip_gives_the_same_file(alice_full, tmp_path):
    from safetouch.clients.models import CareGrant, Therapist

    CareGrant.objects.all().delete()
    Therapist.objects.update(user=None)
    runner = CliRunner()
    exported = runner.invoke(main, ["export", "--user", "alice@example.com"])
    assert exported.exit_code == 0, exported.output
    path = tmp_path / "account.json"
    path.write_text(exported.output)
    _wipe_everything()

    imported = runner.invoke(main, ["import", str(path)])

    assert imported.exit_code == 0, imported.output
    assert "Imported alice@example.com." in imported.output
    again = runner.invoke(main, ["export", "--user", "alice@example.com"])
    assert _same(json.loads(exported.output), json.loads(again.output)) == []


def test_the_cli_names_the_field_of_a_bad_file(alice_full, tmp_path):
    document = account_document(alice_full.user)
    document["account"]["email"] = "new@example.com"
    document["sessions"][1]["items"][0]["pressure"] = 9
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))

    result = CliRunner().invoke(main, ["import", str(path)])

    assert result.exit_code == 1
    assert "sessions[1].items[0].pressure: Input should be less than or equal to 5" in (
        result.output
    )
    assert "nothing was changed" in result.output


def test_the_cli_exports_csv_and_fhir(alice_full):
    runner = CliRunner()
    csv = runner.invoke(main, ["export", "--user", "alice@example.com", "--format", "csv"])
    fhir = runner.invoke(main, ["export", "--user", "alice@example.com", "--format", "fhir"])
    assert csv.output.startswith("date,therapist,position")
    assert json.loads(fhir.output)["resourceType"] == "Bundle"


def test_the_cli_refuses_an_unknown_user(db):
    result = CliRunner().invoke(main, ["export", "--user", "nobody@example.com"])
    assert result.exit_code == 1
    assert "--user: no account nobody@example.com" in result.output


def test_the_note_for_next_time_travels_and_an_older_file_without_it_imports(alice_full):
    from safetouch.clients.models import CareGrant, Therapist

    CareGrant.objects.all().delete()
    Therapist.objects.update(user=None)
    alice_full.sessions.update(next_time="Start with the calves.")
    before = account_document(alice_full.user)
    older = json.loads(json.dumps(before, default=str))
    for session in older["sessions"]:
        del session["next_time"]
    _wipe_everything()
    result = account_import(text=json.dumps(before, default=str))
    assert {s["next_time"] for s in account_document(result.user)["sessions"]} == {
        "Start with the calves."
    }
    _wipe_everything()
    result = account_import(text=json.dumps(older))
    assert {s["next_time"] for s in account_document(result.user)["sessions"]} == {""}


def test_her_time_zone_and_reminder_choices_travel_with_her(alice_profile):
    user = alice_profile.user
    user.time_zone = "Pacific/Auckland"
    user.remind_stretching = False
    user.save()
    document = account_document(user)
    assert document["account"]["time_zone"] == "Pacific/Auckland"
    _wipe_everything()
    imported = account_import(text=json.dumps(document)).user
    assert imported.time_zone == "Pacific/Auckland"
    assert (imported.remind_stretching, imported.remind_booking) == (False, True)


def test_a_file_without_them_imports_with_the_defaults_and_a_bad_zone_is_named(alice_profile):
    document = account_document(alice_profile.user)
    _wipe_everything()
    bad = json.loads(json.dumps(document))
    bad["account"]["time_zone"] = "Mars/Olympus"
    with pytest.raises(ImportFileError) as raised:
        account_import(text=json.dumps(bad))
    assert [e.field for e in raised.value.errors] == ["account.time_zone"]
    for key in ("time_zone", "remind_booking", "remind_stretching", "remind_outcome"):
        document["account"].pop(key)
    document["account"].pop("remind_flare")
    user = account_import(text=json.dumps(document)).user
    assert user.time_zone == "UTC" and user.remind_outcome

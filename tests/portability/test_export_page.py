"""The 'Your data' page and its downloads: the same permission check as every page."""

from __future__ import annotations

import csv
import io
import json

import pytest

from safetouch.portability.spreadsheets import SESSION_COLUMNS, _safe
from tests.conftest import client_for


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_it_offers_the_three_downloads(alice_full):
    response = client_for(alice_full.user).get(f"/clients/{alice_full.pk}/export/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1>") == 1
    assert f"/clients/{alice_full.pk}/export/account.json" in html
    assert f"/clients/{alice_full.pk}/export/sessions.csv" in html
    assert f"/clients/{alice_full.pk}/export/fhir.json" in html


@pytest.mark.parametrize("path", ["", "account.json", "sessions.csv", "fhir.json"])
def test_it_refuses_a_stranger(alice_full, charlie, path):
    response = client_for(charlie).get(f"/clients/{alice_full.pk}/export/{path}")
    assert response.status_code == 404


@pytest.fixture
def reader(alice_full, carol):
    """carol, shared with again, to read only (alice_full revoked her first share)."""
    from safetouch.clients.models import CareGrant

    CareGrant.objects.create(client=alice_full, grantee=carol, access="read")
    return carol


@pytest.mark.parametrize("path", ["sessions.csv", "checkins.csv", "fhir.json"])
def test_a_therapist_with_a_share_may_download_the_records(alice_full, reader, path):
    carol = reader
    response = client_for(carol).get(f"/clients/{alice_full.pk}/export/{path}")
    assert response.status_code == 200
    assert b"carol@example.com" not in _body(response)


@pytest.mark.parametrize("who", ["bob", "carol"])
def test_the_account_file_is_hers_alone(alice_full, bob, reader, who):
    """It names everyone she shares with and their history: a therapist gets a 404."""
    therapist = {"bob": bob, "carol": reader}[who]
    response = client_for(therapist).get(f"/clients/{alice_full.pk}/export/account.json")
    assert response.status_code == 404
    mine = client_for(alice_full.user).get(f"/clients/{alice_full.pk}/export/account.json")
    assert json.loads(_body(mine))["account"]["email"] == "alice@example.com"


def test_a_therapist_is_offered_only_what_she_may_download(alice_full, reader):
    html = client_for(reader).get(f"/clients/{alice_full.pk}/export/").content.decode()
    assert "account.json" not in html and "Download everything" not in html
    assert f"/clients/{alice_full.pk}/export/sessions.csv" in html
    assert f"/clients/{alice_full.pk}/export/fhir.json" in html
    assert "hers alone" in html


def test_the_download_is_an_attachment_that_is_not_cached(alice_full):
    response = client_for(alice_full.user).get(f"/clients/{alice_full.pk}/export/fhir.json")
    assert response["Content-Type"] == "application/fhir+json"
    assert response["Content-Disposition"].startswith('attachment; filename="safetouch-')
    assert response["Cache-Control"] == "no-store"
    assert response.streaming


def test_the_csv_has_a_row_per_item_and_no_formulas(alice_full):
    from safetouch.treatments.models import MassageSession

    MassageSession.objects.filter(client=alice_full).update(notes='=HYPERLINK("x")')
    response = client_for(alice_full.user).get(f"/clients/{alice_full.pk}/export/sessions.csv")
    rows = list(csv.DictReader(io.StringIO(_body(response).decode())))
    assert len(rows) == 6
    first = rows[0]
    assert first["date"] == "2026-10-01" and first["region"] == "Left calf"
    assert first["flare"] == "yes" and first["flare_hours_after"] == "12"
    assert first["tightness_before"] == "7" and first["tightness_after"] == "4"
    assert rows[1]["too_much"] == "yes"
    assert all(r["notes"].startswith("'=") for r in rows)


def test_an_unknown_table_is_a_404(alice_full):
    response = client_for(alice_full.user).get(f"/clients/{alice_full.pk}/export/nope.csv")
    assert response.status_code == 404


def test_the_dashboard_links_to_the_page(alice_full):
    html = client_for(alice_full.user).get("/dashboard/").content.decode()
    assert f"/clients/{alice_full.pk}/export/" in html


def test_the_check_ins_csv_has_a_row_per_reading(alice_full):
    response = client_for(alice_full.user).get(f"/clients/{alice_full.pk}/export/checkins.csv")
    rows = list(csv.DictReader(io.StringIO(_body(response).decode())))
    assert len(rows) == 4
    assert rows[0]["at"] == "2026-10-03T18:30+00:00"
    assert rows[0]["temperature_c"] == "-4.5"
    assert rows[0]["stretches"] == "Single knee-to-chest"
    assert rows[2]["training_minutes"] == "0"


def test_a_record_stored_before_a_limit_still_exports_and_stays_out_of_the_log(alice_full, caplog):
    # Stored before notes had a length and names one line: the export must not fail, and
    # the warning names the fields only, never their health-related contents.
    from safetouch.clients.models import ClientProfile
    from safetouch.treatments.models import MassageSession

    marker = "PLANTED-NOTE-MARKER "
    session = MassageSession.objects.filter(client=alice_full).first()
    MassageSession.objects.filter(pk=session.pk).update(notes=marker * 600)
    ClientProfile.objects.filter(pk=alice_full.pk).update(first_name="Ali\nce")
    user = alice_full.user
    for path in ["account.json", "fhir.json", "sessions.csv"]:
        response = client_for(user).get(f"/clients/{alice_full.pk}/export/{path}")
        assert response.status_code == 200, path
    response = client_for(user).get(f"/clients/{alice_full.pk}/export/account.json")
    body = b"".join(response.streaming_content)
    assert json.loads(body)["profile"]["first_name"] == "Ali\nce"
    assert marker not in caplog.text
    assert "notes" in caplog.text


def test_a_session_on_the_last_day_of_the_calendar_still_exports(alice_full):
    import datetime as dt

    from safetouch.treatments.models import MassageSession

    session = MassageSession.objects.filter(client=alice_full, tightness__isnull=False).first()
    MassageSession.objects.filter(pk=session.pk).update(date=dt.date.max)
    response = client_for(alice_full.user).get(f"/clients/{alice_full.pk}/export/fhir.json")
    assert response.status_code == 200
    assert b"9999-12-31" in b"".join(response.streaming_content)


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        " =1+1",
        "  +SUM(A1)",
        '\n=HYPERLINK("x")',
        "\r\n@cmd",
        "\t-1",
        "\u3000=1",  # an ideographic space first
        "\uff1d1+1",  # ＝ full-width equals
        "\uff0b1",  # ＋
        "\uff0d1",  # －
        "\uff20SUM(A1)",  # ＠
        "\ufe661",  # ﹦ small equals
    ],
)
def test_a_cell_a_spreadsheet_could_run_is_quoted(value):
    assert _safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Calves tight", " calm", "a=b", "", "3 - 2", 7, -4.5, None])
def test_a_plain_cell_stays_as_it_is(value):
    assert _safe(value) == value


def test_the_csv_quotes_formulas_behind_spaces_and_full_width_signs(alice_full):
    from safetouch.treatments.models import MassageSession

    MassageSession.objects.filter(client=alice_full).update(notes=' \uff1dHYPERLINK("x")')
    response = client_for(alice_full.user).get(f"/clients/{alice_full.pk}/export/sessions.csv")
    rows = list(csv.DictReader(io.StringIO(_body(response).decode())))
    assert rows and all(r["notes"] == '\' \uff1dHYPERLINK("x")' for r in rows)


def test_an_empty_table_is_its_header(alice_profile):
    response = client_for(alice_profile.user).get(
        f"/clients/{alice_profile.pk}/export/sessions.csv"
    )
    assert _body(response).decode() == ",".join(SESSION_COLUMNS) + "\r\n"

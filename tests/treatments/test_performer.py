"""Who did it: a session logged or started from a therapist's account records that
account, and the history, the sheet, the API and FHIR name her."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from safetouch.clients.models import Therapist
from safetouch.clients.services import therapist_for_account
from safetouch.portability import fhir
from safetouch.treatments.models import MassageSession
from tests.conftest import client_for


def _log(user, client_id, **data):
    form = {"date": "2026-11-20", "minutes": 40, "position": "side_lying", **data}
    return client_for(user).post(reverse("session_new", args=[client_id]), form)


def test_a_session_logged_from_her_account_records_her(bob, alice_profile):
    assert _log(bob, alice_profile.pk).status_code == 302
    therapist = MassageSession.objects.get().therapist
    assert (therapist.name, therapist.user) == ("Bob", bob)


def test_a_typed_name_still_works_for_a_therapist_without_an_account(bob, alice_profile):
    _log(bob, alice_profile.pk, new_therapist="Jonas")
    therapist = MassageSession.objects.get().therapist
    assert (therapist.name, therapist.user) == ("Jonas", None)


def test_the_client_logging_her_own_session_names_nobody(alice, alice_profile):
    _log(alice, alice_profile.pk)
    assert MassageSession.objects.get().therapist is None


def test_her_typed_name_is_taken_over_by_her_account(bob, alice_profile):
    typed = Therapist.objects.create(client=alice_profile, name="Bob")
    assert therapist_for_account(client=alice_profile, user=bob) == typed
    typed.refresh_from_db()
    assert typed.user == bob


def test_a_name_taken_by_another_account_is_told_apart(bob, erin, alice_profile):
    Therapist.objects.create(client=alice_profile, name="Bob", user=erin)
    assert therapist_for_account(client=alice_profile, user=bob).name == "Bob (2)"


def test_the_history_the_sheet_the_api_and_fhir_name_her(bob, alice, alice_profile):
    _log(bob, alice_profile.pk)
    session = MassageSession.objects.get()
    session.next_time = "Start with the calves."
    session.save()
    history = client_for(alice).get(reverse("history", args=[alice_profile.pk]))
    assert "· Bob ·" in history.content.decode()
    sheet = client_for(alice).get(reverse("sheet", args=[alice_profile.pk])).content.decode()
    assert "Last session 20 November 2026 with Bob" in sheet
    assert "Start with the calves." in sheet
    api = client_for(alice).get(f"/api/v1/clients/{alice_profile.pk}/sessions").json()
    assert api[0]["therapist"] == "Bob"
    data = fhir.bundle_json(alice_profile, now=dt.datetime(2026, 11, 21, tzinfo=dt.UTC))
    (procedure,) = fhir.resources(data, "Procedure")
    practitioners = {e["fullUrl"]: e["resource"] for e in data["entry"]}
    performer = practitioners[procedure["performer"][0]["actor"]["reference"]]
    assert performer["name"][0]["text"] == "Bob"
    assert performer["identifier"][0]["value"] == str(bob.pk)

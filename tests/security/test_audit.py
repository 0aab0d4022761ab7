"""The audit trail: every access through client_for is recorded, append-only, and shown."""

from __future__ import annotations

import pytest

from safetouch.audit.models import AccessEvent, AppendOnly
from tests.conftest import client_for


def test_a_therapist_reading_a_page_is_recorded(alice_profile, bob, alice_session):
    client_for(bob).get(
        f"/clients/{alice_profile.pk}/sessions/{alice_session.pk}/", REMOTE_ADDR="10.1.2.3"
    )
    event = AccessEvent.objects.get()
    assert (event.actor, event.client, event.action) == (bob, alice_profile, "session_detail")
    assert (event.access, event.method, event.ip) == ("read", "GET", "10.1.2.3")
    assert event.actor_role == "therapist"


def test_a_write_is_recorded_as_a_write(alice_profile, bob):
    data = {"region": "calf_left", "rule": "focus"}
    client_for(bob).post(f"/clients/{alice_profile.pk}/body-map/zones/", data)
    assert list(AccessEvent.objects.values_list("access", "action")) == [("write", "zone_set")]


def test_a_refused_request_records_nothing(alice_profile, charlie, carol):
    client_for(charlie).get(f"/clients/{alice_profile.pk}/body-map/")
    data = {"region": "calf_left", "rule": "focus"}
    client_for(carol).post(f"/clients/{alice_profile.pk}/body-map/zones/", data)
    assert not AccessEvent.objects.exists()


def test_audit_rows_cannot_be_changed_or_deleted(alice_profile, bob):
    client_for(bob).get(f"/clients/{alice_profile.pk}/body-map/")
    event = AccessEvent.objects.get()
    event.action = "nothing"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AccessEvent.objects.all().update(action="x")
    with pytest.raises(AppendOnly):
        AccessEvent.objects.all().delete()
    assert AccessEvent.objects.get().action == "bodymap"


def test_the_client_sees_who_looked(alice, alice_profile, bob):
    client_for(bob).get(f"/clients/{alice_profile.pk}/preferences/")
    page = client_for(alice).get("/account/access-log/").content.decode()
    assert "Bob (bob@example.com)" in page
    assert "Limits and positioning" in page
    assert "1 view" in page


def test_her_own_visits_are_hidden_unless_she_asks(alice, alice_profile):
    c = client_for(alice)
    c.get(f"/clients/{alice_profile.pk}/body-map/")
    assert "Body map" not in c.get("/account/access-log/").content.decode()
    assert "Body map" in c.get("/account/access-log/?show=all").content.decode()


def test_a_therapist_sees_no_access_log_of_a_client(bob, alice_profile):
    client_for(bob).get(f"/clients/{alice_profile.pk}/body-map/")
    page = client_for(bob).get("/account/access-log/").content.decode()
    assert "Only clients have records" in page


def test_the_dashboard_of_a_client_is_audited(alice, alice_profile):
    client_for(alice).get("/dashboard/")
    assert AccessEvent.objects.filter(client=alice_profile, action="dashboard").exists()


def test_opening_a_form_is_a_read_and_sending_it_a_write(alice_profile, bob):
    c = client_for(bob)
    c.get(f"/clients/{alice_profile.pk}/sessions/new/")
    c.post(f"/clients/{alice_profile.pk}/sessions/new/", {"minutes": "45"})
    rows = AccessEvent.objects.order_by("pk").values_list("method", "access")
    assert list(rows) == [("GET", "read"), ("POST", "write")]


def test_behind_one_proxy_the_address_it_saw_is_recorded(settings, alice_profile, bob):
    settings.PROXY_COUNT = 1
    client_for(bob).get(
        f"/clients/{alice_profile.pk}/body-map/",
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7",  # the first part is the caller's lie
    )
    assert AccessEvent.objects.get().ip == "203.0.113.7"


def test_a_garbled_address_is_left_empty_rather_than_failing(settings, alice_profile, bob):
    settings.PROXY_COUNT = 1
    response = client_for(bob).get(
        f"/clients/{alice_profile.pk}/body-map/", HTTP_X_FORWARDED_FOR="not-an-address"
    )
    assert response.status_code == 200
    assert AccessEvent.objects.get().ip is None


def test_a_page_opened_without_an_account_says_how(alice, alice_profile, rf):
    from django.contrib.auth.models import AnonymousUser

    from safetouch.records.access import access_record

    request = rf.get("/shared/some-token/")
    request.user = AnonymousUser()
    access_record(request=request, client=alice_profile, write=False, via="share link for Tom")
    page = client_for(alice).get("/account/access-log/").content.decode()
    assert "Share link for Tom" in page

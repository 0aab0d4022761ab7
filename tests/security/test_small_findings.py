"""Smaller findings of the outside probe: caching headers, the favicon, the feed's trail."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import client_for


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/",
        "/clients/{pk}/sessions/",
        "/clients/{pk}/body-map/",
        "/clients/{pk}/plan/",
        "/api/v1/clients",
        "/api/v1/clients/{pk}",
    ],
)
def test_health_pages_and_api_answers_are_never_stored(alice, alice_profile, path):
    response = client_for(alice).get(path.format(pk=alice_profile.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_page_that_chose_its_own_caching_keeps_it(alice, alice_profile):
    response = client_for(alice).get(f"/clients/{alice_profile.pk}/between/reminders.ics")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_there_is_a_favicon():
    response = Client().get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content)


def test_each_calendar_feed_fetch_is_in_her_access_log(alice, alice_profile):
    from safetouch.audit.models import AccessEvent
    from safetouch.checkins.services import feed_create

    token = feed_create(client=alice_profile)
    for _ in range(2):
        assert Client().get(f"/feeds/{token}/reminders.ics").status_code == 200
    events = AccessEvent.objects.filter(client=alice_profile, via="calendar feed")
    assert events.count() == 2
    assert {e.actor_role for e in events} == {"anonymous"}
    page = client_for(alice).get("/account/access-log/").content.decode()
    assert "Calendar feed" in page

"""The body-map editor: cycling a region through its rules, as the htmx partial."""

from __future__ import annotations

from django.urls import reverse

from safetouch.clients.bodymap import SHAPES
from safetouch.engine.catalog import REGIONS
from tests.conftest import client_for


def test_every_region_is_drawn_once():
    assert sorted(s.region for s in SHAPES) == sorted(REGIONS)


def test_cycling_steps_none_focus_caution_avoid_none(alice, alice_profile):
    browser = client_for(alice)
    url = reverse("zone_cycle", args=[alice_profile.pk, "calf_left"])
    seen = []
    for _ in range(4):
        response = browser.post(url, headers={"HX-Request": "true"})
        assert response.status_code == 200
        zone = alice_profile.zones.filter(region="calf_left").first()
        seen.append((zone.rule, zone.pressure_cap) if zone else None)
    assert seen == [("focus", None), ("caution", 2), ("avoid", None), None]


def test_the_partial_asks_for_a_cap_when_a_region_turns_caution(alice, alice_profile):
    browser = client_for(alice)
    url = reverse("zone_cycle", args=[alice_profile.pk, "neck"])
    browser.post(url, headers={"HX-Request": "true"})
    html = browser.post(url, headers={"HX-Request": "true"}).content.decode()
    assert "Highest pressure allowed here" in html
    assert "<html" not in html  # a partial, not a whole page


def test_an_unknown_region_is_404(alice, alice_profile):
    url = reverse("zone_cycle", args=[alice_profile.pk, "tail"])
    assert client_for(alice).post(url).status_code == 404

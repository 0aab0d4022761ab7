"""The body-map editor: an explicit rule per region, a confirmed removal of a never-touch
zone, its undo, and the map that draws every cap."""

from __future__ import annotations

from django.urls import reverse

from safetouch.clients.bodymap import SHAPES
from safetouch.clients.services import zone_set
from safetouch.engine.catalog import REGIONS
from tests.conftest import client_for

HTMX = {"HX-Request": "true"}


def _set(user, profile, **data):
    url = reverse("zone_set", args=[profile.pk])
    return client_for(user).post(url, data, headers=HTMX)


def _zone(profile, region):
    zone = profile.zones.filter(region=region).first()
    return (zone.rule, zone.pressure_cap) if zone else None


def test_every_region_is_drawn_once():
    assert sorted(s.region for s in SHAPES) == sorted(REGIONS)


def test_each_rule_is_chosen_explicitly(alice, alice_profile):
    for rule, cap, expected in [
        ("focus", "", ("focus", None)),
        ("caution", "3", ("caution", 3)),
        ("focus", "4", ("focus", 4)),
        ("", "", None),
    ]:
        response = _set(alice, alice_profile, region="calf_left", rule=rule, pressure_cap=cap)
        assert response.status_code == 200
        assert _zone(alice_profile, "calf_left") == expected
    assert "<html" not in response.content.decode()  # a partial, not a whole page


def test_removing_a_never_touch_zone_needs_a_confirmation(alice, alice_profile):
    zone_set(client=alice_profile, region="sacroiliac_joint_left", rule="avoid")
    response = _set(alice, alice_profile, region="sacroiliac_joint_left", rule="focus")
    assert response.status_code == 422
    assert "Left SI joint is marked never touch: confirm to remove it." in response.text
    assert _zone(alice_profile, "sacroiliac_joint_left") == ("avoid", None)

    response = _set(alice, alice_profile, region="sacroiliac_joint_left", rule="", confirm="on")
    assert response.status_code == 200
    assert _zone(alice_profile, "sacroiliac_joint_left") is None
    assert "Removed Left SI joint from never touch" in response.text
    assert 'data-undo-seconds="10"' in response.text


def test_the_undo_puts_the_never_touch_zone_back(alice, alice_profile):
    zone_set(client=alice_profile, region="lower_back", rule="avoid")
    _set(alice, alice_profile, region="lower_back", rule="", confirm="on")
    change = alice_profile.limit_changes.first()
    url = reverse("limit_undo", args=[alice_profile.pk, change.pk])
    response = client_for(alice).post(url, headers=HTMX)
    assert response.status_code == 200
    assert _zone(alice_profile, "lower_back") == ("avoid", None)
    assert alice_profile.limit_changes.first().undoes == change


def test_the_map_draws_the_cap_of_focus_and_caution_zones(alice, alice_profile):
    zone_set(client=alice_profile, region="upper_back", rule="focus", pressure_cap=3)
    zone_set(client=alice_profile, region="calf_left", rule="caution", pressure_cap=2)
    html = client_for(alice).get(reverse("bodymap", args=[alice_profile.pk])).content.decode()
    upper = html.split('data-region="upper_back"', 1)[1].split("</a>", 1)[0]
    calf = html.split('data-region="calf_left"', 1)[1].split("</a>", 1)[0]
    assert 'class="cap">≤3<' in upper
    assert 'class="cap">≤2<' in calf


def test_the_editable_map_is_a_group_of_buttons_without_eval(alice, alice_profile):
    html = client_for(alice).get(reverse("bodymap", args=[alice_profile.pk])).content.decode()
    svg = html.split('<svg class="bodymap"', 1)[1].split(">", 1)[0]
    assert 'role="group"' in svg and 'role="img"' not in svg
    assert "hx-trigger" not in html and "keydown[" not in html
    assert html.count('role="button" aria-haspopup="dialog"') == len(SHAPES)


def test_without_javascript_a_region_opens_the_chooser_beside_the_map(alice, alice_profile):
    url = reverse("bodymap", args=[alice_profile.pk]) + "?region=neck"
    html = client_for(alice).get(url).content.decode()
    side = html.split('id="chooser"', 1)[1]
    assert '<input type="hidden" name="region" value="neck"' in side


def test_a_reader_gets_no_editor(carol, alice_profile):
    html = client_for(carol).get(reverse("bodymap", args=[alice_profile.pk])).content.decode()
    assert "zone-dialog" not in html and 'role="button"' not in html

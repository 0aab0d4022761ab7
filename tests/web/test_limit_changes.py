"""Who may loosen a limit, and the history of every change: the service, the pages, the
dashboard's one-click undo and the hand-off sheet's "last changed"."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safetouch.clients import services
from safetouch.clients.models import AppendOnly, LimitChange
from tests.conftest import client_for

LOOSENING = [
    ("avoid", None, None, None),  # remove a never-touch zone
    ("avoid", None, "caution", 2),
    ("caution", 2, "caution", 3),  # raise a cap
    ("caution", 2, None, None),  # remove a caution zone
    ("caution", 2, "focus", None),
    ("focus", 2, "focus", None),  # remove a focus zone's cap
]
TIGHTENING = [
    (None, None, "avoid", None),  # add a never-touch zone
    ("caution", 3, "caution", 2),  # lower a cap
    ("focus", None, "caution", 2),
    (None, None, "focus", None),
    ("focus", None, None, None),  # a focus zone is a wish, not a limit
]


def _start(profile, rule, cap):
    if rule:
        services.zone_set(client=profile, region="lower_back", rule=rule, pressure_cap=cap)


@pytest.mark.parametrize(("rule", "cap", "new_rule", "new_cap"), LOOSENING)
def test_a_session_writer_cannot_loosen_a_zone(alice_profile, bob, rule, cap, new_rule, new_cap):
    _start(alice_profile, rule, cap)
    with pytest.raises(services.LimitLocked, match="Only Alice"):
        services.zone_set(
            client=alice_profile,
            region="lower_back",
            rule=new_rule,
            pressure_cap=new_cap,
            actor=bob,
        )
    zone = alice_profile.zones.get(region="lower_back")
    assert (zone.rule, zone.pressure_cap) == (rule, cap if rule != "avoid" else None)


@pytest.mark.parametrize(("rule", "cap", "new_rule", "new_cap"), LOOSENING)
def test_the_client_and_an_edit_limits_grant_may_loosen(
    alice, alice_profile, erin, rule, cap, new_rule, new_cap
):
    for actor in (alice, erin):
        _start(alice_profile, rule, cap)
        services.zone_set(
            client=alice_profile,
            region="lower_back",
            rule=new_rule,
            pressure_cap=new_cap,
            actor=actor,
        )
        assert alice_profile.limit_changes.first().loosened


@pytest.mark.parametrize(("rule", "cap", "new_rule", "new_cap"), TIGHTENING)
def test_every_writer_may_tighten(alice_profile, bob, rule, cap, new_rule, new_cap):
    _start(alice_profile, rule, cap)
    services.zone_set(
        client=alice_profile, region="lower_back", rule=new_rule, pressure_cap=new_cap, actor=bob
    )
    change = alice_profile.limit_changes.first()
    assert (change.actor, change.loosened) == (bob, False)


def test_bans_and_the_flare_limit_follow_the_same_rule(alice_profile, bob, erin):
    banned = services.banned_add(client=alice_profile, technique="tapotement", actor=bob)
    with pytest.raises(services.LimitLocked):
        services.banned_remove(banned=banned, actor=bob)
    services.profile_update(client=alice_profile, changes={"risk_tolerance": 0.03}, actor=bob)
    with pytest.raises(services.LimitLocked, match="flare limit"):
        services.profile_update(client=alice_profile, changes={"risk_tolerance": 0.08}, actor=bob)
    alice_profile.refresh_from_db()
    assert alice_profile.risk_tolerance == 0.03 and alice_profile.banned.exists()
    services.banned_remove(banned=banned, actor=erin)
    assert not alice_profile.banned.exists()


def test_every_change_is_kept_with_who_when_before_and_after(alice_profile, bob):
    with time_machine.travel(dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC), tick=False):
        services.zone_set(
            client=alice_profile, region="neck", rule="caution", pressure_cap=2, actor=bob
        )
    change = LimitChange.objects.get(client=alice_profile)
    assert (change.actor_name, change.kind, change.subject) == ("Bob", "zone", "neck")
    assert (change.before, change.after) == (None, {"rule": "caution", "cap": 2})
    assert change.created == dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC)
    assert str(change) == "Bob set Neck to caution, max pressure 2"
    with pytest.raises(AppendOnly):
        LimitChange.objects.filter(pk=change.pk).update(after=None)
    with pytest.raises(AppendOnly):
        LimitChange.objects.filter(pk=change.pk).delete()


def test_the_web_refuses_a_writer_loosening_in_words(alice_profile, bob):
    services.zone_set(client=alice_profile, region="lower_back", rule="avoid")
    url = reverse("zone_set", args=[alice_profile.pk])
    data = {"region": "lower_back", "rule": "", "confirm": "on"}
    response = client_for(bob).post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert "Only Alice, or someone she lets edit her limits, can loosen them" in response.text
    assert alice_profile.zones.avoided().filter(region="lower_back").exists()

    banned = services.banned_add(client=alice_profile, technique="tapotement")
    url = reverse("banned_remove", args=[alice_profile.pk, banned.pk])
    page = client_for(bob).post(url, follow=True).content.decode()
    assert "Only Alice" in page and alice_profile.banned.exists()

    url = reverse("preferences", args=[alice_profile.pk])
    form = {"first_name": "Alice", "position": "side_lying", "risk_tolerance_percent": "9"}
    response = client_for(bob).post(url, form)
    assert response.status_code == 403 and "Only Alice" in response.content.decode()
    alice_profile.refresh_from_db()
    assert alice_profile.risk_tolerance == 0.05


def test_lift_ban_buttons_are_named_by_their_visible_text(alice, alice_profile):
    services.banned_add(client=alice_profile, technique="tapotement", region="calf_left")
    html = client_for(alice).get(reverse("preferences", args=[alice_profile.pk])).content.decode()
    assert (
        '<button class="small secondary" type="submit">Lift ban<span class="sr-only"> on '
        "Tapotement, Left calf</span></button>" in html
    )


def test_her_dashboard_shows_a_change_and_undoes_it_in_one_click(alice, alice_profile, erin):
    services.zone_set(client=alice_profile, region="lower_back", rule="avoid")
    services.zone_set(client=alice_profile, region="lower_back", rule=None, actor=erin)
    browser = client_for(alice)
    page = browser.get(reverse("dashboard")).content.decode()
    assert "<strong>Erin</strong> removed Lower back from never touch" in page
    change = alice_profile.limit_changes.first()
    url = reverse("limit_undo", args=[alice_profile.pk, change.pk])
    response = browser.post(url, {"next": reverse("dashboard")})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert alice_profile.zones.avoided().filter(region="lower_back").exists()
    page = browser.get(reverse("dashboard")).content.decode()
    assert "changed again since" in page  # the undone change offers no second undo


def test_an_undo_after_a_later_change_is_refused(alice, alice_profile, erin):
    services.zone_set(client=alice_profile, region="neck", rule="avoid", actor=erin)
    first = alice_profile.limit_changes.first()
    services.zone_set(client=alice_profile, region="neck", rule="caution", actor=erin)
    with pytest.raises(Exception, match="changed again since"):
        services.limit_change_undo(change=first, actor=alice)


def test_the_sheet_says_when_and_by_whom_her_limits_last_changed(alice, alice_profile, erin):
    with time_machine.travel(dt.datetime(2026, 11, 5, 10, tzinfo=dt.UTC), tick=False):
        services.banned_add(client=alice_profile, technique="tapotement", actor=erin)
    html = client_for(alice).get(reverse("sheet", args=[alice_profile.pk])).content.decode()
    assert "Limits last changed Thu 5 Nov 2026 by Erin" in html

"""Session items: minutes beyond the session are said, and a removal can be undone."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import client_for


def _detail(c, session) -> str:
    return c.get(reverse("session_detail", args=[session.client_id, session.pk])).content.decode()


def test_items_longer_than_the_session_are_said(alice, alice_session):
    c = client_for(alice)
    assert "more than the" not in _detail(c, alice_session)  # 10 of 45 minutes
    url = reverse("item_add", args=[alice_session.client_id, alice_session.pk])
    for minutes in (20, 27):
        data = {"region": "calf_right", "technique": "petrissage", "pressure": 3}
        c.post(url, {**data, "minutes": minutes})
    page = _detail(c, alice_session)
    assert "The items add up to 57 minutes, 12 more than the 45-minute session." in page


def test_a_removed_item_comes_back_with_undo(alice, alice_session):
    c = client_for(alice)
    item = alice_session.items.get()
    item.too_much = True
    item.save()
    url = reverse("item_delete", args=[alice_session.client_id, alice_session.pk, item.pk])
    removed = c.post(url, HTTP_HX_REQUEST="true")
    html = removed.content.decode()
    assert f"Removed {item.get_region_display()}, {item.get_technique_display()}." in html
    assert 'id="undo-remove"' in html
    assert not alice_session.items.exists()

    undo = c.post(
        reverse("item_add", args=[alice_session.client_id, alice_session.pk]),
        {
            "region": "calf_left",
            "technique": "petrissage",
            "pressure": 3,
            "minutes": 10,
            "too_much": "on",
        },
        HTTP_HX_REQUEST="true",
    )
    assert undo.status_code == 200
    back = alice_session.items.get()
    assert (back.region, back.technique, back.pressure, back.minutes, back.too_much) == (
        "calf_left",
        "petrissage",
        3,
        10,
        True,
    )
    # The offer is shown once.
    assert 'id="undo-remove"' not in _detail(c, alice_session)


def test_the_undo_offer_posts_what_was_removed(alice, alice_session):
    c = client_for(alice)
    item = alice_session.items.get()
    url = reverse("item_delete", args=[alice_session.client_id, alice_session.pk, item.pk])
    c.post(url)  # without htmx: a redirect, and the offer on the next page
    page = _detail(c, alice_session)
    offer = page.split('class="undo"')[1].split("</form>")[0]
    for field in (
        'name="region" value="calf_left"',
        'name="technique" value="petrissage"',
        'name="pressure" value="3"',
        'name="minutes" value="10"',
    ):
        assert field in offer
    assert 'name="too_much"' not in offer  # it was not flagged

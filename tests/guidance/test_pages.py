"""The public guidance pages: open to all, one heading, a disclaimer and their sources."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

PAGES = ["guide", "guide_massage", "guide_positioning", "guide_stretches"]


@pytest.mark.parametrize("name", PAGES)
def test_it_needs_no_account_and_has_a_disclaimer(db, name):
    response = Client().get(reverse(name))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Education, not medical advice." in html
    assert "do not diagnose" in html


@pytest.mark.parametrize("name", PAGES[1:])
def test_it_names_its_sources(db, name):
    html = Client().get(reverse(name)).content.decode()
    assert "Sources" in html
    assert "PubMed 17983334" in html
    assert "Serola" in html


def test_the_massage_guide_walks_through_the_steps_in_order(db):
    html = Client().get(reverse("guide_massage")).content.decode()
    steps = [
        "step-evaluate",
        "step-purpose",
        "step-decline",
        "step-brief",
        "step-decline-therapist",
        "step-after",
    ]
    positions = [html.index(f'id="{step}"') for step in steps]
    assert positions == sorted(positions)
    assert "physical therapist" in html
    assert "never</strong> for making a loose joint move more" in html
    assert "Joint mobilization, manipulation or traction" in html
    assert "hand-off sheet" in html


def test_the_stretches_guide_swaps_risky_stretches(db):
    html = Client().get(reverse("guide_stretches")).content.decode()
    assert "Not sitting or standing toe touches" in html
    assert "Not the pigeon pose" in html


def test_every_page_links_to_the_guides(alice):
    from tests.conftest import client_for

    html = client_for(alice).get(reverse("dashboard")).content.decode()
    assert reverse("guide") in html
    assert reverse("guide_massage") in html


def test_the_guide_and_the_routine_page_give_a_stretch_one_verdict(alice_profile):
    """Double knee-to-chest: the same word and the same reason on both pages."""
    from django.urls import reverse

    from safetouch.engine.stretches import STRETCHES
    from tests.conftest import client_for

    stretch = STRETCHES["double_knee_to_chest"]
    c = client_for(alice_profile.user)
    guide = c.get("/guide/stretches/").content.decode()
    routine = c.get(reverse("routine", args=[alice_profile.pk])).content.decode()
    for page in (guide, routine):
        assert stretch.name in page
        assert '<span class="tag tag-bad">Avoid</span>' in page
        assert stretch.caution in page
        assert "Unsafe" not in page and "Ask your physical therapist first" not in page

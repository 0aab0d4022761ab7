"""Her plan says which population it learned from and where each tightness came from."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bench.practice import practice
from tests.browser.conftest import login, shoot
from tests.conftest import PASSWORD
from tests.routine import give_routine

pytestmark = pytest.mark.browser


@pytest.fixture
def alice_with_practice(transactional_db, alice_profile, bob):
    from safetouch.checkins.services import checkin_save
    from safetouch.engine import fit_population
    from safetouch.planning.models import Population

    give_routine(alice_profile)
    at = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))  # after her last session
    checkin_save(
        client=alice_profile,
        at=at,
        training_minutes=30,
        temperature_c=None,
        tightness={"calf_left": 6},
        stretches=[],
    )
    Population.objects.create(
        therapist=bob,
        parameters=fit_population(practice(24, shift=-0.5)),
        consenting=24,
        fitted_on=24,
        fitted=at,
    )
    return alice_profile


def test_the_plan_names_its_population_and_each_tightness_source(page, alice_with_practice):
    login(page, "alice@example.com", PASSWORD)
    page.goto(page.base + reverse("plan", args=[alice_with_practice.pk]))
    note = page.locator("#learned-from")
    assert "Learned from 24 of Bob" in note.inner_text()
    assert "fitted 2 Mar 2026" in note.inner_text()
    body = page.locator("main").inner_text()
    assert "Tightness 6, check-in on Monday 2 Mar" in body
    assert "Tightness 8, before the session on Monday 19 Jan" in body  # her right calf
    shoot(page, "plan-sources")

"""A check-in on a phone, a refused value, and the charts it feeds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safetouch.checkins.models import CheckIn
from safetouch.demo.services import DEMO_PASSWORD, load_demo
from tests.browser.conftest import login, shoot


@pytest.fixture
def demo(transactional_db):
    load_demo(today=timezone.localdate())


@pytest.mark.browser
def test_a_phone_check_in_then_the_charts(demo, phone):
    before = CheckIn.objects.count()
    login(phone, "demo@example.com", DEMO_PASSWORD)
    assert phone.get_by_text("Book your next massage").first.is_visible()
    phone.get_by_role("link", name="Check in").first.click()
    phone.wait_for_url("**/check-in/")
    started = dt.datetime.now()
    phone.fill("input[name=t_calf_left]", "11")  # a slip of the thumb
    phone.fill("input[name=t_calf_right]", "6")
    phone.fill("input[name=training_minutes]", "75")
    phone.fill("input[name=temperature]", "3")
    phone.get_by_label("Calf wall stretch").check()
    phone.get_by_role("button", name="Save check-in").click()
    error = phone.locator("#err-t_calf_left")
    assert "0 to 10 only" in error.inner_text()
    assert phone.locator("input[name=t_calf_left]").get_attribute("aria-invalid") == "true"
    assert phone.locator("input[name=t_calf_right]").input_value() == "6"  # nothing lost
    shoot(phone, "between-checkin-refused-phone")
    phone.fill("input[name=t_calf_left]", "6")
    phone.get_by_role("button", name="Save check-in").click()
    phone.wait_for_url("**/between/")
    assert (dt.datetime.now() - started).total_seconds() < 30
    assert CheckIn.objects.count() == before + 1
    assert phone.get_by_text("Check-in saved.").is_visible()
    assert phone.locator("svg.chart-svg").count() == 7
    shoot(phone, "between-charts-phone")


@pytest.mark.browser
def test_the_charts_on_a_desktop(demo, page):
    login(page, "demo@example.com", DEMO_PASSWORD)
    shoot(page, "between-dashboard-desktop")
    page.get_by_role("link", name="All charts").click()
    page.wait_for_url("**/between/")
    calves = page.get_by_role("img", name="Calves: tightness", exact=False)
    assert calves.is_visible()
    page.get_by_text("The numbers").first.click()
    assert page.locator("details[open] table").is_visible()
    shoot(page, "between-charts-desktop")
    page.get_by_role("link", name="Stretching routine & reminders").click()
    assert page.get_by_role("heading", name="Not for hypermobile SI joints").is_visible()
    shoot(page, "between-routine-desktop")

"""A therapist who knows her routine sees at a glance what the plan changes, on the page
and on the printed sheet."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.urls import reverse

from tests.browser.conftest import SCREENSHOTS, login, shoot
from tests.conftest import PASSWORD
from tests.routine import give_routine

pytestmark = pytest.mark.browser


@pytest.fixture
def alice_routine(transactional_db, alice_profile):
    return give_routine(alice_profile)


def test_the_plan_and_sheet_show_her_last_session_plus_what_changed(page, alice_routine):
    login(page, "alice@example.com", PASSWORD)
    page.goto(page.base + reverse("plan", args=[alice_routine.pk]))
    box = page.locator("#changes")
    box.wait_for()
    text = box.inner_text()
    assert "Since her last session" in text and "Kept" in text
    assert "Left calf" in text and "deep tissue at 4" in text
    assert "Dropped" in text and "No tightness reported here now" in text  # her forearm
    shoot(page, "plan-changes")

    page.goto(page.base + reverse("sheet", args=[alice_routine.pk]))
    assert "Since her last session" in page.locator("#sheet").inner_text()
    shoot(page, "sheet-changes")

    if shutil.which("pdftotext") is None:
        return
    pdf = page.request.get(page.base + reverse("sheet_pdf", args=[alice_routine.pk]))
    assert pdf.ok
    path = SCREENSHOTS / "sheet-changes-pdf.pdf"
    path.write_bytes(pdf.body())
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, check=True).stdout
    assert "Since her last session" in text.decode()
    # An image of the printed page, to look at beside the screenshots.
    subprocess.run(["pdftoppm", "-png", "-r", "90", "-singlefile", path, path.with_suffix("")])

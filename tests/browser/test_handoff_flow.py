"""The demo client plans her next session, briefs a new therapist, and takes the link back."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, login, settled, shoot

pytestmark = pytest.mark.browser


@pytest.fixture
def sofia(transactional_db):
    from safetouch.clients.models import ClientProfile
    from safetouch.demo.services import DEMO_PASSWORD, load_demo

    load_demo()
    return ClientProfile.objects.get(user__email="demo@example.com"), DEMO_PASSWORD


def _adjust_first_item(page, **values) -> None:
    item = page.locator("#plan-item-0")
    if not item.locator("details").evaluate("d => d.open"):
        item.locator("summary").click()
    for field, value in values.items():
        item.locator(f"select[name$='-{field}'], input[name$='-{field}']").select_option(value)
    page.click("#recheck")


def _pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def test_plan_adjust_sheet_pdf_share_and_revoke(page, browser, sofia):
    profile, password = sofia
    login(page, "demo@example.com", password)

    page.click("text=Plan the next session")
    page.wait_for_selector("#plan-item-0")
    settled(page)  # "Re-check plan" goes through htmx
    assert "Chance of a joint flare" in page.inner_text(".plan-summary")
    shoot(page, "plan-desktop")

    # An adjustment that breaks a hard limit is refused, with the reason in words.
    original = page.locator("#plan-item-0 select[name$='-region']").input_value()
    _adjust_first_item(page, region="lower_back")
    page.wait_for_selector(".refusal")
    settled(page)
    assert "Never touch: Lower back, " in page.inner_text(".refusal")
    shoot(page, "plan-refused")

    # A gentler one is accepted and its risk re-estimated.
    _adjust_first_item(page, region=original, pressure="2")
    page.wait_for_selector("#recheck-ok")
    assert "pressure 2" in page.inner_text("#plan-item-0")
    shoot(page, "plan-adjusted")

    page.click("nav.tabs >> text=Hand-off sheet")
    page.wait_for_selector("#sheet")
    assert "Left SI joint" in page.inner_text(".sheet-never")
    shoot(page, "sheet-desktop")

    # The browser's own print of the page fits one sheet of paper too.
    printed = SCREENSHOTS / "sheet-printed.pdf"
    page.pdf(path=str(printed), prefer_css_page_size=True, print_background=True)
    if shutil.which("pdfinfo"):
        assert _pdf_pages(printed) == 1

    # WeasyPrint renders the sheet in the live server's thread: on a machine busy with
    # other test workers that can pass the 20 s default, so the PDF gets a minute.
    with page.expect_download(timeout=60_000) as download:
        page.click("#download-pdf", timeout=60_000)
    pdf = SCREENSHOTS / "sheet.pdf"
    download.value.save_as(pdf)
    if shutil.which("pdftoppm"):
        assert _pdf_pages(pdf) == 1
        subprocess.run(
            ["pdftoppm", "-png", "-r", "90", "-singlefile", pdf, SCREENSHOTS / "sheet-pdf"],
            check=True,
        )

    page.click("text=Share with a therapist")
    page.fill("#id_therapist_name", "Dana Novak")
    page.click("#create-link")
    url = page.input_value("#new-link-url")
    assert "/shared/" in url
    shoot(page, "share-created")

    therapist = browser.new_context(viewport=PHONE)
    visit = therapist.new_page()
    response = visit.goto(url)
    assert response.status == 200
    assert "Left SI joint" in visit.inner_text(".sheet-never")
    assert visit.locator("a[href*='/clients/']").count() == 0
    shoot(visit, "shared-phone")

    page.goto(page.base + f"/clients/{profile.pk}/share/")
    assert "last opened" in page.inner_text(".sharelist")
    page.click(".sharelist button:has-text('Revoke')")
    page.wait_for_selector(".share-revoked")
    shoot(page, "share-revoked")

    gone = visit.goto(url)
    assert gone.status == 410
    assert "revoked" in visit.inner_text("main")
    shoot(visit, "shared-gone")
    therapist.close()


def test_plan_and_sheet_on_a_phone(phone, sofia):
    profile, password = sofia
    login(phone, "demo@example.com", password)
    phone.goto(phone.base + f"/clients/{profile.pk}/plan/")
    phone.wait_for_selector("#plan-item-0")
    shoot(phone, "plan-phone")
    phone.goto(phone.base + f"/clients/{profile.pk}/handoff/")
    # On a phone the sheet stacks: the never-touch list comes right under the map.
    assert phone.locator(".sheet-never").bounding_box()["width"] > PHONE["width"] * 0.7
    shoot(phone, "sheet-phone")
    phone.goto(phone.base + "/guide/should-i-get-a-massage/")
    shoot(phone, "guide-phone")
    assert DESKTOP["width"] > PHONE["width"]

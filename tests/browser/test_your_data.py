"""A client downloads her data on a phone, then makes and revokes an API token."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.utils import timezone

from safetouch.demo.services import DEMO_PASSWORD, load_demo
from tests.browser.conftest import login, shoot


@pytest.fixture
def demo(transactional_db):
    load_demo(today=timezone.localdate())


@pytest.mark.browser
def test_a_phone_downloads_everything_and_the_file_is_her_account(demo, phone):
    login(phone, "demo@example.com", DEMO_PASSWORD)
    phone.get_by_role("link", name="Download your data").click()
    phone.wait_for_url("**/export/")
    shoot(phone, "your-data-phone")
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download everything (JSON)").click()
    document = json.loads(Path(download.value.path()).read_text())
    assert document["account"]["email"] == "demo@example.com"
    assert len(document["sessions"]) == 8
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download health record (FHIR)").click()
    assert json.loads(Path(download.value.path()).read_text())["resourceType"] == "Bundle"


@pytest.mark.browser
def test_a_token_made_on_the_page_opens_the_api_until_revoked(demo, page):
    login(page, "demo@example.com", DEMO_PASSWORD)
    page.goto(page.base + "/account/tokens/")
    page.fill("input[name=name]", "spreadsheet sync")
    page.click("main button[type=submit]")
    secret = page.inner_text("#new-token")
    shoot(page, "tokens-desktop")
    assert _status(page.base + "/api/v1/clients", secret) == 200
    page.get_by_role("button", name="Revoke the token spreadsheet sync").click()
    assert page.get_by_text("Token revoked").is_visible()
    assert _status(page.base + "/api/v1/clients", secret) == 401


def _status(url: str, secret: str) -> int:
    """A call as a script makes it: the token only, none of the browser's cookies."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.browser
def test_a_reader_downloads_the_records_but_not_the_account_file(demo, page):
    """Maria may only read: CSV and FHIR, yes; Sofia's account file, with her shares, no."""
    from safetouch.clients.models import CareGrant, ClientProfile

    CareGrant.objects.filter(grantee__email="therapist@example.com").update(access="read")
    sofia = ClientProfile.objects.get(user__email="demo@example.com")
    login(page, "therapist@example.com", DEMO_PASSWORD)
    page.goto(page.base + f"/clients/{sofia.pk}/export/")
    shoot(page, "your-data-reader-desktop")
    assert page.get_by_role("link", name="Download everything (JSON)").count() == 0
    assert page.get_by_text("hers alone to download").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download health record (FHIR)").click()
    bundle = json.loads(Path(download.value.path()).read_text())
    assert bundle["resourceType"] == "Bundle" and len(bundle["entry"]) > 8
    with page.expect_download() as download:
        page.get_by_role("link", name="Sessions (CSV)").click()
    assert Path(download.value.path()).read_text().startswith("date,therapist,position")
    response = page.request.get(page.base + f"/clients/{sofia.pk}/export/account.json")
    assert response.status == 404

"""A client opts in to pooling her history on her sharing page, then opts out again."""

from __future__ import annotations

import pytest

from safetouch.planning.selectors import pools_history
from tests.browser.conftest import login, shoot
from tests.conftest import PASSWORD

LABEL = "Let my history, without my name, improve plans at my therapists' practices"


@pytest.mark.browser
def test_she_opts_in_and_out_on_her_sharing_page(transactional_db, page):
    from safetouch.accounts.services import account_create

    user = account_create(
        email="ada@example.com", password=PASSWORD, first_name="Ada", role="client"
    )
    login(page, "ada@example.com", PASSWORD)
    page.goto(page.base + "/sharing/")
    box = page.get_by_label(LABEL)
    assert not box.is_checked()
    box.check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/sharing/")
    assert page.get_by_text("now helps plans").is_visible()
    assert page.get_by_label(LABEL).is_checked()
    shoot(page, "pooling-on-desktop")
    assert pools_history(user.client_profile)
    page.get_by_label(LABEL).uncheck()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/sharing/")
    assert not page.get_by_label(LABEL).is_checked()
    assert not pools_history(user.client_profile)

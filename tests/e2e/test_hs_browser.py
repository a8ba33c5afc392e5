"""The HS browser and the admin, as a person uses them in a real browser against the real server."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from rantai.directory.demo import DEMO_PASSWORD
from tests.e2e.helpers import horizontal_overflow

pytestmark = pytest.mark.e2e


def test_navigate_from_section_to_the_vaccine_subheading(page: Page, live_url: str) -> None:
    page.goto("/hs/")
    page.locator('a[href="/hs/VI/"]').first.click()
    page.locator('a[href="/hs/30/"]').first.click()
    page.locator('a[href="/hs/3002/"]').first.click()
    page.locator('a[href="/hs/300241/"]').first.click()

    expect(page).to_have_url(f"{live_url}/hs/300241/")
    body = page.locator("main")
    expect(body).to_contain_text("3002.41")
    expect(body).to_contain_text("Vaccines")
    # On the essential-goods list (category vaccines) and correlated to HS 2017.
    expect(body).to_contain_text("HS 2017")
    expect(page.locator("main")).to_contain_text("essential", ignore_case=True)


def test_search_by_words_and_by_dotted_code(page: Page, live_url: str) -> None:
    page.goto("/hs/")
    page.get_by_role("searchbox").first.fill("coffee roasted")
    page.get_by_role("searchbox").first.press("Enter")
    expect(page.locator("main")).to_contain_text("0901.21 Coffee; roasted, not decaffeinated")

    page.goto("/hs/0901.21/")
    expect(page).to_have_url(f"{live_url}/hs/090121/")


def test_hs_browser_in_indonesian_on_a_phone(phone_page: Page) -> None:
    phone_page.goto("/id/hs/300241/")
    expect(phone_page.locator("html")).to_have_attribute("lang", "id")
    expect(phone_page.locator("main")).to_contain_text("3002.41")
    assert horizontal_overflow(phone_page) <= 0


def test_unknown_code_is_a_clear_404(page: Page) -> None:
    response = page.goto("/hs/777777/")
    assert response is not None and response.status == 404
    expect(page.locator("main")).to_contain_text("777777")


def test_platform_admin_signs_in_to_the_admin(page: Page, live_url: str) -> None:
    page.goto("/admin/login/")
    page.locator("#id_username").fill("admin@rantai.test")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("input[type=submit]").click()

    expect(page).to_have_url(f"{live_url}/admin/")
    expect(page.locator("#content")).to_contain_text("Reference")

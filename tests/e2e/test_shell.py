"""The site shell in a real browser against the real server: languages, the switcher, a phone screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import horizontal_overflow
from tests.e2e.live_server import LiveRantai

pytestmark = pytest.mark.e2e


def test_home_in_english(page: Page) -> None:
    response = page.goto("/")

    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="For MSME owners")).to_be_visible()
    expect(page.get_by_role("heading", name="For trade officials")).to_be_visible()


def test_home_shows_the_loaded_reference_data(page: Page) -> None:
    page.goto("/")

    # load-reference ran on this fresh database: all 21 APEC economies are there.
    expect(page.locator('[data-count="economies"] dd')).to_have_text("21")
    subheadings = page.locator('[data-count="subheadings"] dd').inner_text()
    assert int(subheadings.replace(",", "")) > 5000


def test_language_switcher_moves_to_indonesian_and_back_on_the_same_page(page: Page, live_url: str) -> None:
    page.goto("/")

    page.get_by_role("button", name="Bahasa Indonesia").click()

    expect(page).to_have_url(f"{live_url}/id/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", name="Untuk pelaku UMKM")).to_be_visible()
    expect(page.get_by_role("link", name="Beranda")).to_be_visible()

    page.get_by_role("button", name="English").click()

    expect(page).to_have_url(f"{live_url}/")
    expect(page.get_by_role("heading", name="For MSME owners")).to_be_visible()


def test_switching_language_on_a_deeper_page_keeps_that_page(page: Page, live_url: str) -> None:
    page.goto("/no-such-page/?ref=e2e")

    page.get_by_role("button", name="Bahasa Indonesia").click()

    expect(page).to_have_url(f"{live_url}/id/no-such-page/?ref=e2e")
    expect(page.get_by_role("heading", name="Halaman tidak ditemukan")).to_be_visible()


def test_skip_link_is_the_first_thing_a_keyboard_reaches(page: Page) -> None:
    page.goto("/")

    page.keyboard.press("Tab")

    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to the main content")
    expect(focused).to_be_visible()
    focused.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


@pytest.mark.parametrize("path", ["/", "/id/", "/no-such-page/", "/id/no-such-page/"])
def test_nothing_overflows_sideways_on_a_phone(phone_page: Page, path: str) -> None:
    phone_page.goto(path)

    assert phone_page.evaluate("window.innerWidth") == 360
    assert horizontal_overflow(phone_page) <= 0


@pytest.mark.parametrize("path", ["/", "/id/"])
def test_nothing_overflows_sideways_on_the_narrowest_phone(phone_page: Page, path: str) -> None:
    phone_page.set_viewport_size({"width": 320, "height": 640})

    phone_page.goto(path)

    assert phone_page.evaluate("window.innerWidth") == 320
    assert horizontal_overflow(phone_page) <= 0


def test_stylesheet_is_served_and_applied(page: Page) -> None:
    page.goto("/")

    header_background = page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert header_background == "rgb(11, 93, 75)"


def test_admin_login_page_loads(page: Page) -> None:
    response = page.goto("/admin/login/")

    assert response is not None and response.status == 200
    expect(page.locator("input[name=username]")).to_be_visible()
    expect(page.locator("input[name=password]")).to_be_visible()


def test_each_worker_loads_the_classifier_before_it_serves(live_server_process: LiveRantai) -> None:
    # gunicorn's post_worker_init hook (rantai.core.gunicorn_conf): no request waits for the index to load.
    assert re.search(r"Worker \d+: classifier ready", live_server_process.log())

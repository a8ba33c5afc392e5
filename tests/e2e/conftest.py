"""End-to-end fixtures: the real platform on a free port and Debian's Chromium driven by Playwright.

    @pytest.mark.e2e
    def test_something(page, live_url):
        page.goto(f"{live_url}/id/")

``page`` opens at a desktop size in English (``Accept-Language: en``); ``phone_page`` is a 360x740 phone.
The server is started once per test session (per xdist worker) on a fresh database and stopped at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.live_server import LiveRantai, LiveServerError

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
AXE = Path(__file__).resolve().parents[2] / "var" / "node" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}


# Japan's tariff carries the preferences an Indonesian MSME can claim (IJEPA, AJCEP, RCEP), so journeys can
# check "where can I sell this, at what duty" on real rates.
JOURNEY_TARIFFS = [("jp-customs", Path("tariffs") / "jp_customs_tariff_2026.csv.gz")]


@pytest.fixture(scope="session")
def live_server_process(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Iterator[LiveRantai]:
    """The platform serving from a fresh database (see ``live_server.py``), with its worker (e-mails land in
    ``mail_dir``) and Japan's tariff schedule."""
    server = LiveRantai(
        tmp_path_factory.mktemp("e2e"),
        worker=True,
        tariffs=[(file_format, shared_data / path) for file_format, path in JOURNEY_TARIFFS],
        startup_timeout=120.0,
    )
    try:
        server.start()
    except LiveServerError as exc:
        server.stop()
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, installed from npm by ./dev test (never committed)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: ./dev test installs axe-core from npm into var/node.", pytrace=False)
    return AXE.read_text()


@pytest.fixture(scope="session")
def live_url(live_server_process: LiveRantai) -> str:
    """Base URL of the running platform, without a trailing slash, e.g. ``http://127.0.0.1:40123``."""
    return live_server_process.url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: ./dev test installs Debian's chromium package.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _new_page(browser, live_url: str, viewport: dict[str, int], **options: object):
    context = browser.new_context(base_url=live_url, viewport=viewport, locale="en-US", **options)
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def page(browser, live_url: str):
    """A fresh browser tab (own cookies) at desktop size; relative ``goto("/id/")`` paths work."""
    context, tab = _new_page(browser, live_url, DESKTOP)
    yield tab
    context.close()


@pytest.fixture
def phone_page(browser, live_url: str):
    """A fresh browser tab on a 360x740 touch phone."""
    context, tab = _new_page(browser, live_url, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield tab
    context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives a browser: mark it so ``-m "not e2e"`` leaves it out."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)

"""Accessibility fixtures: the real platform and Debian's Chromium, as in tests/e2e, but scoped to this package
so the browser (and its Playwright event loop) is closed before the rest of the suite runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, _new_page, axe_source  # noqa: F401
from tests.e2e.live_server import LiveRantai, LiveServerError


@pytest.fixture(scope="package")
def a11y_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = LiveRantai(tmp_path_factory.mktemp("a11y"))
    try:
        server.start()
    except LiveServerError as exc:
        server.stop()
        pytest.fail(str(exc), pytrace=False)
    yield server.url
    server.stop()


@pytest.fixture(scope="package")
def a11y_browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: ./dev test installs Debian's chromium package.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# axe is injected as a script tag, which the platform's own Content-Security-Policy rightly refuses; these
# tabs let the audit through (bypass_csp) and are otherwise the e2e ones.
@pytest.fixture
def audit_page(a11y_browser: Any, a11y_url: str) -> Iterator[Any]:
    context, tab = _new_page(a11y_browser, a11y_url, DESKTOP, bypass_csp=True)
    yield tab
    context.close()


@pytest.fixture
def audit_phone_page(a11y_browser: Any, a11y_url: str) -> Iterator[Any]:
    context, tab = _new_page(
        a11y_browser, a11y_url, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, bypass_csp=True
    )
    yield tab
    context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)

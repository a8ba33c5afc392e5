"""Accessibility tests reuse the end-to-end fixtures: the real platform and Debian's Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, _new_page, browser, live_server_process, live_url  # noqa: F401

AXE = Path(__file__).resolve().parents[2] / "var" / "node" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: ./dev test installs axe-core from npm into var/node.", pytrace=False)
    return AXE.read_text()


# axe is injected as a script tag, which the platform's own Content-Security-Policy rightly refuses; these
# tabs let the audit through (bypass_csp) and are otherwise the e2e ones.
@pytest.fixture
def audit_page(browser, live_url: str):  # type: ignore[no-untyped-def]  # noqa: F811
    context, tab = _new_page(browser, live_url, DESKTOP, bypass_csp=True)
    yield tab
    context.close()


@pytest.fixture
def audit_phone_page(browser, live_url: str):  # type: ignore[no-untyped-def]  # noqa: F811
    context, tab = _new_page(
        browser, live_url, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, bypass_csp=True
    )
    yield tab
    context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)

"""Fuzzing fixtures: the real platform (gunicorn, fresh database, demo data) and a token of its demo MSME."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.live_server import LiveRantai, LiveServerError
from tests.fuzz.live import issue_token


@pytest.fixture(scope="package")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveRantai]:
    server = LiveRantai(tmp_path_factory.mktemp("fuzz"))
    try:
        server.start()
    except LiveServerError as exc:
        server.stop()
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="package")
def owner_token(fuzz_server: LiveRantai) -> str:
    return issue_token(fuzz_server, "umkm@rantai.test")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.fuzz)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    import sys

    fuzz = sys.modules.get("tests.fuzz.test_api_schema")
    if fuzz is not None and fuzz.TALLY["cases"]:
        terminalreporter.write_line(f"fuzz_cases: {fuzz.TALLY['cases']}")
        terminalreporter.write_line(f"fuzz_5xx: {fuzz.TALLY['5xx']}")
        for line in sorted(set(fuzz.SERVER_ERRORS))[:20]:
            terminalreporter.write_line(f"  5xx: {line}")
        terminalreporter.write_line(f"fuzz_undocumented_status: {sum(fuzz.UNDOCUMENTED.values())}")
        for label, count in sorted(fuzz.UNDOCUMENTED.items()):
            terminalreporter.write_line(f"  undocumented: {label} x{count}")

"""Fault tests. Those marked ``faults`` restart the machine's PostgreSQL, which would break every other test
running at the time: they run only when asked for (``-m faults``), in a pytest invocation of their own."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "faults" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="restarts PostgreSQL: run on its own with -m faults (.ci/run does)")
    for item in items:
        if item.get_closest_marker("faults") is not None:
            item.add_marker(skip)

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from rantai.classify.index import forget_database


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are compared in English; a page request in Indonesian must not leak into the next test."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fresh_database_layers() -> None:
    """Each test has its own database: forget decisions and national lines a previous test's database had."""
    forget_database()

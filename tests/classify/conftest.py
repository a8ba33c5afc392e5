from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are compared in English; a page request in Indonesian must not leak into the next test."""
    with translation.override("en"):
        yield

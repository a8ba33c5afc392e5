"""Small checks end-to-end tests share."""

from __future__ import annotations

from typing import Any


def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when nothing overflows sideways)."""
    return int(page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth"))

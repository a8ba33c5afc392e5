"""Keep the search index in step with organisations, without the directory depending on search.

The search app (``rantai.search``) owns the index. Directory actions call ``organisation_changed`` inside
their transaction after any change to a searchable field (name, economy, verification status, size class,
certifications); when the search app is not installed this does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import import_module


@cache
def _indexer() -> Callable[[int], object] | None:
    try:
        module = import_module("rantai.search.indexing")
    except ModuleNotFoundError as exc:
        if exc.name in ("rantai.search", "rantai.search.indexing"):
            return None
        raise
    indexer: Callable[[int], object] | None = getattr(module, "index_organisation", None)
    return indexer


def organisation_changed(organisation_id: int) -> None:
    """Reindex one organisation (and what search derives from it) in the current transaction."""
    indexer = _indexer()
    if indexer is not None:
        indexer(organisation_id)

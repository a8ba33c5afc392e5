"""Keep the search index in step with the catalogue, when the search app is installed.

The search app (``rantai.search.indexing``) is optional for the catalogue: it may be absent or not in
``INSTALLED_APPS``, and the catalogue must work without it. Callers run these inside the transaction that changed
the products, so the index and the products commit (or roll back) together.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps

_INDEXING_MODULE = "rantai.search.indexing"


def _hook(name: str) -> Callable[[list[int]], Any] | None:
    # Not installed means no search tables to write to, even if the package is on disk.
    if not apps.is_installed("rantai.search"):
        return None
    try:
        module = importlib.import_module(_INDEXING_MODULE)
    except ModuleNotFoundError as exc:
        # Only a missing search app is fine; a broken import inside it must not be hidden.
        if exc.name in ("rantai.search", _INDEXING_MODULE):
            return None
        raise
    hook = getattr(module, name, None)
    return hook if callable(hook) else None


def index_products(product_ids: Iterable[int]) -> None:
    ids = list(product_ids)
    hook = _hook("index_products")
    if ids and hook is not None:
        hook(ids)


def remove_products(product_ids: Iterable[int]) -> None:
    ids = list(product_ids)
    hook = _hook("remove_products")
    if ids and hook is not None:
        hook(ids)

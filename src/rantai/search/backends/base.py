"""What every search backend answers: a ranked page of document ids for a text search, and a capped count.

Filters arrive in two forms: ``facets`` (tokens every document must hold in its full-text index, so the
engine intersects them with the text terms) and ``where`` (SQL conditions on the document row, alias
``d``, for ranges such as minimum order). Filter-only searches need no full-text engine and are answered by
the ORM in ``rantai.search.queries``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

COUNT_CAP = 10_000
VERIFIED_BOOST = 1.25  # a verified supplier's match outranks an equal unverified one

DOCUMENT_TABLES = {"product": "search_productdocument", "supplier": "search_supplierdocument"}


@dataclass(frozen=True)
class TextSearch:
    document: Literal["product", "supplier"]
    groups: Sequence[frozenset[str]]  # a document holds one term of every group
    facets: Sequence[str] = ()  # tokens a document must hold
    excluded_facets: Sequence[str] = ()  # tokens a document must not hold
    where: Sequence[tuple[str, Sequence[Any]]] = ()  # SQL on alias d, with %s parameters
    hs_boost: Sequence[str] = ()  # HS codes or prefixes named in the query text
    limit: int = 20
    offset: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def table(self) -> str:
        return DOCUMENT_TABLES[self.document]

    def where_sql(self) -> tuple[str, list[Any]]:
        sql = "".join(f" AND ({condition})" for condition, _ in self.where)
        params = [p for _, condition_params in self.where for p in condition_params]
        return sql, params

    def hs_tier_sql(self) -> tuple[str, list[Any]]:
        """1 for a product in an HS code the query text names, else 0: such products come first."""
        if self.document != "product" or not self.hs_boost:
            return "0", []
        tests, params = [], []
        for code in self.hs_boost:
            tests.append(f"d.hs{len(code)} = %s")
            params.append(code)
        return f"(CASE WHEN {' OR '.join(tests)} THEN 1 ELSE 0 END)", params


class SearchBackend:
    vendor = ""

    def search(self, spec: TextSearch) -> list[tuple[int, float]]:
        """(document id, score) best first; equal scores by id, so pages are stable."""
        raise NotImplementedError

    def count(self, spec: TextSearch) -> int:
        """Matching documents, counted up to COUNT_CAP + 1."""
        raise NotImplementedError

    @contextlib.contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Suspend per-row full-text maintenance while documents are rewritten en masse; rebuild after."""
        yield

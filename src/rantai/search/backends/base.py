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

from django.db import connection

COUNT_CAP = 10_000
VERIFIED_BOOST = 1.25  # a verified supplier's match outranks an equal unverified one
# A broad text search ranks its newest RANK_WINDOW matches by relevance; older matches follow, newest first.
# Scoring every one of tens of thousands of matches ("parts" in HS 84) costs more than a page may take, and
# the best of the newest 2,000 are as good an answer as a buyer can read: the first 100 pages of 20.
RANK_WINDOW = 2_000

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
        """(document id, score) best first; equal scores by id, so pages are stable.

        Matches inside the ranking window (ids from the window's bound up) come first, ranked; the rest follow
        by tier and newest first. A page that lies inside the window reads only the window's rows.
        """
        bound = self.window_bound(spec)
        shallow = spec.offset + spec.limit <= RANK_WINDOW
        with connection.cursor() as cursor:
            cursor.execute(*self.ranked_sql(spec, bound, shallow=shallow))
            return [(int(row[0]), float(row[1])) for row in cursor.fetchall()]

    def window_bound(self, spec: TextSearch) -> int:
        """The id of the RANK_WINDOW-th newest match (0 when there are fewer matches)."""
        source, params = self.matches(spec)
        key = self.match_id(spec)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {key} {source} ORDER BY {key} DESC LIMIT 1 OFFSET %s", [*params, RANK_WINDOW - 1]
            )
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    def matches(self, spec: TextSearch) -> tuple[str, list[Any]]:
        """``FROM … WHERE …`` of the matching documents (alias d), with its parameters."""
        raise NotImplementedError

    def match_id(self, spec: TextSearch) -> str:
        """The document id column the engine walks in order fastest."""
        return "d.id"

    def ranked_sql(self, spec: TextSearch, bound: int, *, shallow: bool) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def count(self, spec: TextSearch) -> int:
        """Matching documents, counted up to COUNT_CAP + 1."""
        raise NotImplementedError

    @contextlib.contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Suspend per-row full-text maintenance while documents are rewritten en masse; rebuild after."""
        yield

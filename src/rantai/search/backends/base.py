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
from typing import Any, Literal, NamedTuple

# Counts stop here ("1,000+"), and so does paging: 50 pages of 20 are more than anyone reads, and a count is
# cheap only while it is small (PostgreSQL re-checks every counted row; 10,001 of them took 35 ms).
COUNT_CAP = 1_000
VERIFIED_BOOST = 1.25  # a verified supplier's match outranks an equal unverified one
BOOST_SQL = f"(CASE WHEN d.verified THEN {VERIFIED_BOOST} ELSE 1.0 END)"  # the factor on a document's score

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


# The page of a ranked window (a CTE named "hits" with id, score, tier) and the window's size, in one row at
# least: the size arrives even when the page is past the end.
PAGE_OF_HITS = (
    " SELECT p.id, p.score, c.total FROM (SELECT count(*) AS total FROM hits) c LEFT JOIN"
    " (SELECT id, score, tier FROM hits ORDER BY tier DESC, score DESC, id LIMIT %s OFFSET %s) p ON TRUE"
    " ORDER BY p.tier DESC, p.score DESC, p.id"
)


def page_of_hits_params(spec: TextSearch) -> list[int]:
    """LIMIT and OFFSET of PAGE_OF_HITS: pages end at COUNT_CAP, though the window holds one match more."""
    return [max(0, min(spec.limit, COUNT_CAP - spec.offset)), spec.offset]


class Ranked(NamedTuple):
    rows: list[tuple[int, float]]  # (document id, score), best first
    total: int  # matches, counted up to COUNT_CAP + 1

    @classmethod
    def of(cls, rows: list[tuple[Any, ...]]) -> Ranked:
        """From the rows of PAGE_OF_HITS."""
        return cls(
            [(int(r[0]), float(r[1])) for r in rows if r[0] is not None], int(rows[0][2]) if rows else 0
        )


class SearchBackend:
    vendor = ""

    def search(self, spec: TextSearch) -> Ranked:
        """The window of a text search, ranked: its newest COUNT_CAP + 1 matches (all of them when fewer).

        Scoring every match of a broad query ("parts" in HS 84: 20,000 of a million products) costs more than a
        page may take; the newest matches are read first, in the index's own order, and only they are scored.
        Equal scores go by id, so pages are stable; ``total`` is the window's size.
        """
        raise NotImplementedError

    def count(self, spec: TextSearch) -> int:
        """Matching documents, counted up to COUNT_CAP + 1 (filter-only searches)."""
        raise NotImplementedError

    @contextlib.contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Suspend per-row full-text maintenance while documents are rewritten en masse; rebuild after."""
        yield

"""PostgreSQL: a generated tsvector per document (weights A title, B body, C HS, D filters) with a GIN index,
ranked by ts_rank_cd."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.db import connection

from rantai.search.backends.base import (
    BOOST_SQL,
    COUNT_CAP,
    PAGE_OF_HITS,
    Ranked,
    SearchBackend,
    TextSearch,
    page_of_hits_params,
)

# ts_rank_cd weights in the order {D, C, B, A}: filter tokens never rank.
RANK_WEIGHTS = "'{0.0, 0.4, 0.2, 1.0}'::float4[]"
# Ranges of the newest document ids a text search reads first (then every id): see PostgresBackend.search.
NEWEST_ID_SPANS = (50_000, 400_000)


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "").replace("'", "''") + "'"


def ts_query(spec: TextSearch, *, with_filters: bool = True) -> str:
    parts = ["(" + " | ".join(_lexeme(t) for t in sorted(group)) + ")" for group in spec.groups]
    if with_filters:
        parts += [_lexeme(token) for token in spec.facets]
        parts += ["!" + _lexeme(token) for token in spec.excluded_facets]
    return " & ".join(parts)


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def _matches(self, spec: TextSearch) -> tuple[str, list[Any]]:
        where, params = spec.where_sql()
        sql = f"FROM {spec.table} d WHERE d.tsv @@ to_tsquery('simple', %s){where}"
        return sql, [ts_query(spec), *params]

    def search(self, spec: TextSearch) -> Ranked:
        # A GIN index gives matches in no order, and finding the newest by walking the primary key backwards
        # reads every newer row. So the newest ids are tried first, as a range of the primary key that the
        # planner intersects with the GIN bitmap (the "+ 0" keeps it from walking the key): only the rows of
        # matches in the range are read. The window is complete once a range holds COUNT_CAP + 1 matches.
        tier, tier_params = spec.hs_tier_sql()
        source, params = self._matches(spec)
        sql = (
            f"WITH hits AS MATERIALIZED (SELECT d.id AS id,"
            f" ts_rank_cd({RANK_WEIGHTS}, d.tsv, to_tsquery('simple', %s)) * {BOOST_SQL} AS score, {tier} AS tier"
            f" {source} AND d.id > %s ORDER BY d.id + 0 DESC LIMIT %s)" + PAGE_OF_HITS
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT max(id) FROM {spec.table}")  # noqa: S608 -- a table name of ours
            newest = cursor.fetchone()[0] or 0
            for span in (*NEWEST_ID_SPANS, newest):
                floor = max(0, newest - span)
                cursor.execute(sql, [
                    ts_query(spec, with_filters=False), *tier_params, *params, floor, COUNT_CAP + 1,
                    *page_of_hits_params(spec),
                ])  # fmt: skip
                ranked = Ranked.of(cursor.fetchall())
                if floor == 0 or ranked.total > COUNT_CAP:
                    return ranked
        return ranked

    def count(self, spec: TextSearch) -> int:
        source, params = self._matches(spec)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 {source} LIMIT %s) s", [*params, COUNT_CAP + 1])  # noqa: S608
            return int(cursor.fetchone()[0])

    @contextlib.contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Drop the GIN indexes while documents are rewritten and build them once afterwards."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
                "('search_productdocument', 'search_supplierdocument') AND indexdef LIKE '%%USING gin%%'"
            )
            indexes = cursor.fetchall()
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
                for _, definition in indexes:
                    cursor.execute(definition)

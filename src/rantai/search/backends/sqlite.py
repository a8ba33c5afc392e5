"""SQLite FTS5: external-content tables over the documents, ranked by bm25()."""

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

FTS_TABLES = {
    "search_productdocument": "search_product_fts",
    "search_supplierdocument": "search_supplier_fts",
}
# bm25 weight per column: title_terms, body_terms, hs_terms, facet_terms (filters never rank).
BM25_WEIGHTS = "10.0, 2.0, 4.0, 0.0"


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_expression(spec: TextSearch) -> str:
    parts = ["(" + " OR ".join(_phrase(t) for t in sorted(group)) + ")" for group in spec.groups]
    parts += [_phrase(token) for token in spec.facets]
    expression = " AND ".join(parts)
    for token in spec.excluded_facets:
        expression = f"({expression}) NOT {_phrase(token)}"
    return expression


class SqliteBackend(SearchBackend):
    vendor = "sqlite"

    def _matches(self, spec: TextSearch) -> tuple[str, list[Any]]:
        fts = FTS_TABLES[spec.table]
        where, params = spec.where_sql()
        sql = f"FROM {fts} JOIN {spec.table} d ON d.id = {fts}.rowid WHERE {fts} MATCH %s{where}"
        return sql, [match_expression(spec), *params]

    def search(self, spec: TextSearch) -> Ranked:
        # FTS5 yields matches in rowid order, newest first on demand, and bm25() is computed only for the rows
        # the LIMIT lets through.
        fts = FTS_TABLES[spec.table]
        tier, tier_params = spec.hs_tier_sql()
        source, params = self._matches(spec)
        sql = (
            f"WITH hits AS MATERIALIZED (SELECT d.id AS id, -bm25({fts}, {BM25_WEIGHTS}) * {BOOST_SQL} AS score,"
            f" {tier} AS tier {source} ORDER BY {fts}.rowid DESC LIMIT %s)" + PAGE_OF_HITS
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*tier_params, *params, COUNT_CAP + 1, *page_of_hits_params(spec)])
            return Ranked.of(cursor.fetchall())

    def count(self, spec: TextSearch) -> int:
        fts = FTS_TABLES[spec.table]
        if spec.where:
            source, params = self._matches(spec)
        else:  # no condition on the document row: the full-text index alone counts
            source, params = f"FROM {fts} WHERE {fts} MATCH %s", [match_expression(spec)]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 {source} LIMIT %s)", [*params, COUNT_CAP + 1])  # noqa: S608
            return int(cursor.fetchone()[0])

    @contextlib.contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Drop the triggers that copy each row into FTS5, then rebuild FTS5 once from the documents."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s)",
                list(FTS_TABLES),
            )
            triggers = cursor.fetchall()
            for name, _ in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                for fts in FTS_TABLES.values():
                    cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # noqa: S608
                    cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")  # noqa: S608
                for _, sql in triggers:
                    cursor.execute(sql)

"""PostgreSQL: a generated tsvector per document (weights A title, B body, C HS, D filters) with a GIN index,
ranked by ts_rank_cd."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.db import connection

from rantai.search.backends.base import COUNT_CAP, VERIFIED_BOOST, SearchBackend, TextSearch

# ts_rank_cd weights in the order {D, C, B, A}: filter tokens never rank.
RANK_WEIGHTS = "'{0.0, 0.4, 0.2, 1.0}'::float4[]"


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

    def matches(self, spec: TextSearch) -> tuple[str, list[Any]]:
        where, params = spec.where_sql()
        sql = f"FROM {spec.table} d WHERE d.tsv @@ to_tsquery('simple', %s){where}"
        return sql, [ts_query(spec), *params]

    def ranked_sql(self, spec: TextSearch, bound: int, *, shallow: bool) -> tuple[str, list[Any]]:
        tier, tier_params = spec.hs_tier_sql()
        source, params = self.matches(spec)
        if shallow:
            source += " AND d.id >= %s"
            params.append(bound)
        boost = f"(CASE WHEN d.verified THEN {VERIFIED_BOOST} ELSE 1.0 END)"
        sql = (
            f"SELECT d.id, CASE WHEN d.id >= %s THEN ts_rank_cd({RANK_WEIGHTS}, d.tsv, to_tsquery('simple', %s))"
            f" * {boost} ELSE 0.0 END AS score, {tier} AS tier, d.id >= %s AS ranked {source}"
            " ORDER BY ranked DESC, tier DESC, score DESC, CASE WHEN d.id >= %s THEN d.id ELSE -d.id END"
            " LIMIT %s OFFSET %s"
        )
        return sql, [
            bound,
            ts_query(spec, with_filters=False),
            *tier_params,
            bound,
            *params,
            bound,
            spec.limit,
            spec.offset,
        ]

    def count(self, spec: TextSearch) -> int:
        source, params = self.matches(spec)
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

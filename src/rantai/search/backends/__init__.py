"""One search interface, one backend per database engine (chosen by the connection's vendor)."""

from __future__ import annotations

from django.db import connection

from rantai.search.backends.base import SearchBackend, TextSearch


def get_backend() -> SearchBackend:
    if connection.vendor == "postgresql":
        from rantai.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from rantai.search.backends.sqlite import SqliteBackend

        return SqliteBackend()
    raise NotImplementedError(f"Search has no backend for the {connection.vendor} database engine.")


__all__ = ["SearchBackend", "TextSearch", "get_backend"]

"""The full-text index over the search documents, in the form each database engine offers.

SQLite: FTS5 tables with external content (the document tables) kept in step by triggers; the text is
already stemmed (``rantai.search.text``), so the tokenizer only splits and folds. PostgreSQL: a generated
tsvector column per document table ('simple' configuration over the same stemmed terms, one weight per
column) with a GIN index. Other engines get no index; this migration does nothing there.
"""

# ruff: noqa: S608 -- every name in these statements is a constant of this module, never user input.
from __future__ import annotations

from typing import Any

from django.db import migrations

# (document table, full-text table, trigger prefix)
TABLES = (
    ("search_productdocument", "search_product_fts", "search_pdoc"),
    ("search_supplierdocument", "search_supplier_fts", "search_sdoc"),
)
COLUMNS = ("title_terms", "body_terms", "hs_terms", "facet_terms")


def _sqlite_create(table: str, fts: str, prefix: str) -> list[str]:
    cols = ", ".join(COLUMNS)
    new = ", ".join(f"new.{c}" for c in COLUMNS)
    old = ", ".join(f"old.{c}" for c in COLUMNS)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {prefix}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {prefix}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {prefix}_au AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def _postgres_create(table: str, prefix: str) -> list[str]:
    weighted = " || ".join(
        f"setweight(to_tsvector('simple'::regconfig, {column}), '{weight}')"
        for column, weight in zip(COLUMNS, "ABCD", strict=True)
    )
    return [
        f"ALTER TABLE {table} ADD COLUMN tsv tsvector GENERATED ALWAYS AS ({weighted}) STORED",
        f"CREATE INDEX {prefix}_tsv ON {table} USING gin (tsv)",
    ]


def create_index(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for table, fts, prefix in TABLES:
        if vendor == "sqlite":
            statements = _sqlite_create(table, fts, prefix)
        elif vendor == "postgresql":
            statements = _postgres_create(table, prefix)
        else:
            statements = []
        for sql in statements:
            schema_editor.execute(sql)


def drop_index(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for table, fts, prefix in TABLES:
        if vendor == "sqlite":
            for suffix in ("ai", "ad", "au"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {prefix}_{suffix}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {prefix}_tsv")
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS tsv")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_documents")]

    operations = [migrations.RunPython(create_index, drop_index)]

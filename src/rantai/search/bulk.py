"""Multi-row INSERTs for bulk writes (demo data, index rebuilds), far cheaper than ``bulk_create``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import connection, models

BATCH = 2000


class RowWriter:
    """Multi-row INSERTs of a model's concrete columns; unset columns take the field's default."""

    def __init__(self, model: type[models.Model], now: dt.datetime | None = None) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.columns = [str(f.column) for f in self.fields]
        self.defaults: dict[str, Any] = {}
        for f in self.fields:
            if f.has_default():
                value = f.get_default()
                self.defaults[f.attname] = json.dumps(value) if isinstance(f, models.JSONField) else value
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = now
            elif f.null:
                self.defaults[f.attname] = None
            elif isinstance(f, models.CharField | models.TextField | models.FileField):
                self.defaults[f.attname] = ""
        # Dates as the database backend writes them (on SQLite: naive UTC text, so text order is time order).
        ops = connection.ops
        self.converters = [
            (
                i,
                ops.adapt_datetimefield_value
                if isinstance(f, models.DateTimeField)
                else ops.adapt_datefield_value,
            )
            for i, f in enumerate(self.fields)
            if isinstance(f, models.DateField)
        ]
        self.rows: list[tuple[Any, ...]] = []

    def add(self, **values: Any) -> None:
        defaults = self.defaults
        row = [values[f.attname] if f.attname in values else defaults[f.attname] for f in self.fields]
        for i, convert in self.converters:
            if row[i] is not None:
                row[i] = convert(row[i])
        self.rows.append(tuple(row))
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        placeholders = ", ".join(["%s"] * len(self.columns))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", self.rows)  # noqa: S608
        self.rows = []

"""An exchange-rate table uploaded by an administrator: CSV with ``currency,per_usd,on``.

``per_usd`` is units of the currency per one US dollar (IDR 16250.5 means 1 USD = Rp 16,250.50); ``on`` is an
ISO date. The file is versioned by its sha256 like every import: the same bytes again change nothing. Used by
``rantai data import exchange-rates PATH`` and the admin upload.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from rantai.core.errors import ImportFileError
from rantai.reference.importers import sources
from rantai.tariffs.importers.base import open_text
from rantai.tariffs.models import ExchangeRate

COLUMNS = ("currency", "per_usd", "on")
CURRENCY = re.compile(r"^[A-Z]{3}$")
KEY = "exchange-rates"


def parse(path: Path) -> list[tuple[str, Decimal, dt.date]]:
    rows: list[tuple[str, Decimal, dt.date]] = []
    seen: set[tuple[str, dt.date]] = set()
    with open_text(path) as handle:
        reader = csv.reader(handle)
        try:
            header = tuple(c.strip().lower() for c in next(reader))
            if header != COLUMNS:
                raise ImportFileError(path, 1, 1, f"Unexpected header; expected {','.join(COLUMNS)!r}.")
            for cells in reader:
                line = reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != 3:
                    raise ImportFileError(
                        path, line, min(len(cells), 3) + 1, f"Expected 3 values, found {len(cells)}."
                    )
                currency, per_usd, on = (c.strip() for c in cells)
                if not CURRENCY.match(currency):
                    raise ImportFileError(
                        path, line, "1 (currency)", f"{currency!r} is not an ISO 4217 code."
                    )
                try:
                    rate = Decimal(per_usd)
                except InvalidOperation:
                    rate = Decimal(-1)
                if not rate.is_finite() or rate <= 0:
                    raise ImportFileError(path, line, "2 (per_usd)", f"{per_usd!r} is not a positive number.")
                try:
                    day = dt.date.fromisoformat(on)
                except ValueError:
                    raise ImportFileError(
                        path, line, "3 (on)", f"{on!r} is not a date (YYYY-MM-DD)."
                    ) from None
                if (currency, day) in seen:
                    raise ImportFileError(path, line, "1 (currency)", f"{currency} on {day} appears twice.")
                seen.add((currency, day))
                rows.append((currency, rate, day))
        except StopIteration:
            raise ImportFileError(path, 1, 1, "The file is empty; a header row was expected.") from None
        except (csv.Error, UnicodeDecodeError, EOFError, OSError) as exc:
            raise ImportFileError(path, reader.line_num, 1, f"The file cannot be read as CSV: {exc}") from exc
    if not rows:
        raise ImportFileError(path, 2, 1, "The file has a header but no rows.")
    return rows


def import_file(path: Path, **_: object) -> list[str]:
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(path, 0, 0, "The file does not exist.")
    rows = parse(path)
    with transaction.atomic():
        source, created = sources.file_source(
            key=KEY, path=path, title="Exchange rates (uploaded)", publisher="Rantai administrators"
        )
        if not created:
            return [f"{path.name}: already imported (sha256 {source.version[:12]}); nothing changed."]
        ExchangeRate.objects.bulk_create(
            ExchangeRate(currency=currency, per_usd=rate, on=day, source=source)
            for currency, rate, day in rows
        )
    currencies = sorted({currency for currency, _, _ in rows})
    return [f"{path.name}: {len(rows)} exchange rates for {', '.join(currencies)}."]

"""Tariff importers, one module per official format; ``import_file`` dispatches on ``--format``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from rantai.core.errors import RantaiError
from rantai.tariffs.models import SourceFormat

MODULES = {
    SourceFormat.BTKI: "btki",
    SourceFormat.USITC_HTS: "usitc_hts",
    SourceFormat.JP_CUSTOMS: "jp_customs",
    SourceFormat.WTO_TDF: "wto_tdf",
    SourceFormat.WITS_TRAINS: "wits_trains",
}


def importer(fmt: str) -> Callable[..., list[str]]:
    if fmt not in MODULES:
        raise RantaiError(
            f"Unknown tariff format {fmt!r}; use one of {', '.join(MODULES)}.",
            fields={"format": ["Unknown format."]},
        )
    module = import_module(f"rantai.tariffs.importers.{MODULES[SourceFormat(fmt)]}")
    func: Callable[..., list[str]] = module.import_file
    return func


def import_file(
    path: Path,
    format: str | None = None,
    economy: str | None = None,
    year: int | None = None,
    valid_from: dt.date | None = None,
) -> list[str]:
    if not format:
        raise RantaiError("Say which format the file is in with --format.", fields={"format": ["Required."]})
    return importer(format)(Path(path), economy=economy, year=year, valid_from=valid_from)

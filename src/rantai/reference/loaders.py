"""What ``rantai data load-reference`` and ``rantai data import …`` run.

Each step returns report lines for the operator. Every step is idempotent: running it twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from rantai.directory import loaders as directory_facts
from rantai.directory.importers import import_activities
from rantai.reference.importers import agreements, desta, economies, essential_goods, hs2022, unsd_correlation
from rantai.reference.importers.national_lines import import_file as import_nomenclature
from rantai.tariffs import importers as tariff_importers
from rantai.tariffs.facts import load_import_taxes
from rantai.tariffs.importers import exchange_rates

# Official correlation tables that load-reference picks up from RANTAI_DATA_DIR when present.
CORRELATION_FILES = (
    "hs/hs2022_hs2017_correlation_unsd.csv",
    "hs/hs2022_to_hs2012_2007_2002_1996_correlations_unsd.csv.gz",
)


def load_reference() -> list[str]:
    report: list[str] = []
    report += economies.load()
    report += hs2022.load()
    report += agreements.load()
    report += essential_goods.load_facts()
    report += directory_facts.load_facts()
    report += load_import_taxes()
    for relative in CORRELATION_FILES:
        path = Path(settings.DATA_DIR) / relative
        if path.exists():
            report += unsd_correlation.import_file(path)
        else:
            report.append(f"Correlation table not found, skipped: {path}")
    return report


IMPORTERS: dict[str, Callable[..., list[str]]] = {
    "correlations": unsd_correlation.import_file,
    "desta": desta.import_file,
    "activities": import_activities,
    "essential-goods": essential_goods.import_file,
    "tariffs": tariff_importers.import_file,
    "exchange-rates": exchange_rates.import_file,
    "nomenclature": import_nomenclature,
}

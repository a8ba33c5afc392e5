"""``rantai tariffs coverage`` says which economies, years and regimes are loaded, and says so when none are."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from rantai.tariffs.importers import import_file

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("tariffs", "coverage", *args, stdout=out)
    return out.getvalue()


def test_nothing_loaded_is_said_plainly() -> None:
    assert "No tariff schedules are loaded." in run()
    assert json.loads(run("--json")) == {"schedules": []}


def test_lists_schedules_with_line_counts_and_sources(shared_data: Path) -> None:
    import_file(shared_data / "tariffs" / "wto_tdf_mys2013_sgp2014_applied_mfn.tsv.gz", format="wto-tdf")
    import_file(shared_data / "hs_id" / "id_btki2022_tariff_lines.csv", format="btki")
    rows = json.loads(run("--json"))["schedules"]
    summary = {(r["economy"], r["regime"], r["year"], r["hs_version"], r["lines"]) for r in rows}
    assert summary == {("IDN", "MFN", 2022, "HS2022", 11552), ("MYS", "MFN", 2013, "HS2012", 5205),
                       ("SGP", "MFN", 2014, "HS2012", 5205)}  # fmt: skip
    btki = next(r for r in rows if r["economy"] == "IDN")
    assert btki["source"] == "id_btki2022_tariff_lines.csv" and btki["source_version"].startswith("sha256 ")
    assert btki["valid_from"] == "2022-04-01" and btki["valid_to"] == ""
    table = run()
    assert "id_btki2022_tariff_lines.csv" in table and "11552" in table
    assert "3 schedules for IDN, MYS, SGP." in table
    only = json.loads(run("--economy", "sgp", "--json"))["schedules"]
    assert [r["economy"] for r in only] == ["SGP"]

"""Search benchmark: generated catalogues on SQLite and PostgreSQL, typical queries timed, LIKE baseline.

    .venv/bin/python bench/search.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/search.py --quick            # 2,000 organisations / 20,000 products, SQLite only

Each engine gets a fresh database made here (a temporary SQLite file; a new PostgreSQL database created on
the given server and dropped afterwards), migrated, loaded with reference data and filled by
``rantai demo generate``. Then a fixed, seeded mix of text + filter queries in Indonesian and English (and
filter-only ones) runs through ``rantai.search.queries``, each timed several times after one warm-up.
On SQLite the same text queries also run as a naive ``title LIKE '%word%'`` scan of the products table.
The last figure is the catalogue import of a generated 10,000-row XLSX through
``rantai.catalogue.actions.import_catalogue``.

Ends with the lines ``search_p95_ms_sqlite``, ``search_p95_ms_postgres``, ``like_baseline_p95_ms_sqlite``
and ``xlsx_import_10k_s``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from child import run_child, setup_django  # bench/child.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5

# (label, product query keywords) — a fixed mix; text in Indonesian and English, with common filters.
PRODUCT_QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("kopi arabika IDN verified", {"text": "kopi arabika", "economy": "IDN", "verified_only": True}),
    ("frozen shrimp hs 0306", {"text": "frozen shrimp", "hs": "0306"}),
    ("kain batik capacity>=100", {"text": "kain batik", "min_capacity": "100"}),
    ("udang beku", {"text": "udang beku"}),
    ("coffee", {"text": "coffee"}),
    ("palm oil MYS", {"text": "palm oil", "economy": "MYS"}),
    ("minyak sawit halal", {"text": "minyak sawit", "certification": "halal"}),
    ("leather shoes moq<=100", {"text": "leather shoes", "max_min_order": "100"}),
    ("rattan VNM small", {"text": "rattan", "economy": "VNM", "size_class": "small"}),
    ("smartphones CHN verified", {"text": "smartphones", "economy": "CHN", "verified_only": True}),
    ("tuna kaleng", {"text": "tuna kaleng"}),
    ("machinery parts hs 84", {"text": "parts", "hs": "84"}),
    ("filter: IDN verified", {"economy": "IDN", "verified_only": True}),
    ("filter: hs 0901", {"hs": "0901"}),
    ("filter: halal moq<=50", {"certification": "halal", "max_min_order": "50"}),
    ("filter: THA hs 16 page 3", {"economy": "THA", "hs": "16", "page": 3}),
]
SUPPLIER_QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("suppliers: kopi IDN", {"text": "kopi", "economy": "IDN"}),
    ("suppliers: seafood verified", {"text": "shrimp", "verified_only": True}),
    ("suppliers: filter PER organic", {"economy": "PER", "certification": "organic"}),
]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _timed(fn: Any, runs: int) -> tuple[list[float], Any]:
    fn()  # warm-up
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def _like_baseline(spec: dict[str, Any]) -> Any:
    """The naive search: every word as title LIKE '%word%', filters joined in, newest first."""
    from django.db import connection

    where = ["p.status = 'published'"]
    params: list[Any] = []
    for word in spec.get("text", "").split():
        where.append("p.title LIKE %s")
        params.append(f"%{word}%")
    if spec.get("economy"):
        where.append("o.economy_id = %s")
        params.append(spec["economy"])
    if spec.get("verified_only"):
        where.append("o.verification_status = 'verified'")
    if spec.get("hs"):
        where.append("p.hs_id LIKE %s")
        params.append(spec["hs"] + "%")
    if spec.get("min_capacity"):
        where.append("p.monthly_capacity >= %s")
        params.append(spec["min_capacity"])
    if spec.get("max_min_order"):
        where.append("p.min_order <= %s")
        params.append(spec["max_min_order"])
    # Only fixed SQL text and placeholders are joined; every value is a parameter.
    sql = (
        "SELECT p.id FROM catalogue_product p JOIN directory_organisation o ON o.id = p.organisation_id WHERE "  # noqa: S608
        + " AND ".join(where)
        + " ORDER BY p.updated_at DESC LIMIT 20"
    )
    count_sql = (
        "SELECT count(*) FROM catalogue_product p JOIN directory_organisation o ON o.id = p.organisation_id WHERE "  # noqa: S608
        + " AND ".join(where)
    )

    def run() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            cursor.execute(count_sql, params)
            return rows, cursor.fetchone()

    return run


def _xlsx_import_seconds(rows: int = 10_000) -> float | None:
    from django.db import transaction
    from openpyxl import Workbook

    from rantai.accounts.models import User
    from rantai.directory.models import Membership, Organisation

    try:
        from rantai.catalogue.actions import import_catalogue
    except ImportError:
        return None
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("catalogue")
    sheet.append(["sku", "title", "description", "language", "hs_code", "unit", "min_order", "monthly_capacity",
                  "price_min", "price_max", "currency", "incoterms", "lead_time_days", "status"])  # fmt: skip
    codes = ["090111", "030617", "520852", "151110", "640399", "940360", "180100", "210111"]
    for i in range(rows):
        sheet.append([f"BENCH-{i:06d}", f"Kopi arabika Gayo grade {i % 5}", "Biji kopi hijau, olah basah.", "id",
                      codes[i % len(codes)], "kg", "100", "5000", "95000", "120000", "IDR", "FOB, CIF", "30",
                      "published"])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    organisation = Organisation.objects.filter(economy_id="IDN").order_by("id").first()
    assert organisation is not None
    with transaction.atomic():
        user = User.objects.create_user(
            "bench-owner@rantai.test", "bench-password-2026", full_name="Bench Owner", email_verified=True
        )
        Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.OWNER)
    buffer.seek(0)
    buffer.name = "catalogue.xlsx"
    started = time.perf_counter()
    report = import_catalogue(organisation, buffer, user)
    elapsed = time.perf_counter() - started
    print(f"  xlsx import: {report.rows:,} rows, {report.created:,} created in {elapsed:.1f} s", flush=True)
    return elapsed


def worker(args: argparse.Namespace) -> None:
    """Runs in a child process bound to one database; prints one JSON line of results."""
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from rantai.search.demo_generate import generate
    from rantai.search.queries import ProductQuery, SupplierQuery, search_products, search_suppliers

    vendor = connection.vendor
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("data", "load-reference", verbosity=0)
    print(
        f"[{vendor}] migrated and loaded reference data in {time.perf_counter() - started:.1f} s", flush=True
    )
    started = time.perf_counter()
    result = generate(
        args.orgs, args.products, seed=args.seed, progress=lambda m: print(f"[{vendor}]   {m}", flush=True)
    )
    generation_s = time.perf_counter() - started
    print(f"[{vendor}] generated {result.organisations:,} organisations, {result.products:,} products "
          f"({result.documents:,} published) in {generation_s:.1f} s", flush=True)  # fmt: skip
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    latencies: list[float] = []
    for label, spec in PRODUCT_QUERIES:
        times, page = _timed(lambda spec=spec: search_products(ProductQuery(**spec)), args.runs)
        latencies += times
        print(f"[{vendor}] {label:<34} p50 {statistics.median(times):7.1f} ms  max {max(times):7.1f} ms  "
              f"{page.total_display} results", flush=True)  # fmt: skip
    for label, spec in SUPPLIER_QUERIES:
        times, page = _timed(lambda spec=spec: search_suppliers(SupplierQuery(**spec)), args.runs)
        latencies += times
        print(f"[{vendor}] {label:<34} p50 {statistics.median(times):7.1f} ms  max {max(times):7.1f} ms  "
              f"{page.total_display} results", flush=True)  # fmt: skip
    baseline: list[float] = []
    if vendor == "sqlite":
        for label, spec in PRODUCT_QUERIES:
            if not spec.get("text"):
                continue
            # A LIKE scan takes seconds at full size: two timed runs are enough to show it.
            times, _ = _timed(_like_baseline(spec), min(args.runs, 2))
            baseline += times
            print(f"[{vendor}] LIKE {label:<29} p50 {statistics.median(times):7.1f} ms", flush=True)
    xlsx = _xlsx_import_seconds() if args.xlsx else None
    print(json.dumps({
        "vendor": vendor,
        "generation_s": generation_s,
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "like_p95": percentile(baseline, 0.95) if baseline else None,
        "xlsx_s": xlsx,
    }))  # fmt: skip


def _run_worker(database_url: str, args: argparse.Namespace, *, xlsx: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", database_url, "--orgs", str(args.orgs),
               "--products", str(args.products), "--seed", str(args.seed), "--runs", str(args.runs)]  # fmt: skip
    if xlsx:
        command.append("--xlsx")
    return run_child(command, ROOT, f"benchmark worker on {database_url.split('@')[-1]}")


def _postgres_database(server_url: str, name: str, *, create: bool) -> str:
    import psycopg

    parts = urlsplit(server_url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", help="URL of a PostgreSQL server; a fresh database is created there.")
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument(
        "--quick", action="store_true", help="Smoke run: 2,000 organisations, 20,000 products."
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--runs", type=int, default=RUNS, help="Timed runs of each query (after one warm-up)."
    )
    parser.add_argument("--worker", metavar="DATABASE_URL", dest="database_url", help=argparse.SUPPRESS)
    parser.add_argument("--xlsx", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.orgs, args.products = 2_000, 20_000
    if args.database_url:
        worker(args)
        return

    print(
        f"Search benchmark: {args.orgs:,} organisations, {args.products:,} products, seed {args.seed}",
        flush=True,
    )
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="rantai-bench-") as folder:
        results["sqlite"] = _run_worker(f"sqlite:///{folder}/bench.sqlite3", args, xlsx=True)
    if args.postgres:
        name = f"rantai_bench_{os.getpid()}"
        url = _postgres_database(args.postgres, name, create=True)
        try:
            results["postgres"] = _run_worker(url, args, xlsx=False)
        finally:
            _postgres_database(args.postgres, name, create=False)

    def figure(value: float | None, unit: str = "") -> str:
        return "n/a" if value is None else f"{value:.1f}{unit}"

    for vendor, result in results.items():
        print(
            f"generation_s_{vendor}: {result['generation_s']:.1f}  search_p50_ms_{vendor}: {result['p50']:.1f}"
        )
    print(f"search_p95_ms_sqlite: {figure(results['sqlite']['p95'])}")
    print(f"search_p95_ms_postgres: {figure(results.get('postgres', {}).get('p95'))}")
    print(f"like_baseline_p95_ms_sqlite: {figure(results['sqlite']['like_p95'])}")
    print(f"xlsx_import_10k_s: {figure(results['sqlite']['xlsx_s'])}")


if __name__ == "__main__":
    main()

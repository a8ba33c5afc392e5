"""Match engine figures: ranking quality against plain BM25, ranking latency at scale, notifying 10,000 suppliers.

    .venv/bin/python bench/matching.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/matching.py --products 50000 --orgs 5000 --quality-products 20000 --quality-orgs 2000

Databases. Each catalogue is built once and kept under /tmp/rantai-bench/ (``--cache-dir``): a SQLite file, or a
PostgreSQL database on the given server, named after its parameters (organisations, products, seed, labelled
codes, build version); a rerun with the same parameters reuses it, ``--rebuild`` builds afresh. A catalogue is
built under a temporary name and renamed only when complete, so an interrupted build is never reused; a reused
one is migrated first (migrations added since it was built). Building:
``migrate``; ``data load-reference``; the US HTS and Japanese tariff schedules and the Indonesian BTKI
nomenclature from the shared data folder (``RANTAI_DATA_DIR``, default ../shared/data; read in place), as an
installation has them, so duty and the classifier's national layer do real work; ``rantai demo generate``
(``rantai.search.demo_generate.generate``); then ``--per-code`` (default 6) more published products in every
subheading of the labelled set, each at a random generated organisation, with titles from the classifier's
bilingual lexicon entries for that subheading (Indonesian title plus English translation for Indonesian
organisations, English elsewhere), or the subheading's nomenclature description when the lexicon has none. The
generator alone leaves many of those subheadings empty; no request text is ever used as a title (lexicon terms
equal to a request text are skipped). Builds run in parallel (``--jobs``), never while something is timed.

Labelled requests: ``tests/data/msme_hs_cases.csv`` (the MSME-style set of bench/hs_classify.py, Indonesian and
English) and the English rows of ``labelled/hsclassify_micro_benchmark_cases.csv``; cases whose code is not an HS
2022 subheading are dropped. A request's text is the description; its HS code is the classifier's top-1
suggestion (``rantai.classify.engine.classify``, as the post-request form pre-fills it), never the true code; its
destination is a seeded random APEC economy; quantity and unit are plausible for the suggested chapter (kg for
food, pieces otherwise).

Quality (SQLite, ``--quality-products``/``--quality-orgs``, default 100,000/10,000): relevance grades are 2 for an
organisation with a published product in the true subheading, 1 for one in the true heading only, 0 otherwise.
NDCG@10 over organisations with gain 2^g - 1 and the ideal ranking taken from every graded organisation in the
catalogue; recall@50 is the share of grade-2 organisations in the first 50 (out of min(grade-2 count, 50)). The
engine is ``engine.rank(spec, limit=50)``, one row per organisation. The baseline is plain BM25 over the product
search documents' title and body terms (SQLite FTS5 ``bm25()`` over ``search_product_fts``, columns
``title_terms`` and ``body_terms`` weighted 1, the others 0) with the request's words (every form
``rantai.search.text.query_groups`` gives them, so query and index terms meet) in one OR group; product hits are
grouped by organisation, first occurrence. Same catalogue, same run.

Latency (``--products``/``--orgs``, default 1,000,000/100,000; SQLite, and PostgreSQL with ``--postgres``): every
labelled request (≥ 200) timed once, wall clock, ``engine.rank(spec, limit=20)`` end to end including the
classifier, after 20 warm-up requests made of the generator's vocabulary; p50 and p95 (and this process's CPU
time, since the machines are shared). Then a second pass over
the same requests with the engine's steps wrapped in timers gives the breakdown: classifier, candidate queries
(HS tiers, full text, the fetch of text hits), duty, and the rest (bilingual word groups, responsiveness, scoring).

Notification (each latency database): a request with 10,000 ``Match`` rows for 10,000 distinct supplier
organisations, each with an owner user (created once, kept for reruns). A real ``rantai worker`` subprocess is
started and warmed with one ``heartbeat`` job; ``tasks.notify_matches`` is enqueued and timed until its job
result is final and every notice is e-mailed (polled every 20 ms); the worker's CPU time is printed beside it. The worker sends through Django's file-based e-mail backend into a
temporary folder, so every message is rendered and written through ``deliver_notifications``' batched connection;
notices, e-mailed notices and written messages (one message may carry several owners in Bcc) are counted
afterwards. The request, its matches and notices and
the responsiveness rows the job made are deleted afterwards, so a reused catalogue stays as built.
``notify_10k_s`` is the slower of the databases measured.

Ends with ``ndcg10_engine``, ``ndcg10_bm25``, ``recall50_engine``, ``match_p95_ms_sqlite``,
``match_p95_ms_postgres`` and ``notify_10k_s``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from child import run_child, setup_django  # bench/child.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("RANTAI_DATA_DIR", ROOT.parent / "shared" / "data"))
MSME_CASES = ROOT / "tests" / "data" / "msme_hs_cases.csv"
MICRO_CASES = DATA / "labelled" / "hsclassify_micro_benchmark_cases.csv"
BUILD_VERSION = 1  # change when the way a catalogue is built changes: cached catalogues are then rebuilt
NOTIFY_COUNT = 10_000
WARM_UP = 20
BENCH_DOMAIN = "bench-matching.rantai.test"
FOOD_CHAPTERS = {f"{c:02d}" for c in range(1, 25)}


# --- Labelled requests --------------------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def labelled_cases() -> list[tuple[str, str, str]]:
    """(text, true hs6, set name) of both labelled sets."""
    cases = [(r["text"].strip(), r["hs6"].strip().zfill(6), f"msme_{r.get('lang') or 'und'}")
             for r in _read_csv(MSME_CASES)]  # fmt: skip
    cases += [(r["text"].strip(), r["expected_hs_code"].strip().zfill(6), "micro_en")
              for r in _read_csv(MICRO_CASES) if r["language"] == "en"]  # fmt: skip
    return [c for c in cases if c[0]]


def labelled_digest() -> str:
    codes = sorted({code for _text, code, _set in labelled_cases()})
    return hashlib.sha256(" ".join(codes).encode()).hexdigest()[:8]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


# --- Child processes: Django bound to one database ---------------------------------------------------------------


def _say(tag: str) -> Callable[[str], None]:
    return lambda message: print(f"[{tag}] {message}", flush=True)


def _engine_version() -> str:
    """Which engine was measured: the commit, and a digest of engine.py when the working copy differs."""
    from rantai.matching import engine

    path = Path(engine.__file__)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "diff", "--quiet", "HEAD", "--", str(path)]).returncode != 0
    return f"engine.py at {head or '?'}" + (f", uncommitted changes (sha256 {digest})" if dirty else "")


def build(args: argparse.Namespace) -> dict[str, Any]:
    """Fill an empty database: schema, reference data, tariffs, generated catalogue, labelled-code products."""
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from rantai.search.demo_generate import generate

    say = _say(args.tag)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("data", "load-reference", verbosity=0)
    imports = [
        ("nomenclature", "btki", DATA / "hs_id" / "id_btki2022_tariff_lines.csv"),
        ("tariffs", "usitc-hts", DATA / "tariffs" / "us_hts_2025_usitc.json.gz"),
        ("tariffs", "jp-customs", DATA / "tariffs" / "jp_customs_tariff_2026.csv.gz"),
    ]
    for kind, form, path in imports:
        if path.exists():
            call_command("data", "import", kind, str(path), "--format", form, verbosity=0)
        else:
            say(f"not found, not imported: {path}")
    say(f"schema, reference data, tariffs and nomenclature in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    result = generate(args.orgs, args.products, seed=args.seed, progress=lambda m: say(f"  {m}"))
    generation_s = time.perf_counter() - started
    say(f"generated {result.organisations:,} organisations, {result.products:,} products "
        f"({result.documents:,} published) in {generation_s:.0f} s")  # fmt: skip
    started = time.perf_counter()
    added = _add_labelled_products(args.per_code, args.seed)
    say(f"added {added:,} products in the labelled subheadings in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    vendor, name = connection.vendor, connection.settings_dict["NAME"]
    connection.close()
    if vendor == "sqlite":
        import sqlite3

        # Kept in the file: the worker writes while this process polls. Set after the bulk writes, on a
        # connection of its own (no statement open), and the log folded back so the catalogue is one file.
        raw = sqlite3.connect(name)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.close()
    return {"generation_s": generation_s, "added": added}


def _add_labelled_products(per_code: int, seed: int) -> int:
    from django.db import transaction
    from django.utils import timezone

    from rantai.catalogue.models import Product, ProductText
    from rantai.classify.lexicon import read_lexicon
    from rantai.directory.models import Organisation
    from rantai.reference.models import HsCode, HsLevel
    from rantai.search.demo_generate import QUALIFIERS, _clean_description
    from rantai.search.indexing import index_products
    from rantai.search.text import fold

    rng = random.Random(seed + 1)  # noqa: S311 -- benchmark data, reproducible by seed
    cases = labelled_cases()
    requests = {" ".join(fold(text).split()) for text, _code, _set in cases}
    descriptions = dict(
        HsCode.objects.filter(level=HsLevel.SUBHEADING).values_list("code", "description")
    )
    codes = sorted({code for _text, code, _set in cases if code in descriptions})
    terms: dict[str, dict[str, list[str]]] = {}
    for term in read_lexicon().terms:
        if len(term.code) == 6 and " ".join(fold(term.term).split()) not in requests:
            terms.setdefault(term.code, {}).setdefault(term.lang, []).append(term.term)
    sellers = list(Organisation.objects.exclude(kind="buyer").values_list("id", "economy_id", "city"))
    sellers.sort()
    now = timezone.now()
    products, texts = [], []
    next_sku = 0
    for code in codes:
        found = terms.get(code, {})
        english_terms = found.get("en") or [_clean_description(descriptions[code]) or f"HS {code} goods"]
        indonesian_terms = found.get("id", [])
        for _ in range(per_code):
            org_id, economy, city = rng.choice(sellers)
            english = rng.choice(english_terms)
            qualifier = rng.randrange(len(QUALIFIERS["en"]))
            title_en = f"{english[:1].upper()}{english[1:]} {QUALIFIERS['en'][qualifier]}".strip()[:200]
            indonesian = rng.choice(indonesian_terms) if indonesian_terms else ""
            title_id = f"{indonesian[:1].upper()}{indonesian[1:]} {QUALIFIERS['id'][qualifier]}".strip()[:200]
            language = "id" if economy == "IDN" and indonesian else "en"
            unit = "kg" if code[:2] in FOOD_CHAPTERS else rng.choice(("piece", "piece", "kg", "set"))
            min_order = Decimal(rng.choice((1, 10, 50, 100, 500, 1000)))
            title = title_id if language == "id" else title_en
            description = (
                f"{title_id} dari {city}. Pesanan minimum {min_order} {unit}."
                if language == "id"
                else f"{title_en} from {city}. Minimum order {min_order} {unit}."
            )
            updated = now - dt.timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
            next_sku += 1
            product = Product(
                organisation_id=org_id, sku=f"LBL-{next_sku:07d}", title=title, description=description,
                language=language, hs_id=code, unit=unit, min_order=min_order,
                monthly_capacity=min_order * rng.choice((10, 50, 100, 500)),
                price_min=Decimal(rng.randrange(100, 500_000)) / 100, currency="USD",
                incoterms=["FOB", "CIF"], lead_time_days=rng.choice((7, 14, 30, 45)),
                status=Product.Status.PUBLISHED,
            )  # fmt: skip
            products.append((product, updated, language, title_en, city))
    with transaction.atomic():
        Product.objects.bulk_create([p for p, *_rest in products], batch_size=1000)
        for product, _updated, language, title_en, city in products:
            texts.append(ProductText(product=product, language=language, title=product.title,
                                     description=product.description, is_original=True))  # fmt: skip
            if language == "id":
                texts.append(ProductText(product=product, language="en", title=title_en,
                                         description=f"{title_en} from {city}.", is_original=False))  # fmt: skip
        ProductText.objects.bulk_create(texts, batch_size=1000)
        for product, updated, *_rest in products:
            Product.objects.filter(pk=product.pk).update(created_at=updated, updated_at=updated)
        index_products([p.pk for p, *_rest in products])
    return len(products)


def _specs(seed: int) -> tuple[list[Any], list[tuple[str, str, str]], int]:
    """The engine's request for every labelled case whose code is an HS 2022 subheading."""
    from rantai.classify.engine import classify
    from rantai.matching.engine import RequestSpec
    from rantai.reference.models import HsCode, HsLevel
    from rantai.search.demo_generate import ECONOMY_WEIGHTS

    known = set(HsCode.objects.filter(level=HsLevel.SUBHEADING).values_list("code", flat=True))
    all_cases = labelled_cases()
    cases = [c for c in all_cases if c[1] in known]
    rng = random.Random(seed + 2)  # noqa: S311
    economies = sorted(ECONOMY_WEIGHTS)
    specs = []
    for text, _code, _set in cases:
        found = classify(text[:2000], top=1).candidates
        hs6 = found[0].hs6 if found else None
        food = hs6 is not None and hs6[:2] in FOOD_CHAPTERS
        quantity = Decimal(rng.choice((500, 1000, 5000, 20000) if food else (100, 500, 1000, 5000)))
        specs.append(RequestSpec(text=text, hs6=hs6, destination=rng.choice(economies), quantity=quantity,
                                 unit="kg" if food else "piece"))  # fmt: skip
    return specs, cases, len(all_cases) - len(cases)


# --- Quality --------------------------------------------------------------------------------------------------------


def _dcg(gains: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def _bm25_organisations(text: str, limit: int = 50) -> list[int]:
    from django.db import connection

    from rantai.search.backends.sqlite import _phrase
    from rantai.search.text import query_groups

    terms = sorted({term for group in query_groups(text) for term in group})
    if not terms:
        return []
    expression = "{title_terms body_terms} : (" + " OR ".join(_phrase(t) for t in terms) + ")"
    sql = (
        "SELECT d.organisation_id FROM search_product_fts f JOIN search_productdocument d ON d.id = f.rowid "
        "WHERE search_product_fts MATCH %s ORDER BY bm25(search_product_fts, 1.0, 1.0, 0.0, 0.0), d.id LIMIT 2000"
    )
    organisations: list[int] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression])
        for (org,) in cursor.fetchall():
            if org not in organisations:
                organisations.append(org)
                if len(organisations) == limit:
                    break
    return organisations


def quality(args: argparse.Namespace) -> dict[str, Any]:
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from rantai.matching import engine
    from rantai.search.models import ProductDocument

    assert connection.vendor == "sqlite", "the BM25 baseline reads SQLite FTS5"
    say = _say(args.tag)
    call_command("migrate", verbosity=0)  # a reused catalogue gets migrations added since it was built
    specs, cases, dropped = _specs(args.seed)
    say(_engine_version())
    say(f"{len(cases)} labelled requests ({dropped} dropped: code not an HS 2022 subheading)")
    per_set: dict[str, dict[str, list[float]]] = {}
    top1 = 0
    for spec, (text, code, name) in zip(specs, cases, strict=True):
        top1 += spec.hs6 == code
        grade2 = set(ProductDocument.objects.filter(hs6=code).values_list("organisation_id", flat=True))
        grade1 = set(ProductDocument.objects.filter(hs4=code[:4]).values_list("organisation_id", flat=True))
        grade1 -= grade2
        ideal = _dcg(([2] * len(grade2) + [1] * len(grade1))[:10])
        if not ideal:
            say(f"no relevant organisation for {code}; request skipped: {text[:60]}")
            continue

        def grade(org: int, grade2: set[int] = grade2, grade1: set[int] = grade1) -> int:
            return 2 if org in grade2 else 1 if org in grade1 else 0

        ranked = [r.organisation_id for r in engine.rank(spec, limit=50)]
        baseline = _bm25_organisations(text, 50)
        figures = per_set.setdefault(name, {"ndcg_engine": [], "ndcg_bm25": [], "recall_engine": [],
                                            "recall_bm25": []})  # fmt: skip
        wanted = min(len(grade2), 50)
        figures["ndcg_engine"].append(_dcg([grade(o) for o in ranked[:10]]) / ideal)
        figures["ndcg_bm25"].append(_dcg([grade(o) for o in baseline[:10]]) / ideal)
        figures["recall_engine"].append(len(grade2 & set(ranked[:50])) / wanted if wanted else 0.0)
        figures["recall_bm25"].append(len(grade2 & set(baseline[:50])) / wanted if wanted else 0.0)
    totals: dict[str, list[float]] = {}
    for name, figures in sorted(per_set.items()):
        say(f"{name:<9} n={len(figures['ndcg_engine']):3d}  " + "  ".join(
            f"{key} {statistics.fmean(values):.3f}" for key, values in figures.items()))  # fmt: skip
        for key, values in figures.items():
            totals.setdefault(key, []).extend(values)
    say(f"classifier top-1 subheading right (the pre-filled code) on {top1}/{len(cases)} requests")
    return {key: statistics.fmean(values) for key, values in totals.items()} | {
        "requests": len(totals["ndcg_engine"]),
        "products": ProductDocument.objects.count(),
        "organisations": ProductDocument.objects.values("organisation_id").distinct().count(),
    }


# --- Latency ----------------------------------------------------------------------------------------------------------


class _Timers:
    """Wraps engine functions (module globals that ``rank`` looks up at call time) to add up their wall time,
    and attributes the time spent inside ``cursor.execute`` to the innermost wrapped step running it."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self.phase = ["rest"]
        self.restore: list[tuple[Any, str, Any]] = []

    def add(self, label: str, seconds: float) -> None:
        self.spent[label] = self.spent.get(label, 0.0) + seconds

    def wrap(self, owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name, None)
        if original is None:  # the engine no longer has this step
            return

        def timed(*a: Any, **k: Any) -> Any:
            self.phase.append(label)
            started = time.perf_counter()
            try:
                return original(*a, **k)
            finally:
                self.add(label, time.perf_counter() - started)
                self.phase.pop()

        setattr(owner, name, timed)
        self.restore.append((owner, name, original))

    def sql(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.add(f"{self.phase[-1]}_sql", time.perf_counter() - started)

    def undo(self) -> None:
        for owner, name, original in reversed(self.restore):
            setattr(owner, name, original)


BREAKDOWN = (
    ("total", "total"), ("classifier", "classifier"), ("classifier_sql", "of it SQL"),
    ("candidates", "candidates"), ("candidates_sql", "of it HS-tier and fetch SQL"),
    ("text_search", "and full-text search"), ("duty", "duty"), ("duty_sql", "of it SQL"),
    ("rest", "rest: word groups, responsiveness, scoring"), ("rest_sql", "of it SQL"),
)  # fmt: skip


def _breakdown(specs: list[Any]) -> dict[str, dict[str, float]]:
    from django.db import connection

    from rantai.matching import engine

    timers = _Timers()
    timers.wrap(engine, "suggested_codes", "classifier")
    timers.wrap(engine, "candidates", "candidates")
    timers.wrap(engine, "duty_by_origin", "duty")
    backend_class = type(engine.get_backend())
    timers.wrap(backend_class, "search", "text_search")
    rows: dict[str, list[float]] = {}
    try:
        with connection.execute_wrapper(timers.sql):
            for spec in specs:
                timers.spent = {}
                started = time.perf_counter()
                engine.rank(spec, limit=20)
                total = time.perf_counter() - started
                spent = dict(timers.spent)
                spent.pop("text_search_sql", None)  # all of the full-text search is SQL
                spent["rest"] = total - sum(spent.get(k, 0.0) for k in ("classifier", "candidates", "duty"))
                spent["total"] = total
                for key, _label in BREAKDOWN:
                    rows.setdefault(key, []).append(spent.get(key, 0.0) * 1000)
    finally:
        timers.undo()
    return {key: {"mean": statistics.fmean(v), "p50": statistics.median(v), "p95": percentile(v, 0.95)}
            for key, v in rows.items()}  # fmt: skip


def latency(args: argparse.Namespace) -> dict[str, Any]:
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from rantai.matching import engine
    from rantai.search.demo_generate import VOCABULARY
    from rantai.search.models import ProductDocument

    say = _say(args.tag)
    call_command("migrate", verbosity=0)  # a reused catalogue gets migrations added since it was built
    specs, _cases, _dropped = _specs(args.seed)
    products = ProductDocument.objects.count()
    organisations = ProductDocument.objects.values("organisation_id").distinct().count()
    say(_engine_version())
    say(f"{products:,} published products of {organisations:,} organisations; {len(specs)} requests")
    warm = [title for rows in VOCABULARY.values() for pair in rows for title in pair][:WARM_UP]
    for title in warm:
        engine.rank(engine.RequestSpec(text=title, hs6=None, destination="USA"), limit=20)
    times: list[float] = []
    cpu: list[float] = []
    for spec in specs:
        started, started_cpu = time.perf_counter(), time.process_time()
        engine.rank(spec, limit=20)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    say(f"rank(limit=20) over {len(times)} requests: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(times):.1f} ms "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores); CPU time of this process "
        f"p50 {statistics.median(cpu):.1f} ms, p95 {percentile(cpu, 0.95):.1f} ms")  # fmt: skip
    parts = _breakdown(specs)
    say("breakdown, second pass, ms mean/p95 (SQL = time inside cursor.execute):")
    for key, label in BREAKDOWN:
        say(f"    {label:<44} {parts[key]['mean']:7.1f} {parts[key]['p95']:7.1f}")
    notify = _notify(args, say) if args.notify else None
    return {"vendor": connection.vendor, "p50": p50, "p95": p95, "products": products,
            "organisations": organisations, "requests": len(times), "parts": parts, "notify": notify}  # fmt: skip


# --- Notification -----------------------------------------------------------------------------------------------------


def _notify(args: argparse.Namespace, say: Callable[[str], None]) -> dict[str, Any] | None:
    from django.db import transaction
    from django.utils import timezone
    from django_tasks import TaskResultStatus

    from rantai.accounts.models import User
    from rantai.core.tasks import heartbeat
    from rantai.directory.models import Membership, Organisation
    from rantai.matching import tasks
    from rantai.matching.models import Match, Notification, Responsiveness, SourcingRequest

    org_ids = list(Organisation.objects.order_by("id").values_list("id", flat=True)[: NOTIFY_COUNT + 1])
    if len(org_ids) < 2:
        return None
    buyer_id, suppliers = org_ids[0], org_ids[1:]
    if len(suppliers) < NOTIFY_COUNT:
        say(f"only {len(suppliers):,} supplier organisations: notifying those, not {NOTIFY_COUNT:,}")
    economies = dict(Organisation.objects.filter(id__in=suppliers).values_list("id", "economy_id"))
    with transaction.atomic():
        owned = set(Membership.objects.filter(organisation_id__in=suppliers, role=Membership.Role.OWNER)
                    .values_list("organisation_id", flat=True))  # fmt: skip
        missing = [org for org in suppliers if org not in owned]
        if missing:
            users = User.objects.bulk_create(
                [User(email=f"owner-{org}@{BENCH_DOMAIN}", password="!", full_name=f"Owner {org}",  # noqa: S106
                      email_verified=True, preferred_language="id" if economies[org] == "IDN" else "en")
                 for org in missing], batch_size=1000)  # fmt: skip
            if any(u.pk is None for u in users):
                by_email = dict(User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}").values_list("email", "id"))
                for user in users:
                    user.pk = by_email[user.email]
            Membership.objects.bulk_create(
                [Membership(organisation_id=org, user_id=user.pk, role=Membership.Role.OWNER)
                 for org, user in zip(missing, users, strict=True)], batch_size=1000)  # fmt: skip
            say(f"created {len(missing):,} owner users")
        request = SourcingRequest.objects.create(
            buyer_id=buyer_id, title="Frozen vannamei shrimp, 20 tonnes a month",
            description="Head-on shell-on vannamei, 31/40, IQF, HACCP.", language="en", hs_id="030617",
            quantity=Decimal(20000), unit="kg", destination_id="JPN",
            deadline=timezone.localdate() + dt.timedelta(days=30), status=SourcingRequest.Status.OPEN,
            opened_at=timezone.now(),
        )  # fmt: skip
        components = [{"name": "hs_match", "value": 1.0, "weight": 0.3, "reason": "subheading",
                       "params": {"code": "030617"}}]  # fmt: skip
        Match.objects.bulk_create(
            [Match(request=request, organisation_id=org, rank=i, score=1 - i / 100_000, components=components)
             for i, org in enumerate(suppliers, start=1)], batch_size=1000)  # fmt: skip
    had_responsiveness = set(
        Responsiveness.objects.filter(organisation_id__in=suppliers).values_list("organisation_id", flat=True)
    )
    folder = Path(tempfile.mkdtemp(prefix="rantai-bench-mail-"))
    env = dict(os.environ, RANTAI_VAR_DIR=str(folder), DATABASE_URL=args.database_url, DEBUG="False",
               EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend")  # fmt: skip
    command = [str(Path(sys.executable).with_name("rantai")), "worker", "--queue-name", "*", "--no-reload",
               "--no-startup-delay", "--interval", "0.05"]  # fmt: skip
    worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait(result: Any, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while result.status not in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
            if time.monotonic() > deadline or worker.poll() is not None:
                raise SystemExit(f"worker did not finish job {result.id}")
            time.sleep(0.02)
            result.refresh()

    try:
        wait(heartbeat.enqueue(), 120)
        cpu_before = _cpu_seconds(worker.pid)
        started = time.perf_counter()
        result = tasks.notify_matches.enqueue(request.pk)
        wait(result, 600)
        # Should the job hand the e-mails to other jobs, the time runs until every notice is e-mailed.
        unsent = Notification.objects.filter(request=request, emailed_at__isnull=True)
        deadline = time.monotonic() + 600
        while unsent.exists() and result.status == TaskResultStatus.SUCCESSFUL and time.monotonic() < deadline:
            time.sleep(0.02)
        elapsed = time.perf_counter() - started
        worker_cpu = _cpu_seconds(worker.pid) - cpu_before
    finally:
        worker.terminate()
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
        errors = worker.stderr.read().decode(errors="replace") if worker.stderr else ""
    notices = Notification.objects.filter(request=request, kind=Notification.Kind.MATCHED)
    count, emailed = notices.count(), notices.filter(emailed_at__isnull=False).count()
    mail_files = list((folder / "mail").glob("*.log"))
    messages = sum(path.read_text(encoding="utf-8", errors="replace").count("\nMessage-ID: ") +
                   path.read_text(encoding="utf-8", errors="replace").startswith("Message-ID: ")
                   for path in mail_files)  # fmt: skip
    status = str(result.status)
    say(f"notify_matches: {status}, returned {result.return_value if status.endswith('SUCCESSFUL') else '-'}; "
        f"{count:,} notifications ({emailed:,} e-mailed), {messages:,} messages written in {len(mail_files)} "
        f"file(s), in {elapsed:.2f} s (worker CPU {worker_cpu:.2f} s; load average {os.getloadavg()[0]:.1f})")  # fmt: skip
    if result.status != TaskResultStatus.SUCCESSFUL:
        say(f"worker stderr: {errors[-2000:]}")
    with transaction.atomic():
        Responsiveness.objects.filter(organisation_id__in=suppliers).exclude(
            organisation_id__in=had_responsiveness
        ).delete()
        request.delete()
    shutil.rmtree(folder, ignore_errors=True)
    return {"seconds": elapsed, "worker_cpu": worker_cpu, "notifications": count, "emailed": emailed, "messages": messages,
            "suppliers": len(suppliers), "ok": result.status == TaskResultStatus.SUCCESSFUL}  # fmt: skip


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), to tell work from waiting on a busy machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return math.nan
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- The driver ------------------------------------------------------------------------------------------------------


def _run_child(role: str, database_url: str, tag: str, args: argparse.Namespace, *,
               orgs: int, products: int, notify: bool = False) -> dict[str, Any]:  # fmt: skip
    command = [sys.executable, __file__, "--child", role, "--database-url", database_url, "--tag", tag,
               "--orgs", str(orgs), "--products", str(products), "--seed", str(args.seed),
               "--per-code", str(args.per_code)]  # fmt: skip
    if notify:
        command.append("--notify")
    return run_child(command, ROOT, f"benchmark child {role} on {database_url.split('@')[-1]}")


class _Catalogue:
    """One cached catalogue: a SQLite file under the cache folder or a database on the PostgreSQL server."""

    def __init__(self, args: argparse.Namespace, vendor: str, orgs: int, products: int) -> None:
        self.args, self.vendor, self.orgs, self.products = args, vendor, orgs, products
        key = f"o{orgs}_p{products}_s{args.seed}_c{args.per_code}_l{labelled_digest()}_v{BUILD_VERSION}"
        self.tag = f"{vendor} {orgs:,}/{products:,}"
        if vendor == "sqlite":
            self.path = Path(args.cache_dir) / f"matching_{key}.sqlite3"
            self.partial = self.path.with_suffix(".partial")
        else:
            self.name = f"rbm_{key}"  # PostgreSQL names are at most 63 characters

    def _admin(self) -> Any:
        import psycopg

        admin = urlunsplit(urlsplit(self.args.postgres)._replace(path="/postgres"))
        return psycopg.connect(admin, autocommit=True)

    def _url(self, name: str) -> str:
        return urlunsplit(urlsplit(self.args.postgres)._replace(path=f"/{name}"))

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}" if self.vendor == "sqlite" else self._url(self.name)

    def ready(self) -> bool:
        if self.args.rebuild:
            return False
        if self.vendor == "sqlite":
            return self.path.exists()
        with self._admin() as conn:
            return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name]).fetchone() is not None

    def build(self) -> None:
        if self.vendor == "sqlite":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for path in (self.partial, Path(f"{self.partial}-wal"), Path(f"{self.partial}-shm")):
                path.unlink(missing_ok=True)
            _run_child("build", f"sqlite:///{self.partial}", self.tag, self.args, orgs=self.orgs,
                       products=self.products)  # fmt: skip
            Path(f"{self.partial}-shm").unlink(missing_ok=True)
            self.path.unlink(missing_ok=True)
            Path(f"{self.path}-wal").unlink(missing_ok=True)
            if Path(f"{self.partial}-wal").exists():  # not folded back: it moves with the file
                os.replace(f"{self.partial}-wal", f"{self.path}-wal")
            os.replace(self.partial, self.path)
            return
        partial = f"{self.name}_part"
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{partial}"')
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
            conn.execute(f'CREATE DATABASE "{partial}"')
        _run_child("build", self._url(partial), self.tag, self.args, orgs=self.orgs, products=self.products)
        with self._admin() as conn:
            conn.execute(f'ALTER DATABASE "{partial}" RENAME TO "{self.name}"')


def _build_all(catalogues: list[_Catalogue], jobs: int) -> None:
    todo = [c for c in catalogues if not c.ready()]
    for catalogue in catalogues:
        if catalogue not in todo:
            print(f"[{catalogue.tag}] reusing {catalogue.url.split('@')[-1]}", flush=True)
    failures: list[BaseException] = []

    def run(catalogue: _Catalogue) -> None:
        try:
            if catalogue.ready():  # another run built it meanwhile
                print(f"[{catalogue.tag}] reusing {catalogue.url.split('@')[-1]}", flush=True)
                return
            started = time.perf_counter()
            catalogue.build()
            print(f"[{catalogue.tag}] built in {time.perf_counter() - started:.0f} s", flush=True)
        except BaseException as exc:  # reported below, after the other builds end
            failures.append(exc)

    # The biggest first, so the small ones fill in beside them.
    todo.sort(key=lambda c: -c.products)
    for start in range(0, len(todo), max(1, jobs)):
        threads = [threading.Thread(target=run, args=(c,)) for c in todo[start : start + max(1, jobs)]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if failures:
        raise SystemExit(f"building a catalogue failed: {failures[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", help="URL of a PostgreSQL server; the latency catalogue is built there too.")
    parser.add_argument("--products", type=int, default=1_000_000, help="Latency catalogue: products.")
    parser.add_argument("--orgs", type=int, default=100_000, help="Latency catalogue: organisations.")
    parser.add_argument("--quality-products", type=int, default=100_000)
    parser.add_argument("--quality-orgs", type=int, default=10_000)
    parser.add_argument("--per-code", type=int, default=6, help="Products added in each labelled subheading.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--cache-dir", default=str(Path(tempfile.gettempdir()) / "rantai-bench"),
                        help="Where SQLite catalogues are kept (default /tmp/rantai-bench).")
    parser.add_argument("--rebuild", action="store_true", help="Build every catalogue afresh.")
    parser.add_argument("--jobs", type=int, default=2, help="Catalogues built at once.")
    parser.add_argument("--child", choices=("build", "quality", "latency"), help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--tag", default="", help=argparse.SUPPRESS)
    parser.add_argument("--notify", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = {"build": build, "quality": quality, "latency": latency}[args.child](args)
        print(json.dumps(result))
        return

    print(f"Match benchmark: quality on {args.quality_orgs:,} organisations / {args.quality_products:,} products, "
          f"latency on {args.orgs:,} / {args.products:,}, seed {args.seed}", flush=True)  # fmt: skip
    quality_db = _Catalogue(args, "sqlite", args.quality_orgs, args.quality_products)
    latency_dbs = [_Catalogue(args, "sqlite", args.orgs, args.products)]
    if args.postgres:
        latency_dbs.append(_Catalogue(args, "postgresql", args.orgs, args.products))
    unique = {c.url: c for c in [quality_db, *latency_dbs]}
    _build_all(list(unique.values()), args.jobs)

    q = _run_child("quality", quality_db.url, f"quality {quality_db.tag}", args,
                   orgs=args.quality_orgs, products=args.quality_products)  # fmt: skip
    results = {c.vendor: _run_child("latency", c.url, f"latency {c.tag}", args, orgs=c.orgs, products=c.products,
                                    notify=True) for c in latency_dbs}  # fmt: skip

    print(f"quality catalogue: {q['products']:,} published products, {q['organisations']:,} organisations, "
          f"{q['requests']} requests")  # fmt: skip
    print(f"recall50_bm25: {q['recall_bm25']:.3f}  ndcg ratio engine/bm25: "
          f"{q['ndcg_engine'] / q['ndcg_bm25'] if q['ndcg_bm25'] else float('inf'):.2f}")
    notify_s = []
    for vendor, r in results.items():
        print(f"latency catalogue {vendor}: {r['products']:,} published products, {r['organisations']:,} "
              f"organisations, {r['requests']} requests; match_p50_ms_{vendor}: {r['p50']:.1f}")  # fmt: skip
        n = r.get("notify")
        if n:
            print(f"notify_s_{vendor}: {n['seconds']:.2f} (worker CPU {n['worker_cpu']:.2f} s; {n['suppliers']:,} suppliers, {n['notifications']:,} "
                  f"notifications, {n['emailed']:,} e-mailed, {n['messages']:,} messages)")  # fmt: skip
            if n["ok"] and n["suppliers"] >= NOTIFY_COUNT and n["notifications"] >= NOTIFY_COUNT:
                notify_s.append(n["seconds"])

    def figure(value: float | None, digits: int = 1) -> str:
        return "n/a" if value is None else f"{value:.{digits}f}"

    print(f"ndcg10_engine: {q['ndcg_engine']:.3f}")
    print(f"ndcg10_bm25: {q['ndcg_bm25']:.3f}")
    print(f"recall50_engine: {q['recall_engine']:.3f}")
    print(f"match_p95_ms_sqlite: {figure(results['sqlite']['p95'])}")
    print(f"match_p95_ms_postgres: {figure(results.get('postgresql', {}).get('p95'))}")
    print(f"notify_10k_s: {figure(max(notify_s) if notify_s else None, 2)}")


if __name__ == "__main__":
    main()

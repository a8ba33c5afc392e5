"""Tariff figures: import times, best-rate lookup and destination ranking, each against a naive version.

    RANTAI_DATA_DIR=../shared/data .venv/bin/python bench/tariffs.py [--lookups 300] [--naive-lookups 10]

Builds a temporary SQLite database (migrate, load reference data), imports the real USITC HTS JSON and the
Japanese schedule from RANTAI_DATA_DIR through the project's importers (timed), then times best-rate lookups
and rankings over a seeded mix of origins and HS subheadings that the loaded schedules cover. The naive
versions, measured in the same run, read every line of every schedule into Python and ask the database
about parties and HS links one row at a time; the naive import saves row by row in autocommit and is timed
on a 5% sample of lines, then extrapolated (the output says so). Ends with one ``name value`` line per figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ON = dt.date(2026, 6, 1)


def setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["RANTAI_PROFILE"] = "test"
    os.environ["DEBUG"] = "False"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rantai.settings")
    import django

    django.setup()


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# --- Naive versions, for comparison only -----------------------------------------------------------------


def naive_best_percent(origin: str, destination: str, hs: str, on: dt.date) -> Decimal | None:
    """Every schedule of the destination, every line in a Python loop, parties and links asked row by row."""
    from rantai.reference.models import AgreementParty
    from rantai.tariffs.models import RateKind, Regime, Schedule

    best: Decimal | None = None
    for schedule in Schedule.objects.filter(economy_id=destination):
        if not (schedule.valid_from <= on and (schedule.valid_to is None or on <= schedule.valid_to)):
            continue
        if schedule.regime not in (Regime.MFN, Regime.PREF, Regime.GSP):
            continue
        if schedule.regime != Regime.MFN:
            partners = [p.iso3 for p in schedule.partners.all()]
            if (partners and origin not in partners) or (not partners and schedule.agreement_id is None):
                continue
            if schedule.agreement_id is not None:
                ok = True
                for economy in (origin, destination):
                    party = AgreementParty.objects.filter(
                        agreement_id=schedule.agreement_id, economy_id=economy
                    ).first()
                    if (
                        party is None
                        or party.in_force_on is None
                        or party.in_force_on > on
                        or (party.withdrawn_on is not None and party.withdrawn_on <= on)
                    ):
                        ok = False
                if not ok:
                    continue
        rates: list[Decimal] = []
        for line in schedule.lines.all():
            if line.hs6 != hs[:6] or not any(link.hs2022_id == hs for link in line.hs2022_links.all()):
                continue
            if line.kind == RateKind.FREE:
                rates.append(Decimal(0))
            elif line.kind == RateKind.AD_VALOREM and line.ad_valorem is not None:
                rates.append(line.ad_valorem)
            else:
                rates = []
                break
        if rates:
            high = max(rates)
            best = high if best is None else min(best, high)
    return best


def naive_rank(origin: str, hs: str, on: dt.date) -> list[tuple[str, Decimal | None]]:
    from rantai.reference.models import Economy

    ranks = [
        (e.iso3, naive_best_percent(origin, e.iso3, hs, on))
        for e in Economy.objects.filter(is_apec=True).exclude(iso3=origin)
    ]
    return sorted(ranks, key=lambda r: (r[1] is None, r[1] or 0))


def naive_import_seconds(
    path: Path, parse: Callable[..., list], economy: str, valid_from: dt.date, fraction: float = 0.05
) -> tuple[float, int, int]:
    """Row-by-row saves in autocommit on a sample of lines; returns the extrapolated seconds."""
    from rantai.core.models import DataSource
    from rantai.reference.models import HsCode
    from rantai.tariffs.models import Schedule, TariffLine, TariffLineHs2022

    start = time.perf_counter()
    specs = parse(path, economy, valid_from.year, valid_from)
    parse_seconds = time.perf_counter() - start
    source = DataSource.objects.create(
        key=f"bench-naive-{path.stem}",
        version="naive",
        kind=DataSource.Kind.FILE,
        title="naive import",
        publisher="bench",
    )
    total = sampled = 0
    saving = 0.0
    rng = random.Random(7)  # noqa: S311 - a reproducible sample
    for spec in specs:
        if not spec.lines:
            continue
        total += len(spec.lines)
        sample = [line for line in spec.lines if rng.random() < fraction]
        start = time.perf_counter()
        schedule = Schedule.objects.create(
            economy_id=spec.economy,
            regime=spec.regime,
            partner_group=spec.partner_group,
            year=spec.year,
            hs_version=spec.hs_version,
            valid_from=spec.valid_from,
            source=source,
            publisher="bench",
            format="other",
        )
        for row in sample:
            line = TariffLine(
                schedule=schedule,
                national_code=row.national_code,
                hs6=row.hs6,
                description=row.description,
                rate_text=row.rate_text[:400],
                kind=row.rate.kind,
                ad_valorem=row.rate.ad_valorem,
                specific_amount=row.rate.specific_amount,
                specific_currency=row.rate.specific_currency,
                specific_unit=row.rate.specific_unit,
                specific_per=row.rate.specific_per,
                note=row.note[:300],
                line_no=row.line_no,
            )
            line.save()
            hs = HsCode.objects.filter(code=row.hs6).first()
            if hs is not None:
                TariffLineHs2022(line=line, hs2022=hs, relationship="1:1").save()
        saving += time.perf_counter() - start
        sampled += len(sample)
    Schedule.objects.filter(source=source).delete()
    source.delete()
    return parse_seconds + saving * (total / max(sampled, 1)), sampled, total


# --- The run ----------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lookups", type=int, default=300)
    parser.add_argument("--rankings", type=int, default=40)
    parser.add_argument("--naive-lookups", type=int, default=10)
    parser.add_argument("--naive-rankings", type=int, default=3)
    args = parser.parse_args()
    data_dir = Path(
        os.environ.get("RANTAI_DATA_DIR", Path(__file__).resolve().parents[2] / "shared" / "data")
    )
    hts = data_dir / "tariffs" / "us_hts_2025_usitc.json.gz"
    jp = data_dir / "tariffs" / "jp_customs_tariff_2026.csv.gz"
    for path in (hts, jp):
        if not path.exists():
            sys.exit(f"{path} is missing: set RANTAI_DATA_DIR to the folder of official files.")

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        from django.core.management import call_command

        from rantai.core.errors import RantaiError
        from rantai.reference.models import Economy
        from rantai.tariffs.importers import import_file, jp_customs, usitc_hts
        from rantai.tariffs.models import Schedule, TariffLineHs2022
        from rantai.tariffs.ranking import rank_destinations
        from rantai.tariffs.rates import applicable_rates

        call_command("migrate", verbosity=0)
        print(f"load_reference_s {timed(lambda: call_command('data', 'load-reference', verbosity=0)):.2f}")
        import_hts = timed(lambda: import_file(hts, format="usitc-hts"))
        import_jp = timed(lambda: import_file(jp, format="jp-customs"))
        print(
            f"# imported: {Schedule.objects.count()} schedules, {TariffLineHs2022.objects.count()} HS 2022 links"
        )

        rng = random.Random(2026)  # noqa: S311 - a reproducible mix, not a secret
        origins = sorted(Economy.objects.filter(is_apec=True).values_list("iso3", flat=True))
        covered = {
            dest: sorted(
                set(
                    TariffLineHs2022.objects.filter(
                        line__schedule__economy_id=dest, line__schedule__regime="MFN"
                    ).values_list("hs2022_id", flat=True)
                )
            )
            for dest in ("USA", "JPN")
        }
        mix = []
        for _ in range(args.lookups):
            dest = rng.choice(("USA", "JPN"))
            origin = rng.choice([o for o in origins if o != dest])
            mix.append((origin, dest, rng.choice(covered[dest])))

        def lookup(origin: str, dest: str, hs: str) -> Decimal | None:
            try:
                best = applicable_rates(origin, dest, hs, ON).best
            except RantaiError:
                return None
            return best.max_percent if best else None

        for item in mix[:20]:
            lookup(*item)  # warm caches and connections
        fast = [timed(lambda item=item: lookup(*item)) * 1000 for item in mix]
        naive = [
            timed(lambda item=item: naive_best_percent(*item, ON)) * 1000
            for item in mix[: args.naive_lookups]
        ]
        same = sum(lookup(*item) == naive_best_percent(*item, ON) for item in mix[: args.naive_lookups])
        print(f"# naive and fast best rates agree on {same}/{args.naive_lookups} lookups", flush=True)
        print(f"# fast best-rate p95 {p95(fast):.2f} ms; naive {p95(naive):.2f} ms", flush=True)

        all_hs = sorted(set(covered["USA"]) & set(covered["JPN"]))
        rank_mix = [(rng.choice(origins), rng.choice(all_hs)) for _ in range(args.rankings)]
        for origin, hs in rank_mix[:5]:
            rank_destinations(origin, hs, ON)
        rank_fast = [timed(lambda o=o, h=h: rank_destinations(o, h, ON)) * 1000 for o, h in rank_mix]
        rank_naive = [
            timed(lambda o=o, h=h: naive_rank(o, h, ON)) * 1000 for o, h in rank_mix[: args.naive_rankings]
        ]

        naive_hts, hts_sampled, hts_total = naive_import_seconds(
            hts, usitc_hts.parse, "USA", dt.date(2025, 1, 1)
        )
        naive_jp, jp_sampled, jp_total = naive_import_seconds(
            jp, jp_customs.parse, "JPN", dt.date(2026, 4, 1)
        )
        print(
            f"# naive imports save row by row in autocommit; timed on {hts_sampled}/{hts_total} HTS lines and "
            f"{jp_sampled}/{jp_total} Japanese lines (about 5% samples) and extrapolated, parsing included"
        )
        print(
            f"# lookups: {len(fast)} fast (median {statistics.median(fast):.2f} ms), {len(naive)} naive; "
            f"rankings: {len(rank_fast)} fast, {len(rank_naive)} naive; date {ON}"
        )
        print(f"import_usitc_hts_s {import_hts:.2f}")
        print(f"import_jp_customs_s {import_jp:.2f}")
        print(f"best_rate_p95_ms {p95(fast):.2f}")
        print(f"rank_destinations_p95_ms {p95(rank_fast):.2f}")
        print(f"naive_import_usitc_hts_s {naive_hts:.2f}")
        print(f"naive_import_jp_customs_s {naive_jp:.2f}")
        print(f"naive_best_rate_p95_ms {p95(naive):.2f}")
        print(f"naive_rank_destinations_p95_ms {p95(rank_naive):.2f}")


if __name__ == "__main__":
    main()

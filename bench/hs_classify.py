"""HS classification figures: accuracy at 6, 4 and 2 digits, latency, start-up and memory, against TF-IDF.

    RANTAI_DATA_DIR=../shared/data .venv/bin/python bench/hs_classify.py [--cases PATH] [--no-national]

Sets (a) the English rows of ``labelled/hsclassify_micro_benchmark_cases.csv``, (b)
``labelled/vn_customs_precedents_dev.csv`` (Vietnamese product names, 8-digit outcomes: the first 6 digits are
scored), (c) ``tests/data/msme_hs_cases.csv`` (or ``--cases``: any CSV with ``text``, ``hs6`` and optionally
``lang`` columns, ``#`` comment lines allowed). The classifier runs without a database: package + lexicon, plus,
unless ``--no-national``, the BTKI 2022 (Indonesian, and its English line descriptions) and Viet Nam AHTN
(Vietnamese) national descriptions read from RANTAI_DATA_DIR through the project's own parsers, as an import would give them. The baseline is plain
TF-IDF cosine retrieval over the HS 2022 subheading descriptions (with their heading's text), no lexicon.

Latency is the CPU time this single-threaded process spends per query on warm caches (so other work on a shared
machine does not count; the wall-clock p95 and the load average are printed alongside); start-up is measured in a fresh
process: Django set-up excluded, from importing the classifier to the first answer (the pickled index under
var/ is used when present, as in production). Ends with one ``name: value`` line per figure.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("RANTAI_DATA_DIR", REPO.parent / "shared" / "data"))
Case = tuple[str, str, str]  # text, hs6, lang


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rantai.settings")
    os.environ.setdefault("RANTAI_PROFILE", "test")
    import django

    django.setup()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def msme_cases(path: Path) -> list[Case]:
    return [(r["text"], r["hs6"].zfill(6), r.get("lang") or "und") for r in read_csv(path)]


def micro_cases() -> list[Case]:
    rows = read_csv(DATA / "labelled" / "hsclassify_micro_benchmark_cases.csv")
    return [(r["text"], r["expected_hs_code"].zfill(6), "en") for r in rows if r["language"] == "en"]


def customs_cases() -> list[Case]:
    rows = read_csv(DATA / "labelled" / "vn_customs_precedents_dev.csv")
    cases = []
    for r in rows:
        text = " ".join(part for part in (r["product_name"], r["technical_spec"]) if part.strip(" ,"))
        cases.append((text[:2000], r["hs8_outcome"].strip()[:6], "vi"))
    return cases


def load_national() -> str:
    from rantai.classify.index import live_index, offline, use_national_texts
    from rantai.reference.importers import ahtn_vn, btki_nomenclature

    btki = btki_nomenclature.parse(DATA / "hs_id" / "id_btki2022_tariff_lines.csv")
    vn = ahtn_vn.parse(DATA / "hs_other_lang" / "vn_tariff_nomenclature_8digit_vi.csv")
    lines = [(row.code[:6], row.description) for row in (*btki.rows, *vn.rows)]
    index = live_index()
    offline(index)
    use_national_texts(index, lines, btki.hs_descriptions.items(),
                       english=[(row.code[:6], row.description_en) for row in btki.rows if row.description_en])
    return f"national descriptions: {len(btki.rows)} BTKI lines, {len(vn.rows)} AHTN-VN lines"


class TfIdf:
    """Plain TF-IDF over the nomenclature: lower-cased words, no stemming, no lexicon, cosine ranking."""

    def __init__(self) -> None:
        from rantai.reference.importers.hs2022 import package_rows

        rows = package_rows()
        headings = {r.code: r.description for r in rows if r.level == "heading"}
        docs = {r.code: self.words(r.description + " " + headings.get(r.code[:4], ""))
                for r in rows if r.level == "subheading"}
        df: Counter[str] = Counter()
        for words in docs.values():
            df.update(set(words))
        self.idf = {w: math.log(len(docs) / n) + 1 for w, n in df.items()}
        self.postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for code, words in docs.items():
            vector = self.vector(words)
            for word, weight in vector.items():
                self.postings[word].append((code, weight))

    @staticmethod
    def words(text: str) -> list[str]:
        return "".join(ch.lower() if ch.isalnum() else " " for ch in text).split()

    def vector(self, words: list[str]) -> dict[str, float]:
        tf = Counter(w for w in words if w in self.idf)
        vec = {w: n * self.idf[w] for w, n in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {w: v / norm for w, v in vec.items()}

    def top(self, text: str, k: int = 5) -> list[str]:
        scores: dict[str, float] = defaultdict(float)
        for word, weight in self.vector(self.words(text)).items():
            for code, doc_weight in self.postings[word]:
                scores[code] += weight * doc_weight
        return [code for code, _s in sorted(scores.items(), key=lambda item: -item[1])[:k]]


def evaluate(cases: list[Case], rank: Callable[[str], list[str]], latencies: list[float] | None = None,
             walls: list[float] | None = None) -> dict[str, float]:
    hits: Counter[str] = Counter()
    for text, expected, _lang in cases:
        started, wall = time.process_time(), time.perf_counter()
        try:
            codes = rank(text)
        except Exception:  # a refused text counts as a miss
            codes = []
        if latencies is not None:
            latencies.append((time.process_time() - started) * 1000)
        if walls is not None:
            walls.append((time.perf_counter() - wall) * 1000)
        for digits in (6, 4, 2):
            got = [c[:digits] for c in codes]
            hits[f"top1_hs{digits}"] += bool(got) and got[0] == expected[:digits]
            hits[f"top5_hs{digits}"] += expected[:digits] in got[:5]
    return {name: 100.0 * value / max(len(cases), 1) for name, value in hits.items()}


def startup_seconds() -> float:
    code = (
        "import os, time, django;"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'rantai.settings');"
        "os.environ.setdefault('RANTAI_PROFILE', 'test');"
        "django.setup();"
        "t = time.perf_counter();"
        "from rantai.classify.engine import classify;"
        "classify('kopi bubuk sangrai');"
        "print(time.perf_counter() - t)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)  # warm the cache
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def show(name: str, figures: dict[str, float], n: int) -> None:
    print(f"{name} (n={n}): " + ", ".join(f"{k} {v:.1f}%" for k, v in sorted(figures.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=Path, default=REPO / "tests" / "data" / "msme_hs_cases.csv")
    parser.add_argument("--no-national", action="store_true", help="Package + lexicon only.")
    args = parser.parse_args()
    setup_django()

    from rantai.classify.engine import classify
    from rantai.classify.index import live_index, offline

    startup = startup_seconds()
    offline(live_index())
    print(load_national() if not args.no_national else "national descriptions: not loaded")

    def rank(text: str) -> list[str]:
        return [c.hs6 for c in classify(text, top=5).candidates]

    msme = msme_cases(args.cases)
    sets = {"micro_en": micro_cases(), "customs": customs_cases(), "msme": msme}
    latencies: list[float] = []
    walls: list[float] = []
    results = {name: evaluate(cases, rank, latencies, walls) for name, cases in sets.items()}
    by_lang = {lang: evaluate([c for c in msme if c[2] == lang], rank) for lang in ("id", "en")}
    baseline = TfIdf()
    base_results = {name: evaluate(cases, baseline.top) for name, cases in sets.items()}

    for name, figures in results.items():
        show(f"classifier {name}", figures, len(sets[name]))
    for lang, figures in by_lang.items():
        show(f"classifier msme_{lang}", figures, sum(1 for c in msme if c[2] == lang))
    for name, figures in base_results.items():
        show(f"tf-idf baseline {name}", figures, len(sets[name]))
    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[min(len(latencies) - 1, math.ceil(0.95 * len(latencies)) - 1)]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    walls.sort()
    wall_p95 = walls[min(len(walls) - 1, math.ceil(0.95 * len(walls)) - 1)]
    print(f"latency over {len(latencies)} queries (CPU time of this process): p50 {p50:.2f} ms, p95 {p95:.2f} ms; "
          f"wall-clock p95 {wall_p95:.2f} ms (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")

    figures = {
        "top1_hs6_msme": results["msme"]["top1_hs6"],
        "top5_hs6_msme": results["msme"]["top5_hs6"],
        "top1_hs4_msme": results["msme"]["top1_hs4"],
        "top1_hs2_msme": results["msme"]["top1_hs2"],
        "top1_hs6_msme_id": by_lang["id"]["top1_hs6"],
        "top1_hs6_msme_en": by_lang["en"]["top1_hs6"],
        "top1_hs6_micro_en": results["micro_en"]["top1_hs6"],
        "top5_hs6_micro_en": results["micro_en"]["top5_hs6"],
        "top1_hs6_customs": results["customs"]["top1_hs6"],
        "top5_hs6_customs": results["customs"]["top5_hs6"],
        "p50_ms": p50,
        "p95_ms": p95,
        "startup_s": startup,
        "peak_rss_mb": rss,
        "baseline_top1_hs6_msme": base_results["msme"]["top1_hs6"],
        "baseline_top5_hs6_msme": base_results["msme"]["top5_hs6"],
        "baseline_top5_hs6_customs": base_results["customs"]["top5_hs6"],
    }
    for name, value in figures.items():
        print(f"{name}: {value:.2f}")


if __name__ == "__main__":
    main()

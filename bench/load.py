"""Load test: 50 concurrent users for 60 s against the production profile on PostgreSQL behind gunicorn.

    .venv/bin/python bench/load.py                      # 50 users, 60 s, 4 gunicorn workers
    .venv/bin/python bench/load.py --think 0 0          # users who never pause: the server saturated
    .venv/bin/python bench/load.py --users 10 --duration 10 --quick

A fresh PostgreSQL database is created on ``--postgres`` (dropped at the end), migrated and loaded with
reference data, the demo logins and generated organisations/products (setup runs in the ``test`` profile,
because the demo data is refused in production). The platform is then served by ``rantai serve`` with
``RANTAI_PROFILE=prod`` (generated SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, SECURE_SSL_REDIRECT=false because this
is plain HTTP on loopback). Each simulated user signs in once and then loops over a weighted mix of HS
searches, HS code pages, search pages and API searches, product pages and API reads, tariff/classification
look-ups (only those endpoints that answer 200 in a probe), sign-ins, and writes (API product creation,
token creation and revocation through the web). Like a locust user (``wait_time = between(1, 3)``), each
person pauses between actions, 1 to 3 s by default (``--think``): that run gives the latency figures.

Throughput is then measured twice more on the same server, each for a third of the time, with the same
users never pausing: the same mix (``capacity_rps``: what the platform serves when saturated) and
``/healthz`` (no database; ``bare_rps``: the bare-Django baseline).

Errors are 5xx answers, connection failures and answers other than the one expected. Ends with
``load_rps``, ``load_p50_ms``, ``load_p95_ms``, ``load_p99_ms``, ``load_errors``, ``capacity_rps``,
``capacity_p99_ms``, ``bare_rps``, ``bare_p99_ms``. Loopback only.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.live_server import PostgresDatabase, free_port, rantai_executable  # noqa: E402

DEMO_EMAIL = "umkm@rantai.test"
# One account per simulated person (members of the demo MSME): 50 people signing in as one account from one
# address would be a brute-force attack to django-axes, not load.
MAKE_LOAD_USERS = """
from rantai.accounts.models import User
from rantai.directory.models import Membership, Organisation
org = Organisation.objects.get(name="Kopi Gayo Lestari")
template = User(email="template@rantai.test")
template.set_password({password!r})
for n in range({count}):
    user, _ = User.objects.get_or_create(
        email=f"load{{n}}@rantai.test", defaults={{"full_name": f"Load {{n}}", "email_verified": True}}
    )
    user.password = template.password
    user.save(update_fields=["password"])
    Membership.objects.get_or_create(organisation=org, user=user, defaults={{"role": Membership.Role.MEMBER}})
"""
HS_WORDS = ["coffee", "kopi", "shrimp", "udang", "rubber", "karet", "palm oil", "batik", "tuna", "rattan", "0901"]
HS_CODES = ["09", "0901", "090111", "0306", "030617", "4001", "1511", "151110", "8471", "6109"]
SKUS = itertools.count(1)
SEARCH_WORDS = ["kopi", "coffee", "shrimp", "batik", "sawit", "tuna", "rattan", "halal"]


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, name: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.latencies[name].append(seconds)
            if not ok:
                self.errors[f"{name}: {detail}"] += 1

    def all(self) -> list[float]:
        return [x for values in self.latencies.values() for x in values]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Platform:
    def __init__(self, postgres_url: str, workdir: Path, workers: int) -> None:
        self.db = PostgresDatabase(postgres_url, f"rantai_load_{os.getpid()}")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.workdir = workdir
        base = {k: v for k, v in os.environ.items() if k not in ("ALLOWED_HOSTS", "DEBUG")}
        base.update(DATABASE_URL=self.db.url, RANTAI_VAR_DIR=str(workdir / "var"), PYTHONUNBUFFERED="1")
        self.setup_env = {**base, "RANTAI_PROFILE": "test"}
        self.prod_env = {
            **base,
            "RANTAI_PROFILE": "prod",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
        }
        self.process: subprocess.Popen[bytes] | None = None

    def run(self, env: dict[str, str], *args: str) -> str:
        done = subprocess.run([rantai_executable(), *args], env=env, cwd=ROOT, capture_output=True, text=True,
                              check=False)
        if done.returncode != 0:
            raise SystemExit(f"rantai {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start(self, orgs: int, products: int) -> None:
        self.db.create()
        print(f"database {self.db.name}: migrate, reference data, demo logins, {orgs} orgs / {products} products")
        self.run(self.setup_env, "migrate", "--no-input")
        self.run(self.setup_env, "data", "load-reference")
        self.run(self.setup_env, "demo", "load")
        self.run(self.setup_env, "demo", "generate", "--orgs", str(orgs), "--products", str(products), "--seed", "7")
        self.run(self.setup_env, "i18n", "compile")
        self.run(self.prod_env, "collectstatic", "--no-input")
        log = (self.workdir / "server.log").open("wb")
        self.process = subprocess.Popen(
            [rantai_executable(), "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)],
            env=self.prod_env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise SystemExit("the server did not answer within 60 s")

    def server_errors(self) -> str:
        """The tracebacks gunicorn logged (printed when the run saw 5xx answers)."""
        log = (self.workdir / "server.log").read_text(errors="replace")
        blocks = log.split("Traceback (most recent call last):")[1:]
        return "\n".join("Traceback (most recent call last):" + b[-1500:] for b in blocks[:3])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.db.drop()


class User:
    """One simulated person: own session (cookies), signed in as the demo MSME owner, with an API token."""

    def __init__(self, base: str, stats: Stats, rng: random.Random, context: dict[str, object], n: int) -> None:
        self.email = f"load{n}@rantai.test"
        self.base = base
        self.stats = stats
        self.rng = rng
        self.context = context
        self.session = requests.Session()

    def timed(self, name: str, method: str, path: str, expect: tuple[int, ...] = (200,), **kwargs: object) -> (
        requests.Response | None
    ):
        started = time.perf_counter()
        try:
            response = self.session.request(method, self.base + path, timeout=30, allow_redirects=False,
                                            **kwargs)  # type: ignore[arg-type]
        except requests.RequestException as exc:
            self.stats.record(name, time.perf_counter() - started, False, type(exc).__name__)
            return None
        self.stats.record(name, time.perf_counter() - started, response.status_code in expect,
                          str(response.status_code))
        # requests builds a fresh cookie jar (default policy) for each request, which would drop the Secure
        # cookies of the production profile on this plain-HTTP loopback: keep them unmarked here.
        for cookie in self.session.cookies:
            cookie.secure = False
        return response

    def csrf(self, path: str, name: str) -> str:
        response = self.timed(name, "GET", path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text if response else "")
        return match.group(1) if match else ""

    def sign_in(self) -> None:
        self.session.cookies.clear()  # a new visit: the sign-in page sends a signed-in person away
        token = self.csrf("/accounts/login/", "sign-in page")
        self.timed("sign-in", "POST", "/accounts/login/", expect=(302,),
                   data={"username": self.email, "password": self.context["password"],
                         "csrfmiddlewaretoken": token})

    # The mix --------------------------------------------------------------------------------------------
    def hs_search(self) -> None:
        self.timed("hs search page", "GET", "/hs/search/", params={"q": self.rng.choice(HS_WORDS)})

    def hs_code(self) -> None:
        self.timed("hs code page", "GET", f"/{self.rng.choice(['', 'id/'])}hs/{self.rng.choice(HS_CODES)}/")

    def api_hs(self) -> None:
        self.timed("api hs search", "GET", "/api/v1/hs", params={"q": self.rng.choice(HS_WORDS)})

    def search_page(self) -> None:
        self.timed("search page", "GET", "/search/", params={"q": self.rng.choice(SEARCH_WORDS)})

    def api_search(self) -> None:
        self.timed("api product search", "GET", "/api/v1/search/products", params={"q": self.rng.choice(SEARCH_WORDS)})

    def product_page(self) -> None:
        ids = self.context["product_ids"]
        assert isinstance(ids, list)
        self.timed("product page", "GET", f"/p/{self.rng.choice(ids)}/")

    def api_product(self) -> None:
        ids = self.context["product_ids"]
        assert isinstance(ids, list)
        self.timed("api product", "GET", f"/api/v1/products/{self.rng.choice(ids)}")

    def api_me(self) -> None:
        self.timed("api me", "GET", "/api/v1/me", headers=self.context["auth"])

    def lookup(self) -> None:
        lookups = self.context["lookups"]
        assert isinstance(lookups, list)
        name, path = self.rng.choice(lookups)
        self.timed(name, "GET", path)

    def write_product(self) -> None:
        sku = f"LOAD-{next(SKUS)}"  # unique across users and runs
        self.timed("api create product", "POST", f"/api/v1/organisations/{self.context['org_id']}/products",
                   expect=(201,), headers=self.context["auth"],
                   json={"sku": sku, "title": f"Kopi uji beban {sku}", "language": "id", "hs_code": "090111",
                         "unit": "kg"})

    def write_token(self) -> None:
        token = self.csrf("/accounts/profile/", "profile page")
        created = self.timed("web create token", "POST", "/accounts/profile/tokens/", expect=(200, 302),
                             data={"name": "load", "csrfmiddlewaretoken": token})
        page = self.timed("profile page", "GET", "/accounts/profile/")
        ids = re.findall(r"/accounts/profile/tokens/(\d+)/revoke/", page.text if page else "")
        if created is not None and ids:
            self.timed("web revoke token", "POST", f"/accounts/profile/tokens/{ids[-1]}/revoke/", expect=(302,),
                       data={"csrfmiddlewaretoken": token})

    def healthz(self) -> None:
        self.timed("healthz", "GET", "/healthz")


def mix(context: dict[str, object]) -> list[tuple[Callable[[User], None], int]]:
    actions: list[tuple[Callable[[User], None], int]] = [
        (User.hs_search, 12), (User.hs_code, 12), (User.api_hs, 8), (User.search_page, 10), (User.api_search, 8),
        (User.api_me, 4), (User.write_product, 4), (User.write_token, 2), (User.sign_in, 1),
    ]
    if context["product_ids"]:
        actions += [(User.product_page, 10), (User.api_product, 6)]
    if context["lookups"]:
        actions.append((User.lookup, 10))
    return actions


def drive(base: str, users: int, seconds: float, context: dict[str, object], bare: bool,
          think: tuple[float, float] = (0.0, 0.0)) -> tuple[Stats, float]:
    stats = Stats()
    actions = mix(context)
    functions = [f for f, _ in actions]
    weights = [w for _, w in actions]
    stop = time.monotonic() + seconds
    ready = threading.Barrier(users + 1)

    def person(n: int) -> None:
        # Each person signs in before the clock starts (50 argon2 hashes at once are a login storm, not the
        # mix); signing in again is part of the mix.
        user = User(base, Stats(), random.Random(n), context, n)  # noqa: S311 -- load mix, not security
        if not bare:
            user.sign_in()
        user.stats = stats
        ready.wait()
        while time.monotonic() < stop:
            if bare:
                user.healthz()
            else:
                user.rng.choices(functions, weights)[0](user)
            if think[1] > 0:
                time.sleep(user.rng.uniform(*think))

    threads = [threading.Thread(target=person, args=(n,), daemon=True) for n in range(users)]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.monotonic()
    stop = started + seconds
    for thread in threads:
        thread.join(seconds + 60)
    return stats, time.monotonic() - started


def probe(base: str, auth: dict[str, str]) -> dict[str, object]:
    """What exists on this build: product ids, the demo organisation, tariff and classification look-ups."""
    context: dict[str, object] = {"auth": auth}
    products = requests.get(f"{base}/api/v1/products", params={"limit": 100}, timeout=30).json()
    context["product_ids"] = [p["id"] for p in products] if isinstance(products, list) else []
    mine = requests.get(f"{base}/api/v1/organisations/mine", headers=auth, timeout=30).json()
    context["org_id"] = mine[0]["id"]
    candidates = [
        ("tariff rates", "/api/v1/tariffs/rates?origin=IDN&destination=MYS&hs=090111"),
        ("tariff rates", "/api/v1/tariffs/rates?origin=IDN&destination=JPN&hs=090111"),
        ("landed cost", "/api/v1/tariffs/landed-cost?origin=IDN&destination=MYS&hs=090111&value=1000"),
        ("markets", "/api/v1/markets?origin=IDN&hs=090111"),
        ("classify", "/api/v1/classify?q=kopi+arabika+biji"),
        ("classify", "/api/v1/classify?text=kopi+arabika+biji"),
        ("tariff finder page", "/tariffs/?origin=IDN&destination=MYS&hs=090111"),
    ]
    lookups = []
    for name, path in candidates:
        status = requests.get(base + path, timeout=30).status_code
        print(f"  probe {path}: {status}")
        if status == 200:
            lookups.append((name, path))
    context["lookups"] = lookups
    return context


def report(label: str, stats: Stats, elapsed: float) -> tuple[float, float, int]:
    every = stats.all()
    errors = sum(stats.errors.values())
    rps = len(every) / elapsed if elapsed else 0.0
    print(f"\n{label}: {len(every)} requests in {elapsed:.1f} s = {rps:.1f} req/s, {errors} errors")
    print(f"  {'request':<22} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, values in sorted(stats.latencies.items()):
        print(f"  {name:<22} {len(values):>6} {percentile(values, .5) * 1000:>8.1f} "
              f"{percentile(values, .95) * 1000:>8.1f} {percentile(values, .99) * 1000:>8.1f}")
    for what, count in stats.errors.most_common(10):
        print(f"  error x{count}: {what}")
    return rps, percentile(every, .99) * 1000, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (4 threads each)")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"),
                        help="seconds each user pauses between actions (default 1 3)")
    parser.add_argument("--quick", action="store_true", help="a small catalogue (200 orgs / 1,000 products)")
    args = parser.parse_args()
    if not args.postgres.startswith(("postgres://", "postgresql://")) or "127.0.0.1" not in args.postgres:
        raise SystemExit("--postgres must be a PostgreSQL URL on 127.0.0.1")

    demo_source = (ROOT / "src" / "rantai" / "directory" / "demo.py").read_text()
    password = re.search(r'DEMO_PASSWORD = "([^"]+)"', demo_source)
    assert password is not None

    with tempfile.TemporaryDirectory(prefix="rantai-load-") as work:
        platform = Platform(args.postgres, Path(work), args.workers)
        try:
            platform.start(*((200, 1_000) if args.quick else (1_000, 10_000)))
            secret = platform.run(platform.setup_env, "shell", "-c", (
                "from rantai.accounts.models import ApiToken, User; "
                f"print(ApiToken.issue(User.objects.get(email={DEMO_EMAIL!r}), 'load')[1])"
            )).split()[-1]
            # In the prod profile, so the password is hashed with the production hasher (argon2).
            platform.run(platform.prod_env, "shell", "-c",
                         MAKE_LOAD_USERS.format(password=password.group(1), count=args.users))
            print(f"serving the prod profile at {platform.url} with {args.workers} gunicorn workers")
            context = probe(platform.url, {"Authorization": f"Bearer {secret}"})
            context["password"] = password.group(1)
            print(f"mixed load: {args.users} users for {args.duration:.0f} s, pausing {args.think[0]:g}-"
                  f"{args.think[1]:g} s between actions")
            load, load_elapsed = drive(platform.url, args.users, args.duration, context, bare=False,
                                       think=(args.think[0], args.think[1]))
            short = max(5.0, args.duration / 3)
            print(f"capacity: {args.users} users never pausing, same mix, for {short:.0f} s")
            capacity, capacity_elapsed = drive(platform.url, args.users, short, context, bare=False)
            print(f"bare endpoint: {args.users} users never pausing on /healthz for {short:.0f} s")
            bare, bare_elapsed = drive(platform.url, args.users, short, context, bare=True)
            if any(": 5" in what for stats in (load, capacity) for what in stats.errors):
                print("server errors seen; the server's tracebacks:\n" + platform.server_errors())
        finally:
            platform.stop()

    load_rps, load_p99, load_errors = report("mixed load", load, load_elapsed)
    capacity_rps, capacity_p99, _capacity_errors = report("capacity (no pauses)", capacity, capacity_elapsed)
    bare_rps, bare_p99, _bare_errors = report("bare /healthz", bare, bare_elapsed)
    every = load.all()
    print()
    print(f"load_rps: {load_rps:.1f}")
    print(f"load_p50_ms: {percentile(every, .5) * 1000:.1f}")
    print(f"load_p95_ms: {percentile(every, .95) * 1000:.1f}")
    print(f"load_p99_ms: {load_p99:.1f}")
    print(f"load_errors: {load_errors}")
    print(f"capacity_rps: {capacity_rps:.1f}")
    print(f"capacity_p99_ms: {capacity_p99:.1f}")
    print(f"bare_rps: {bare_rps:.1f}")
    print(f"bare_p99_ms: {bare_p99:.1f}")


if __name__ == "__main__":
    main()

"""PostgreSQL restarted while the platform serves requests: it answers again without being restarted itself,
and no write it confirmed is lost. Runs only on PostgreSQL and only with ``-m faults`` (see conftest.py)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.e2e.live_server import LiveRantai, LiveServerError
from tests.faults import postgres
from tests.fuzz.live import issue_token

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="restarts PostgreSQL: only when DATABASE_URL is PostgreSQL",
    ),
    pytest.mark.skipif(shutil.which("pg_ctlcluster") is None, reason="needs pg_ctlcluster (Debian's PostgreSQL)"),
]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveRantai]:
    live = LiveRantai(tmp_path)
    try:
        live.start()
    except LiveServerError as exc:
        live.stop()
        pytest.fail(str(exc), pytrace=False)
    yield live
    postgres.wait_until_ready()  # whatever happened, leave the cluster up for whoever comes next
    live.stop()


def create_product(base: str, auth: dict[str, str], org_id: int, sku: str) -> requests.Response:
    return requests.post(
        f"{base}/api/v1/organisations/{org_id}/products",
        json={"sku": sku, "title": f"Kopi {sku}", "language": "id", "hs_code": "090111", "unit": "kg"},
        headers=auth, timeout=30,
    )


def wait_for(condition, what: str, timeout: float = 120) -> None:  # type: ignore[no-untyped-def]
    """A bound on waiting, so a broken platform fails the test instead of hanging it (not a timing check)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


def test_the_platform_survives_a_database_restart_and_keeps_confirmed_writes(server: LiveRantai) -> None:
    auth = {"Authorization": f"Bearer {issue_token(server, 'umkm@rantai.test')}"}
    org_id = requests.get(f"{server.url}/api/v1/organisations/mine", headers=auth, timeout=30).json()[0]["id"]

    confirmed: list[str] = []
    stop = threading.Event()

    def writer() -> None:
        """Keeps writing during the restart; remembers every SKU the server confirmed with 201."""
        n = 0
        while not stop.is_set():
            n += 1
            try:
                if create_product(server.url, auth, org_id, f"RESTART-{n}").status_code == 201:
                    confirmed.append(f"RESTART-{n}")
            except requests.RequestException:
                pass

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        wait_for(lambda: len(confirmed) >= 3, "the first confirmed writes")
        postgres.restart()  # returns once pg_isready answers
        # Once the database is back, the very next requests succeed: no stale connection is handed out.
        for n in range(5):
            assert requests.get(f"{server.url}/api/v1/me", headers=auth, timeout=30).status_code == 200, n
            assert create_product(server.url, auth, org_id, f"AFTER-{n}").status_code == 201
        before = len(confirmed)
        wait_for(lambda: len(confirmed) >= before + 3, "writes after the restart")
    finally:
        stop.set()
        thread.join(30)

    listed = requests.get(f"{server.url}/api/v1/organisations/{org_id}/products", headers=auth, timeout=60)
    skus = {p["sku"] for p in listed.json()}
    assert set(confirmed) <= skus, f"confirmed but lost: {set(confirmed) - skus}"
    assert {f"AFTER-{n}" for n in range(5)} <= skus

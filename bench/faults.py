"""Recovery after a PostgreSQL restart, timed: the platform (gunicorn, fresh database) answers /api/v1/me in a
tight loop from several threads while the machine's PostgreSQL cluster is restarted (fast shutdown).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rantai .venv/bin/python bench/faults.py

Restarts the machine's PostgreSQL: run it on its own. Prints the failed requests during the outage and ends with
``db_restart_recovery_s`` (restart issued → first successful answer after it), ``db_ready_to_answer_s``
(pg_isready answers → first successful answer) and ``db_restart_failed_requests``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.live_server import LiveRantai  # noqa: E402
from tests.faults import postgres  # noqa: E402
from tests.fuzz.live import issue_token  # noqa: E402

THREADS = 4


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit("set DATABASE_URL to the local PostgreSQL (postgres://postgres@127.0.0.1:5432/rantai)")
    with tempfile.TemporaryDirectory(prefix="rantai-faults-") as work, LiveRantai(Path(work)) as server:
        auth = {"Authorization": f"Bearer {issue_token(server, 'umkm@rantai.test')}"}
        events: list[tuple[float, bool]] = []
        lock = threading.Lock()
        stop = threading.Event()

        def client() -> None:
            session = requests.Session()
            while not stop.is_set():
                try:
                    ok = session.get(f"{server.url}/api/v1/me", headers=auth, timeout=10).status_code == 200
                except requests.RequestException:
                    ok = False
                with lock:
                    events.append((time.monotonic(), ok))

        threads = [threading.Thread(target=client, daemon=True) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        issued = time.monotonic()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", postgres.cluster_version(), "main", "restart", "--",
             "-m", "fast"],
            check=True, capture_output=True,
        )
        postgres.wait_until_ready()
        ready = time.monotonic()
        deadline = ready + 60
        first_ok: float | None = None
        while first_ok is None and time.monotonic() < deadline:
            time.sleep(0.02)
            with lock:
                first_ok = next((t for t, ok in events if ok and t > ready), None)
        time.sleep(1)
        stop.set()
        for thread in threads:
            thread.join(15)
        failed = sum(1 for t, ok in events if not ok and t >= issued)
        total = sum(1 for t, _ in events if t >= issued)
    if first_ok is None:
        raise SystemExit("the platform did not answer within 60 s of PostgreSQL coming back")
    print(f"restart took {ready - issued:.2f} s (pg_isready); {failed} of {total} requests failed meanwhile")
    print(f"db_restart_recovery_s: {first_ok - issued:.2f}")
    print(f"db_ready_to_answer_s: {max(0.0, first_ok - ready):.2f}")
    print(f"db_restart_failed_requests: {failed}")


if __name__ == "__main__":
    main()

"""Restarting the machine's PostgreSQL cluster and waiting for it, for fault tests and bench/faults.py."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path


def cluster_version() -> str:
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir() if (p / "main").is_dir())
    if not versions:
        raise RuntimeError("no PostgreSQL cluster under /etc/postgresql")
    return versions[-1]


def is_ready() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=False).returncode == 0


def wait_until_ready(timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not is_ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"PostgreSQL did not come back within {timeout:.0f} s")
        time.sleep(0.1)


def restart() -> None:
    """``pg_ctlcluster … restart`` (fast shutdown: open connections are cut, as in a real failover)."""
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", cluster_version(), "main", "restart", "--", "-m", "fast"],
        check=True, capture_output=True, timeout=120,
    )
    wait_until_ready()

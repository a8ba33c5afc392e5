"""Run the real ``rantai`` command in a subprocess against the database a test is using."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

RANTAI = [sys.executable, "-m", "rantai.cli"]


def database_url() -> str:
    """A DATABASE_URL for the test database the current test runs on (data must be committed)."""
    cfg = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(cfg['NAME']).resolve()}"
    user = cfg.get("USER") or "postgres"
    password = f":{cfg['PASSWORD']}" if cfg.get("PASSWORD") else ""
    # A socket directory as host (/var/run/postgresql) must be percent-encoded in a URL.
    host = quote(cfg.get("HOST") or "127.0.0.1", safe="")
    port = cfg.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{cfg['NAME']}"


def rantai(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "DATABASE_URL": database_url(), "RANTAI_PROFILE": "test", **(env or {})}
    return subprocess.run(
        [*RANTAI, *args], env=full_env, capture_output=True, text=True, timeout=timeout, check=False
    )

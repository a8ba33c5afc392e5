"""Helpers for tests that drive the real platform (``tests/e2e/live_server.py``) over HTTP."""

from __future__ import annotations

import subprocess

from tests.e2e.live_server import REPO, LiveRantai, LiveServerError, rantai_executable

ISSUE_TOKEN = """
from rantai.accounts.models import ApiToken, User
print(ApiToken.issue(User.objects.get(email={email!r}), {name!r})[1])
"""


def shell(server: LiveRantai, code: str) -> str:
    """Run Python in ``rantai shell`` against the live server's database; returns what it printed."""
    completed = subprocess.run(
        [rantai_executable(), "shell", "-c", code],
        env=server.env, cwd=REPO, capture_output=True, text=True, check=False, timeout=120,
    )
    if completed.returncode != 0:
        raise LiveServerError(f"rantai shell failed:\n{completed.stdout}\n{completed.stderr}")
    return completed.stdout.strip()


def issue_token(server: LiveRantai, email: str, name: str = "quality-gate") -> str:
    """A fresh API token secret for a demo login (``umkm@rantai.test`` owns Kopi Gayo Lestari)."""
    secret = shell(server, ISSUE_TOKEN.format(email=email, name=name)).splitlines()[-1]
    assert secret.startswith("rnt_"), secret
    return secret

"""A test-only background job: slow, and idempotent the way every Rantai job must be."""

from __future__ import annotations

import fcntl
import time
from pathlib import Path

from django_tasks import task


@task()
def record_once(ledger: str, key: str, seconds: float) -> str:
    """Work for ``seconds``, then write ``key`` to the ledger file unless it is already there."""
    time.sleep(seconds)
    path = Path(ledger)
    with path.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        if key not in handle.read().split():
            handle.write(key + "\n")
            handle.flush()
    return key

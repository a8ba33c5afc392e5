"""A benchmark's measuring child process: started by ``run_child`` (its progress lines pass through, its last JSON
line is the result), bound to one database by ``setup_django``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def setup_django(database_url: str) -> None:
    """Django with the dev profile (DEBUG off) on ``database_url``, in this process."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("RANTAI_PROFILE", "dev")
    os.environ["DEBUG"] = "False"
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rantai.settings")
    import django

    django.setup()


def run_child(command: list[str], cwd: Path, what: str) -> dict[str, Any]:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=cwd)
    last = ""
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("{"):
            last = line
        else:
            print(line, end="", flush=True)
    if process.wait() != 0 or not last:
        raise SystemExit(f"{what} failed")
    return dict(json.loads(last))

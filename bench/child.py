"""Running a benchmark's measuring child process: its progress lines pass through, its last JSON line is the result."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any


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

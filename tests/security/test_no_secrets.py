"""No secret in the repository: private keys, cloud keys, or long random strings assigned to a password,
secret or token name. Scans every file git tracks (and new files about to be added), as a reviewer would.

Known, deliberately public values (the demo password, the dev-only SECRET_KEY that production refuses) are
listed in ALLOWED with the reason.
"""

from __future__ import annotations

import math
import re
import subprocess
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PRIVATE_KEY = re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY( BLOCK)?-----")
AWS_ACCESS_KEY = re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")
GITHUB_TOKEN = re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b")
SLACK_TOKEN = re.compile(r"\bxox[abpors]-[A-Za-z0-9-]{10,}\b")
RANTAI_TOKEN = re.compile(r"\brnt_[A-Za-z0-9_-]{40,}\b")  # our own API token format
ASSIGNED = re.compile(
    r"""(?ix)
    \b[\w.-]*(?:password|passwd|secret|token|api_?key|private_?key)[\w-]*\b   # a name that says secret
    ["']?\s*(?::|=|:=|=>)\s*["']([^"'\s]{16,})["']                           # assigned a quoted value
    """
)
ALLOWED = {
    "dev-only-insecure-key-rantai-0123456789-abcdefghijklmnopqrstuvwxyz": "settings.py: dev profile only; prod refuses",
    "rantai-demo-2026": "directory/demo.py: demo logins, printed on purpose, refused in production",
}
SKIP_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".pdf", ".xlsx", ".mo", ".ico", ".woff", ".woff2", ".parquet"}


def entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def looks_random(value: str) -> bool:
    """Long, mixed and high-entropy: a generated secret rather than a word, a path or a placeholder."""
    if len(value) < 20 or value in ALLOWED or "{" in value or "$" in value or "/" in value:
        return False
    classes = sum(bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]"))
    return classes >= 2 and entropy(value) >= 3.5


def tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO, capture_output=True, check=True,
    ).stdout.decode().split("\0")
    return [REPO / name for name in listed if name and (REPO / name).is_file()]


def findings(path: Path, text: str) -> list[str]:
    found = []
    in_tests = path.is_relative_to(REPO / "tests")
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{path.relative_to(REPO)}:{number}"
        for pattern, what in (
            (PRIVATE_KEY, "private key"), (AWS_ACCESS_KEY, "AWS access key"), (GITHUB_TOKEN, "GitHub token"),
            (SLACK_TOKEN, "Slack token"), (RANTAI_TOKEN, "Rantai API token"),
        ):
            if pattern.search(line) and not (in_tests and "EXAMPLE" in line):
                found.append(f"{where}: {what}")
        if not in_tests:
            for value in ASSIGNED.findall(line):
                if looks_random(value):
                    found.append(f"{where}: high-entropy value assigned to a secret-like name")
    return found


def test_the_detectors_find_what_they_should() -> None:
    """The scanner itself must be able to fail."""
    fake = REPO / "src" / "example.py"
    key = "-----BEGIN " + "RSA PRIVATE KEY-----"
    assert findings(fake, key)
    assert findings(fake, "aws = 'AKIA" + "ABCDEFGHIJKLMNOP'")
    assert findings(fake, 'DB_PASSWORD = "' + "x8Kq2Lm9Pz4Rt7Vw1Yb3Nc6" + '"')
    assert not findings(fake, 'PASSWORD_FIELD = "password"')
    assert not findings(fake, 'SECRET_KEY = env_str("SECRET_KEY", "' + "dev-only-insecure-key-rantai-0123456789-abcdefghijklmnopqrstuvwxyz" + '")')


def test_no_secret_is_committed() -> None:
    files = tracked_files()
    assert len(files) > 50
    found = []
    for path in files:
        if path.suffix.lower() in SKIP_SUFFIXES or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        found += findings(path, text)
    assert not found, "possible secrets:\n" + "\n".join(found)

"""``rantai data pull``: fetch the official releases listed in ``pull_manifest.toml`` into RANTAI_DATA_DIR.

For each release the file is downloaded to a temporary name and moved into place only when complete; its
sha256, size, ETag and Last-Modified are recorded in ``pull-manifest.json`` in the data folder. The next pull
sends ``If-None-Match`` / ``If-Modified-Since`` and a ``304 Not Modified`` leaves the file alone; a file whose
bytes no longer match the recorded checksum is fetched again unconditionally. ``--base-url`` (or
RANTAI_PULL_BASE_URL) points every release at a mirror laid out like ../shared/data, e.g. a local server.
Network failures are reported per release in plain words; the others still run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from rantai.core.errors import RantaiError
from rantai.reference.importers.sources import sha256_of

MANIFEST = Path(__file__).with_name("pull_manifest.toml")
STATE_FILE = "pull-manifest.json"
TIMEOUT = 60
CHUNK = 1 << 20


@dataclass(frozen=True)
class Release:
    name: str
    title: str
    url: str
    target: str
    mirror_path: str
    format: str


@dataclass(frozen=True)
class Outcome:
    release: str
    status: str  # "downloaded", "unchanged", "failed"
    message: str


def releases(manifest: Path = MANIFEST) -> list[Release]:
    with manifest.open("rb") as handle:
        data = tomllib.load(handle)
    return [Release(**entry) for entry in data.get("release", [])]


def _state(folder: Path) -> dict[str, dict[str, object]]:
    path = folder / STATE_FILE
    if not path.exists():
        return {}
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise RantaiError(f"{path} is not valid JSON ({exc}); delete it to start afresh.") from exc
    return loaded if isinstance(loaded, dict) else {}


def _save_state(folder: Path, state: dict[str, dict[str, object]]) -> None:
    path = folder / STATE_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True), encoding="utf-8")
    tmp.replace(path)


def pull(
    names: list[str] | None = None,
    *,
    into: Path | None = None,
    base_url: str | None = None,
    manifest: Path = MANIFEST,
) -> list[Outcome]:
    folder = Path(into or settings.DATA_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    base_url = base_url or os.environ.get("RANTAI_PULL_BASE_URL") or None
    chosen = releases(manifest)
    if names:
        unknown = sorted(set(names) - {r.name for r in chosen})
        if unknown:
            raise RantaiError(
                f"Unknown release(s) {', '.join(unknown)}; known: {', '.join(r.name for r in chosen)}."
            )
        chosen = [r for r in chosen if r.name in names]
    state = _state(folder)
    outcomes = []
    for release in chosen:
        url = base_url.rstrip("/") + "/" + release.mirror_path if base_url else release.url
        outcome = _fetch(release, url, folder, state)
        outcomes.append(outcome)
        _save_state(folder, state)
    return outcomes


def _fetch(release: Release, url: str, folder: Path, state: dict[str, dict[str, object]]) -> Outcome:
    target = folder / release.target
    recorded = state.get(release.name, {})
    request = urllib.request.Request(url, headers={"User-Agent": "rantai-data-pull/1"})  # noqa: S310
    intact = target.exists() and recorded.get("sha256") == sha256_of(target) and recorded.get("url") == url
    if intact:
        if recorded.get("etag"):
            request.add_header("If-None-Match", str(recorded["etag"]))
        if recorded.get("last_modified"):
            request.add_header("If-Modified-Since", str(recorded["last_modified"]))
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - http(s) from our manifest
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".part")
            digest = hashlib.sha256()
            size = 0
            with partial.open("wb") as out:
                while chunk := response.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            partial.replace(target)
            state[release.name] = {
                "url": url,
                "target": release.target,
                "format": release.format,
                "sha256": digest.hexdigest(),
                "size": size,
                "etag": response.headers.get("ETag", ""),
                "last_modified": response.headers.get("Last-Modified", ""),
                "fetched_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
            return Outcome(
                release.name,
                "downloaded",
                f"{release.target}: {size} bytes, sha256 {digest.hexdigest()[:12]}.",
            )
    except urllib.error.HTTPError as exc:
        if exc.code == 304 and intact:
            recorded["checked_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            return Outcome(release.name, "unchanged", f"{release.target}: not modified since the last pull.")
        return Outcome(release.name, "failed", f"{url} answered HTTP {exc.code} {exc.reason}.")
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return Outcome(
            release.name,
            "failed",
            f"Cannot reach {url} ({reason}). Are you offline? Files already in {folder} are unchanged.",
        )

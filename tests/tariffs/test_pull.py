"""``rantai data pull`` against a real HTTP server on 127.0.0.1 serving ../shared/data (never the internet)."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from rantai.reference.importers.sources import sha256_of
from rantai.tariffs.pull import STATE_FILE, pull


class QuietHandler(SimpleHTTPRequestHandler):
    requests: list[tuple[str, str]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_response(self, code: int, message: str | None = None) -> None:
        QuietHandler.requests.append((self.path, str(code)))
        super().send_response(code, message)


@pytest.fixture
def mirror(shared_data: Path) -> Iterator[str]:
    QuietHandler.requests = []
    handler = functools.partial(QuietHandler, directory=str(shared_data))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_downloads_with_checksums_then_304_leaves_files_alone(
    mirror: str, shared_data: Path, tmp_path: Path
) -> None:
    first = pull(["usitc-hts", "comtrade-hs2022"], into=tmp_path, base_url=mirror)
    assert [o.status for o in first] == ["downloaded", "downloaded"]
    target = tmp_path / "tariffs" / "us_hts_usitc.json"
    assert sha256_of(target) == sha256_of(shared_data / "tariffs" / "us_hts_2025_usitc.json.gz")
    state = json.loads((tmp_path / STATE_FILE).read_text())
    assert state["usitc-hts"]["sha256"] == sha256_of(target)
    assert state["usitc-hts"]["last_modified"]

    QuietHandler.requests = []
    second = pull(["usitc-hts", "comtrade-hs2022"], into=tmp_path, base_url=mirror)
    assert [o.status for o in second] == ["unchanged", "unchanged"]
    assert [code for _, code in QuietHandler.requests] == ["304", "304"]


def test_a_damaged_local_copy_is_fetched_again(mirror: str, tmp_path: Path) -> None:
    pull(["comtrade-hs2022"], into=tmp_path, base_url=mirror)
    target = tmp_path / "hs" / "comtrade_classification_H6_HS2022.json"
    target.write_bytes(b"damaged")
    QuietHandler.requests = []
    [outcome] = pull(["comtrade-hs2022"], into=tmp_path, base_url=mirror)
    assert outcome.status == "downloaded" and QuietHandler.requests[0][1] == "200"
    assert target.read_bytes() != b"damaged"


def test_offline_is_a_clear_error_and_nothing_is_written(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Could not pull: usitc-hts"):
        call_command("data", "pull", "usitc-hts", "--into", str(tmp_path), "--base-url", "http://127.0.0.1:9")
    [outcome] = pull(["usitc-hts"], into=tmp_path, base_url="http://127.0.0.1:9")
    assert "Are you offline?" in outcome.message
    assert not (tmp_path / "tariffs").exists()


def test_missing_file_on_the_server_is_reported(mirror: str, tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(
        '[[release]]\nname = "x"\ntitle = "x"\nurl = "https://example.org/x"\ntarget = "x.bin"\n'
        'mirror_path = "no/such/file.bin"\nformat = "none"\n'
    )
    [outcome] = pull(into=tmp_path / "data", base_url=mirror, manifest=manifest)
    assert outcome.status == "failed" and "HTTP 404" in outcome.message

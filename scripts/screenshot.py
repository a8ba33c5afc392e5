"""Screenshot the home page on a desktop and on a phone, side by side, for the README.

    .venv/bin/python scripts/screenshot.py                       # starts its own server on a fresh database
    .venv/bin/python scripts/screenshot.py --url http://127.0.0.1:8000 --path /id/ --output /tmp/home-id.png

Without ``--url`` it starts the real platform exactly as the end-to-end tests do (tests/e2e/live_server.py:
migrate, load the reference data, gunicorn on a free port) and stops it afterwards. Uses Debian's Chromium
(``apt-get install chromium``); it never downloads a browser.
"""

from __future__ import annotations

import argparse
import base64
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE  # noqa: E402
from tests.e2e.live_server import LiveRantai  # noqa: E402

FRAME = """<!doctype html><html><head><style>
body {{
  display: inline-block; margin: 0; padding: 24px;
  background: #dfe4ea; font: 14px system-ui, sans-serif; color: #1b1f24;
}}
.row {{ display: flex; gap: 24px; align-items: flex-start; }}
figure {{ margin: 0; }}
img {{ display: block; border: 1px solid #9aa4b0; border-radius: 8px; box-shadow: 0 2px 8px #0003; }}
figcaption {{ margin-top: 8px; text-align: center; }}
</style></head><body><div class="row">
<figure>
  <img src="data:image/png;base64,{desktop}" width="{desktop_width}">
  <figcaption>{desktop_caption}</figcaption>
</figure>
<figure>
  <img src="data:image/png;base64,{phone}" width="{phone_width}">
  <figcaption>{phone_caption}</figcaption>
</figure>
</div></body></html>"""


def capture(url: str, path: str, output: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        shots: dict[str, bytes] = {}
        for name, viewport, options in (
            ("desktop", DESKTOP, {}),
            ("phone", PHONE, {"is_mobile": True, "has_touch": True}),
        ):
            context = browser.new_context(viewport=viewport, locale="en-US", **options)  # type: ignore[arg-type]
            page = context.new_page()
            page.goto(url.rstrip("/") + path, wait_until="load")
            shots[name] = page.screenshot()
            context.close()
        frame = browser.new_page(viewport={"width": 1800, "height": 900})
        frame.set_content(
            FRAME.format(
                desktop=base64.b64encode(shots["desktop"]).decode(),
                desktop_width=DESKTOP["width"],
                desktop_caption=f"Desktop, {DESKTOP['width']}x{DESKTOP['height']}",
                phone=base64.b64encode(shots["phone"]).decode(),
                phone_width=PHONE["width"],
                phone_caption=f"Phone, {PHONE['width']}x{PHONE['height']}",
            )
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        frame.locator("body").screenshot(path=str(output))
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="A running Rantai; by default a fresh one is started and stopped.")
    parser.add_argument("--path", default="/", help="The page to capture (default: the home page).")
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "screenshots" / "home.png")
    args = parser.parse_args()
    with ExitStack() as stack:
        url = args.url
        if url is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="rantai-screenshot-")))
            url = stack.enter_context(LiveRantai(workdir)).url
        capture(url, args.path, args.output)
    print(f"Saved {args.output}")


if __name__ == "__main__":
    main()

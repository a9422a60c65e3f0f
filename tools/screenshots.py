"""Take the dashboard screenshots in ``docs/screenshots/`` (one small PNG per view).

    .venv/bin/python tools/screenshots.py            # needs /usr/bin/chromium (apt-get install chromium)

Builds a temporary store from ``samples/`` (coded with the real pipeline), serves it with
``tacitus serve``'s app on a free loopback port, drives Debian's Chromium with Playwright and
saves each view. PNGs are reduced to a 256-colour palette so that each stays well under 200 KB.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))  # this checkout's code, whatever is installed

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TOKEN = "screenshots-token-0123456789"
MAX_BYTES = 200_000
EXAMPLE = ("Kenya and Ethiopia agree to expand cross-border trade\n\n"
           "Kenya's president met Ethiopia's prime minister in Nairobi on Tuesday. The two leaders agreed to "
           "open a new border post at Moyale and to cut tariffs on farm goods. \"This is a good day for our "
           "peoples,\" the Kenyan president said. Somalia's foreign ministry criticised the deal.")


def build_store(db_path: Path, pipeline: object) -> None:
    from tacitus.errors import InputError
    from tacitus.ingest.readers import ReadOptions, read_paths
    from tacitus.store import Store

    docs = [d for d in read_paths([str(REPO / "samples")], ReadOptions()) if not isinstance(d, InputError)]
    with Store.open(db_path) as store:
        store.add(pipeline.process(docs))  # type: ignore[attr-defined]


def save_png(png: bytes, path: Path) -> int:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    data = out.getvalue()
    if len(data) > MAX_BYTES:
        raise SystemExit(f"{path.name} is {len(data):,} bytes, over the {MAX_BYTES:,} limit: make the view smaller")
    path.write_bytes(data)
    return len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()

    import httpx
    from playwright.sync_api import sync_playwright

    from tacitus.api.app import create_app
    from tacitus.api.server import background_server
    from tacitus.pipeline import Pipeline

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install -y chromium")
    args.out.mkdir(parents=True, exist_ok=True)
    pipeline = Pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "samples.duckdb"
        build_store(db_path, pipeline)
        app = create_app(db_path, token=TOKEN, pipeline_factory=lambda: pipeline)
        with background_server(app) as url, sync_playwright() as pw:
            api = httpx.Client(base_url=url)
            # Views worth showing: the busiest both-way dyad of the samples, its first event.
            events = api.get("/api/v1/dyads/JPN/VNM/events", params={"both_directions": True}).json()["events"]
            agree = next((e for e in events if e["plover"] == "AGREE"), events[0])
            busiest = api.get("/api/v1/actors", params={"top": 1}).json()["actors"][0]["actor"]
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 860}, device_scale_factor=1)
            shots = {
                "overview": "/",
                "dyad": f"/dyad?a=JPN&b=VNM&both=1&by=day&period={agree['day']}",
                "actor": f"/actors/{busiest}",
                "events": "/events",
                "event": f"/events/{agree['event_id']}",
                "article": f"/articles/{agree['doc_id']}",
            }
            for name, path in shots.items():
                page.goto(url + path)
                page.wait_for_load_state("networkidle")
                # The dyad view is chart, table and the period's events: all of it, not the fold.
                size = save_png(page.screenshot(full_page=name == "dyad"), args.out / f"{name}.png")
                print(f"{name}.png  {size:,} bytes  ({path})")
            # The code box, with a result shown.
            page.goto(url + "/")
            page.fill("#code-form textarea[name=text]", EXAMPLE)
            page.fill("#code-form input[name=title]", "Kenya and Ethiopia agree to expand cross-border trade")
            page.fill("#code-form input[name=token]", TOKEN)
            page.click("#code-form button[type=submit]")
            page.wait_for_selector("#code-result .coded")
            page.locator("#code-box").scroll_into_view_if_needed()
            size = save_png(page.locator("#code-box").screenshot(), args.out / "code.png")
            print(f"code.png  {size:,} bytes")
            browser.close()


if __name__ == "__main__":
    main()

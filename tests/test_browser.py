"""The dashboard in a real browser: Debian's Chromium driven by Playwright over a store of the
sample articles, served by uvicorn on a free loopback port.

Walks dyad -> period -> event -> article, checks that the highlighted spans carry the event's
words, that an article made of ``<script>`` renders as text (in the article view and in the
"code an article" box), and saves a screenshot of each step in ``tests/artifacts/``.

Chromium is installed with apt-get when ``/usr/bin/chromium`` is missing (CI runs as root with
access to Debian's mirrors); the test fails with the reason when that is not possible.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TOKEN = "browser-test-token-0123456789"
SCRIPT_TEXT = ('Egypt accused Israel of "<script>window.__xss=1</script>" provocations on Monday.\n\n'
               "Cairo said it would respond <img src=x onerror=\"window.__xss=2\"> in kind.")
SCRIPT_TITLE = "<script>window.__xss=3</script> Egypt accuses Israel"


@pytest.fixture(scope="session")
def chromium() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if not shutil.which("apt-get") or os.geteuid() != 0:
        pytest.fail(f"{CHROMIUM} is missing and cannot be installed here (needs apt-get as root): "
                    "run `apt-get install -y chromium` first.")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            pytest.fail(f"installing Chromium failed at `{' '.join(cmd)}` (exit {done.returncode}):\n"
                        f"{done.stderr[-2000:]}")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"apt-get installed the chromium package but {CHROMIUM} is still missing")
    return CHROMIUM


@pytest.fixture(scope="module")
def site(tmp_path_factory, pipeline):
    """The app over a store of the samples plus a <script> article, on a real server."""
    from tacitus.api.app import create_app
    from tacitus.api.server import background_server
    from tacitus.document import Document
    from tacitus.errors import InputError
    from tacitus.ingest.readers import ReadOptions, read_paths
    from tacitus.store import Store

    path = tmp_path_factory.mktemp("browser") / "samples.duckdb"
    docs = [d for d in read_paths([str(REPO / "samples")], ReadOptions()) if not isinstance(d, InputError)]
    docs.append(Document(doc_id="script-article", original=SCRIPT_TEXT, title=SCRIPT_TITLE, url="javascript:alert(1)",
                         outlet='"><svg onload=window.__xss=4>'))
    with Store.open(path) as store:
        store.add(pipeline.process(docs))
    app = create_app(path, token=TOKEN, pipeline_factory=lambda: pipeline)
    with background_server(app) as url:
        yield url


@pytest.fixture(scope="module")
def page(chromium, site):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.errors = []  # type: ignore[attr-defined]
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))  # type: ignore[attr-defined]
        page.on("dialog", lambda dialog: (page.errors.append("dialog: " + dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
        yield page
        browser.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_dyad_to_event_to_article(page, site):
    page.goto(f"{site}/dyad?a=JPN&b=VNM&both=1&by=day")
    assert page.locator("h1").inner_text() == "JPN ↔ VNM"
    bars = page.locator("#dyad-chart rect.bar")
    assert bars.count() >= 2
    shot(page, "1-dyad")

    page.locator("#dyad-chart a.period-link").last.click()
    page.wait_for_selector("#period table.events")
    rows = page.locator("#period table.events tbody tr")
    assert rows.count() >= 1
    assert page.locator("#dyad-chart g.slot.selected").count() == 1
    shot(page, "2-dyad-period")

    page.locator("#period a.event-link").first.click()
    page.wait_for_selector("dl.facts")
    event_id = page.locator("dl.facts dd code").first.inner_text()
    detail = httpx.get(f"{site}/api/v1/events/{event_id}").json()
    event = detail["event"]
    assert page.locator("h1").inner_text().startswith(event["plover"])
    evidence = page.locator("blockquote.evidence .hl-trigger").first.inner_text()
    assert evidence == event["trigger"]["text"]
    shot(page, "3-event")

    page.locator("#article-link").click()
    page.wait_for_selector("#doc-text")
    assert page.url.endswith(f"#ev-{event_id}")
    doc = httpx.get(f"{site}/api/v1/documents/{quote(event['doc_id'], safe='')}").json()
    # The anchored trigger is the event's trigger word, in the clean text the page shows.
    assert page.locator(f"#ev-{event_id}").inner_text() == event["trigger"]["text"]
    marks = page.evaluate("""() => Array.from(document.querySelectorAll('#doc-text [data-events]')).map(
        (el) => ({cls: el.className, text: el.textContent, events: el.dataset.events.split(' ')}))""")
    for e in doc["events"]:
        for kind in ("trigger", "source", "target"):
            words = "".join(m["text"] for m in marks if f"hl-{kind}" in m["cls"] and e["id"] in m["events"])
            ref = e[kind] if kind == "trigger" else e[kind] or {}
            want = ref.get("text") or ""
            if any(s["kind"] == kind and s["event"] == e["id"] for s in doc["spans"]):
                assert words == want, (e["id"], kind, words, want)
    assert page.locator("#doc-text .hl-quote").count() == sum(1 for s in doc["spans"] if s["kind"] == "quote")
    # The page's script ties an event card to its words.
    page.locator(f'.event-card[data-event="{event_id}"]').hover()
    assert page.locator("#doc-text .active").count() >= 1
    assert page.locator(f'.event-card[data-event="{event_id}"] .badge').inner_text() == event["status"]
    shot(page, "4-article")

    page.locator(".actor-chips a").first.click()
    page.wait_for_selector("h2:text('Ranked partners')")
    shot(page, "5-actor")
    page.goto(f"{site}/events?type=AGREE")
    assert page.locator("table.events tbody a.article-link").count() >= 1
    shot(page, "6-events")
    assert page.errors == []  # type: ignore[attr-defined]


def test_script_article_renders_as_text(page, site):
    page.goto(f"{site}/articles/script-article")
    text = page.locator("#doc-text").inner_text()
    assert "<script>window.__xss=1</script>" in text and 'onerror="window.__xss=2"' in text
    assert page.locator("h1.doc-title").inner_text() == SCRIPT_TITLE
    assert page.title().startswith("<script>")
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("#doc-text script, #doc-text img, svg[onload]").count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.locator(".source-url-text").inner_text() == "javascript:alert(1)"
    shot(page, "7-script-article")

    # The code box renders its answer as text too.
    page.goto(f"{site}/")
    page.fill("#code-form textarea[name=text]", SCRIPT_TEXT)
    page.fill("#code-form input[name=token]", TOKEN)
    page.click("#code-form button[type=submit]")
    page.wait_for_selector("#code-result .coded")
    assert "<script>window.__xss=1</script>" in page.locator("#code-result .doc-text").inner_text()
    assert page.locator("#code-result script, #code-result img").count() == 0
    assert page.evaluate("() => window.__xss") is None
    shot(page, "8-code-box")
    page.fill("#code-form input[name=token]", "not-the-token")
    page.click("#code-form button[type=submit]")
    page.wait_for_selector("#code-status.error")
    assert "token" in page.locator("#code-status").inner_text()
    assert page.errors == []  # type: ignore[attr-defined]

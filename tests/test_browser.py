"""End to end in a real browser: `mediamon dashboard` on 127.0.0.1, the weekly brief, a click on a country
pair in its heatmap, and the Articles page listing the articles behind that cell.

Playwright drives Debian's Chromium (/usr/bin/chromium); Playwright's own browser download is never used.
The test skips when that Chromium is absent. Screenshots go to the test's tmp_path and are printed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from brief_world import WEEK, demo_store
from sqlalchemy import select

from dashboard import basemap
from ingest import store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
HEATMAP_TITLE = "Articles naming both countries"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.is_file(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _mediamon() -> list[str]:
    script = Path(sys.executable).with_name("mediamon")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "ingest.cli"]


def _wait_healthy(base: str, proc: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"mediamon dashboard exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}/_stcore/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"the dashboard did not answer on {base} within {seconds:.0f} s")


@pytest.fixture(scope="module")
def dashboard(stores: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The dashboard serving the demo store on a free loopback port: (base URL, store URL)."""
    url, port = demo_store(stores), _free_port()
    env = {k: v for k, v in os.environ.items() if k != "MEDIAMON_DASHBOARD_PASSWORD"}
    env |= {"MEDIAMON_DATABASE_URL": url, "HOME": str(tmp_path_factory.mktemp("home"))}
    log = (tmp_path_factory.mktemp("dashboard") / "dashboard.log").open("wb")
    args = [*_mediamon(), "dashboard", "--port", str(port), "--address", "127.0.0.1"]
    proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, proc)
        yield base, url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


def _expected_pair_articles(url: str, a: str, b: str) -> int:
    """Articles of the week naming both countries, counted from raw mention rows."""
    engine = store.connect(url)
    m, e, art = store.mentions, store.entities, store.articles
    stmt = select(m.c.article_id, e.c.country, art.c.published).join(e).join(art).where(e.c.kind == "country")
    with engine.connect() as conn:
        named: dict[int, set[str]] = {}
        for article, iso, published in conn.execute(stmt):
            year, week, _ = published.isocalendar()
            if f"{year}-W{week:02d}" == WEEK:
                named.setdefault(article, set()).add(iso)
    engine.dispose()
    return sum(1 for isos in named.values() if {a, b} <= isos)


# The brief's heatmap, found by its title: the index of its fullest cell, and that cell's two countries.
FULLEST_CELL = """(title) => {
  const plot = [...document.querySelectorAll('.js-plotly-plot')]
    .find(p => (p.layout?.title?.text || '').includes(title));
  const trace = plot.data[0];
  const counts = Array.from(trace.marker.color);
  const i = counts.indexOf(Math.max(...counts));
  return {index: i, a: trace.customdata[i][0], b: trace.customdata[i][1], n: counts[i]};
}"""


def test_a_country_pair_clicked_in_the_brief_opens_its_articles(
    dashboard: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, url = dashboard
    shots = [tmp_path / f"{n}.png" for n in ("1-brief-top", "2-brief-pair-heatmap", "3-pair-articles")]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.set_default_timeout(60_000)
        expect.set_options(timeout=60_000)  # the first run reads the store cold on a busy machine
        page.goto(f"{base}/?week={WEEK}")
        expect(page.get_by_role("heading", name="Weekly brief")).to_be_visible()
        expect(page.locator(".js-plotly-plot").first).to_be_visible()
        page.wait_for_timeout(500)  # let the first charts settle before the picture
        page.screenshot(path=shots[0])
        heatmap = page.locator(".js-plotly-plot", has_text=HEATMAP_TITLE)
        heatmap.scroll_into_view_if_needed()
        expect(heatmap.locator("path.point").first).to_be_visible()
        # every chart can be saved as PNG from its toolbar (drawn in the browser, nothing to install)
        drawn = page.locator(".js-plotly-plot").count()
        png = page.locator('.modebar-btn[data-title="Download plot as a PNG"]')
        expect(png).to_have_count(drawn)
        page.screenshot(path=shots[1])
        cell = heatmap.evaluate(f"(_, title) => ({FULLEST_CELL})(title)", HEATMAP_TITLE)
        box = heatmap.locator("g.trace.scatter path.point").nth(cell["index"]).bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        expect(page.get_by_role("heading", name="Articles")).to_be_visible()
        a, b = sorted((cell["a"], cell["b"]))
        expected = _expected_pair_articles(url, a, b)
        expect(page.get_by_text(f"{expected:,} articles match the filters")).to_be_visible()
        expect(page.get_by_text(f"({a}) and ", exact=False)).to_be_visible()
        assert f"country={a}" in page.url and f"country={b}" in page.url
        page.wait_for_timeout(500)
        page.screenshot(path=shots[2])
        browser.close()
    assert expected == cell["n"] > 0  # the cell's number is the number of articles it opens
    with capsys.disabled():
        print("\nscreenshots:", *shots, sep="\n  ")
    assert all(s.stat().st_size > 10_000 for s in shots)


@pytest.mark.skipif(not basemap.installed(), reason="no base map: python -m dashboard.basemap")
def test_the_world_map_draws_its_land_without_asking_any_other_host(dashboard: tuple[str, str]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, _ = dashboard
    asked: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.on("request", lambda request: asked.append(request.url))
        page.set_default_timeout(60_000)
        expect.set_options(timeout=60_000)
        page.goto(f"{base}/pairings")
        world = page.locator(".js-plotly-plot", has_text="strongest pairs on the map")
        world.scroll_into_view_if_needed()
        land = world.locator(".layer.land path")
        expect(land.first).to_be_attached()
        outline = land.first.get_attribute("d") or ""
        browser.close()
    assert len(outline) > 1_000, "the land is drawn from the outline"
    assert any(url.endswith("/app/static/world_110m.json") for url in asked)
    elsewhere = [url for url in asked if "://" in url and urlsplit(url).hostname not in ("127.0.0.1", None)]
    assert not elsewhere

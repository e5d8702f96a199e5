"""The dashboard in a real browser: load, change a lever, run, see the charts change."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from .browser_support import ARTIFACTS, free_port, save_screenshot, stop, wait_serving

# The "this run" security trace of the global chart (first panel), and the baseline's.
_TRACE_Y = """name => {
  const gd = document.querySelector('#global-graph .js-plotly-plot');
  const t = gd._fullData.find(d => d.name === name && d.xaxis === 'x');
  return t ? Array.from(t.y) : null;
}"""


@pytest.fixture(scope="module")
def dashboard() -> Iterator[str]:
    """``netpolitik dashboard`` on a free loopback port, as a user would start it."""
    port = free_port()
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "netpolitik.cli", "dashboard", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    wait_serving(proc, url, "dashboard")
    yield url
    stop(proc)


def _wait_done(page, needle: str) -> str:
    page.wait_for_function(
        "n => { const s = document.getElementById('status').innerText;"
        " return s.startsWith('done') && s.includes(n); }",
        arg=needle,
        timeout=60_000,
    )
    return page.inner_text("#status")


def test_dashboard_lever_change_changes_the_charts(page, dashboard):
    page.goto(dashboard)
    page.wait_for_selector("#lever-offense [role=slider]")
    page.wait_for_function("document.getElementById('target-info').innerText.length > 0")

    # A group as the target: every NATO member.
    page.click("#target")
    search = page.locator("input.dash-dropdown-search")  # Dash 4; Dash 2 types in place
    if search.count():
        search.fill("NATO")
    else:
        page.keyboard.type("NATO")
    page.get_by_text("NATO (club)", exact=True).click()
    page.wait_for_function("document.getElementById('target').innerText.includes('NATO')")
    page.wait_for_function(
        "/^\\d\\d+ countries/.test(document.getElementById('target-info').innerText)"
    )
    page.fill("#years", "3")
    page.press("#years", "Enter")

    # Run 1: no lever moved, so the run is the baseline.
    page.click("#run")
    _wait_done(page, "no change")
    run1 = page.evaluate(_TRACE_Y, "this run")
    base1 = page.evaluate(_TRACE_Y, "baseline")
    assert run1 and len(run1) == 36
    assert run1 == pytest.approx(base1)

    # Move two levers with the keyboard, as a user can.
    page.focus("#lever-offense [role=slider]")
    page.keyboard.press("End")
    page.focus("#lever-sharing [role=slider]")
    page.keyboard.press("Home")
    page.wait_for_function(
        "document.querySelector('#lever-offense [role=slider]')"
        ".getAttribute('aria-valuenow') === '1'"
    )
    page.click("#run")
    status = _wait_done(page, "offense=1")
    assert "sharing=0" in status
    run2 = page.evaluate(_TRACE_Y, "this run")
    base2 = page.evaluate(_TRACE_Y, "baseline")
    assert run2 != pytest.approx(run1), "the lever change did not change the chart"
    assert base2 == pytest.approx(base1), "the baseline must not move"
    assert "change" in page.inner_text("#headline")
    page.evaluate("window.scrollTo(0, 0)")
    save_screenshot(page, "dashboard.png")
    page.click("#keep-a")

    # A longer run shows a progress bar once it has taken over a second.
    page.fill("#years", "8")
    page.press("#years", "Enter")
    page.fill("#runs", "2")
    page.press("#runs", "Enter")
    page.click("#run")
    shown: list[str] = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if page.is_visible("#progress-box"):
            shown.append(page.inner_text("#progress-text"))
        status = page.inner_text("#status")
        if status.startswith("done") and "8 y" in status:
            break
        page.wait_for_timeout(100)
    assert re.search(r"done in [\d.]+ s", status), status
    # Whether the bar showed depends on how long the run took on this machine; what it
    # shows when it does (and that it hides when done) does not.
    assert not shown or any(re.match(r"running: \d+ %", t) for t in shown), shown
    assert not page.is_visible("#progress-box")
    page.click("#keep-b")

    # Side by side: configuration A and B.
    page.click("#tab-compare")
    page.wait_for_function(
        "() => { const gd = document.querySelector('#compare-graph .js-plotly-plot');"
        " return gd && gd.data.some(d => (d.name || '').startsWith('B:')); }"
    )
    assert "A" in page.inner_text("#compare-table") and "8 y" in page.inner_text("#compare-table")

    # Download the run's report.
    page.click("#tab-run")
    with page.expect_download() as info:
        page.click("#download-button")
    path = ARTIFACTS / "dashboard-report.html"
    ARTIFACTS.mkdir(exist_ok=True)
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert 'id="fig-global"' in text and "baseline" in text

    # Server-side validation: a horizon beyond the dashboard's limit is refused.
    page.fill("#years", "500")
    page.press("#years", "Enter")
    page.click("#run")
    page.wait_for_function("document.getElementById('error').innerText.includes('years')")
    assert page.inner_text("#error").startswith("error: years")
    assert page.console.errors == [], json.dumps(page.console.errors)

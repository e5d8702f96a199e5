"""A generated report.html opened from disk, offline: every figure renders, no errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from netpolitik.report import network_frame, write_report
from netpolitik.scenario import simulate_world
from netpolitik.store.run_output import write_run

from .browser_support import save_screenshot

FIGURES = (
    "fig-global",
    "fig-trust",
    "fig-sharing",
    "fig-clubs",
    "fig-investment",
    "fig-top",
    "fig-country",
)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    result = simulate_world(None, years=3, seed=0)
    out = tmp_path_factory.mktemp("report") / "world"
    write_run(out, {**result.frames, "network": network_frame(result.trajectory)}, result.manifest)
    return write_report(out)


def test_report_renders_offline_from_disk(page, report):
    requests: list[str] = []

    def offline(route):  # the report must need nothing but its own file
        requests.append(route.request.url)
        route.abort()

    page.route("http://**/*", offline)
    page.route("https://**/*", offline)
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_function("window.Plotly !== undefined")
    for div in FIGURES:
        page.wait_for_selector(f"#{div} .main-svg", state="attached")
        count = page.evaluate(f"document.getElementById('{div}').data.length")
        assert count > 0, div
    drawn = page.evaluate("document.querySelectorAll('.plotly-graph-div .main-svg').length")
    assert drawn >= 2 * len(FIGURES)
    assert page.locator("#fig-global .scatterlayer .trace").count() >= 6
    assert page.locator("#fig-trust .hm, #fig-trust image").count() >= 1

    # The country picker redraws the per-country panel from the embedded data.
    before = page.evaluate("Array.from(document.getElementById('fig-country')._fullData[4].y)")
    page.select_option("#country-select", "EST")
    page.wait_for_function(
        "document.getElementById('fig-country').layout.title.text.includes('EST')"
    )
    after = page.evaluate("Array.from(document.getElementById('fig-country')._fullData[4].y)")
    assert len(after) == len(before) == 36 and after != before
    assert all(0 <= v <= 1 for v in after)

    assert requests == [], f"the report fetched {requests}"
    assert page.console.errors == []
    save_screenshot(page, "report.png")

"""Browser tests: Playwright (Python) driving Debian's Chromium at ``/usr/bin/chromium``.

Playwright cannot download its own browser here, so ``make test`` (the README's test
command, which ``.ci/run`` calls) installs the distribution's ``chromium`` package first
(``scripts/ensure_chromium.sh``). Without it every browser test fails, naming the command
that installs it: a missing browser never passes as a skip. Screenshots go to ``test-artifacts/``
(gitignored); copies for the docs go to ``docs/img/`` when missing, or always with
``NETPOLITIK_SCREENSHOTS=1``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser_support import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}; install it with "
            "`apt-get update && apt-get install -y chromium` (`make test` does)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Console:
    """Console errors and uncaught exceptions of a page."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.console = Console(pg)
    yield pg
    context.close()

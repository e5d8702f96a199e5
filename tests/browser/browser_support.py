"""Shared by the browser tests: Chromium's path and flags, screenshots."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM = os.environ.get("NETPOLITIK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
DOCS_IMG = ROOT / "docs" / "img"


def save_screenshot(page, name: str, **options) -> Path:
    """Screenshot to ``test-artifacts/NAME``; a copy to ``docs/img/NAME`` when missing or
    when ``NETPOLITIK_SCREENSHOTS=1``."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), **options)
    doc = DOCS_IMG / name
    if os.environ.get("NETPOLITIK_SCREENSHOTS") == "1" or not doc.exists():
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, doc)
    return path

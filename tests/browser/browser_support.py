"""Shared by the browser tests: Chromium's path and flags, screenshots."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

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


def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_serving(proc: subprocess.Popen, url: str, what: str, seconds: float = 60) -> None:
    """Wait until ``url`` answers 200; fail with the server's output if it dies or hangs."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out = proc.stdout.read() if proc.stdout is not None else ""
            pytest.fail(f"{what} did not start: {out}")
        time.sleep(0.2)


def stop(proc: subprocess.Popen) -> None:
    """Terminate a server process (kill it if it does not stop within 10 s)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()

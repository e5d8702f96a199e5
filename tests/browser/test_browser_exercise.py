"""The exercise in real browsers: a facilitator and three seats, each in its own browser
context, play three turns with real decisions and an inject; the server restarts mid-game;
the after-action report renders. Verification tests (fog of war, persistence)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from netpolitik.exercise import Game
from netpolitik.exercise.fog import describe

from .browser_support import free_port, save_screenshot, stop, wait_serving

SEATS = ("USA", "CHN", "EST")
ENV = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}


def _cli(*args: str) -> str:
    r = subprocess.run(
        [sys.executable, "-m", "netpolitik.cli", *args], capture_output=True, text=True, env=ENV
    )
    assert r.returncode == 0, r.stderr
    return r.stdout


class Server:
    """``netpolitik exercise serve FILE`` on a loopback port, as a facilitator starts it."""

    def __init__(self, file: Path, port: int) -> None:
        self.file, self.port, self.proc = file, port, None
        self.url = f"http://127.0.0.1:{port}/"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "netpolitik.cli",
                "exercise",
                "serve",
                str(self.file),
                "--port",
                str(self.port),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=ENV,
            text=True,
        )
        wait_serving(self.proc, self.url, "exercise server")

    def stop(self) -> None:
        if self.proc is not None:
            stop(self.proc)


def _pick(page, dropdown: str, value: str) -> None:
    """Choose ``value`` in a Dash dropdown, as a user does: open, search, click."""
    page.click(f"#{dropdown}")
    search = page.locator("input.dash-dropdown-search")
    if search.count():
        search.fill(value)
    else:
        page.keyboard.type(value)
    page.locator("[role=option]", has_text=re.compile(f"^{value}$")).first.click()
    page.keyboard.press("Escape")
    page.wait_for_function(
        "([id, v]) => document.getElementById(id).innerText.includes(v)", arg=[dropdown, value]
    )


def _join(page, url: str, code: str, role: str) -> None:
    page.goto(url)
    page.fill("#code-input", code)
    page.click("#join")
    page.wait_for_function("r => document.getElementById('role').innerText.includes(r)", arg=role)


def _wait_turn(page, text: str) -> None:
    page.wait_for_function(
        "t => { const el = document.getElementById('turn-info');"
        " return !!el && el.innerText.includes(t); }",
        arg=text,
        timeout=60_000,
    )


def _submit(page, turn: int) -> None:
    page.click("#submit")
    page.wait_for_function(
        "t => document.getElementById('submit-status').innerText.includes(t)",
        arg=f"submitted for turn {turn}",
    )


def _events(page) -> list[str]:
    return [t.split(": ", 1)[1] for t in page.locator("#seat-events li").all_inner_texts()]


DECISIONS = {
    1: {
        "EST": [("delta-defense", "0.2"), ("share", "USA")],
        "USA": [("sanction", "RUS")],
        "CHN": [("delta-offense", "0.2")],
    },
    2: {
        "EST": [("delta-sharing", "0.1")],
        "USA": [("delta-defense", "0.1"), ("share", "EST")],
        "CHN": [("restrain", "USA")],
    },
    3: {
        "EST": [("aid-recipient", "LVA")],
        "USA": [("restrain", "RUS")],
        "CHN": [("delta-offense", "-0.1")],
    },
}


def _decide(pages: dict, turn: int) -> None:
    for seat, moves in DECISIONS[turn].items():
        page = pages[seat]
        for field, value in moves:
            if field.startswith("delta-"):
                page.fill(f"#{field}", value)
            else:
                _pick(page, field, value)
        _submit(page, turn)


def test_three_seats_play_restart_and_report(browser, tmp_path):
    file = tmp_path / "class.sqlite"
    out = _cli(
        "exercise", "new", "baseline", "--seats", ",".join(SEATS), "--turns", "3", "--db", str(file)
    )
    codes = dict(re.findall(r"^\s+(?:seat )?(\w+)\s+(\S+)$", out, re.M))
    server = Server(file, free_port())
    server.start()
    contexts = {
        role: browser.new_context(viewport={"width": 1400, "height": 1000})
        for role in (*SEATS, "facilitator")
    }
    pages = {role: ctx.new_page() for role, ctx in contexts.items()}
    try:
        for role, page in pages.items():
            page.set_default_timeout(30_000)
            _join(page, server.url, codes[role], role if role == "facilitator" else f"seat {role}")
        fac = pages["facilitator"]
        # a seat's code opens its own page only; a wrong code opens nothing
        assert pages["EST"].locator("#fac-panel").is_hidden()
        other = browser.new_context().new_page()
        other.goto(server.url)
        other.fill("#code-input", "guessed-code")
        other.click("#join")
        other.wait_for_function(
            "document.getElementById('join-error').innerText.includes('not a code')"
        )
        other.context.close()

        # turn 1: an inject, then every seat decides; all submitted -> the turn advances
        fac.fill("#inject-values", "{boost: 0.3}")
        fac.click("#inject")
        fac.wait_for_function(
            "document.getElementById('fac-status').innerText.includes('scheduled for turn 1')"
        )
        fac.click("#start")
        fac.wait_for_function("document.getElementById('turn-info').innerText.includes('running')")
        _decide(pages, 1)
        for page in pages.values():
            _wait_turn(page, "turn 2 of 3")
        # turn 2, with a deadline (the timer shows it)
        fac.fill("#deadline-minutes", "30")
        fac.click("#set-deadline")
        _wait_turn(fac, "deadline in 29:")
        _decide(pages, 2)
        for page in pages.values():
            _wait_turn(page, "turn 3 of 3")
        for seat in SEATS:
            pages[seat].wait_for_selector("#seat-events li")
        before = {seat: _events(pages[seat]) for seat in SEATS}
        save_screenshot(pages["EST"], "exercise-seat.png", full_page=True)
        save_screenshot(fac, "exercise-facilitator.png", full_page=True)

        # the server stops mid-game and starts again: nothing is lost
        server.stop()
        server.start()
        for page in pages.values():
            page.reload()
            _wait_turn(page, "turn 3 of 3")
        for seat in SEATS:
            pages[seat].wait_for_selector("#seat-events li")
            assert _events(pages[seat]) == before[seat]

        # each seat saw only its own picture
        game = Game(file)
        for seat in SEATS:
            page = pages[seat]
            assert _events(page) == [describe(e) for e in reversed(game.view(seat))]
            for line in _events(page):
                by = re.match(r"operation \S+ on (\w+) .* by (.+)$", line)
                if by:
                    assert by.group(2) in ("unknown attacker", seat), line
                assert "[true]" not in line and "[FALSE]" not in line
                assert not re.match(r"(\w+) decided", line) or line.startswith(f"{seat} decided")
            names = page.evaluate(
                "() => Array.from(new Set(document.querySelector("
                "'#seat-graph .js-plotly-plot')._fullData.map(d => d.name)))"
            )
            assert names == [seat]
            assert page.locator("#fac-panel").is_hidden()
        truth = game.timeline()
        assert any(e["kind"] == "incident" for e in truth)
        assert len(fac.locator("#fac-events li").all_inner_texts()) == len(truth)
        game.store.close()

        # turn 3 ends the exercise; the facilitator reveals the truth
        _decide(pages, 3)
        for page in pages.values():
            _wait_turn(page, "ended")
        fac.click("#reveal")
        _wait_turn(pages["EST"], "truth revealed")
    finally:
        for ctx in contexts.values():
            ctx.close()
        server.stop()

    # the after-action report
    _cli("exercise", "report", str(file), "--out", str(tmp_path / "report"))
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto((tmp_path / "report" / "exercise-report.html").as_uri())
    page.wait_for_function("window.Plotly !== undefined")
    for div in ("fig-indicators", "fig-counterfactual"):
        page.wait_for_selector(f"#{div} .main-svg", state="attached")
    assert "EST did not know" in page.inner_text("#fog")
    assert page.locator("table.timeline tr").count() > 10
    save_screenshot(page, "exercise-report.png")
    ctx.close()

"""Calling the CLI in-process (imported as ``cli_support``): no interpreter start-up per call.

Real subprocesses are kept for the few tests that need one (the console script, a memory
limit, a hang bound).
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

from netpolitik.cli import main


@dataclass
class Result:
    """What a ``netpolitik`` call returned and printed."""

    returncode: int
    stdout: str
    stderr: str


def cli(*argv: str) -> Result:
    """``netpolitik ARGV`` in this process, stdout and stderr captured (not a terminal)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return Result(code, out.getvalue(), err.getvalue())


def refused(argv: list[str], *needles: str) -> str:
    """Assert ``netpolitik ARGV`` exits 2 with exactly one ``error:`` line on stderr, no
    traceback, naming every one of ``needles``; return that line."""
    r = cli(*argv)
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "), (
        r.returncode,
        r.stderr,
    )
    assert "Traceback" not in r.stderr
    for needle in needles:
        assert needle in lines[0], (needle, r.stderr)
    return lines[0]

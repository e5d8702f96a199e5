"""Bounded load test of the dashboard on loopback.

Starts ``netpolitik dashboard`` in a subprocess on a free 127.0.0.1 port, then runs
``--sessions`` concurrent sessions (threads), each doing what the page does when a user
presses *Run*: the lever callback, the ``start_run`` callback (a small horizon), the poll
callback until the run is done, the result callback (figures) and, with ``--download``,
the report download. The server's resident memory is sampled from ``/proc`` throughout.
Every request has a timeout and the whole test a deadline, so it always stops by itself;
the server is stopped at the end.

Usage::

    .venv/bin/python benchmarks/dashboard_load.py                  # 20 sessions, 1 year
    .venv/bin/python benchmarks/dashboard_load.py --sessions 40 --years 2 --download

Prints sessions, completion times (min / median / p95 / max), requests, errors and the
server's RSS (before, peak, after); ``--json FILE`` also writes them as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # loopback only
LEVERS = (
    "surveillance",
    "oversight",
    "data_restriction",
    "defense",
    "sharing",
    "disclosure",
    "offense",
    "aid",
)
TARGETS = (
    "country:USA",
    "country:EST",
    "country:CHN",
    "country:RUS",
    "club:NATO",
    "club:EU",
    "region:Europe",
    "regime:authoritarian",
    "all:all",
    "club:BRICS",
)


# ----------------------------------------------------------------------------- server
def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def rss_bytes(pid: int) -> int:
    """Resident set size of ``pid`` (0 once it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port`` (from /proc/net/tcp[6])."""
    found = set()
    for name, width in (("tcp", 8), ("tcp6", 32)):
        try:
            lines = Path(f"/proc/net/{name}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            local, state = parts[1], parts[3]
            addr, hex_port = local.split(":")
            if state != "0A" or int(hex_port, 16) != port:  # 0A = LISTEN
                continue
            if width == 8:
                found.add(socket.inet_ntop(socket.AF_INET, bytes.fromhex(addr)[::-1]))
            else:
                raw = b"".join(bytes.fromhex(addr[i : i + 8])[::-1] for i in range(0, 32, 8))
                found.add(socket.inet_ntop(socket.AF_INET6, raw))
    return found


class Server:
    """``netpolitik dashboard --port PORT`` in a subprocess (stopped on exit)."""

    def __init__(
        self, port: int | None = None, extra: tuple[str, ...] = (), startup: float = 90.0
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://{HOST}:{self.port}"
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1"}
        self._log = tempfile.NamedTemporaryFile(
            prefix="netpolitik-dashboard-", suffix=".log", delete=False
        )
        self.stderr_path = Path(self._log.name)
        self._final: str | None = None
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "netpolitik.cli", "dashboard", "--port", str(self.port), *extra],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            cwd=ROOT,
        )
        end = time.monotonic() + startup
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"dashboard exited with {self.proc.returncode}: {self.log()[-2000:]}"
                )
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"dashboard did not answer within {startup:.0f} s")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log(self) -> str:
        """The server's stderr so far."""
        if self._final is not None:
            return self._final
        self._log.flush()
        return self.stderr_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self._final is None:
            self._final = self.log()
            self._log.close()
            self.stderr_path.unlink(missing_ok=True)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --------------------------------------------------------------------------- protocol
def http(
    url: str, body: dict | None = None, timeout: float = 30.0, raw: bytes | None = None
) -> tuple[int, Any]:
    """GET (``body`` None) or POST JSON; returns ``(status, parsed JSON or text)``."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            status, text = r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        status, text = exc.code, exc.read().decode("utf-8", "replace")
    try:
        return status, json.loads(text) if text else None
    except ValueError:
        return status, text


class Callbacks:
    """The page's callbacks as the browser calls them (``/_dash-update-component``)."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.url, self.timeout = url, timeout
        status, deps = http(url + "/_dash-dependencies", timeout=timeout)
        if status != 200:
            raise RuntimeError(f"/_dash-dependencies answered {status}")
        self.deps = {d["inputs"][0]["id"]: d for d in deps}

    @staticmethod
    def _outputs(spec: str) -> Any:
        def one(text: str) -> dict:
            ident, prop = text.split("@")[0].split(".", 1)
            return {"id": ident, "property": prop}

        if spec.startswith(".."):
            return [one(o) for o in spec[2:-2].split("...")]
        return one(spec)

    def call(self, trigger: str, inputs: list, state: list | None = None) -> tuple[int, Any]:
        dep = self.deps[trigger]
        first = dep["inputs"][0]
        body = {
            "output": dep["output"],
            "outputs": self._outputs(dep["output"]),
            "inputs": [{**i, "value": v} for i, v in zip(dep["inputs"], inputs, strict=True)],
            "state": [
                {**s, "value": v} for s, v in zip(dep.get("state", []), state or [], strict=True)
            ],
            "changedPropIds": [f"{first['id']}.{first['property']}"],
        }
        return http(self.url + "/_dash-update-component", body, self.timeout)

    # the page's steps -------------------------------------------------------------
    def levers(self, scenario: str, target: str) -> tuple[int, Any]:
        return self.call("scenario", [scenario, target, 0])

    def start(
        self,
        scenario: str,
        target: str,
        sliders: dict,
        initial: dict,
        years: float,
        seed: int,
        runs: int,
    ) -> tuple[int, Any]:
        state = [scenario, target, *(sliders.get(k) for k in LEVERS), initial, years, seed, runs]
        return self.call("run", [1], state)

    def poll(self, job: str) -> tuple[int, Any]:
        return self.call("poll", [1], [job])

    def result(self, result: str) -> tuple[int, Any]:
        return self.call("result", [result])

    def download(self, result: str) -> tuple[int, Any]:
        return self.call("download-button", [1], [result])


def response_value(payload: Any, ident: str, prop: str) -> Any:
    """``payload["response"][ident][prop]`` or None."""
    if not isinstance(payload, dict):
        return None
    return ((payload.get("response") or {}).get(ident) or {}).get(prop)


# ---------------------------------------------------------------------------- sessions
@dataclass
class Session:
    index: int
    seconds: float = float("nan")
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    done: bool = False


def run_session(cb: Callbacks, s: Session, years: float, deadline: float, download: bool) -> None:
    """One user: levers, Run, poll until done, show the result (and download)."""

    def check(step: str, status: int, payload: Any) -> Any:
        s.requests += 1
        if status not in (200, 204):
            s.errors.append(f"{step}: HTTP {status}")
        error = response_value(payload, "error", "children") or response_value(
            payload, "target-info", "children"
        )
        if isinstance(error, str) and error.startswith("error:"):
            s.errors.append(f"{step}: {error[:200]}")
        return payload

    try:
        target = TARGETS[s.index % len(TARGETS)]
        levers = check("levers", *cb.levers("baseline", target))
        initial = response_value(levers, "initial-levers", "data") or {}
        sliders = dict(initial)
        lever = LEVERS[s.index % len(LEVERS)]
        sliders[lever] = round(1.0 - float(initial.get(lever, 0.5)), 2)
        started = time.monotonic()
        job = response_value(
            check("start", *cb.start("baseline", target, sliders, initial, years, s.index % 3, 1)),
            "job",
            "data",
        )
        if not job:
            s.errors.append("start: no job id")
            return
        result = None
        while result is None and time.monotonic() < deadline and not s.errors:
            time.sleep(0.25)
            payload = check("poll", *cb.poll(job))
            result = response_value(payload, "result", "data")
        if result is None:
            s.errors.append("poll: no result before the deadline")
            return
        shown = check("result", *cb.result(result))
        if not response_value(shown, "global-graph", "figure"):
            s.errors.append("result: no figure")
        if download:
            data = response_value(check("download", *cb.download(result)), "download", "data")
            if not data or "<html" not in str(data.get("content", ""))[:2000].lower():
                s.errors.append("download: no report")
        s.seconds = time.monotonic() - started
        s.done = not s.errors
    except Exception as exc:  # noqa: BLE001 - counted, not raised
        s.errors.append(f"{type(exc).__name__}: {exc}")


def load_test(
    sessions: int = 20,
    years: float = 1.0,
    deadline: float = 120.0,
    download: bool = False,
    server: Server | None = None,
    rounds: int = 1,
) -> dict[str, Any]:
    """Run ``rounds`` rounds of the load test (each ``sessions`` concurrent sessions) on
    one server; returns the figures of each round (see the module docstring)."""
    own = server is None
    server = server or Server()
    try:
        cb = Callbacks(server.url)
        http(server.url + "/")  # warm up: layout, target options
        figures = [_round(cb, server, sessions, years, deadline, download) for _ in range(rounds)]
    finally:
        if own:
            server.stop()
    return {**figures[-1], "rounds": figures}


def _round(
    cb: Callbacks, server: Server, sessions: int, years: float, deadline: float, download: bool
) -> dict[str, Any]:
    before = rss_bytes(server.pid)
    peak = [before]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], rss_bytes(server.pid))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    end = time.monotonic() + deadline
    runs = [Session(k) for k in range(sessions)]
    threads = [
        threading.Thread(target=run_session, args=(cb, s, years, end, download), daemon=True)
        for s in runs
    ]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(0.0, end - time.monotonic()) + 35)
    wall = time.monotonic() - t0
    stop.set()
    sampler.join(timeout=5)
    after = rss_bytes(server.pid)
    alive = server.proc.poll() is None
    times = sorted(s.seconds for s in runs if s.done)
    errors = [f"session {s.index}: {e}" for s in runs for e in s.errors]
    unfinished = sum(1 for t in threads if t.is_alive())
    return {
        "sessions": sessions,
        "years": years,
        "download": download,
        "completed": len(times),
        "errors": errors,
        "unfinished_threads": unfinished,
        "requests": sum(s.requests for s in runs),
        "wall_s": wall,
        "completion_s": {
            "min": times[0] if times else None,
            "median": statistics.median(times) if times else None,
            "p95": times[min(len(times) - 1, int(0.95 * len(times)))] if times else None,
            "max": times[-1] if times else None,
        },
        "rss_mib": {"before": before / 2**20, "peak": peak[0] / 2**20, "after": after / 2**20},
        "server_alive": alive,
    }


def report(fig: dict[str, Any]) -> str:
    c, m = fig["completion_s"], fig["rss_mib"]

    def s(x: float | None) -> str:
        return "-" if x is None else f"{x:.2f}"

    lines = [
        f"dashboard load test: {fig['sessions']} concurrent sessions on {HOST}, horizon "
        f"{fig['years']:g} y, 1 run each{', with report download' if fig['download'] else ''}",
        f"completed: {fig['completed']}/{fig['sessions']} in {fig['wall_s']:.2f} s wall; "
        f"{fig['requests']} requests; errors: {len(fig['errors'])}",
        f"completion time per session (Run pressed -> result shown), s: min {s(c['min'])}, "
        f"median {s(c['median'])}, p95 {s(c['p95'])}, max {s(c['max'])}",
        f"server RSS, MiB: before {m['before']:.0f}, peak {m['peak']:.0f}, "
        f"after {m['after']:.0f} (peak - before: {m['peak'] - m['before']:.0f})",
    ]
    lines += [f"  {e}" for e in fig["errors"][:10]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=20, help="concurrent sessions (1-200)")
    ap.add_argument("--years", type=float, default=1.0, help="horizon of each run (<= 50)")
    ap.add_argument("--deadline", type=float, default=120.0, help="seconds (<= 900)")
    ap.add_argument("--download", action="store_true", help="also download each report")
    ap.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="rounds of --sessions sessions on one server (1-10): memory should level off",
    )
    ap.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = ap.parse_args(argv)
    if (
        not 1 <= args.sessions <= 200
        or not 0 < args.years <= 50
        or not 0 < args.deadline <= 900
        or not 1 <= args.rounds <= 10
    ):
        ap.error("--sessions 1-200, --years (0, 50], --deadline (0, 900], --rounds 1-10")
    fig = load_test(args.sessions, args.years, args.deadline, args.download, rounds=args.rounds)
    for k, one in enumerate(fig["rounds"], start=1):
        print(f"round {k}/{len(fig['rounds'])}: " + report(one))
    if args.json:
        args.json.write_text(json.dumps(fig, indent=2) + "\n")
    ok = all(
        r["completed"] == r["sessions"] and not r["errors"] and r["server_alive"]
        for r in fig["rounds"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

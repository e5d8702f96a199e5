"""Dashboard hardening: safe defaults, server-side checks of forged callbacks, names
that reach a path, request size, and a bounded load test on loopback.

The dashboard has no upload: a scenario is picked from the built-ins by name
(``test_there_is_no_upload``); so no user YAML reaches the server.

The load test is a lighter run of ``benchmarks/dashboard_load.py`` (which prints the
figures): 20 concurrent sessions against a real server in a subprocess on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import logging
import math
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("dash", reason="the dashboard needs the `dashboard` extra")

from netpolitik.cli import main  # noqa: E402
from netpolitik.dashboard import create_app, serve  # noqa: E402
from netpolitik.dashboard.runs import MAX_RUNS, MAX_SEED, MAX_YEARS  # noqa: E402
from netpolitik.policy import LEVERS  # noqa: E402
from netpolitik.scenario import builtin_names  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "dashboard_load", ROOT / "benchmarks" / "dashboard_load.py"
)
load = sys.modules.setdefault("dashboard_load", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(load)


# --------------------------------------------------------------------------- defaults
@pytest.fixture
def captured_run(monkeypatch):
    """Replace ``Dash.run`` (which would serve forever) by a recorder of its arguments."""
    import dash

    seen: dict = {}
    monkeypatch.setattr(dash.Dash, "run", lambda self, **kw: seen.update(kw))
    return seen


def test_serves_loopback_with_debug_off_by_default(captured_run, capsys):
    serve()
    assert captured_run["host"] == "127.0.0.1"
    assert captured_run["debug"] is False
    assert captured_run["dev_tools_ui"] is False and captured_run["dev_tools_hot_reload"] is False
    assert "warning" not in capsys.readouterr().err
    assert main(["dashboard", "--port", "8765"]) == 0
    assert captured_run["host"] == "127.0.0.1" and captured_run["port"] == 8765


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org"])
def test_another_host_warns(captured_run, capsys, host):
    assert main(["dashboard", "--host", host]) == 0
    err = capsys.readouterr().err
    assert captured_run["host"] == host and captured_run["debug"] is False
    warning = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warning) == 1 and host in warning[0] and "no authentication" in warning[0]


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["--port", "0"], "--port"),
        (["--port", "70000"], "--port"),
        (["--host", ""], "--host"),
        (["--host", "a b"], "--host"),
    ],
)
def test_bad_address_is_one_line(captured_run, capsys, argv, needle):
    assert main(["dashboard", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {needle}") and err.count("\n") == 1
    assert not captured_run


# ----------------------------------------------------------------- forged callbacks
@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture(scope="module")
def client(app):
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    return app.server.test_client()


@pytest.fixture(scope="module")
def deps(client):
    return {d["inputs"][0]["id"]: d for d in client.get("/_dash-dependencies").get_json()}


def post(
    client, deps, trigger: str, inputs: list, state: list | None = None, raw: bytes | None = None
):
    dep = deps[trigger]
    if raw is not None:
        return client.post(
            "/_dash-update-component", data=raw, headers={"Content-Type": "application/json"}
        )
    body = {
        "output": dep["output"],
        "outputs": load.Callbacks._outputs(dep["output"]),
        "inputs": [{**i, "value": v} for i, v in zip(dep["inputs"], inputs, strict=True)],
        "state": [
            {**s, "value": v} for s, v in zip(dep.get("state", []), state or [], strict=True)
        ],
        "changedPropIds": [f"{dep['inputs'][0]['id']}.{dep['inputs'][0]['property']}"],
    }
    return client.post(
        "/_dash-update-component",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )


INITIAL = {k: 0.5 for k in LEVERS}
GOOD = {
    "scenario": "baseline",
    "target": "country:EST",
    "levers": {"sharing": 0.9},
    "years": 0.25,
    "seed": 0,
    "runs": 1,
}


def start_state(cfg: dict) -> list:
    sliders = {**INITIAL, **cfg["levers"]}
    return [
        cfg["scenario"],
        cfg["target"],
        *(sliders[k] for k in LEVERS),
        INITIAL,
        cfg["years"],
        cfg["seed"],
        cfg["runs"],
    ]


def refused_start(app, client, deps, cfg: dict, needle: str) -> None:
    runner = app.server.config["netpolitik_runner"]
    jobs = set(runner.jobs)
    res = post(client, deps, "run", [1], start_state(cfg))
    assert res.status_code == 200, res.get_data(as_text=True)[:300]
    out = res.get_json()["response"]
    assert "job" not in out, out  # no job id handed out
    error = out["error"]["children"]
    assert error.startswith("error: ") and needle in error, (needle, error)
    assert set(runner.jobs) == jobs  # and nothing started on the server


@pytest.mark.parametrize(
    "change, needle",
    [
        ({"levers": {"sharing": 1.5}}, "levers.countries.EST.sharing: out of range"),
        ({"levers": {"offense": -0.1}}, "offense: out of range"),
        ({"levers": {"sharing": "1"}}, "levers.sharing: expected a number"),
        ({"levers": {"sharing": math.nan}}, "sharing"),
        ({"levers": {"sharing": math.inf}}, "sharing"),
        ({"target": "country:XXX"}, "unknown ISO3 code"),
        ({"target": "country:../../etc/passwd"}, "unknown ISO3 code"),
        ({"target": "club:NOPE"}, "unknown club"),
        ({"target": "planet:Mars"}, "target: unknown kind"),
        ({"target": "country:" + "X" * 10_000}, "target"),
        ({"scenario": "../../etc/passwd"}, "scenario: unknown built-in"),
        ({"scenario": {"name": "x"}}, "scenario: unknown built-in"),
        ({"years": 1e9}, "years: out of range for the dashboard"),
        ({"years": MAX_YEARS + 0.01}, "years: out of range"),
        ({"years": 0}, "years: out of range"),
        ({"years": math.inf}, "years"),
        ({"years": None}, "years: expected a number"),
        ({"runs": MAX_RUNS + 1}, "runs: out of range"),
        ({"runs": 10**12}, "runs: out of range"),
        ({"runs": 0}, "runs"),
        ({"seed": -1}, "seed"),
        ({"seed": MAX_SEED + 1}, "seed: out of range"),
        ({"seed": [1]}, "seed: expected a number"),
    ],
)
def test_forged_start_payload_is_rejected_and_nothing_runs(app, client, deps, change, needle):
    refused_start(app, client, deps, {**GOOD, **change}, needle)


junk = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def bad_field() -> st.SearchStrategy[tuple[str, object, str]]:
    """(field, invalid value, what the message names)."""
    lever = st.sampled_from(LEVERS)
    outside = st.one_of(
        st.floats(max_value=0, exclude_max=True), st.floats(min_value=1, exclude_min=True)
    )
    return st.one_of(
        st.tuples(
            st.just("scenario"),
            st.one_of(junk, st.text(max_size=30)).filter(lambda v: v not in builtin_names()),
            st.just("scenario"),
        ),
        st.tuples(
            st.just("target"),
            st.one_of(junk, st.text(max_size=30)).filter(
                lambda v: (
                    not (
                        isinstance(v, str)
                        and v.startswith(
                            ("country:", "club:", "region:", "subregion:", "regime:", "all:")
                        )
                    )
                )
            ),
            st.just("target"),
        ),
        st.tuples(lever.map(lambda k: f"lever:{k}"), st.one_of(outside, junk), st.just("levers")),
        st.tuples(
            st.just("years"),
            st.one_of(
                st.floats(max_value=0), st.floats(min_value=MAX_YEARS, exclude_min=True), junk
            ),
            st.just("years"),
        ),
        st.tuples(
            st.just("seed"),
            st.one_of(
                st.integers(max_value=-1),
                st.integers(min_value=MAX_SEED + 1),
                st.floats().filter(lambda x: not x.is_integer() if math.isfinite(x) else True),
                junk,
            ),
            st.just("seed"),
        ),
        st.tuples(
            st.just("runs"),
            st.one_of(
                st.integers(max_value=0),
                st.integers(min_value=MAX_RUNS + 1),
                st.floats(0, MAX_RUNS).filter(lambda x: not x.is_integer()),
                junk,
            ),
            st.just("runs"),
        ),
    )


@settings(
    max_examples=1000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(bad=bad_field())
def test_fuzzed_start_payloads_never_run_or_crash(app, client, deps, bad):
    field, value, needle = bad
    cfg = {**GOOD, "levers": dict(GOOD["levers"])}
    if field.startswith("lever:"):
        cfg["levers"][field.split(":")[1]] = value
    else:
        cfg[field] = value
    refused_start(app, client, deps, cfg, needle)


def test_forged_values_in_the_other_callbacks_are_harmless(client, deps):
    """Result ids, job ids and the lever panel: unknown or mistyped values get a message
    or nothing, never a server error."""
    for value in [None, 1, [1], {"a": 1}, "../../etc/passwd", "x" * 100_000, "/etc/passwd"]:
        for trigger, inputs, state in [
            ("scenario", [value, "country:USA", 0], []),
            ("scenario", ["baseline", value, 0], []),
            ("poll", [1], [value]),
            ("result", [value], []),
            ("keep-a", [1], [value]),
            ("keep-b", [1], [value]),
            ("slot-a", [value, value], []),
            ("download-button", [1], [value]),
        ]:
            res = post(client, deps, trigger, inputs, state)
            assert res.status_code in (200, 204), (trigger, value, res.status_code)
            text = res.get_data(as_text=True)
            assert "Traceback" not in text and "root:" not in text
            if trigger == "download-button":
                assert res.status_code == 204 or '"download"' not in text


def test_report_download_name_is_made_by_the_server(app, client, deps):
    """The file name comes from the server's result id, never from what the page sends."""
    runner = app.server.config["netpolitik_runner"]
    job = runner.start({**GOOD, "target": "club:NATO", "levers": {"offense": 1.0}})
    assert runner.wait(job.id, timeout=120).status == "done", job.error
    res = post(client, deps, "download-button", [1], [job.result])
    data = res.get_json()["response"]["download"]["data"]
    assert re.fullmatch(r"netpolitik-report-[0-9a-f]{12}\.html", data["filename"])
    assert data["content"].lstrip().lower().startswith("<!doctype html")
    for forged in ("../../etc/passwd", job.result + "/../../x", job.result + "\x00"):
        res = post(client, deps, "download-button", [1], [forged])
        assert res.status_code in (200, 204)
        assert res.status_code == 204 or "download" not in res.get_json()["response"]


def test_there_is_no_upload(app):
    """No dcc.Upload: scenarios are picked by name from the built-ins (a whitelist), so no
    user file or YAML reaches the server. (If one is added, it needs a size limit and
    safe YAML: netpolitik.scenario.parse_scenario.)"""
    text = repr(app.layout())
    assert "Upload" not in text
    assert "scenario" in text


def test_oversized_request_is_refused(app, client, deps):
    runner = app.server.config["netpolitik_runner"]
    jobs = set(runner.jobs)
    body = json.dumps({"padding": "x" * (2 << 20)}).encode()
    res = post(client, deps, "run", [1], raw=body)
    assert res.status_code == 413
    assert set(runner.jobs) == jobs


def test_errors_show_no_traceback_and_no_debugger(client):
    for path in ("/console", "/_dash-debug-menu", "/__debugger__"):
        text = client.get(path).get_data(as_text=True)
        assert "Werkzeug Debugger" not in text and "Traceback" not in text
    bad = client.post(
        "/_dash-update-component", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert bad.status_code == 400 and "Traceback" not in bad.get_data(as_text=True)
    unknown = client.post(
        "/_dash-update-component",
        json={
            "output": "nope.data",
            "outputs": {"id": "nope", "property": "data"},
            "inputs": [],
            "changedPropIds": [],
        },
    )
    assert unknown.status_code >= 400 and "Traceback" not in unknown.get_data(as_text=True)


# --------------------------------------------------------------------------- load test
def test_twenty_concurrent_sessions_on_loopback():
    with load.Server() as server:
        assert load.listening_addresses(server.port) == {"127.0.0.1"}
        fig = load.load_test(sessions=20, years=0.5, deadline=120, server=server)
        log = server.log()
    print(load.report(fig))
    assert fig["errors"] == [] and fig["completed"] == 20, fig["errors"]
    assert fig["unfinished_threads"] == 0 and fig["server_alive"]
    assert fig["completion_s"]["max"] < 120  # a hang bound; timings are in benchmarks/
    rss = fig["rss_mib"]
    assert 0 < rss["peak"] < 1500 and rss["peak"] - rss["before"] < 800, rss
    assert "Traceback" not in log, log[-2000:]


def test_load_script_refuses_unbounded_settings():
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit):
        load.main(["--sessions", "100000"])
    assert "--sessions 1-200" in err.getvalue()


# ------------------------------------------------------------------ runner limits
def test_runner_refuses_when_busy_and_keeps_unshown_results(monkeypatch):
    from netpolitik.dashboard import runs
    from netpolitik.errors import InputError

    runner = runs.Runner(workers=1)
    monkeypatch.setattr(runs, "MAX_PENDING", 0)
    with pytest.raises(InputError, match="busy"):
        runner.start(GOOD)
    assert not runner.jobs
    monkeypatch.setattr(runs, "MAX_PENDING", 64)
    monkeypatch.setattr(runs, "KEEP_RESULTS", 2)
    monkeypatch.setattr(runs, "KEEP_MAX", 2)
    ids = []
    for seed in range(3):
        job = runner.start({**GOOD, "seed": seed})
        assert runner.wait(job.id, timeout=120).status == "done", job.error
        ids.append(job.result)
        if seed == 1:
            assert runner.result(ids[1]) is not None  # shown to its page
    # the third result evicts the shown one, not the older result nobody has seen yet
    assert list(runner.results) == [ids[0], ids[2]]
    assert all(o.nbytes > 100_000 for o in runner.results.values())

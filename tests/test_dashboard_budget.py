"""Verification: the dashboard stays within one memory budget, and malformed callback
envelopes answer HTTP 400.

The budget covers cached baselines, kept results and the runs that running jobs hold;
cached baselines are dropped least recently used first, and a run that would not fit is
answered "busy" before it starts.
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("dash", reason="the dashboard needs the `dashboard` extra")

import netpolitik.dashboard.runs as runs  # noqa: E402
from netpolitik.cli import main  # noqa: E402
from netpolitik.dashboard import create_app  # noqa: E402
from netpolitik.errors import InputError  # noqa: E402

GOOD = {
    "scenario": "baseline",
    "target": "country:EST",
    "levers": {"sharing": 0.9},
    "years": 0.25,
    "seed": 0,
    "runs": 1,
}


def one_job_bytes() -> int:
    return 2 * runs.run_bytes(3, 195)  # variant + baseline, 3 months, the whole world


def test_a_run_beyond_the_budget_is_busy_and_nothing_starts():
    runner = runs.Runner(workers=1, budget=one_job_bytes() // 2)
    with pytest.raises(InputError, match=r"busy: this run needs about .* memory budget"):
        runner.start(GOOD)
    assert not runner.jobs and runner.used() == 0


def test_baselines_are_evicted_lru_and_the_budget_holds(monkeypatch):
    monkeypatch.setattr(runs, "MAX_BASELINES", 2)
    runner = runs.Runner(workers=1, budget=20 * one_job_bytes())
    cached = []
    for seed in (0, 1, 2, 1, 3):
        job = runner.start({**GOOD, "seed": seed})
        assert runner.used() <= runner.budget
        assert runner.wait(job.id, timeout=300).status == "done", job.error
        assert runner.used() <= runner.budget and not runner._reserved
        cached.append([key[2] for key in runner._baselines])  # seeds, oldest first
    # seed 1 was used again before seed 3 came, so seed 2 (least recently used) went
    assert cached == [[0], [0, 1], [1, 2], [2, 1], [1, 3]]


def test_a_cached_baseline_holds_its_means_and_first_run_only():
    runner = runs.Runner(workers=1)
    job = runner.start({**GOOD, "runs": 3})
    assert runner.wait(job.id, timeout=300).status == "done", job.error
    (base,) = runner._baselines.values()
    assert isinstance(base, runs.Baseline) and base.nbytes < 2 * runs.run_bytes(3, 195)


def test_memory_budget_option_is_checked(capsys):
    assert main(["dashboard", "--memory-budget", "0"]) == 2
    err = capsys.readouterr().err
    assert "--memory-budget" in err and "not a size in GiB" in err


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b"1",
        b"null",
        b"{}",
        b'"text"',
        b'{"output": 1}',
        b'{"output": "a.b", "outputs": {"id": "a", "property": "b"}, "inputs": []}',
    ],
)
def test_malformed_envelopes_answer_400(body):
    client = create_app().server.test_client()
    res = client.post(
        "/_dash-update-component", data=body, headers={"Content-Type": "application/json"}
    )
    assert res.status_code == 400 and "bad callback request" in res.get_data(as_text=True)


def test_envelopes_with_the_wrong_shape_for_a_real_callback_answer_400():
    app = create_app()
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    for dep in deps:
        inputs = [{**i, "value": None} for i in dep["inputs"]]
        for body in (
            {"output": dep["output"], "outputs": [], "inputs": inputs},
            {
                "output": dep["output"],
                "outputs": {"id": "x", "property": "y"},
                "inputs": inputs[:-1],
            },
            {"output": dep["output"], "outputs": [1], "inputs": "x"},
        ):
            res = client.post(
                "/_dash-update-component",
                data=json.dumps(body),
                headers={"Content-Type": "application/json"},
            )
            assert res.status_code == 400, (dep["output"], body, res.status_code)


def test_cached_baselines_make_room_for_a_new_run():
    runner = runs.Runner(workers=1, budget=one_job_bytes() + 2**20)
    first = runner.start(GOOD)
    assert runner.wait(first.id, timeout=300).status == "done", first.error
    runner.results.clear()  # only the cached baseline is left
    assert len(runner._baselines) == 1
    second = runner.start({**GOOD, "seed": 5})  # would not fit beside it: it is evicted
    assert runner.wait(second.id, timeout=300).status == "done", second.error
    assert [key[2] for key in runner._baselines] == [5]


def test_well_formed_envelopes_of_every_callback_pass_the_guard():
    """Every callback's envelope as the browser sends it, duplicate outputs included
    (their property carries "@<hash>"), is accepted by the guard."""
    from netpolitik.dashboard.app import envelope_problem

    app = create_app()
    deps = app.server.test_client().get("/_dash-dependencies").get_json()
    checked_duplicates = False
    for dep in deps:
        name = dep["output"]
        parts = name[2:-2].split("...") if name.startswith("..") else [name]
        outputs = []
        for part in parts:
            ident, prop = part.split(".", 1)
            outputs.append({"id": ident, "property": prop})
            checked_duplicates |= "@" in prop
        body = {
            "output": name,
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [{**i, "value": None} for i in dep["inputs"]],
            "state": [{**s, "value": None} for s in dep.get("state", [])],
            "changedPropIds": [],
        }
        assert envelope_problem(body, app.callback_map) is None, name
    assert checked_duplicates

"""The report layer: figures on synthetic frames, report.html, network exports, CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from netpolitik.cli import main
from netpolitik.errors import InputError
from netpolitik.report import (
    build_report,
    export_run,
    interval_band_figure,
    load_run,
    network_frame,
    pareto_figure,
    pareto_front,
    run_from_result,
    sensitivity_figure,
    write_compare_report,
    write_experiment_report,
    write_report,
)
from netpolitik.report import figures as F
from netpolitik.report.html import run_sections
from netpolitik.scenario import simulate_world
from netpolitik.store.run_output import write_run

SMALL = ["USA", "CHN", "RUS", "EST", "DEU", "IRN", "ISR", "PRK", "KOR", "JPN", "GBR", "FRA"]


@pytest.fixture(scope="module")
def result():
    return simulate_world(SMALL, years=1, seed=3)


@pytest.fixture(scope="module")
def run_dir(result, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "small"
    frames = {**result.frames, "network": network_frame(result.trajectory)}
    return write_run(out, frames, result.manifest)


# ------------------------------------------------------------------------ network frame
def test_network_frame_lists_every_directed_pair(result):
    net = network_frame(result.trajectory)
    n = len(SMALL)
    assert list(net.columns[:4]) == ["truster", "trustee", "trust", "sharing_link"]
    assert len(net) == n * (n - 1)
    assert not (net["truster"] == net["trustee"]).any()
    final = result.trajectory.final
    iso = list(final.setting.iso3)
    row = net[(net.truster == "EST") & (net.trustee == "USA")].iloc[0]
    assert row.trust == pytest.approx(final.trust[iso.index("EST"), iso.index("USA")])
    assert row.sharing_link == (final.partners[iso.index("EST"), iso.index("USA")] > 0)
    assert net["trust"].between(0, 1).all()
    assert network_frame(result).equals(net)  # a RunResult works too


# ------------------------------------------------------------------------------ report
def test_write_report_is_self_contained(run_dir):
    path = write_report(run_dir)
    assert path == run_dir / "report.html"
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", text), "scripts must be inlined"
    assert not re.search(r"<link[^>]+href=", text), "no external stylesheets"
    assert "Plotly.newPlot" in text and len(text) > 3_000_000  # plotly.js is inlined
    for div in (
        "fig-global",
        "fig-trust",
        "fig-sharing",
        "fig-clubs",
        "fig-investment",
        "fig-top",
        "fig-country",
    ):
        assert f'id="{div}"' in text, div
    assert "country-select" in text and "EST" in text
    assert not list(run_dir.glob(".report.html.*")), "temporary file left behind"


def test_report_reads_runs_without_network(run_dir, tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    for name in ("manifest.json", "global.parquet", "countries.parquet", "dyads.parquet"):
        (old / name).write_bytes((run_dir / name).read_bytes())
    text = write_report(old).read_text()
    assert "no network.parquet" in text and 'id="fig-global"' in text


def test_report_with_baseline_shows_change(run_dir, result, tmp_path):
    base = simulate_world(SMALL, years=1, seed=4)
    base_dir = write_run(tmp_path / "base", base.frames, base.manifest)
    out = write_report(run_dir, tmp_path / "cmp.html", baseline=base_dir)
    text = out.read_text()
    assert "baseline" in text and "Δ" in text and "<th>change</th>" in text


def test_global_figure_highlights_change_against_baseline(result):
    g = result.frames["global"]
    worse = g.assign(security=g["security"] - 0.1)
    fig = F.global_figure(worse, g)
    titles = [a.text for a in fig.layout.annotations]
    assert any("Security" in t and "Δ -0.100" in t for t in titles), titles
    assert "#d62728" in next(t for t in titles if "Security" in t)  # worse: red
    assert any(tr.fill == "tonexty" for tr in fig.data)


def test_fewer_state_operations_are_coloured_better(result):
    """Verification: a panel title colours a change by whether it is better: fewer state
    operations are green, though the change is negative."""
    g = result.frames["global"]
    fewer = g.assign(incidents=g["incidents"] - 1.0)
    titles = [a.text for a in F.global_figure(fewer, g).layout.annotations]
    ops = next(t for t in titles if "State operations" in t)
    assert "Δ -1.000" in ops and "#2ca02c" in ops, ops


def test_report_for_the_whole_world_stays_compact():
    """The whole world's report holds every figure and every country's panel in a size a
    browser opens at once (its speed is measured in ``benchmarks/``, not asserted here)."""
    res = simulate_world(None, years=10, seed=0)
    run = run_from_result(res)
    html = build_report(run)
    n = len(res.manifest["countries"])
    assert len(run["network"]) == n * (n - 1)
    for fig in ("fig-global", "fig-trust", "fig-clubs", "fig-top", "fig-country"):
        assert f'id="{fig}"' in html, fig
    codes, _, _ = F.country_series(res.frames["countries"])
    assert len(codes) == n
    assert len(html.encode()) < 15e6, f"{len(html.encode()) / 1e6:.1f} MB"


def test_country_series_round_trips(result):
    codes, cols, enc = F.country_series(result.frames["countries"])
    import base64

    c = result.frames["countries"]
    steps = c["step"].nunique()
    k = codes.index("EST")
    for col in ("sharing", "security", "incidents_suffered", "gdp"):
        spec = enc[col]
        dtype = "<f4" if spec["dtype"] == "f4" else "<u2"
        values = np.frombuffer(base64.b64decode(spec["data"]), dtype=dtype)
        got = values[k * steps : (k + 1) * steps] * spec["scale"]
        want = c[c.iso3 == "EST"].sort_values("step")[col].to_numpy()
        want = want / 1e9 if col == "gdp" else want
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-4)


def test_load_run_errors_are_one_line(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_run(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no manifest.json"):
        load_run(tmp_path / "empty")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "manifest.json").write_text("{}")
    (bad / "global.parquet").write_text("not parquet")
    (bad / "countries.parquet").write_text("not parquet")
    with pytest.raises(InputError, match="unreadable") as info:
        load_run(bad)
    assert "\n" not in str(info.value)


# ------------------------------------------------------------------ experiment figures
def _intervals() -> pd.DataFrame:
    steps = np.arange(1, 25)
    rows = []
    for label, shift in (("baseline", 0.0), ("open_alliance", 0.05)):
        for metric in ("security", "collaboration"):
            center = 0.5 + shift + 0.001 * steps
            rows.append(
                pd.DataFrame(
                    {
                        "step": steps,
                        "metric": metric,
                        "label": label,
                        "center": center,
                        "lower": center - 0.05,
                        "upper": center + 0.05,
                    }
                )
            )
    return pd.concat(rows, ignore_index=True)


def test_interval_band_figure_draws_a_band_per_label_and_metric():
    fig = interval_band_figure(_intervals())
    bands = [t for t in fig.data if t.fill == "toself"]
    assert len(bands) == 4 and len(fig.data) == 8
    band = bands[0]
    assert len(band.x) == 2 * 24 and band.y[0] == pytest.approx(0.501 + 0.05)
    assert {a.text for a in fig.layout.annotations} == {"security", "collaboration"}
    one = interval_band_figure(
        _intervals().drop(columns="label").query("metric == 'security'").drop_duplicates("step")
    )
    assert len(one.data) == 2
    with pytest.raises(ValueError, match="missing column"):
        interval_band_figure(pd.DataFrame({"step": [1], "metric": ["s"], "center": [1]}))


def test_sensitivity_figure_sorts_by_size_and_colours_sign():
    df = pd.DataFrame(
        {
            "parameter": ["a", "b", "c"],
            "effect": [0.1, -0.5, 0.3],
            "lower": [0.05, -0.6, 0.2],
            "upper": [0.15, -0.4, 0.4],
        }
    )
    fig = sensitivity_figure(df)
    bar = fig.data[0]
    assert list(bar.y) == ["a", "c", "b"]  # largest |effect| on top
    assert list(bar.marker.color) == ["#1f77b4", "#1f77b4", "#d62728"]
    assert list(bar.error_x.array) == pytest.approx([0.05, 0.1, 0.1])
    faceted = sensitivity_figure(
        pd.concat([df.assign(metric="security"), df.assign(metric="collaboration")])
    )
    assert len(faceted.data) == 2
    with pytest.raises(ValueError, match="effect"):
        sensitivity_figure(pd.DataFrame({"parameter": ["a"]}))


def test_pareto_front_is_the_non_dominated_set():
    df = pd.DataFrame(
        {
            "security": [0.9, 0.5, 0.6, 0.2, 0.6, 0.1],
            "collaboration": [0.1, 0.5, 0.4, 0.9, 0.4, 0.1],
            "label": list("abcdef"),
        }
    )
    front = pareto_front(df)
    assert front.tolist() == [True, True, True, True, True, False]
    rng = np.random.default_rng(1)
    pts = pd.DataFrame(rng.random((200, 2)), columns=["security", "collaboration"])
    mask = pareto_front(pts).to_numpy()
    v = pts.to_numpy()
    for i in range(len(v)):
        dominated = np.any(np.all(v >= v[i], axis=1) & np.any(v > v[i], axis=1))
        assert mask[i] == (not dominated)
    fig = pareto_figure(df.assign(group=["x", "x", "y", "y", "y", "x"]))
    line = fig.data[-1]
    assert line.name == "Pareto front" and list(line.x) == sorted(line.x)
    assert len(line.x) == 5
    custom = pareto_figure(df.rename(columns={"security": "s"}), x="s")
    assert custom.layout.xaxis.title.text == "s"


def test_experiment_and_compare_reports(tmp_path, run_dir, result):
    out = write_experiment_report(
        tmp_path / "exp.html",
        intervals=_intervals(),
        sensitivity=pd.DataFrame({"parameter": ["a", "b"], "effect": [0.1, -0.2]}),
        pareto=pd.DataFrame({"security": [0.2, 0.4], "collaboration": [0.5, 0.3]}),
    )
    text = out.read_text()
    assert all(f'id="fig-{s}"' in text for s in ("intervals", "sensitivity", "pareto"))
    with pytest.raises(InputError, match="nothing to draw"):
        write_experiment_report(tmp_path / "none.html")
    other = simulate_world(SMALL, years=1, seed=9)
    other_dir = write_run(tmp_path / "other", other.frames, other.manifest)
    cmp = write_compare_report([run_dir, other_dir], tmp_path / "compare.html")
    assert 'id="fig-compare"' in cmp.read_text() and 'id="fig-vs1"' in cmp.read_text()


def test_figures_are_plotly_figures(result):
    run = run_from_result(result)
    figs = [
        F.trust_heatmap_figure(run["network"], run["clubs"], max_countries=5),
        F.club_figure(run["clubs"]),
        F.club_figure(run["clubs"].iloc[0:0]),
        F.investment_figure(run["countries"]),
        F.top_countries_figure(run["countries"]),
        F.country_figure(run["countries"], "EST"),
        F.group_figure(run["countries"], run["countries"], ["EST", "USA"]),
        F.compare_figure({"a": run["global"], "b": run["global"]}),
    ]
    assert all(isinstance(f, go.Figure) for f in figs)
    heat = figs[0]
    assert len(heat.data[1].x) == 5
    json.loads(heat.to_json())


def _first_difference(a, b, path=""):
    """The path of the first place two JSON values differ, or None."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}.{key}"
            if (found := _first_difference(a[key], b[key], f"{path}.{key}")) is not None:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return next(
            (
                d
                for i, (u, v) in enumerate(zip(a, b, strict=True))
                if (d := _first_difference(u, v, f"{path}[{i}]")) is not None
            ),
            None,
        )
    return None if a == b else path or "."


def _assert_valid_and_the_same(fast: go.Figure, what: str) -> None:
    """``fast`` (built without Plotly's checks) passes them once, and Plotly's checked
    figure is the same figure: every trace, value and layout property."""
    checked = go.Figure(fast.to_dict())  # validation on: raises on an invalid property
    got, want = json.loads(fast.to_json()), json.loads(checked.to_json())
    assert [(t["type"], t.get("name")) for t in got["data"]] == [
        (t.type, t.name) for t in checked.data
    ], what
    assert got["layout"].get("title") == want["layout"].get("title"), what
    assert got == want, f"{what}: differs at {_first_difference(got, want)}"


def test_report_figures_are_valid_plotly_and_the_same_as_checked_ones(result):
    """Verification: every figure of a run's report (with a baseline) is built without
    Plotly's per-property checks; checked once, each is valid and unchanged."""
    run = run_from_result(result)
    base = {**run, "global": run["global"].assign(security=run["global"]["security"] - 0.1)}
    sections = [s for s in run_sections(run, base) if s.figure is not None]
    assert {s.id for s in sections} >= {
        "global",
        "trust",
        "sharing",
        "clubs",
        "investment",
        "top",
        "country",
    }
    for s in sections:
        _assert_valid_and_the_same(s.figure, s.id)
    titles = [a["text"] for a in sections[0].figure.to_dict()["layout"]["annotations"]]
    assert any("Δ" in t for t in titles)


def test_every_figure_is_the_same_with_or_without_plotlys_checks(result):
    from netpolitik.report.ensembles import difference_figure

    run = run_from_result(result)
    g, countries, clubs = run["global"], run["countries"], run["clubs"]
    diff = pd.DataFrame(
        {
            "label": ["security", "damage"],
            "diff": [0.01, 2000.0],
            "lo": [0.005, -100.0],
            "hi": [0.015, 4100.0],
        }
    )
    sens = pd.DataFrame(
        {"parameter": ["a", "b"], "effect": [0.1, -0.2], "lower": [0.0, -0.3], "upper": [0.2, -0.1]}
    )
    pareto = pd.DataFrame(
        {
            "security": [0.2, 0.4, 0.3],
            "collaboration": [0.5, 0.3, 0.2],
            "label": list("xyz"),
            "group": list("aab"),
        }
    )
    builders = {
        "compare": lambda v: F.compare_figure({"a": g, "b": g}, validate=v),
        "global, labelled": lambda v: F.global_figure(
            g, g, label="A", baseline_label="B", validate=v
        ),
        "group": lambda v: F.group_figure(countries, countries, ["EST", "USA"], validate=v),
        "group, no baseline": lambda v: F.group_figure(countries, None, ["EST"], validate=v),
        "no clubs": lambda v: F.club_figure(clubs.iloc[0:0], validate=v),
        "heatmap, top 5": lambda v: F.trust_heatmap_figure(
            run["network"], clubs, max_countries=5, validate=v
        ),
        "bands": lambda v: interval_band_figure(_intervals(), validate=v),
        "bands, no label": lambda v: interval_band_figure(
            _intervals().query("label == 'baseline'").drop(columns="label"), validate=v
        ),
        "sensitivity": lambda v: sensitivity_figure(
            pd.concat([sens.assign(metric="security"), sens.assign(metric="damage")]), validate=v
        ),
        "sensitivity, plain": lambda v: sensitivity_figure(
            sens[["parameter", "effect"]], validate=v
        ),
        "pareto": lambda v: pareto_figure(pareto, validate=v),
        "differences": lambda v: difference_figure(diff, "B - A", validate=v),
    }
    for what, build in builders.items():
        fast = build(False)
        _assert_valid_and_the_same(fast, what)
        assert json.loads(fast.to_json()) == json.loads(build(True).to_json()), what


# ----------------------------------------------------------------------------- exports
def test_export_writes_gephi_files_and_csvs(run_dir, tmp_path):
    paths = export_run(run_dir, tmp_path / "exp")
    names = {p.name for p in paths}
    assert {
        "network.graphml",
        "network.gexf",
        "nodes.csv",
        "global.csv",
        "countries.csv",
        "dyads.csv",
        "clubs.csv",
        "network.csv",
    } <= names
    graph = nx.read_graphml(tmp_path / "exp" / "network.graphml")
    assert set(graph.nodes) == set(SMALL)
    assert graph.is_directed()
    edge = graph.edges["EST", "USA"]
    net = pd.read_parquet(run_dir / "network.parquet")
    want = net[(net.truster == "EST") & (net.trustee == "USA")].iloc[0]
    assert edge["trust"] == pytest.approx(want.trust)
    assert bool(edge["sharing_link"]) == bool(want.sharing_link)
    assert {"incidents", "successful", "damage"} <= set(edge)
    node = graph.nodes["EST"]
    assert 0 <= node["security"] <= 1 and "clubs" in node
    gexf = nx.read_gexf(tmp_path / "exp" / "network.gexf")
    assert gexf.number_of_edges() == graph.number_of_edges()
    g = pd.read_csv(tmp_path / "exp" / "global.csv")
    assert len(g) == 12 and "security" in g


# --------------------------------------------------------------------------------- CLI
def test_cli_report_and_export(run_dir, tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["report", str(run_dir), "--out", str(out)]) == 0
    assert out.is_file() and str(out) in capsys.readouterr().out
    assert main(["export", str(run_dir), "--to", str(tmp_path / "e")]) == 0
    assert (tmp_path / "e" / "network.gexf").is_file()


@pytest.mark.parametrize(
    "args, needle",
    [
        (["report", "/nonexistent/run"], "not found"),
        (["export", "/nonexistent/run", "--to", "x"], "not found"),
    ],
)
def test_cli_errors_are_one_line(args, needle, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and needle in err and err.count("\n") == 1


def test_cli_export_refuses_a_file_as_target(run_dir, tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("x")
    assert main(["export", str(run_dir), "--to", str(target)]) == 2
    assert "is a file" in capsys.readouterr().err


def test_ensemble_report_from_compare(tmp_path):
    from netpolitik.report import ensemble_intervals, write_ensemble_report
    from netpolitik.scenario import ensemble, load_builtin
    from netpolitik.scenario.compare import compare_ensembles

    a = ensemble(load_builtin("baseline"), 3, years=1, countries=SMALL, tables=False)
    b = ensemble(load_builtin("firewall_world"), 3, years=1, countries=SMALL, tables=False)
    bands = ensemble_intervals(a, "A")
    sec = bands[bands.metric == "security"]
    assert len(sec) == 12 and (sec.lower <= sec.center + 1e-12).all()
    assert (sec.center <= sec.upper + 1e-12).all()
    out = write_ensemble_report(
        tmp_path / "ens.html", {"baseline": a, "firewall": b}, compare_ensembles(a, b)
    )
    text = out.read_text()
    assert 'id="fig-intervals"' in text and 'id="fig-differences"' in text


def test_unlabelled_bands_have_a_legend_that_names_no_outcome():
    """Verification: an ensemble's bands (no label) are called "mean over runs" and
    "interval" in the legend; the outcome names stay in the panel titles."""
    fig = interval_band_figure(_intervals().query("label == 'baseline'").drop(columns="label"))
    shown = [t.name for t in fig.data if t.showlegend]
    assert sorted(shown) == ["interval", "mean over runs"], shown
    assert not any(t.name in ("security", "collaboration") for t in fig.data)


def test_bands_stay_in_each_outcomes_range():
    """Verification: a count's band (mean +- t sd) is clipped at 0, an index's at 1."""
    steps = np.arange(1, 7)
    df = pd.concat(
        [
            pd.DataFrame(
                {"step": steps, "metric": "sanctions", "center": 0.2, "lower": -0.5, "upper": 0.9}
            ),
            pd.DataFrame(
                {"step": steps, "metric": "security", "center": 0.95, "lower": 0.85, "upper": 1.07}
            ),
        ]
    )
    fig = interval_band_figure(df)
    bands = {
        a.text: t
        for a, t in zip(
            fig.layout.annotations, [t for t in fig.data if t.fill == "toself"], strict=True
        )
    }
    assert min(bands["sanctions"].y) == 0.0 and max(bands["sanctions"].y) == 0.9
    assert max(bands["security"].y) == 1.0 and min(bands["security"].y) == 0.85


def test_each_paired_difference_has_its_own_axis():
    """Verification: in the compare report a security change of 0.01 gets an axis of its
    own instead of sharing one with a damage change of 2,000."""
    from netpolitik.report.ensembles import difference_figure

    d = pd.DataFrame(
        {
            "label": ["security", "damage, all incidents, US$ bn"],
            "diff": [0.01, 2000.0],
            "lo": [0.005, -100.0],
            "hi": [0.015, 4100.0],
        }
    )
    fig = difference_figure(d, "B - A")
    axes = [t.xaxis for t in fig.data]
    assert len(set(axes)) == 2, axes
    assert [a.text for a in fig.layout.annotations][:2] == list(d["label"])
    assert fig.data[0].error_x.array[0] == pytest.approx(0.005)
    assert fig.data[0].marker.color != fig.data[1].marker.color  # only one excludes 0

"""``report.html``: one self-contained file (Plotly's JavaScript inlined, no network).

:func:`write_report` builds it from a run folder (``netpolitik run`` and
``netpolitik report RUN_DIR``); :func:`write_compare_report` from several run folders
(``compare``); :func:`write_experiment_report` from an experiment's summary frames.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from netpolitik.errors import InputError
from netpolitik.io import replace_file
from netpolitik.report import essay_figures as EF
from netpolitik.report import figures as F
from netpolitik.report.data import country_names, load_run

REPORT_NAME = "report.html"
_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


@dataclass
class Section:
    """One part of a report: a heading, a short note and a figure (or raw HTML)."""

    id: str
    title: str
    note: str = ""
    figure: go.Figure | None = None
    before: str = ""  # trusted HTML placed above the figure (controls)


def headline(glob: pd.DataFrame) -> dict[str, float]:
    """Key outcomes of a run: last-year means, run totals and end values."""
    g = F.global_series(glob)
    last = g.tail(min(12, len(g)))
    out = {}
    for col, name in (
        ("security", "security (last year)"),
        ("collaboration", "collaboration, composite (last year)"),
        ("mean_trust", "mean trust (last year)"),
        ("coexistence", "coexistence (last year)"),
        ("mean_freedom", "freedom (last year)"),
    ):
        if col in g:
            out[name] = float(last[col].mean())
    for col, name in (
        ("incidents", "state operations attempted"),
        ("successful", "state operations successful"),
        ("attributed", "state operations attributed"),
        ("crime_successful", "criminal incidents successful"),
    ):
        if col in g:
            out[name] = float(g[col].sum())
    if "sanctions" in g:
        out["sanctions in force (end)"] = float(g["sanctions"].iloc[-1])
    if "world_gdp" in g:
        out["world GDP, US$ tn (end)"] = float(g["world_gdp"].iloc[-1] / 1e12)
    if "damage_share" in g:
        out["damage, % of world GDP a year"] = float(100 * g["damage_share"].mean())
    return out


def format_value(value: float) -> str:
    """A value: whole numbers without decimals, others with 3."""
    if not np.isfinite(value):
        return "–"
    whole = abs(value) >= 100 or float(value).is_integer()
    return f"{value:,.0f}" if whole else f"{value:,.3f}"


def format_delta(d: float) -> str:
    """A change, signed: 3 decimals below 100, whole numbers above; below 0.0005, 0."""
    if not np.isfinite(d):
        return "–"
    if abs(d) < 5e-4:
        return "0.000"
    return f"{d:+,.0f}" if abs(d) >= 100 else f"{d:+,.3f}"


def delta_class(d: float) -> str:
    """``up``/``down`` for changes visible at 3 decimals, else empty."""
    return "" if not np.isfinite(d) or abs(d) < 5e-4 else ("up" if d > 0 else "down")


def headline_table(glob: pd.DataFrame, baseline: pd.DataFrame | None = None) -> str:
    """The headline outcomes as an HTML table (with the change against ``baseline``)."""
    run = headline(glob)
    base = headline(baseline) if baseline is not None else None
    head = (
        "<tr><th>outcome</th><th>value</th>"
        + ("<th>baseline</th><th>change</th>" if base else "")
        + "</tr>"
    )
    rows = []
    for name, value in run.items():
        cells = f"<td>{html.escape(name)}</td><td class=num>{format_value(value)}</td>"
        if base:
            b = base.get(name, float("nan"))
            d = value - b
            cells += (
                f"<td class=num>{format_value(b)}</td>"
                f"<td class='num {delta_class(d)}'>{format_delta(d)}</td>"
            )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table class=headline>{head}{''.join(rows)}</table>"


def _manifest_line(manifest: Mapping[str, Any]) -> str:
    parts = []
    countries = manifest.get("countries") or []
    if countries:
        parts.append(f"{len(countries)} countries")
    if "steps" in manifest:
        parts.append(f"{manifest['steps']} months from {manifest.get('start', '?')}")
    if "seed" in manifest:
        parts.append(f"seed {manifest['seed']}")
    if "scenario" in manifest:
        name = manifest["scenario"]
        name = name.get("name", "") if isinstance(name, Mapping) else name
        parts.append(f"scenario {name}")
    if "netpolitik_version" in manifest:
        parts.append(f"netpolitik {manifest['netpolitik_version']}")
    return html.escape(", ".join(parts))


def _json_script(value: Any) -> str:
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/")


#: The country panel keeps at most this many steps (evenly spaced) for long runs.
COUNTRY_MAX_STEPS = 360


def country_section(countries: pd.DataFrame, div_id: str = "fig-country") -> Section:
    """The per-country panel with a country picker (data for every country embedded)."""
    steps = np.sort(countries["step"].unique())
    if len(steps) > COUNTRY_MAX_STEPS:
        every = -(-len(steps) // COUNTRY_MAX_STEPS)
        countries = countries[countries["step"].isin(steps[::every])]
    codes, cols, series = F.country_series(countries)
    last = countries[countries["step"] == countries["step"].max()]
    first = (
        str(last.sort_values("gdp", ascending=False)["iso3"].iloc[0])
        if "gdp" in last and len(last)
        else codes[0]
    )
    names = country_names(codes)
    options = "".join(
        f"<option value='{html.escape(c)}'{' selected' if c == first else ''}>"
        f"{html.escape(c)} – {html.escape(names[c])}</option>"
        for c in codes
    )
    picker = (
        f"<label>Country: <select id='country-select' data-target='{div_id}'>"
        f"{options}</select></label>"
    )
    data = {"codes": codes, "cols": cols, "series": series}
    script = f"""<script>
(function () {{
  var data = {_json_script(data)}, cache = {{}};
  function column(col) {{
    if (!cache[col]) {{
      var s = data.series[col], bin = atob(s.data), buf = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) buf[i] = bin.charCodeAt(i);
      cache[col] = s.dtype === 'f4' ? new Float32Array(buf.buffer)
                                    : new Uint16Array(buf.buffer);
    }}
    return cache[col];
  }}
  function show(code) {{
    var div = document.getElementById('{div_id}'), k = data.codes.indexOf(code);
    var n = div.data[0].x.length, ys = [], idx = [];
    data.cols.forEach(function (col, i) {{
      var values = column(col), scale = data.series[col].scale, y = new Array(n);
      for (var t = 0; t < n; t++) y[t] = values[k * n + t] * scale;
      ys.push(y); idx.push(i);
    }});
    Plotly.restyle(div, {{y: ys}}, idx);
    Plotly.relayout(div, {{'title.text': 'Country panel: ' + code}});
  }}
  var select = document.getElementById('country-select');
  select.addEventListener('change', function () {{ show(select.value); }});
}})();
</script>"""
    return Section(
        "country",
        "Per-country panel",
        "Pick a country: its eight levers, its security, openness and freedom, "
        "the trust it gets and gives, incidents and GDP.",
        F.country_figure(countries, first, validate=False),
        before=picker + script,
    )


def run_sections(
    run: Mapping[str, Any], baseline: Mapping[str, Any] | None = None
) -> list[Section]:
    """The sections of a run's report (``run`` as returned by
    :func:`~netpolitik.report.data.load_run`)."""
    glob, countries = run["global"], run["countries"]
    clubs, dyads = run.get("clubs"), run.get("dyads")
    network = run.get("network")
    base = baseline["global"] if baseline is not None else None
    sections = [
        Section(
            "global",
            "Global outcomes",
            "Security (1 - damage share of world GDP, scaled), collaboration (a composite of "
            "trust, sharing, agreements, joint attributions and club dynamics), "
            "their coexistence (harmonic mean), state operations, world GDP and freedom."
            + (
                " Dotted grey: the baseline; shading: the change; Δ: change of the last-year mean."
                if base is not None
                else ""
            ),
            F.global_figure(glob, base, countries, validate=False),
        )
    ]
    last = countries[countries["step"] == countries["step"].max()]
    gdp = dict(zip(last["iso3"], last["gdp"], strict=False)) if "gdp" in last else {}
    if network is not None and len(network):
        sections.append(
            Section(
                "trust",
                "Trust network",
                "Final trust of each country (row) in each other (column), clustered so that "
                "countries that trust each other sit together.",
                F.trust_heatmap_figure(network, clubs, validate=False),
            )
        )
        edges = F.sharing_edges(network)
        sections.append(
            Section(
                "sharing",
                "Intelligence-sharing links",
                f"{len(edges)} pairs share threat intelligence at the end of the run "
                "(bilaterally or through a club). Node size: GDP; colour: most specific club.",
                F.network_figure(
                    edges,
                    "Intelligence-sharing links at the end of the run",
                    clubs,
                    gdp,
                    nodes=sorted(gdp) or None,
                    edge_label="sharing link",
                    validate=False,
                ),
            )
        )
    else:
        sections.append(
            Section(
                "trust",
                "Trust network",
                "This run folder has no network.parquet (written by newer versions of "
                "`netpolitik run`), so the final trust and sharing network cannot be drawn.",
            )
        )
    if dyads is not None and len(dyads):
        edges = F.attack_edges(dyads)
        if len(edges):
            sections.append(
                Section(
                    "attacks",
                    "State operations network",
                    "Successful state operations, attacker to target, over the run.",
                    F.network_figure(
                        edges,
                        "Successful state operations (attacker → target)",
                        clubs,
                        gdp,
                        directed=True,
                        edge_label="attacked pair",
                        validate=False,
                    ),
                )
            )
    sections += [
        Section(
            "clubs",
            "Club membership",
            "Members of each club (organisation) by month.",
            F.club_figure(clubs if clubs is not None else pd.DataFrame(), validate=False),
        ),
        Section(
            "investment",
            "Investment flows by sector",
            "Foreign direct investment inflows by sector group: security-sensitive and "
            "data-driven; and successful incidents by targeted sector.",
            F.investment_figure(countries, validate=False),
        ),
        Section(
            "harmonisation",
            "Harmonisation",
            "Lever dispersion across states (mean over the eight levers of their standard "
            "deviation): it falls as norms diffuse and clubs' norms are complied with (M12).",
            EF.harmonisation_figure(glob, base, validate=False),
        ),
        Section(
            "firms",
            "Firms",
            "Where the representative firms hold their data, R&D and investment: each "
            "firm's share in its two largest hosts at the end of the run (M13).",
            EF.firm_location_figure(run.get("firms"), validate=False),
        ),
        Section(
            "firm-consortia",
            "Firms in consortia",
            "Firms that belong to each public-private vulnerability consortium, by month.",
            EF.firm_consortium_figure(run.get("firm_clubs"), validate=False),
        ),
        Section(
            "top",
            "Top attackers and victims",
            "Run totals of state operations.",
            F.top_countries_figure(countries, validate=False),
        ),
        country_section(countries),
    ]
    return sections


def render(title: str, subtitle: str, sections: Sequence[Section], intro: str = "") -> str:
    """The whole HTML document: Plotly's JavaScript once, then each section."""
    nav = " · ".join(f"<a href='#{s.id}'>{html.escape(s.title)}</a>" for s in sections)
    body = []
    for s in sections:
        fig = ""
        if s.figure is not None:
            fig = s.figure.to_html(
                full_html=False, include_plotlyjs=False, div_id=f"fig-{s.id}", config=_CONFIG
            )
        body.append(
            f"<section id='{s.id}'><h2>{html.escape(s.title)}</h2>"
            f"<p class=note>{html.escape(s.note)}</p>{s.before}{fig}</section>"
        )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="generator" content="netpolitik">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
       max-width: 1200px; padding: 0 16px 40px; color: #222; }}
h1 {{ margin-bottom: 0.2em; }} .sub {{ color: #555; margin-top: 0; }}
nav {{ font-size: 0.9em; margin: 0.5em 0 1em; }}
section {{ border-top: 1px solid #ddd; padding-top: 0.5em; margin-top: 1em; }}
.note {{ color: #555; font-size: 0.9em; }}
table.headline {{ border-collapse: collapse; font-size: 0.9em; }}
table.headline td, table.headline th {{ padding: 2px 10px; border-bottom: 1px solid #eee;
                                        text-align: left; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
td.up {{ color: #2a7d2a; }} td.down {{ color: #b22; }}
select {{ font-size: 1em; margin: 0.3em 0; }}
</style>
<script type="text/javascript">{get_plotlyjs()}</script>
</head><body>
<h1>{html.escape(title)}</h1><p class=sub>{subtitle}</p>
<nav>{nav}</nav>
{intro}
{"".join(body)}
<footer class=note>Made by netpolitik. Works offline: every chart and its JavaScript are in
this file.</footer>
</body></html>
"""


def write_html(path: str | Path, text: str, overwrite: bool = True, option: str = "--out") -> Path:
    """Write ``text`` to ``path`` atomically (a temporary sibling, then renamed).

    An existing ``path`` is replaced only with ``overwrite`` and only when it is a report
    netpolitik wrote (:func:`netpolitik.io.replace_file`); anything else is refused.
    """
    path = Path(path)
    with (
        replace_file(path, "report", overwrite, option) as tmp,
        open(tmp, "x", encoding="utf-8") as fh,
    ):
        fh.write(text)
    return path


def build_report(
    run: Mapping[str, Any],
    baseline: Mapping[str, Any] | None = None,
    title: str = "netpolitik run report",
) -> str:
    """The report of one run (``run``/``baseline`` as from
    :func:`~netpolitik.report.data.load_run` or
    :func:`~netpolitik.report.data.run_from_result`) as an HTML string."""
    intro = "<h2>Headline</h2>" + headline_table(
        run["global"], baseline["global"] if baseline is not None else None
    )
    return render(
        title, _manifest_line(run.get("manifest", {})), run_sections(run, baseline), intro
    )


def write_report(
    run_folder: str | Path,
    out: str | Path | None = None,
    baseline: str | Path | None = None,
    overwrite: bool = True,
) -> Path:
    """Build ``report.html`` from a run folder's stored outputs; return its path.

    ``out`` defaults to ``RUN_FOLDER/report.html``; ``baseline`` is another run folder
    drawn for comparison. The default path is the run's own report and is rebuilt; an
    existing ``out`` is replaced only with ``overwrite`` (and only if netpolitik wrote it).
    """
    run_folder = Path(run_folder)
    run = load_run(run_folder)
    base = load_run(baseline) if baseline is not None else None
    text = build_report(run, base, title=f"netpolitik run report: {run_folder.name}")
    if out is None:
        return write_html(run_folder / REPORT_NAME, text)
    return write_html(Path(out), text, overwrite)


def write_compare_report(
    folders: Sequence[str | Path], out: str | Path, labels: Sequence[str] | None = None
) -> Path:
    """A report comparing runs: global outcomes overlaid, then each run against the first
    (``labels`` default to the folder names)."""
    if len(folders) < 2:
        raise InputError("compare: give at least two run folders")
    runs = [load_run(f) for f in folders]
    labels = list(labels) if labels is not None else [Path(f).name for f in folders]
    sections = [
        Section(
            "compare",
            "Global outcomes compared",
            "Each run's global time series, one colour per run.",
            F.compare_figure(
                {lab: r["global"] for lab, r in zip(labels, runs, strict=True)}, validate=False
            ),
        )
    ]
    for k, (lab, r) in enumerate(zip(labels[1:], runs[1:], strict=True), start=1):
        sections.append(
            Section(
                f"vs{k}",
                f"{lab} against {labels[0]}",
                "Dotted grey: the first run; shading: the change.",
                F.global_figure(
                    r["global"],
                    runs[0]["global"],
                    label=lab,
                    baseline_label=labels[0],
                    validate=False,
                ),
            )
        )
    intro = "".join(
        f"<h2>{html.escape(lab)}</h2><p class=sub>{_manifest_line(r['manifest'])}"
        f"</p>" + headline_table(r["global"], runs[0]["global"] if k else None)
        for k, (lab, r) in enumerate(zip(labels, runs, strict=True))
    )
    return write_html(
        out, render("netpolitik comparison", html.escape(" vs ".join(labels)), sections, intro)
    )


def write_experiment_report(
    out: str | Path,
    *,
    intervals: pd.DataFrame | None = None,
    sensitivity: pd.DataFrame | None = None,
    pareto: pd.DataFrame | None = None,
    title: str = "netpolitik experiment report",
    subtitle: str = "",
) -> Path:
    """An experiment's report: interval bands, sensitivity bars and the Pareto front, each
    drawn when its frame is given (columns: see
    :func:`~netpolitik.report.figures.interval_band_figure`,
    :func:`~netpolitik.report.figures.sensitivity_figure`,
    :func:`~netpolitik.report.figures.pareto_figure`)."""
    sections = []
    if intervals is not None:
        sections.append(
            Section(
                "intervals",
                "Intervals across runs",
                "Central value and interval of each outcome over time.",
                F.interval_band_figure(intervals, validate=False),
            )
        )
    if sensitivity is not None:
        sections.append(
            Section(
                "sensitivity",
                "Sensitivity",
                "Effect of each parameter on the outcome.",
                F.sensitivity_figure(sensitivity, validate=False),
            )
        )
    if pareto is not None:
        sections.append(
            Section(
                "pareto",
                "Pareto front",
                "Configurations that no other beats on both security and collaboration.",
                F.pareto_figure(pareto, validate=False),
            )
        )
    if not sections:
        raise InputError(
            "experiment report: nothing to draw; give intervals, sensitivity or pareto"
        )
    return write_html(out, render(title, html.escape(subtitle), sections))

"""The Dash application: pick a scenario and a target, set levers, run, compare.

Layout (ids are stable; the browser tests use them): controls on the left (``scenario``,
``target``, ``lever-<name>`` sliders, ``years``, ``runs``, ``seed``, ``run``), progress
(``progress-box``), errors (``error``); results on the right: ``headline``,
``global-graph`` (the run against its baseline, change highlighted), ``group-graph``, the
``keep-a`` / ``keep-b`` buttons, ``download-button``; the *Compare* tab shows configuration
A and B side by side (``compare-table``, ``compare-graph``).

Runs happen in a background thread (:class:`~netpolitik.dashboard.runs.Runner`); a
``dcc.Interval`` polls them and shows a progress bar once a run has taken over a second.
"""

from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go
from dash import Dash, Input, Output, State, ctx, dcc, html, no_update

from netpolitik.dashboard.changes import fmt
from netpolitik.dashboard.runs import (
    MAX_RUNS,
    MAX_YEARS,
    Outcome,
    Runner,
    target_levers,
    target_members,
    target_options,
)
from netpolitik.errors import InputError
from netpolitik.policy import LEVERS
from netpolitik.report import essay_figures as EF
from netpolitik.report import figures as F
from netpolitik.report.data import run_from_result
from netpolitik.report.html import (
    build_report,
    format_delta,
    format_value,
    headline,
)
from netpolitik.report.plotly_json import figure, merged_template
from netpolitik.scenario import builtin_names, load_builtin

#: A progress bar appears once a run has taken this long (seconds).
PROGRESS_AFTER = 1.0
POLL_MS = 250
#: Largest request body the server accepts (the page's callbacks send a few kB).
MAX_REQUEST_BYTES = 1 << 20
_HIDDEN = {"display": "none"}
_SHOWN = {"display": "block", "margin": "8px 0"}
_CSS = {
    "page": {
        "fontFamily": "system-ui, -apple-system, 'Segoe UI', sans-serif",
        "margin": "0 auto",
        "maxWidth": "1500px",
        "padding": "0 16px",
        "color": "#222",
    },
    "controls": {"flex": "0 0 320px", "paddingRight": "16px", "borderRight": "1px solid #ddd"},
    "results": {"flex": "1 1 auto", "minWidth": "0", "paddingLeft": "16px"},
    "label": {"fontWeight": "600", "fontSize": "0.9em", "marginTop": "10px", "display": "block"},
    "error": {"color": "#b22", "whiteSpace": "pre-line", "fontSize": "0.9em"},
    "button": {"margin": "10px 6px 0 0", "padding": "6px 14px", "fontSize": "1em"},
}


#: Graphs of the firms and harmonisation (M12, M13) below the group figure.
ESSAY_GRAPHS: tuple[str, ...] = ("harmonisation", "firms", "firm-consortia")


def essay_figures(outcome: Outcome) -> tuple[go.Figure, go.Figure, go.Figure]:
    """Lever dispersion (mean over runs, against the baseline), and the first run's firm
    locations and consortium memberships."""
    frames = outcome.first.frames
    return (
        EF.harmonisation_figure(
            outcome.variant["global"], outcome.baseline["global"], validate=False
        ),
        EF.firm_location_figure(frames.get("firms"), validate=False),
        EF.firm_consortium_figure(frames.get("firm_clubs"), validate=False),
    )


def _slider(lever: str) -> dcc.Slider:
    return dcc.Slider(
        id=f"lever-{lever}",
        min=0,
        max=1,
        step=0.01,
        value=0.5,
        marks={0: "0", 0.5: "0.5", 1: "1"},
        updatemode="mouseup",
        tooltip={"placement": "bottom", "always_visible": False},
    )


def _empty(text: str, height: int = 360, validate: bool = False) -> go.Figure:
    """A placeholder: ``text`` in the middle of an empty plot, no axes."""
    note = dict(
        text=text,
        showarrow=False,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        font=dict(size=14, color="#666"),
    )
    layout = dict(
        annotations=[note],
        template=merged_template(F.TEMPLATE),
        height=height,
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
    )
    return figure([], layout, validate)


def _number_input(id_: str, value: float, lo: float, hi: float, step: float | str) -> Any:
    return dcc.Input(
        id=id_,
        type="number",
        value=value,
        min=lo,
        max=hi,
        step=step,
        debounce=True,
        style={"width": "100px"},
    )


def layout() -> html.Div:
    """The page."""
    names = builtin_names()
    controls = html.Div(
        style=_CSS["controls"],
        children=[
            html.Label("Scenario", htmlFor="scenario", style=_CSS["label"]),
            dcc.Dropdown(
                id="scenario",
                options=[{"label": n, "value": n} for n in names],
                value="baseline" if "baseline" in names else names[0],
                clearable=False,
            ),
            html.P(id="scenario-description", style={"fontSize": "0.85em", "color": "#555"}),
            html.Label("Country or group", htmlFor="target", style=_CSS["label"]),
            dcc.Dropdown(
                id="target", options=target_options(), value="country:USA", clearable=False
            ),
            html.Div(id="target-info", style={"fontSize": "0.85em", "color": "#555"}),
            html.Div(
                [
                    html.Div(
                        [html.Label(lever.replace("_", " "), style=_CSS["label"]), _slider(lever)],
                        id=f"lever-box-{lever}",
                    )
                    for lever in LEVERS
                ]
            ),
            html.Button("Reset levers", id="reset", n_clicks=0, style=_CSS["button"]),
            html.Div(
                style={"display": "flex", "gap": "12px", "flexWrap": "wrap"},
                children=[
                    html.Div(
                        [
                            html.Label("Horizon, years", htmlFor="years", style=_CSS["label"]),
                            _number_input("years", 10, 0.25, MAX_YEARS, "any"),
                        ]
                    ),
                    html.Div(
                        [
                            html.Label("Runs (seeds)", htmlFor="runs", style=_CSS["label"]),
                            _number_input("runs", 1, 1, MAX_RUNS, 1),
                        ]
                    ),
                    html.Div(
                        [
                            html.Label("Base seed", htmlFor="seed", style=_CSS["label"]),
                            _number_input("seed", 0, 0, 2**32 - 1, 1),
                        ]
                    ),
                ],
            ),
            html.Button("Run", id="run", n_clicks=0, style={**_CSS["button"], "fontWeight": "700"}),
            html.Div(
                id="progress-box",
                style=_HIDDEN,
                children=[
                    html.Progress(
                        id="progress",
                        max=100,
                        value=0,  # type: ignore[arg-type]  # Dash types it str; numbers work
                        style={"width": "100%"},
                    ),
                    html.Span(id="progress-text", style={"fontSize": "0.85em"}),
                ],
            ),
            html.Div(id="error", role="alert", style=_CSS["error"]),
            html.Div(
                id="status", style={"fontSize": "0.85em", "color": "#555", "marginTop": "8px"}
            ),
        ],
    )
    run_tab = html.Div(
        [
            html.Div(id="headline"),
            dcc.Loading(
                dcc.Graph(
                    id="global-graph",
                    figure=_empty("Pick a scenario, set levers and press Run", 500),
                    config={"displaylogo": False},
                ),
                type="dot",
                delay_show=1000,
            ),
            dcc.Graph(id="group-graph", figure=_empty("", 300), config={"displaylogo": False}),
            *(
                dcc.Graph(id=f"{name}-graph", figure=_empty("", 300), config={"displaylogo": False})
                for name in ESSAY_GRAPHS
            ),
            html.Div(
                [
                    html.Button("Keep as A", id="keep-a", n_clicks=0, style=_CSS["button"]),
                    html.Button("Keep as B", id="keep-b", n_clicks=0, style=_CSS["button"]),
                    html.Button(
                        "Download report", id="download-button", n_clicks=0, style=_CSS["button"]
                    ),
                    dcc.Download(id="download"),
                ]
            ),
        ]
    )
    compare_tab = html.Div(
        [
            html.P(
                "Keep one result as A and another as B (buttons under the run's charts) to "
                "see them side by side.",
                style={"color": "#555"},
            ),
            html.Div(id="compare-table"),
            dcc.Graph(
                id="compare-graph",
                figure=_empty("Keep two results as A and B", 400),
                config={"displaylogo": False},
            ),
        ]
    )
    return html.Div(
        style=_CSS["page"],
        children=[
            html.H1("netpolitik dashboard", style={"marginBottom": "0"}),
            html.P(
                "Can security and collaboration coexist? Set a country's or a group's cyber "
                "policy levers and compare the world that follows with the baseline.",
                style={"color": "#555", "marginTop": "4px"},
            ),
            html.Div(
                style={"display": "flex"},
                children=[
                    controls,
                    html.Div(
                        style=_CSS["results"],
                        children=[
                            dcc.Tabs(
                                id="tabs",
                                value="run",
                                children=[
                                    dcc.Tab(
                                        label="Run", value="run", id="tab-run", children=run_tab
                                    ),
                                    dcc.Tab(
                                        label="Compare A and B",
                                        value="compare",
                                        id="tab-compare",
                                        children=compare_tab,
                                    ),
                                ],
                            ),
                        ],
                    ),
                ],
            ),
            dcc.Store(id="job"),
            dcc.Store(id="result"),
            dcc.Store(id="slot-a"),
            dcc.Store(id="slot-b"),
            dcc.Store(id="initial-levers"),
            dcc.Interval(id="poll", interval=POLL_MS, disabled=True),
        ],
    )


#: Colour of a change by its verdict (:func:`netpolitik.dashboard.changes.verdict`).
VERDICT_COLOURS = {"better": "#2a7d2a", "worse": "#b22", "unclear": "#777"}


def headline_rows(outcome: Outcome) -> list[Any]:
    """Headline outcomes of a result as table rows: run and baseline means, the paired
    change with its 95% interval, coloured green when better for the group, red when
    worse, grey when the interval includes 0 (directions: ``dashboard.changes.BETTER``)."""
    if not outcome.changes:
        return _plain_rows(outcome)
    rows = [
        html.Tr(
            [
                html.Th("outcome"),
                html.Th("run"),
                html.Th("baseline"),
                html.Th("change"),
                html.Th("95% interval"),
            ]
        )
    ]
    for r in outcome.changes:
        count = r["count"]
        colour = VERDICT_COLOURS[r["verdict"]]
        band = (
            f"[{fmt(r['lo'], count, True)}, {fmt(r['hi'], count, True)}]"
            if math.isfinite(r["lo"])
            else "one run: none"
        )
        rows.append(
            html.Tr(
                [
                    html.Td(r["label"]),
                    html.Td(fmt(r["run"], count)),
                    html.Td(fmt(r["baseline"], count)),
                    html.Td(
                        fmt(r["change"], count, True),
                        title=r["verdict"],
                        className=f"change-{r['verdict']}",
                        style={"color": colour},
                    ),
                    html.Td(band, style={"color": "#555"}),
                ]
            )
        )
    return rows


def _plain_rows(outcome: Outcome) -> list[Any]:
    """Rows without paired changes (a result made before they were recorded)."""
    run = headline(outcome.variant["global"])
    base = headline(outcome.baseline["global"])
    rows = [html.Tr([html.Th("outcome"), html.Th("run"), html.Th("baseline"), html.Th("change")])]
    for name, value in run.items():
        d = value - base.get(name, float("nan"))
        rows.append(
            html.Tr(
                [
                    html.Td(name),
                    html.Td(format_value(value)),
                    html.Td(format_value(base.get(name, float("nan")))),
                    html.Td(format_delta(d), style={"color": "#555"}),
                ]
            )
        )
    return rows


def _table(outcome: Outcome, title: str) -> html.Div:
    return html.Div(
        [
            html.H4(title, style={"marginBottom": "2px"}),
            html.P(outcome.config.label, style={"fontSize": "0.85em", "color": "#555"}),
            html.Table(
                headline_rows(outcome), style={"fontSize": "0.85em", "borderCollapse": "collapse"}
            ),
        ],
        style={"flex": "1 1 0", "minWidth": "0"},
    )


def envelope_problem(body: Any, known: Any) -> str | None:
    """What is wrong with a callback request's JSON envelope (None when it is well formed
    and names a callback of this app)."""
    if not isinstance(body, dict):
        return "expected a JSON object"
    if not isinstance(body.get("output"), str) or body["output"] not in known:
        return "'output' does not name a callback of this dashboard"
    if not isinstance(body.get("outputs"), dict | list):
        return "'outputs' must be an object or a list"
    spec = known[body["output"]]
    for key in ("inputs", "state"):
        items = body.get(key, [])
        if not isinstance(items, list) or not all(
            isinstance(i, dict)
            and isinstance(i.get("id"), str | dict)
            and isinstance(i.get("property"), str)
            for i in items
        ):
            return f"'{key}' must be a list of {{id, property, value}} objects"
        want = [(d.get("id"), d.get("property")) for d in spec.get(key, [])]
        if [(i["id"], i["property"]) for i in items] != want:
            return f"'{key}' do not match the callback's {key}"
    outputs = body["outputs"] if isinstance(body["outputs"], list) else [body["outputs"]]
    if not all(
        isinstance(o, dict)
        and isinstance(o.get("id"), str | dict)
        and isinstance(o.get("property"), str)
        for o in outputs
    ):
        return "'outputs' must hold {id, property} objects"
    name = body["output"]
    declared = [
        d.split("@")[0] for d in (name[2:-2].split("...") if name.startswith("..") else [name])
    ]
    # duplicate outputs (allow_duplicate) carry "@<hash>" in their property, as in the name
    if [f"{o['id']}.{o['property'].split('@')[0]}" for o in outputs] != declared:
        return "'outputs' do not match the callback's outputs"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "'changedPropIds' must be a list of strings"
    return None


def _guard_envelopes(app: Dash) -> None:
    """Answer malformed callback requests with HTTP 400 (not a 500 from inside Dash)."""
    from flask import jsonify, request

    @app.server.before_request
    def _check_envelope():  # noqa: ANN202 - Flask hook
        if request.path.rstrip("/").endswith("_dash-update-component") and request.method == "POST":
            body = request.get_json(silent=True)
            why = envelope_problem(body, app.callback_map)
            if why is not None:
                return jsonify(error=f"bad callback request: {why}"), 400
        return None


def create_app(runner: Runner | None = None) -> Dash:
    """The Dash app (debug tools off; assets served from the package, no network)."""
    runner = runner or Runner()
    app = Dash(
        __name__,
        title="netpolitik dashboard",
        update_title=None,  # type: ignore[arg-type]  # Dash documents None as "no update title"
        serve_locally=True,
    )
    app.layout = layout
    app.server.config["netpolitik_runner"] = runner
    # the page's callbacks send a few kB; refuse oversized request bodies (HTTP 413)
    if not app.server.config.get("MAX_CONTENT_LENGTH"):
        app.server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    _guard_envelopes(app)
    lever_outputs = [Output(f"lever-{lever}", "value") for lever in LEVERS]
    lever_states = [State(f"lever-{lever}", "value") for lever in LEVERS]

    @app.callback(
        [
            *lever_outputs,
            Output("initial-levers", "data"),
            Output("scenario-description", "children"),
            Output("target-info", "children"),
        ],
        Input("scenario", "value"),
        Input("target", "value"),
        Input("reset", "n_clicks"),
    )
    def show_levers(scenario: Any, target: Any, _reset: Any):
        if not isinstance(scenario, str) or scenario not in builtin_names():
            return [no_update] * len(LEVERS) + [
                no_update,
                no_update,
                f"error: scenario: unknown built-in (got {str(scenario)[:60]!r}; allowed: "
                f"{', '.join(builtin_names())})",
            ]
        try:
            values = target_levers(scenario, target)
            members = target_members(scenario, target)
            desc = load_builtin(scenario).description
        except (InputError, ValueError, TypeError) as exc:
            return [no_update] * len(LEVERS) + [no_update, no_update, f"error: {exc}"]
        values = {k: round(v, 2) for k, v in values.items()}
        count = "1 country" if len(members) == 1 else f"{len(members)} countries"
        info = (
            (
                f"{count} in this scenario; sliders start at their mean "
                "2010 levers (after the scenario's own settings). Only levers you move are "
                "changed."
            )
            if members
            else "not in this scenario's world"
        )
        return [values[k] for k in LEVERS] + [values, desc, info]

    @app.callback(
        Output("job", "data"),
        Output("poll", "disabled"),
        Output("error", "children"),
        Output("run", "disabled"),
        Input("run", "n_clicks"),
        State("scenario", "value"),
        State("target", "value"),
        *lever_states,
        State("initial-levers", "data"),
        State("years", "value"),
        State("seed", "value"),
        State("runs", "value"),
        prevent_initial_call=True,
    )
    def start_run(_clicks: Any, scenario: Any, target: Any, *rest: Any):
        sliders, (initial, years, seed, runs) = rest[: len(LEVERS)], rest[len(LEVERS) :]
        initial = initial if isinstance(initial, dict) else {}
        changed = {
            k: v
            for k, v in zip(LEVERS, sliders, strict=True)
            if not isinstance(initial.get(k), int | float)
            or not isinstance(v, int | float)
            or not math.isfinite(v)
            or abs(v - initial[k]) > 1e-9
        }  # NaN too: the schema refuses it
        raw = {
            "scenario": scenario,
            "target": target,
            "levers": changed,
            "years": years,
            "seed": seed,
            "runs": runs,
        }
        try:
            job = runner.start(raw)
        except (InputError, ValueError) as exc:
            return no_update, True, f"error: {exc}", False
        return job.id, False, "", True

    @app.callback(
        Output("progress-box", "style"),
        Output("progress", "value"),
        Output("progress-text", "children"),
        Output("poll", "disabled", allow_duplicate=True),
        Output("result", "data"),
        Output("error", "children", allow_duplicate=True),
        Output("run", "disabled", allow_duplicate=True),
        Input("poll", "n_intervals"),
        State("job", "data"),
        prevent_initial_call=True,
    )
    def poll(_n: Any, job_id: Any):
        job = runner.job(job_id)
        if job is None:
            return _HIDDEN, 0, "", True, no_update, no_update, False
        if job.status == "running":
            pct = int(100 * job.done / max(job.total, 1))
            shown = _SHOWN if job.elapsed > PROGRESS_AFTER else _HIDDEN
            return (
                shown,
                pct,
                f"running: {pct} % ({job.elapsed:.1f} s)",
                False,
                no_update,
                no_update,
                True,
            )
        if job.status == "error":
            return _HIDDEN, 0, "", True, no_update, f"error: {job.error}", False
        return _HIDDEN, 100, "", True, job.result, "", False

    @app.callback(
        Output("global-graph", "figure"),
        Output("group-graph", "figure"),
        *(Output(f"{name}-graph", "figure") for name in ESSAY_GRAPHS),
        Output("headline", "children"),
        Output("status", "children"),
        Input("result", "data"),
        prevent_initial_call=True,
    )
    def show_result(result_id: Any):
        outcome = runner.result(result_id)
        if outcome is None:
            return (*[no_update] * (3 + len(ESSAY_GRAPHS)), "result expired; run again")
        cfg = outcome.config
        glob = F.global_figure(
            outcome.variant["global"],
            outcome.baseline["global"],
            label="this run",
            baseline_label="baseline",
            validate=False,
        )
        group = F.group_figure(
            outcome.variant["countries"],
            outcome.baseline["countries"],
            outcome.members,
            label=cfg.target.split(":", 1)[1],
            validate=False,
        )
        table = html.Table(headline_rows(outcome), style={"fontSize": "0.85em"})
        n = len(outcome.variant["countries"]["iso3"].unique())
        status = (
            f"done in {outcome.seconds:.1f} s: {cfg.label}; {n} countries; "
            f"means over {cfg.runs} run{'s' * (cfg.runs > 1)}"
        )
        return glob, group, *essay_figures(outcome), table, status

    @app.callback(
        Output("slot-a", "data"),
        Input("keep-a", "n_clicks"),
        State("result", "data"),
        prevent_initial_call=True,
    )
    def keep_a(_n: Any, result_id: Any):
        return result_id if runner.result(result_id) is not None else no_update

    @app.callback(
        Output("slot-b", "data"),
        Input("keep-b", "n_clicks"),
        State("result", "data"),
        prevent_initial_call=True,
    )
    def keep_b(_n: Any, result_id: Any):
        return result_id if runner.result(result_id) is not None else no_update

    @app.callback(
        Output("compare-table", "children"),
        Output("compare-graph", "figure"),
        Input("slot-a", "data"),
        Input("slot-b", "data"),
        prevent_initial_call=True,
    )
    def compare(a_id: Any, b_id: Any):
        a, b = runner.result(a_id), runner.result(b_id)
        kept = [(name, o) for name, o in (("A", a), ("B", b)) if o is not None]
        tables = html.Div(
            [_table(o, name) for name, o in kept], style={"display": "flex", "gap": "24px"}
        )
        if a is None or b is None:
            return tables, _empty("Keep a second result to compare", 400)
        fig = F.compare_figure(
            {
                f"A: {a.config.label}": a.variant["global"],
                f"B: {b.config.label}": b.variant["global"],
            },
            validate=False,
        )
        return tables, fig

    @app.callback(
        Output("download", "data"),
        Input("download-button", "n_clicks"),
        State("result", "data"),
        prevent_initial_call=True,
    )
    def download(_n: Any, result_id: Any):
        outcome = runner.result(result_id)
        if outcome is None or ctx.triggered_id != "download-button":
            return no_update
        text = build_report(
            run_from_result(outcome.first),
            run_from_result(outcome.first_baseline),
            title=f"netpolitik dashboard report: {outcome.config.label}",
        )
        return dict(content=text, filename=f"netpolitik-report-{outcome.id}.html", type="text/html")

    return app

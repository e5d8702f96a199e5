"""The pieces of the exercise web app's pages: layout, forms and the rendered pictures.

Ids are stable (the browser tests use them): ``code-input``/``join``/``join-error`` (the
join form), ``role``, ``turn-info`` (turn, status, timer), ``seat-panel`` (the decision
form: ``delta-<lever>``, ``share``, ``apply``, ``veto-club``, ``veto-applicant``,
``attribute-incident``, ``attribute-culprit``, ``sanction``, ``restrain``,
``aid-recipient``, ``aid-share``, ``submit``, ``submit-status``; the picture:
``seat-graph``, ``seat-events``), ``fac-panel`` (``start``, ``pause``, ``advance``,
``reveal``, ``deadline-minutes``, ``set-deadline``, ``inject-kind``,
``inject-countries``, ``inject-values``, ``inject``, ``fac-status``, ``submissions``,
``fac-graph``, ``fac-events``).
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import dcc, html

from netpolitik.engine.shocks import EVENT_KINDS
from netpolitik.exercise import fog
from netpolitik.exercise.decisions import MAX_AID_SHARE, MAX_LEVER_CHANGE
from netpolitik.exercise.game import Game
from netpolitik.policy import LEVERS
from netpolitik.report.exercise import indicator_figure

HIDDEN = {"display": "none"}
SHOWN = {"display": "block"}
_BOX = {"border": "1px solid #ddd", "borderRadius": "6px", "padding": "8px 12px", "margin": "8px 0"}
_LABEL = {"fontWeight": "600", "fontSize": "0.9em", "display": "block", "marginTop": "6px"}


def _multi(id_: str, options: list[str], multi: bool = True) -> dcc.Dropdown:
    return dcc.Dropdown(id=id_, options=options, multi=multi, placeholder="none")


def _lever(name: str) -> html.Div:
    return html.Div(
        [
            html.Label(
                name, htmlFor=f"delta-{name}", style={"width": "130px", "display": "inline-block"}
            ),
            dcc.Input(
                id=f"delta-{name}",
                type="number",
                value=0,
                min=-MAX_LEVER_CHANGE,
                max=MAX_LEVER_CHANGE,
                step=0.05,
                style={"width": "80px"},
            ),
        ]
    )


def seat_panel(iso3: list[str], clubs: list[str]) -> html.Div:
    form = html.Div(
        [
            html.H3("Decisions for this turn"),
            html.Span(f"lever changes (each at most ±{MAX_LEVER_CHANGE})", style=_LABEL),
            *[_lever(name) for name in LEVERS],
            html.Span("share intelligence with", style=_LABEL),
            _multi("share", iso3),
            html.Span("apply to clubs", style=_LABEL),
            _multi("apply", clubs),
            html.Span("veto an applicant (club, applicant)", style=_LABEL),
            _multi("veto-club", clubs, multi=False),
            _multi("veto-applicant", iso3, multi=False),
            html.Span("publicly attribute a detected operation (operation, culprit)", style=_LABEL),
            _multi("attribute-incident", [], multi=False),
            _multi("attribute-culprit", iso3, multi=False),
            html.Span("sanction", style=_LABEL),
            _multi("sanction", iso3),
            html.Span("restrain (lift and hold lifted your sanctions on)", style=_LABEL),
            _multi("restrain", iso3),
            html.Span(
                f"capacity-building aid (recipient, annual share of GDP ≤ {MAX_AID_SHARE})",
                style=_LABEL,
            ),
            _multi("aid-recipient", iso3, multi=False),
            dcc.Input(
                id="aid-share", type="number", min=0, max=MAX_AID_SHARE, step=0.0001, value=0.0005
            ),
            html.Button("Submit decisions", id="submit", style={"marginTop": "10px"}),
            html.Div(id="submit-status", style={"whiteSpace": "pre-line"}),
        ],
        style={**_BOX, "flex": "0 0 360px"},
    )
    picture = html.Div(
        [html.H3("Your picture"), dcc.Graph(id="seat-graph"), html.Ul(id="seat-events")],
        style={"flex": "1 1 auto", "minWidth": 0},
    )
    return html.Div([form, picture], id="seat-panel", style={**HIDDEN, "gap": "16px"})


def facilitator_panel(iso3: list[str]) -> html.Div:
    del iso3
    controls = html.Div(
        [
            html.H3("Facilitator console"),
            *[
                html.Button(label, id=i, style={"marginRight": "6px"})
                for i, label in (
                    ("start", "Start"),
                    ("pause", "Pause"),
                    ("advance", "Advance turn"),
                    ("reveal", "Reveal truth"),
                )
            ],
            html.Span("deadline (minutes from now)", style=_LABEL),
            dcc.Input(id="deadline-minutes", type="number", value=10, min=1, max=240),
            html.Button("Set deadline", id="set-deadline"),
            html.Span("inject an event at the next turn", style=_LABEL),
            dcc.Dropdown(id="inject-kind", options=list(EVENT_KINDS), value="ai_wave"),
            dcc.Input(
                id="inject-countries",
                type="text",
                placeholder="countries: ISO3,ISO3 or empty = all",
            ),
            dcc.Textarea(
                id="inject-values",
                placeholder="values as YAML, e.g. {attacker: RUS, severity: 7}",
                style={"width": "100%", "height": "50px"},
            ),
            html.Button("Inject", id="inject"),
            html.Div(id="fac-status", style={"whiteSpace": "pre-line"}),
            html.Div(id="submissions"),
        ],
        style={**_BOX, "flex": "0 0 360px"},
    )
    picture = html.Div(
        [html.H3("Everything (the truth)"), dcc.Graph(id="fac-graph"), html.Ul(id="fac-events")],
        style={"flex": "1 1 auto", "minWidth": 0},
    )
    return html.Div([controls, picture], id="fac-panel", style={**HIDDEN, "gap": "16px"})


def layout(game: Game) -> html.Div:
    iso3 = list(game.world.iso3)
    clubs = list(game.world.state.setting.clubs.names)
    join = html.Div(
        [
            html.Label("Your code", htmlFor="code-input", style=_LABEL),
            dcc.Input(id="code-input", type="password", placeholder="seat or facilitator code"),
            html.Button("Join", id="join"),
            html.Div(id="join-error", style={"color": "#b22"}),
        ],
        id="join-panel",
        style=_BOX,
    )
    return html.Div(
        [
            dcc.Store(id="code", storage_type="session"),
            dcc.Store(id="version"),
            dcc.Interval(id="tick", interval=1000),
            html.H1("netpolitik exercise", style={"marginBottom": "0"}),
            html.Div(id="turn-info", style={"fontSize": "1.1em", "margin": "4px 0"}),
            html.Div(id="role", style={"fontWeight": "600"}),
            join,
            seat_panel(iso3, clubs),
            facilitator_panel(iso3),
        ],
        style={
            "fontFamily": "system-ui, sans-serif",
            "maxWidth": "1500px",
            "margin": "0 auto",
            "padding": "0 16px",
        },
    )


def turn_info(game: Game, now: float) -> str:
    """``turn 2 of 8 · running · deadline in 04:59`` (the turn timer)."""
    c = game.controls
    head = f"turn {min(game.turn, game.cfg.turns)} of {game.cfg.turns} · {c['status']}"
    if c["status"] == "ended":
        head = f"all {game.cfg.turns} turns played · ended"
    if c["deadline"] is not None:
        left = max(0, int(c["deadline"] - now))
        head += f" · deadline in {left // 60:02d}:{left % 60:02d}"
    else:
        head += " · no deadline"
    return head + (" · truth revealed" if c["revealed"] else "")


def events_list(entries: list[dict[str, Any]]) -> list[html.Li]:
    return [
        html.Li(
            f"turn {e['turn']}, month {e.get('month', '')}: {fog.describe(e)}",
            className=f"event event-{e['kind']}",
        )
        for e in reversed(entries)
    ]


def figure(game: Game, seats: list[str]) -> go.Figure:
    if not game.world.turns:
        fig = go.Figure()
        fig.update_layout(
            height=300, annotations=[{"text": "no turn played yet", "showarrow": False}]
        )
        return fig
    return indicator_figure(game.world.turns, seats)

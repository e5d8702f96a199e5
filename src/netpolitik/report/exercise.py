"""The after-action report of an exercise: one self-contained HTML file.

Sections: the timeline of decisions and events (everything, as the facilitator saw it);
each seat's indicators over the turns; what each seat did not know at the time (the true
attackers of operations against it, false public attributions); and the counterfactual:
the same seed and injects with no human decisions (seats played by the model), with the
played-minus-counterfactual difference of every seat's indicators and the world's.
``exercise-report.html`` and ``manifest.json`` go to the output folder.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from netpolitik import __version__
from netpolitik.exercise import fog
from netpolitik.exercise.world import INDICATORS, WORLD, Turn
from netpolitik.io import atomic_path
from netpolitik.report.html import Section, render, write_html

if TYPE_CHECKING:
    from netpolitik.exercise.game import Game

REPORT_FILE = "exercise-report.html"


def indicator_figure(turns: list[Turn], seats: list[str], title: str = "") -> go.Figure:
    """One panel per indicator, one line per seat, by turn."""
    names = list(INDICATORS)
    fig = make_subplots(
        rows=(len(names) + 1) // 2, cols=2, subplot_titles=[INDICATORS[n] for n in names]
    )
    x = [t.number for t in turns]
    for k, name in enumerate(names):
        for j, seat in enumerate(seats):
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=[t.indicators[seat][name] for t in turns],
                    name=seat,
                    legendgroup=seat,
                    showlegend=k == 0,
                    mode="lines+markers",
                    line={"color": _colour(j)},
                ),
                row=k // 2 + 1,
                col=k % 2 + 1,
            )
    fig.update_layout(height=260 * ((len(names) + 1) // 2), title=title, margin={"t": 60})
    fig.update_xaxes(title_text="turn", dtick=1)
    return fig


def _colour(j: int) -> str:
    return (
        "#1f77b4",
        "#d62728",
        "#2ca02c",
        "#9467bd",
        "#ff7f0e",
        "#8c564b",
        "#e377c2",
        "#7f7f7f",
        "#bcbd22",
        "#17becf",
        "#393b79",
        "#637939",
    )[j % 12]


def difference_figure(played: list[Turn], base: list[Turn], seats: list[str]) -> go.Figure:
    """Played minus counterfactual, by turn: seats' security and reputation, world's."""
    panels = [("security", "security"), ("reputation", "reputation"), ("damage", "damage, bn US$")]
    fig = make_subplots(
        rows=1,
        cols=len(panels) + 1,
        subplot_titles=[f"seat {t}" for _, t in panels] + ["world security"],
    )
    x = [t.number for t in played]
    for k, (name, _) in enumerate(panels):
        for j, seat in enumerate(seats):
            y = [
                p.indicators[seat][name] - b.indicators[seat][name]
                for p, b in zip(played, base, strict=True)
            ]
            fig.add_trace(
                go.Bar(
                    x=x,
                    y=y,
                    name=seat,
                    legendgroup=seat,
                    showlegend=k == 0,
                    marker_color=_colour(j),
                ),
                row=1,
                col=k + 1,
            )
    y = [
        p.indicators["world"]["security"] - b.indicators["world"]["security"]
        for p, b in zip(played, base, strict=True)
    ]
    fig.add_trace(go.Bar(x=x, y=y, name="world", marker_color="#444"), row=1, col=len(panels) + 1)
    fig.update_layout(
        height=380, barmode="group", title="Played minus counterfactual (no human decisions)"
    )
    fig.update_xaxes(title_text="turn", dtick=1)
    return fig


def _table(rows: list[list[str]], head: list[str], cls: str) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows
    )
    return f"<table class='headline {cls}'><tr>{th}</tr>{body}</table>"


def timeline_html(events: list[dict]) -> str:
    rows = [[str(e["turn"]), str(e.get("month", "")), e["kind"], fog.describe(e)] for e in events]
    return _table(rows, ["turn", "month", "kind", "what happened (the truth)"], "timeline")


def unknowns_html(events: list[dict], seats: list[str]) -> str:
    parts = []
    for seat in seats:
        rows = [
            [str(e["turn"]), str(e.get("month", "")), e["unknown"]]
            for e in fog.unknowns(events, seat)
        ]
        inner = (
            _table(rows, ["turn", "month", "not known"], f"unknown-{seat}")
            if rows
            else "<p>nothing hidden</p>"
        )
        parts.append(f"<h3 id='unknown-{seat}'>{seat} did not know</h3>{inner}")
    return "".join(parts)


def build_exercise_report(game: Game) -> str:
    """The report of ``game`` as an HTML string."""
    cfg, turns = game.cfg, game.world.turns
    events = game.timeline()
    base = game.counterfactual().turns
    sections = [
        Section(
            "timeline",
            "Timeline",
            "Every decision and event, turn by turn, with the truth.",
            before=timeline_html(events),
        ),
        Section(
            "indicators",
            "Indicators per seat",
            "Each seat's indicators at the end of each turn.",
            indicator_figure(turns, cfg.seats) if turns else None,
        ),
        Section(
            "fog",
            "What each seat did not know",
            "Operations against the seat whose attacker it never learned from a true public "
            "attribution, and public attributions that named the wrong state.",
            before=unknowns_html(events, cfg.seats),
        ),
        Section(
            "counterfactual",
            "Counterfactual",
            "The same scenario, seed and injects with no human decisions: the seats' countries "
            "played by the model's adaptation policy like every other state.",
            difference_figure(turns, base, cfg.seats) if turns else None,
        ),
    ]
    world = _table(
        [[str(t.number), *(f"{t.indicators['world'][k]:.3f}" for k in WORLD)] for t in turns],
        ["turn", *WORLD],
        "world",
    )
    sub = (
        f"scenario {html.escape(cfg.scenario)}, seats {', '.join(cfg.seats)}, "
        f"{len(turns)} of {cfg.turns} turns of {cfg.turn_months} months, seed {cfg.seed}"
    )
    return render(
        "netpolitik exercise: after-action report", sub, sections, "<h2>World</h2>" + world
    )


def write_exercise_report(game: Game, out: str | Path) -> Path:
    """Write ``exercise-report.html`` and ``manifest.json`` to the folder ``out``."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    path = write_html(folder / REPORT_FILE, build_exercise_report(game))
    manifest = {
        "kind": "netpolitik-exercise-report",
        "version": __version__,
        "exercise": str(game.store.path),
        "config": game.cfg.model_dump(),
        "turns": [{"turn": t.number, "digest": t.digest} for t in game.world.turns],
    }
    with atomic_path(folder / "manifest.json") as tmp:
        tmp.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return path

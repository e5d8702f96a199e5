"""The exercise web app (Dash): a facilitator console and one page per seat.

Everyone opens the same address and joins with a code (:mod:`netpolitik.exercise.seats`);
the code is kept in the browser tab's session storage and checked on the server in every
callback, so a team can act only for its own seat and see only its own picture
(:mod:`netpolitik.exercise.fog`). Every input goes through the exercise's validation
(:mod:`netpolitik.exercise.decisions`, :mod:`~netpolitik.exercise.injects`) on the
server. A once-a-second poll shows the turn timer and advances the turn when the
facilitator's deadline has passed. :func:`serve` binds 127.0.0.1 by default.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import yaml
from dash import Dash, Input, Output, State, ctx, html, no_update

from netpolitik.dashboard import check_address
from netpolitik.dashboard.app import MAX_REQUEST_BYTES
from netpolitik.dashboard.exercise_views import HIDDEN, events_list, figure, layout, turn_info
from netpolitik.errors import InputError
from netpolitik.exercise.game import Game
from netpolitik.exercise.seats import FACILITATOR
from netpolitik.policy import LEVERS

_FLEX = {"display": "flex", "gap": "16px"}
_FORM = [
    "share",
    "apply",
    "veto-club",
    "veto-applicant",
    "attribute-incident",
    "attribute-culprit",
    "sanction",
    "restrain",
    "aid-recipient",
    "aid-share",
]


def decision_data(levers: list[Any], form: dict[str, Any]) -> dict[str, Any]:
    """A raw decision from the form's values (validated afterwards by the game)."""
    data: dict[str, Any] = {}
    changes = {name: v for name, v in zip(LEVERS, levers, strict=True) if v not in (None, 0, "")}
    if changes:
        data["levers"] = changes
    for key in ("share", "apply", "sanction", "restrain"):
        if form[key]:
            data[key] = form[key]
    if form["veto-club"] or form["veto-applicant"]:
        data["veto"] = [{"club": form["veto-club"], "applicant": form["veto-applicant"]}]
    if form["attribute-incident"] or form["attribute-culprit"]:
        data["attribute"] = [
            {"incident": form["attribute-incident"], "culprit": form["attribute-culprit"]}
        ]
    if form["aid-recipient"]:
        data["aid"] = [{"recipient": form["aid-recipient"], "share": form["aid-share"]}]
    return data


def inject_data(kind: Any, countries: Any, values: Any) -> dict[str, Any]:
    """A raw inject from the console's fields (values as YAML text)."""
    if values is not None and (not isinstance(values, str) or len(values) > 2000):
        raise InputError("inject.values: expected YAML text of at most 2000 characters")
    try:
        parsed = yaml.safe_load(values) if values else {}
    except yaml.YAMLError:
        raise InputError(
            "inject.values: not valid YAML; write e.g. {attacker: RUS, severity: 7}"
        ) from None
    return {"kind": kind, "countries": countries or "all", "values": parsed or {}}


def _signature(game: Game, role: str | None) -> list[Any]:
    c = game.controls
    return [
        role,
        game.turn,
        c["revealed"],
        c["status"],
        game.submitted(),
        len(game.store.injects(game.turn)),
    ]


def create_app(game: Game) -> Dash:
    """The Dash app for ``game`` (debug tools off, assets served locally)."""
    app = Dash(__name__, title="netpolitik exercise", update_title=None, serve_locally=True)  # type: ignore[arg-type]
    app.layout = layout(game)
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES

    @app.callback(
        Output("code", "data"),
        Output("join-error", "children"),
        Input("join", "n_clicks"),
        State("code-input", "value"),
        prevent_initial_call=True,
    )
    def join(_n: Any, code: Any):
        if game.role(code) is None:
            return no_update, "code: not a code of this exercise; ask the facilitator for yours"
        return code, ""

    @app.callback(
        Output("turn-info", "children"),
        Output("version", "data"),
        Input("tick", "n_intervals"),
        Input("code", "data"),
        State("version", "data"),
    )
    def clock(_n: Any, code: Any, seen: Any):
        now = time.time()
        try:
            game.tick(now)
        except InputError:
            pass
        sig = _signature(game, game.role(code))
        return turn_info(game, now), (sig if sig != seen else no_update)

    @app.callback(
        Output("role", "children"),
        Output("join-panel", "style"),
        Output("seat-panel", "style"),
        Output("fac-panel", "style"),
        Output("seat-graph", "figure"),
        Output("seat-events", "children"),
        Output("attribute-incident", "options"),
        Output("fac-graph", "figure"),
        Output("fac-events", "children"),
        Output("submissions", "children"),
        Input("version", "data"),
        State("code", "data"),
    )
    def render(_v: Any, code: Any):
        role = game.role(code)
        if role is None:
            return ("", {"display": "block"}, HIDDEN, HIDDEN, no_update, [], [], no_update, [], "")
        with game.lock:
            view = events_list(game.view(role))
            if role == FACILITATOR:
                done = ", ".join(game.submitted()) or "none yet"
                return (
                    f"facilitator of {', '.join(game.cfg.seats)}",
                    HIDDEN,
                    HIDDEN,
                    _FLEX,
                    no_update,
                    [],
                    [],
                    figure(game, list(game.cfg.seats)),
                    view,
                    f"submitted this turn: {done}",
                )
            options = sorted(game.world.context(role).incidents)
            return (
                f"seat {role}",
                HIDDEN,
                _FLEX,
                HIDDEN,
                figure(game, [role]),
                view,
                options,
                no_update,
                [],
                "",
            )

    form_out = [Output(f"delta-{name}", "value") for name in LEVERS] + [
        Output(i, "value") for i in _FORM
    ]
    cleared = [0] * len(LEVERS) + [None] * (len(_FORM) - 1) + [0.0005]
    unchanged = [no_update] * len(form_out)

    @app.callback(
        Output("submit-status", "children"),
        *form_out,
        Input("submit", "n_clicks"),
        State("code", "data"),
        *[State(f"delta-{name}", "value") for name in LEVERS],
        *[State(i, "value") for i in _FORM],
        prevent_initial_call=True,
    )
    def submit(_n: Any, code: Any, *values: Any):
        role = game.role(code)
        if role is None or role == FACILITATOR:
            return "error: code: not a seat code; join with your seat's code", *unchanged
        levers, form = (
            list(values[: len(LEVERS)]),
            dict(zip(_FORM, values[len(LEVERS) :], strict=True)),
        )
        turn = game.turn
        try:
            decision = game.submit(role, decision_data(levers, form))
        except InputError as exc:
            return f"error: {exc}", *unchanged
        shown = decision.model_dump(exclude_defaults=True) or "hold course"
        return f"submitted for turn {turn} ✓ {shown}", *cleared

    @app.callback(
        Output("fac-status", "children"),
        *[
            Input(i, "n_clicks")
            for i in ("start", "pause", "advance", "reveal", "set-deadline", "inject")
        ],
        State("code", "data"),
        State("deadline-minutes", "value"),
        State("inject-kind", "value"),
        State("inject-countries", "value"),
        State("inject-values", "value"),
        prevent_initial_call=True,
    )
    def control(*args: Any):
        code, minutes, kind, countries, values = args[6:]
        if game.role(code) != FACILITATOR:
            return "error: code: not the facilitator's code"
        action = ctx.triggered_id
        try:
            if action == "start":
                game.start()
            elif action == "pause":
                game.pause()
            elif action == "advance":
                turn = game.advance()
                return f"turn {turn.number} played"
            elif action == "reveal":
                game.reveal()
            elif action == "set-deadline":
                game.set_deadline(minutes, time.time())
            elif action == "inject":
                game.inject(inject_data(kind, countries, values))
                return f"{kind} scheduled for turn {game.turn}"
        except InputError as exc:
            return f"error: {exc}"
        return f"{action}: done"

    return app


def serve(file: str | Path, host: str = "127.0.0.1", port: int = 8060) -> None:
    """Serve the exercise in ``file`` until interrupted (resuming where it was)."""
    check_address(host, port)
    try:
        import dash  # noqa: F401
    except ImportError:
        raise InputError(
            "exercise serve: Dash is not installed; `pip install 'netpolitik[dashboard]'`"
        ) from None
    game = Game(file)
    app = create_app(game)
    print(
        f"netpolitik exercise: http://{host}:{port}/ "
        f"(turn {game.turn} of {game.cfg.turns}; Ctrl+C to stop)",
        file=sys.stderr,
        flush=True,
    )
    app.run(host=host, port=port, debug=False, dev_tools_ui=False, dev_tools_hot_reload=False)


__all__ = ["create_app", "decision_data", "inject_data", "serve", "html"]

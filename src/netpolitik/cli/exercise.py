"""``netpolitik exercise``: create, serve, play headless and report a turn-based exercise.

See ``docs/exercise.md``. Bad input is one ``error:`` line and exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from netpolitik.cli.app import app
from netpolitik.cli.scenarios import scenario_errors

exercise_app = typer.Typer(
    help="A turn-based cyber-diplomacy exercise: seats play countries, the model the rest.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(exercise_app, name="exercise")

FILE_HELP = "The exercise file (SQLite) made by `netpolitik exercise new`."


@exercise_app.command("new")
def new_command(
    scenario: str = typer.Argument(..., help="Built-in scenario name or YAML file."),
    seats: str = typer.Option(..., "--seats", help="Comma-separated ISO3 codes, e.g. USA,CHN,EST."),
    turns: int = typer.Option(8, "--turns", help="Number of turns (1-40)."),
    turn_months: int = typer.Option(
        3, "--turn-months", help="Months per turn (1-12; 3 = a quarter)."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the exercise's random draws."),
    db: Path = typer.Option(..., "--db", help="New exercise file to create (SQLite)."),
) -> None:
    """Create an exercise file and print the seat codes and the facilitator code."""
    from netpolitik.exercise import Game, make_config
    from netpolitik.exercise.seats import FACILITATOR

    cfg = make_config(
        scenario=scenario, seats=seats, turns=turns, turn_months=turn_months, seed=seed
    )
    with scenario_errors():
        game, codes = Game.create(db, cfg)
    game.store.close()
    print(
        f"exercise {db}: scenario {cfg.scenario}, {cfg.turns} turns of "
        f"{cfg.turn_months} months, seed {cfg.seed}"
    )
    print("codes (shown once; hand each team its own):")
    for role, code in codes.items():
        label = "facilitator" if role == FACILITATOR else f"seat {role}"
        print(f"  {label:<14} {code}")


@exercise_app.command("serve")
def serve_command(
    file: Path = typer.Argument(..., help=FILE_HELP),
    port: int = typer.Option(8060, "--port", "-p", help="TCP port to listen on."),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to bind (default: this machine only)."
    ),
) -> None:
    """Serve the exercise in the browser: the facilitator console and the seat pages."""
    from netpolitik.dashboard.exercise import serve

    serve(file, host=host, port=port)


@exercise_app.command("play")
def play_command(
    file: Path = typer.Argument(..., help=FILE_HELP),
    decisions: Path = typer.Option(
        ..., "--decisions", help="YAML decision log (see docs/exercise.md)."
    ),
) -> None:
    """Advance headless from a scripted decision log (replays, tests, homework)."""
    from netpolitik.errors import InputError
    from netpolitik.exercise import Game
    from netpolitik.exercise.script import load_script

    script = load_script(decisions)
    with scenario_errors():
        game = Game(file)
    for entry in script.turns:
        if entry.turn < game.turn:
            print(f"note: turn {entry.turn} was played already; skipped", file=sys.stderr)
            continue
        if entry.turn > game.turn:
            raise InputError(
                f"turns: turn {entry.turn} comes before turn {game.turn} was played; "
                "list every turn in order"
            )
        for k, data in enumerate(entry.injects):
            try:
                game.inject(data)
            except InputError as exc:
                raise InputError(f"turns[{entry.turn}].injects[{k}]: {exc}") from None
        for seat, data in entry.decisions.items():
            try:
                game.submit(seat.upper(), data)
            except InputError as exc:
                raise InputError(f"turns[{entry.turn}].decisions.{seat}: {exc}") from None
        turn = game.advance()
        print(f"turn {turn.number}: {len(turn.events)} events; state {turn.digest[:16]}")
    print(f"{len(game.world.turns)} of {game.cfg.turns} turns played")


@exercise_app.command("log")
def log_command(
    file: Path = typer.Argument(..., help=FILE_HELP),
    out: Path = typer.Option(..., "--out", help="YAML file to write the decision log to."),
) -> None:
    """Write the played turns' decisions and injects as a YAML log (to replay with `play`)."""
    from netpolitik.exercise import Game
    from netpolitik.exercise.script import dump_script

    with scenario_errors():
        game = Game(file)
    dump_script(game.played_log(), out)
    print(f"wrote {out}: {len(game.world.turns)} turns")


@exercise_app.command("report")
def report_command(
    file: Path = typer.Argument(..., help=FILE_HELP),
    out: Path = typer.Option(..., "--out", help="Folder to write exercise-report.html to."),
) -> None:
    """Write the after-action report: timeline, indicators, fog, counterfactual."""
    from netpolitik.exercise import Game
    from netpolitik.report.exercise import write_exercise_report

    with scenario_errors():
        game = Game(file)
    path = write_exercise_report(game, out)
    print(f"wrote {path}")

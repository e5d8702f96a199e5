"""``netpolitik scenarios``: list the built-in scenarios, show one as YAML, check a file.

Scenario problems (:class:`~netpolitik.errors.ScenarioError`) are printed one per line,
``error: path.to.field: message (got X; allowed ...)``, with exit code 2.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.table import Table

from netpolitik.cli.app import app
from netpolitik.cli.output import FORMAT_HELP, Format, emit, resolve
from netpolitik.errors import ScenarioError

scenarios_app = typer.Typer(
    help="Built-in scenarios: list them, show one as YAML to copy and edit, check a file.",
    no_args_is_help=False,
    add_completion=False,
)
app.add_typer(scenarios_app, name="scenarios")


@contextmanager
def scenario_errors() -> Iterator[None]:
    """Print every problem of a ScenarioError on its own ``error:`` line; exit code 2."""
    try:
        yield
    except ScenarioError as exc:
        for line in exc.problems:
            print(f"error: {line}", file=sys.stderr)
        raise typer.Exit(2) from None


def print_notes(notes: list[str]) -> None:
    """Notes about a built scenario (e.g. an event after the horizon), on stderr."""
    for note in notes:
        print(f"note: {note}", file=sys.stderr)


@scenarios_app.callback(invoke_without_command=True)
def scenarios_command(
    ctx: typer.Context,
    fmt: Format = typer.Option(Format.auto, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """List the built-in scenarios: name, what they set up, and the expected outcome."""
    if ctx.invoked_subcommand is not None:
        return
    from netpolitik.scenario.library import builtin_names, load_builtin

    if resolve(fmt) is not Format.table:
        import pandas as pd

        with scenario_errors():
            rows = [
                (n, s.description, s.expected) for n in builtin_names() for s in [load_builtin(n)]
            ]
        emit(pd.DataFrame(rows, columns=["name", "description", "expected"]), fmt, print)
        return
    table = Table(
        title="netpolitik built-in scenarios (run: `netpolitik run NAME`; "
        "copy: `netpolitik scenarios show NAME > my.yaml`)",
        show_lines=True,
    )
    table.add_column("name", no_wrap=True, style="bold")
    table.add_column("description", ratio=3)
    table.add_column("expected outcome", ratio=2)
    with scenario_errors():
        for name in builtin_names():
            s = load_builtin(name)
            table.add_row(name, s.description, s.expected)
    Console().print(table)


@scenarios_app.command("show")
def show_command(
    name: str = typer.Argument(
        ..., metavar="NAME", help="Built-in scenario name (see `netpolitik scenarios`)."
    ),
) -> None:
    """Print a built-in scenario as YAML, to copy, edit and run with `netpolitik run FILE`."""
    from netpolitik.scenario.library import builtin_text

    with scenario_errors():
        text = builtin_text(name)
    typer.echo(text, nl=not text.endswith("\n"))


@scenarios_app.command("check")
def check_command(
    scenario: str = typer.Argument(
        ..., metavar="NAME_OR_FILE", help="Built-in scenario name or a YAML file."
    ),
) -> None:
    """Validate a scenario without running it; print what it sets up."""
    from netpolitik.scenario.library import load_scenario
    from netpolitik.scenario.run import prepare

    with scenario_errors():
        s = load_scenario(scenario)
        built = prepare(s)
    print_notes(built.notes)
    clubs = [c.name for c in s.clubs]
    typer.echo(
        f"ok: {s.name}: {built.setting.n} countries, {built.steps} months from "
        f"{built.start}, seed {built.seed}, {len(built.setting.events)} events, "
        f"clubs changed or added: {', '.join(clubs) or 'none'}, "
        f"adaptation {built.setting.adaptation}"
    )

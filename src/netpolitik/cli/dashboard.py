"""``netpolitik dashboard``: serve the interactive dashboard (optional extra)."""

from __future__ import annotations

import typer

from netpolitik.cli.app import app


@app.command("dashboard")
def dashboard_command(
    port: int = typer.Option(8050, "--port", "-p", help="TCP port to listen on."),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to bind (default: this machine only)."
    ),
    memory_budget: float = typer.Option(
        2.0,
        "--memory-budget",
        help="GiB the dashboard may "
        "hold for cached baselines, kept results and running "
        "jobs together; a run that would exceed it is "
        "answered 'busy'.",
    ),
) -> None:
    """Open the interactive dashboard: pick a scenario, set levers, run, compare."""
    from netpolitik.dashboard import serve

    serve(host=host, port=port, memory_budget=memory_budget)

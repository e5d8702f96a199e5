"""``netpolitik report RUN_DIR`` and ``netpolitik export RUN_DIR --to DIR``.

Plotly and networkx are imported when a command runs, not when the CLI starts.
"""

from __future__ import annotations

from pathlib import Path

import typer

from netpolitik.cli.app import app


@app.command("report")
def report_command(
    run_dir: Path = typer.Argument(..., help="Run folder written by `netpolitik run`."),
    out: Path = typer.Option(None, "--out", "-o",
                             help="Report file (default RUN_DIR/report.html)."),
    baseline: Path = typer.Option(None, "--baseline", "-b",
                                  help="Another run folder to draw as the baseline."),
) -> None:
    """Rebuild the self-contained report.html of a run from its stored outputs."""
    from netpolitik.report import write_report

    path = write_report(run_dir, out, baseline=baseline)
    typer.echo(f"report: {path}")


@app.command("export")
def export_command(
    run_dir: Path = typer.Argument(..., help="Run folder written by `netpolitik run`."),
    to: Path = typer.Option(..., "--to", help="Folder to write the exports to."),
) -> None:
    """Export the trust and sharing network (GraphML, GEXF for Gephi) and every table
    as CSV."""
    from netpolitik.report import export_run

    for path in export_run(run_dir, to):
        typer.echo(str(path))

"""``netpolitik report RUN_DIR`` and ``netpolitik export RUN_DIR --out DIR``.

Plotly and networkx are imported when a command runs, not when the CLI starts. Both
write through :mod:`netpolitik.io`: an existing target is replaced only with
``--overwrite`` and only when netpolitik wrote it.
"""

from __future__ import annotations

from pathlib import Path

import typer

from netpolitik.cli.app import app
from netpolitik.errors import InputError

OVERWRITE_HELP = "Replace an existing --out (only one that netpolitik wrote)."


def pick_out(out: Path | None, old: Path | None, old_name: str) -> Path | None:
    """``--out``, or the value of its older name (a hidden alias); not both."""
    if out is not None and old is not None and out != old:
        raise InputError(
            f"--out and {old_name}: give only one (they name the same output; "
            f"{old_name} is the older name)"
        )
    return out if out is not None else old


@app.command("report")
def report_command(
    run_dir: Path = typer.Argument(..., help="Run folder written by `netpolitik run`."),
    out: Path = typer.Option(
        None, "--out", "-o", help="Report file (default RUN_DIR/report.html, rebuilt)."
    ),
    baseline: Path = typer.Option(
        None, "--baseline", "-b", help="Another run folder to draw as the baseline."
    ),
    overwrite: bool = typer.Option(False, "--overwrite", help=OVERWRITE_HELP),
) -> None:
    """Rebuild the self-contained report.html of a run from its stored outputs."""
    from netpolitik.report import write_report

    path = write_report(run_dir, out, baseline=baseline, overwrite=overwrite)
    typer.echo(f"report: {path}")


@app.command("export")
def export_command(
    run_dir: Path = typer.Argument(..., help="Run folder written by `netpolitik run`."),
    out: Path = typer.Option(
        None,
        "--out",
        "-o",
        help="Folder to write the exports to (default runs/<RUN_DIR name>-export).",
    ),
    to: Path = typer.Option(None, "--to", hidden=True, help="Older name of --out."),
    overwrite: bool = typer.Option(False, "--overwrite", help=OVERWRITE_HELP),
) -> None:
    """Export the trust and sharing network (GraphML, GEXF for Gephi) and every table
    as CSV."""
    from netpolitik.report import export_run

    target = pick_out(out, to, "--to") or Path("runs") / f"{run_dir.name}-export"
    for path in export_run(
        run_dir,
        target,
        overwrite=overwrite,
        option="--to" if to is not None and out is None else "--out",
    ):
        typer.echo(str(path))

"""The visual layer: a self-contained ``report.html`` per run, exports for other tools.

* :func:`write_report` (run folder -> ``report.html``), :func:`write_compare_report`
  (run folders), :func:`write_ensemble_report` (``compare``'s ensembles),
  :func:`write_experiment_report`: offline HTML with Plotly's JavaScript inlined.
* :func:`network_frame`: the final trust and sharing network of a run, the
  ``network.parquet`` table.
* :func:`export_run`: GraphML and GEXF (for Gephi) and CSVs of every table.
* :mod:`netpolitik.report.figures`: every figure as a function of plain DataFrames.

See ``docs/report.md``.
"""

from netpolitik.report.data import load_run, network_frame, run_from_result
from netpolitik.report.ensembles import ensemble_intervals, write_ensemble_report
from netpolitik.report.export import export_run, network_graph
from netpolitik.report.figures import (
    interval_band_figure,
    pareto_figure,
    pareto_front,
    sensitivity_figure,
)
from netpolitik.report.html import (
    REPORT_NAME,
    build_report,
    write_compare_report,
    write_experiment_report,
    write_report,
)

__all__ = [
    "REPORT_NAME",
    "build_report",
    "ensemble_intervals",
    "export_run",
    "interval_band_figure",
    "load_run",
    "network_frame",
    "network_graph",
    "pareto_figure",
    "pareto_front",
    "run_from_result",
    "sensitivity_figure",
    "write_compare_report",
    "write_ensemble_report",
    "write_experiment_report",
    "write_report",
]

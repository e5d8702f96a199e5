"""The report's firm and harmonisation figures (:mod:`netpolitik.report.essay_figures`)."""

from __future__ import annotations

import pandas as pd

from netpolitik.engine.firms import FIRMS
from netpolitik.report import essay_figures as EF
from netpolitik.report.data import run_from_result
from netpolitik.report.html import run_sections
from netpolitik.scenario import load_builtin, run_scenario


def test_report_shows_firms_consortia_and_harmonisation():
    """Verification: a public-private consortium run's report has the three sections,
    with a line per firm and host, a line per consortium with firms, and the dispersion."""
    scenario = load_builtin("public_private_consortium").model_copy(
        update={"countries": ["USA", "DEU", "FRA", "GBR", "JPN", "CHN", "EST"], "years": 1}
    )
    run = run_from_result(run_scenario(scenario, seed=0))
    sections = {s.id: s for s in run_sections(run)}
    assert len(sections["firms"].figure.data) == 2 * len(FIRMS)
    assert len(sections["harmonisation"].figure.data) == 1
    consortia = {t.name for t in sections["firm-consortia"].figure.data}
    assert consortia <= {"OECD_FINANCE", "OECD_INDUSTRY"} and "OECD_FINANCE" in consortia


def test_old_run_folders_get_a_note_not_an_error():
    """Verification: tables without the new columns or rows draw an explanatory note."""
    fig = EF.harmonisation_figure(pd.DataFrame({"step": [1]}))
    assert not fig.data and "older version" in fig.layout.annotations[0].text
    assert not EF.firm_location_figure(None).data
    assert not EF.firm_consortium_figure(pd.DataFrame()).data

"""Tests for the DCID reader and the hindcast scoring harness (synthetic data only)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netpolitik.errors import InputError
from netpolitik.validate.dcid import (
    cow_number_to_abbreviation,
    filter_period,
    read_dcid,
)
from netpolitik.validate.hindcast import (
    METRICS,
    auc_dyads,
    gravity_baseline,
    hindcast_table,
    initiator_shares,
    observed_matrix,
    persistence_baseline,
    run_hindcast,
    score,
    spearman_dyads,
    top_k_overlap,
)

FIXTURE = Path(__file__).parent / "fixtures" / "dcid_synthetic.csv"
FIXTURE_STATES = ["USA", "RUS", "CHN", "IRN", "ISR", "PRK", "ROK", "EST", "UKR", "GRG", "JPN"]
FIXTURE_STATES += ["IND", "PAK"]


@pytest.fixture
def raw() -> pd.DataFrame:
    return pd.read_csv(FIXTURE)


@pytest.fixture
def incidents() -> pd.DataFrame:
    return read_dcid(FIXTURE)


def write_csv(frame: pd.DataFrame, tmp_path: Path, name: str = "dcid.csv") -> Path:
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def directed(*pairs: tuple[str, str, int]) -> pd.DataFrame:
    """Directed incidents from (attacker, target, count) triples, all in 2012."""
    rows = [(a, t, 2012, 3) for a, t, count in pairs for _ in range(count)]
    return pd.DataFrame(rows, columns=["attacker", "target", "year", "severity"])


# --- reading ------------------------------------------------------------------------------


def test_read_raw_csv_directs_by_initiator(incidents: pd.DataFrame) -> None:
    assert list(incidents.columns) == ["attacker", "target", "year", "severity"]
    assert len(incidents) == 33
    assert incidents.iloc[0].tolist() == ["RUS", "USA", 2003, 3]
    assert incidents.iloc[11].tolist() == ["USA", "IRN", 2009, 5]
    assert incidents["year"].between(2000, 2019).all()
    assert incidents["year"].min() == 2000 and incidents["year"].max() == 2019
    assert incidents["year"].dtype == np.int64 and incidents["severity"].dtype == np.int64


def test_xlsx_with_real_dates_matches_csv(
    raw: pd.DataFrame, incidents: pd.DataFrame, tmp_path: Path
) -> None:
    sheet = raw.copy()
    for column in ("interactionstartdate", "interactionenddate"):
        sheet[column] = pd.to_datetime(sheet[column], format="%m/%d/%Y")
    path = tmp_path / "dcid.xlsx"
    sheet.to_excel(path, index=False)
    pd.testing.assert_frame_equal(read_dcid(path), incidents)


def test_directed_csv_round_trip(incidents: pd.DataFrame, tmp_path: Path) -> None:
    pd.testing.assert_frame_equal(read_dcid(write_csv(incidents, tmp_path)), incidents)


def test_state_names_and_dyadpair_fallback(
    raw: pd.DataFrame, incidents: pd.DataFrame, tmp_path: Path
) -> None:
    names = {2: "US", 365: "Russia", 710: "China", 731: "N Korea", 732: "S Korea"}
    named = raw.assign(StateA=raw["StateA"].map(lambda c: names.get(c, c))).astype(object)
    named.loc[0, "StateB"] = "Ruritania"  # unknown name: target recovered from Dyadpair
    pd.testing.assert_frame_equal(read_dcid(write_csv(named, tmp_path)), incidents)


def test_date_aliases_and_bare_years(raw: pd.DataFrame, tmp_path: Path) -> None:
    renamed = raw.rename(columns={"interactionstartdate": "Start Date"})
    renamed["Start Date"] = renamed["Start Date"].str[-4:].astype(int)
    assert read_dcid(write_csv(renamed, tmp_path))["year"].tolist() == (
        read_dcid(FIXTURE)["year"].tolist()
    )


def test_filter_period(incidents: pd.DataFrame) -> None:
    assert len(filter_period(incidents, 2010, 10)) == 21
    assert len(filter_period(incidents, 2000, 10)) == 12
    with pytest.raises(InputError, match="years"):
        filter_period(incidents, 2010, 0)


def test_cow_lookup() -> None:
    assert cow_number_to_abbreviation(365) == "RUS"
    with pytest.raises(InputError, match="unknown COW code 999"):
        cow_number_to_abbreviation(999)


# --- validation errors --------------------------------------------------------------------


def assert_one_line(error: pytest.ExceptionInfo[InputError], *parts: str) -> None:
    message = str(error.value)
    assert "\n" not in message
    for part in parts:
        assert part in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        read_dcid(tmp_path / "nope.xlsx")
    assert_one_line(error, "nope.xlsx", "file not found")


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "dcid.txt"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(InputError) as error:
        read_dcid(path)
    assert_one_line(error, "dcid.txt", "unknown extension '.txt'", ".xlsx")


def test_missing_columns_listed(raw: pd.DataFrame, tmp_path: Path) -> None:
    path = write_csv(raw.drop(columns=["initiator", "severity"]), tmp_path)
    with pytest.raises(InputError) as error:
        read_dcid(path)
    assert_one_line(error, "dcid.csv", "missing column(s) initiator, severity")
    assert_one_line(error, "interactionstartdate", "attacker, target, year, severity")


def test_missing_directed_columns(incidents: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        read_dcid(write_csv(incidents.drop(columns=["year"]), tmp_path))
    assert_one_line(error, "missing column(s) year")


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("StateA", "Atlantis", "'Atlantis' is neither a numeric COW code"),
        ("initiator", "Russia", "initiator 'Russia' is not a numeric COW code"),
        ("StateB", 999, "unknown COW code 999"),
        ("initiator", 998, "unknown COW code 998"),
        ("initiator", 740, "initiator 740 (JPN) is not one of the two states"),
        ("interactionstartdate", "sometime", "cannot read a date"),
        ("interactionstartdate", "2/30/2010", "'2/30/2010' is not a real calendar date"),
        ("interactionstartdate", "Feb 30 2010", "is not a real calendar date"),
        ("interactionstartdate", "2012.7", "'2012.7' is a fractional year"),
        ("severity", "high", "severity 'high' is not an integer"),
    ],
)
def test_bad_rows(raw: pd.DataFrame, tmp_path: Path, column: str, value, expected: str) -> None:
    bad = raw.drop(columns=["Dyadpair"]).astype({column: object})
    bad.loc[2, column] = value
    path = write_csv(bad, tmp_path)
    with pytest.raises(InputError) as error:
        read_dcid(path)
    assert_one_line(error, "dcid.csv", "row 4:", expected)
    with pytest.warns(UserWarning, match="dropped 1 bad rows"):
        assert len(read_dcid(path, drop_invalid=True)) == 32


def test_unknown_abbreviation_in_directed_table(incidents: pd.DataFrame, tmp_path: Path) -> None:
    bad = incidents.copy()
    bad.loc[5, "target"] = "XYZ"
    with pytest.raises(InputError) as error:
        read_dcid(write_csv(bad, tmp_path))
    assert_one_line(error, "row 7:", "'XYZ'")


# --- metrics ------------------------------------------------------------------------------

CODES = ["USA", "RUS", "CHN", "IRN"]
OBSERVED = directed(
    ("RUS", "USA", 5), ("CHN", "USA", 4), ("USA", "IRN", 3), ("IRN", "USA", 2), ("CHN", "RUS", 1)
)


def test_perfect_prediction_scores_one() -> None:
    perfect = observed_matrix(OBSERVED, CODES)
    assert spearman_dyads(perfect, CODES, OBSERVED) == pytest.approx(1.0)
    assert auc_dyads(perfect, CODES, OBSERVED) == 1.0
    assert top_k_overlap(perfect, CODES, OBSERVED) == 1.0
    assert initiator_shares(perfect, CODES, OBSERVED)["tvd"] == pytest.approx(0.0)


def test_reversed_ranking_gives_spearman_minus_one() -> None:
    counts = observed_matrix(OBSERVED, CODES)
    reversed_pred = counts.max() + 1 - counts
    np.fill_diagonal(reversed_pred, 0.0)
    assert spearman_dyads(reversed_pred, CODES, OBSERVED) == pytest.approx(-1.0)
    assert auc_dyads(reversed_pred, CODES, OBSERVED) == 0.0


def test_constant_prediction() -> None:
    constant = np.ones((4, 4))
    assert auc_dyads(constant, CODES, OBSERVED) == 0.5
    assert np.isnan(spearman_dyads(constant, CODES, OBSERVED))


def test_auc_with_ties_by_hand() -> None:
    codes = ["USA", "RUS", "CHN"]
    observed = directed(("USA", "RUS", 1), ("RUS", "USA", 1))
    pred = np.zeros((3, 3))
    pred[0, 1], pred[1, 0], pred[2, 0] = 2.0, 1.0, 1.0
    # positives {2, 1} vs negatives {1, 0, 0, 0}: (4 + 3.5) / 8
    assert auc_dyads(pred, codes, observed) == pytest.approx(7.5 / 8)


def test_top_k_overlap_by_hand_and_ties() -> None:
    pred = np.zeros((4, 4))
    pred[1, 0], pred[3, 0], pred[0, 3] = 9.0, 8.0, 7.0  # RUS>USA, IRN>USA, USA>IRN
    # observed top-2: RUS>USA (5), CHN>USA (4); predicted top-2: RUS>USA, IRN>USA
    assert top_k_overlap(pred, CODES, OBSERVED, k=2) == 0.5
    # only 5 observed dyads, so the top-10 lists have length 5; 3 of them are predicted
    assert top_k_overlap(pred, CODES, OBSERVED, k=10) == pytest.approx(3 / 5)
    tied = directed(("USA", "RUS", 1), ("CHN", "USA", 1))  # tie broken alphabetically
    only_chn = np.zeros((4, 4))
    only_chn[2, 0] = 1.0
    assert top_k_overlap(only_chn, CODES, tied, k=1) == 1.0


def test_initiator_shares_by_hand() -> None:
    codes = ["USA", "RUS", "CHN"]
    observed = directed(("USA", "RUS", 1), ("RUS", "USA", 1))
    pred = np.zeros((3, 3))
    pred[0, 1], pred[1, 0], pred[2, 0] = 2.0, 1.0, 1.0
    shares = initiator_shares(pred, codes, observed)
    assert shares["l1"] == pytest.approx(0.5)
    assert shares["tvd"] == pytest.approx(0.25)
    assert shares["predicted_top"][0] == ("USA", 0.5)
    assert [code for code, _ in shares["observed_top"]] == ["RUS", "USA"]


def test_unmodelled_observed_states_count_as_zero() -> None:
    observed = pd.concat([OBSERVED, directed(("PRK", "USA", 2))], ignore_index=True)
    result = score(observed_matrix(OBSERVED, CODES), CODES, observed)
    assert result["unmodelled_states"] == ["PRK"]
    assert result["auc"] < 1.0 and result["top10_overlap"] < 1.0
    assert result["n_incidents"] == 17 and result["n_observed_dyads"] == 6


def test_bad_prediction_inputs() -> None:
    with pytest.raises(InputError, match="not square"):
        score(np.zeros((3, 4)), CODES, OBSERVED)
    with pytest.raises(InputError, match="3 codes for 4 states"):
        score(np.zeros((4, 4)), CODES[:3], OBSERVED)
    with pytest.raises(InputError, match="negative"):
        score(-np.ones((4, 4)), CODES, OBSERVED)


# --- baselines and harness ----------------------------------------------------------------


def test_persistence_baseline_on_fixture(incidents: pd.DataFrame) -> None:
    previous = filter_period(incidents, 2000, 10)
    pred = persistence_baseline(previous, FIXTURE_STATES)
    idx = {code: i for i, code in enumerate(FIXTURE_STATES)}
    assert pred.sum() == 12
    assert pred[idx["CHN"], idx["USA"]] == 3
    assert pred[idx["RUS"], idx["USA"]] == 2
    assert pred[idx["PAK"], idx["IND"]] == 1
    assert pred[idx["USA"], idx["RUS"]] == 0


def test_gravity_baseline() -> None:
    pred = gravity_baseline(np.array([1.0, 2.0, 3.0]), ["USA", "RUS", "CHN"])
    np.testing.assert_array_equal(pred, [[0, 2, 3], [2, 0, 6], [3, 6, 0]])
    with pytest.raises(InputError, match=r"\['RUS'\]"):
        gravity_baseline(np.array([1.0, np.nan, 3.0]), ["USA", "RUS", "CHN"])


def test_hindcast_table_shape(incidents: pd.DataFrame) -> None:
    observed = filter_period(incidents, 2010, 10)
    previous = filter_period(incidents, 2000, 10)
    gdp = np.linspace(1.0, 13.0, len(FIXTURE_STATES))
    model = observed_matrix(observed, FIXTURE_STATES)
    table = hindcast_table(model, FIXTURE_STATES, observed, previous, gdp)
    assert table.index.tolist() == ["model", "persistence", "gravity"]
    assert table.columns.tolist() == list(METRICS)
    assert table.loc["model"].tolist() == pytest.approx([1.0, 1.0, 1.0, 0.0])
    assert 0.5 < table.loc["persistence", "auc"] < 1.0


def test_run_hindcast_with_fake_predict(incidents: pd.DataFrame) -> None:
    calls = []
    truth = observed_matrix(filter_period(incidents, 2010, 10), FIXTURE_STATES)

    def predict(start: int, years: int) -> tuple[np.ndarray, list[str], np.ndarray]:
        calls.append((start, years))
        return truth, FIXTURE_STATES, np.ones(len(FIXTURE_STATES))

    table = run_hindcast(FIXTURE, predict)
    assert calls == [(2010, 10)]
    assert table.loc["model", "spearman"] == pytest.approx(1.0)
    assert table.loc["model", "top10_overlap"] == 1.0
    assert table.loc["gravity", "auc"] == 0.5  # equal GDPs: constant prediction
    assert table.attrs["n_observed"] == 21 and table.attrs["n_previous"] == 12


def test_run_hindcast_errors() -> None:
    def predict(start: int, years: int):
        return np.zeros((2, 2)), ["USA", "RUS"]

    with pytest.raises(InputError) as error:
        run_hindcast(FIXTURE, predict, start=2030)
    assert_one_line(error, "no incidents in 2030-2039", "covers years 2000-2019")
    with pytest.raises(InputError, match="return a tuple"):
        run_hindcast(FIXTURE, predict)


# --- calendar dates -----------------------------------------------------------------------


def test_dates_are_calendar_dates_without_excel_guessing() -> None:
    """Verification: a fractional year is refused (never read as an Excel serial, which
    would make 2012.7 a day in 1905); real dates, leap days and Excel serials are read."""
    from netpolitik.validate.cells import RowProblem as _RowProblem
    from netpolitik.validate.cells import parse_year as _parse_year

    for value in (2012.7, "2012.7", "2/30/2010", "2011-02-29", "Feb 30 2010"):
        with pytest.raises(_RowProblem):
            _parse_year(value)
    assert _parse_year("2012-02-29") == 2012 and _parse_year("1/15/2010") == 2010
    assert _parse_year(40179) == 2010 and _parse_year(40179.5) == 2010  # Excel 2010-01-01
    assert _parse_year("2010 (approx.)") == 2010 and _parse_year(2010) == 2010


# --- rolling-origin folds and patterns (synthetic) ------------------------------------------


def test_calibration_table_bins_by_hand() -> None:
    """Verification: dyads are binned by predicted count, observed means per bin."""
    from netpolitik.validate.folds import calibration_table

    pred = np.array([[0.0, 0.05, 1.5], [0.0, 0.0, 0.3], [0.0, 3.0, 0.0]])
    obs = np.array([[9.0, 0.0, 2.0], [0.0, 0.0, 1.0], [0.0, 4.0, 0.0]])
    table = calibration_table(pred, obs).set_index("bin")
    assert table.loc["[0, 0.01)", "dyads"] == 2 and table.loc["[0, 0.01)", "observed"] == 0
    assert table.loc["[0.01, 0.1)", "dyads"] == 1
    assert table.loc["[0.1, 0.5)", "observed"] == 1.0
    assert table.loc["[1, 2)", "predicted"] == 1.5 and table.loc["[2, inf)", "observed"] == 4
    assert table["dyads"].sum() == 6  # the diagonal (9 self-incidents) is left out


def test_target_tvd_scores_columns() -> None:
    """Verification: target shares are the columns of the attacker-by-target matrix."""
    from netpolitik.validate.folds import target_tvd

    observed = directed(("USA", "RUS", 2), ("CHN", "RUS", 2))  # every target is RUS
    right = np.array([[0, 1.0, 0], [0, 0, 0], [0, 1.0, 0]])  # codes USA, RUS, CHN
    wrong = np.array([[0, 0, 1.0], [0, 0, 0], [1.0, 0, 0]])
    codes = ["USA", "RUS", "CHN"]
    assert target_tvd(right, codes, observed) == pytest.approx(0.0)
    assert target_tvd(wrong, codes, observed) == pytest.approx(1.0)


def test_pattern_helpers_by_hand() -> None:
    """Verification: severity shares, TVD and membership errors."""
    from netpolitik.stats import total_variation as tvd
    from netpolitik.validate.patterns import membership_errors, shares

    p = shares(np.array([2, 2, 3, 4]))
    assert p[1] == 0.5 and p[2] == 0.25 and p.sum() == pytest.approx(1.0)
    assert tvd(p, shares(np.array([2]))) == pytest.approx(0.5)
    assert np.isnan(tvd(p, shares(np.array([]))))
    before = np.array([[True, False], [False, False]])
    assert membership_errors(before, np.array([[True, True], [False, False]])) == 1

"""Score predicted directed cyber-incident counts against DCID (hindcast from 2010).

A prediction is an ``(N, N)`` array of expected incident counts, ``predicted[i, j]`` being
attacks by ``codes[i]`` on ``codes[j]`` over the scored period, with ``codes`` the COW
abbreviations of the simulated states (the caller maps ISO3 to COW).  Observed incidents
come from :func:`netpolitik.validate.dcid.read_dcid`.

States that appear in the observed incidents but not in ``codes`` are added to the scored
universe with a predicted count of 0, so a model that leaves out an active state is
penalised rather than flattered.

Metrics (all over directed pairs, self-pairs excluded):

``spearman``
    Spearman rank correlation between predicted and observed counts over all directed
    pairs among the states that appear in the observed incidents.
``auc``
    ROC AUC over all directed pairs of the universe, positive = at least one observed
    incident; Mann-Whitney with average ranks, so ties count one half.
``top10_overlap``
    Share of the observed top-10 dyads that are also in the predicted top-10.
``initiator_tvd``
    Total variation distance between observed and predicted shares of incidents by
    initiating state (0 = identical, 1 = disjoint).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import rankdata, spearmanr

from netpolitik.errors import InputError
from netpolitik.validate.dcid import filter_period, read_dcid

METRICS = ("spearman", "auc", "top10_overlap", "initiator_tvd")
Predict = Callable[[int, int], tuple[np.ndarray, list[str], np.ndarray]]


def _check_codes(codes: Sequence[str], n: int, field: str = "codes") -> list[str]:
    codes = [str(code) for code in codes]
    if len(codes) != n:
        raise InputError(f"{field}: {len(codes)} codes for {n} states; give one code per row")
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise InputError(f"{field}: duplicate codes {duplicates}; list each state once")
    return codes


def _check_predicted(predicted: np.ndarray, codes: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Validate an ``(N, N)`` expected-count array and its codes."""
    matrix = np.asarray(predicted, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise InputError(f"predicted: shape {matrix.shape} is not square; give an (N, N) array")
    if not np.all(np.isfinite(matrix)) or np.any(matrix < 0):
        raise InputError("predicted: negative or non-finite counts; give expected counts >= 0")
    return matrix, _check_codes(codes, matrix.shape[0])


def _check_observed(observed: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("attacker", "target") if c not in observed.columns]
    if missing:
        raise InputError(
            f"observed: missing column(s) {missing}; pass incidents read with read_dcid"
        )
    return observed


def observed_matrix(observed: pd.DataFrame, codes: Sequence[str]) -> np.ndarray:
    """Count observed incidents per directed pair of ``codes``.

    Parameters
    ----------
    observed : pandas.DataFrame
        Directed incidents with ``attacker`` and ``target`` columns.
    codes : list of str
        State codes giving the row/column order; incidents involving other states are
        ignored.

    Returns
    -------
    numpy.ndarray
        ``(N, N)`` float array, ``[i, j]`` = incidents by ``codes[i]`` against ``codes[j]``.
    """
    _check_observed(observed)
    index = {code: i for i, code in enumerate(codes)}
    counts = np.zeros((len(codes), len(codes)))
    for attacker, target in zip(observed["attacker"], observed["target"], strict=True):
        if attacker in index and target in index:
            counts[index[attacker], index[target]] += 1
    return counts


def _align(
    predicted: np.ndarray, codes: Sequence[str], observed: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Return (predicted, observed) count matrices over ``codes`` plus unmodelled states."""
    matrix, codes = _check_predicted(predicted, codes)
    _check_observed(observed)
    seen = pd.unique(pd.concat([observed["attacker"], observed["target"]]).astype(str))
    extra = sorted(set(seen) - set(codes))
    universe = codes + extra
    full = np.zeros((len(universe), len(universe)))
    full[: len(codes), : len(codes)] = matrix
    return full, observed_matrix(observed, universe), universe


def _off_diagonal(n: int) -> np.ndarray:
    return ~np.eye(n, dtype=bool)


def spearman_dyads(predicted: np.ndarray, codes: Sequence[str], observed: pd.DataFrame) -> float:
    """Spearman correlation of predicted and observed counts over observed states' dyads.

    Parameters
    ----------
    predicted : numpy.ndarray
        ``(N, N)`` expected counts, rows = attackers, columns = targets.
    codes : list of str
        COW abbreviations of the ``N`` states.
    observed : pandas.DataFrame
        Directed incidents (``attacker``, ``target``).

    Returns
    -------
    float
        Rank correlation over all ordered pairs ``(a, b)``, ``a != b``, of states that appear
        in ``observed`` (as attacker or target); NaN if either side is constant.
    """
    pred, obs, universe = _align(predicted, codes, observed)
    states = set(observed["attacker"].astype(str)) | set(observed["target"].astype(str))
    index = np.array([i for i, code in enumerate(universe) if code in states], dtype=int)
    mask = _off_diagonal(len(index))
    x = pred[np.ix_(index, index)][mask]
    y = obs[np.ix_(index, index)][mask]
    if x.size < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(spearmanr(x, y).statistic)


def _rank_auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """ROC AUC by the Mann-Whitney U statistic with average ranks (ties count 1/2)."""
    n_pos = int(positive.sum())
    n_neg = positive.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = rankdata(scores, method="average")
    u_stat = ranks[positive].sum() - n_pos * (n_pos + 1) / 2
    return float(u_stat / (n_pos * n_neg))


def auc_dyads(predicted: np.ndarray, codes: Sequence[str], observed: pd.DataFrame) -> float:
    """ROC AUC of predicted counts for "dyad had at least one observed incident".

    Scored over every ordered pair of distinct states in ``codes`` plus any observed states
    missing from ``codes`` (predicted 0).  Constant predictions give exactly 0.5.

    Returns
    -------
    float
        AUC in [0, 1]; NaN if no pair, or every pair, has incidents.
    """
    pred, obs, universe = _align(predicted, codes, observed)
    mask = _off_diagonal(len(universe))
    return _rank_auc(pred[mask], obs[mask] > 0)


def _top_dyads(matrix: np.ndarray, universe: Sequence[str], k: int) -> list[tuple[str, str]]:
    """The ``k`` largest positive off-diagonal cells, ties broken by (attacker, target)."""
    cells = [
        (-matrix[i, j], universe[i], universe[j])
        for i in range(len(universe))
        for j in range(len(universe))
        if i != j and matrix[i, j] > 0
    ]
    return [(a, t) for _, a, t in sorted(cells)[:k]]


def top_k_overlap(
    predicted: np.ndarray, codes: Sequence[str], observed: pd.DataFrame, k: int = 10
) -> float:
    """Share of the observed top-``k`` directed dyads found in the predicted top-``k``.

    Both lists rank dyads with a positive count by count, descending; ties are broken
    alphabetically by (attacker, target) code, so cells tied at the cut-off are decided by
    name.  If fewer than ``k`` dyads have observed incidents, ``m`` = that number is used
    for both lists.

    Returns
    -------
    float
        ``|observed top-m  &  predicted top-m| / m`` in [0, 1]; NaN if nothing was observed.
    """
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise InputError(f"k: {k!r} is not a positive integer; use e.g. k=10")
    pred, obs, universe = _align(predicted, codes, observed)
    observed_top = _top_dyads(obs, universe, k)
    if not observed_top:
        return float("nan")
    predicted_top = _top_dyads(pred, universe, len(observed_top))
    return len(set(observed_top) & set(predicted_top)) / len(observed_top)


def initiator_shares(
    predicted: np.ndarray, codes: Sequence[str], observed: pd.DataFrame, top: int = 5
) -> dict[str, object]:
    """Compare shares of incidents by initiating state.

    Returns
    -------
    dict
        ``tvd`` (total variation distance, half the L1 distance, in [0, 1]), ``l1``,
        ``observed_top`` and ``predicted_top`` (lists of ``(code, share)`` for the ``top``
        largest initiators) and ``shares`` (DataFrame indexed by code with columns
        ``observed`` and ``predicted``).  Distances are NaN if either side has no incidents.
    """
    pred, obs, universe = _align(predicted, codes, observed)
    mask = _off_diagonal(len(universe))
    sent_pred = np.where(mask, pred, 0).sum(axis=1)
    sent_obs = np.where(mask, obs, 0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = pd.DataFrame(
            {"observed": sent_obs / sent_obs.sum(), "predicted": sent_pred / sent_pred.sum()},
            index=pd.Index(universe, name="code"),
        )
    l1 = float(np.abs(shares["observed"] - shares["predicted"]).sum(skipna=False))
    return {
        "tvd": l1 / 2,
        "l1": l1,
        "observed_top": _largest(shares["observed"], top),
        "predicted_top": _largest(shares["predicted"], top),
        "shares": shares,
    }


def _largest(shares: pd.Series, top: int) -> list[tuple[str, float]]:
    ordered = shares.dropna().sort_index().sort_values(ascending=False, kind="stable")
    return [(str(code), float(value)) for code, value in ordered.head(top).items() if value > 0]


def score(predicted: np.ndarray, codes: Sequence[str], observed: pd.DataFrame) -> dict[str, object]:
    """All hindcast metrics for one prediction.

    Parameters
    ----------
    predicted : numpy.ndarray
        ``(N, N)`` expected counts, rows = attackers, columns = targets.
    codes : list of str
        COW abbreviations of the ``N`` states.
    observed : pandas.DataFrame
        Directed incidents of the scored period (``attacker``, ``target``).

    Returns
    -------
    dict
        The :data:`METRICS` (floats) plus ``initiator_l1``, ``observed_top_initiators``,
        ``predicted_top_initiators``, ``n_incidents``, ``n_observed_dyads`` and
        ``unmodelled_states`` (observed states missing from ``codes``, scored as 0).
    """
    matrix, codes = _check_predicted(predicted, codes)
    _, obs, universe = _align(matrix, codes, observed)
    shares = initiator_shares(matrix, codes, observed)
    return {
        "spearman": spearman_dyads(matrix, codes, observed),
        "auc": auc_dyads(matrix, codes, observed),
        "top10_overlap": top_k_overlap(matrix, codes, observed, k=10),
        "initiator_tvd": shares["tvd"],
        "initiator_l1": shares["l1"],
        "observed_top_initiators": shares["observed_top"],
        "predicted_top_initiators": shares["predicted_top"],
        "n_incidents": len(observed),
        "n_observed_dyads": int(np.count_nonzero(obs * _off_diagonal(len(universe)))),
        "unmodelled_states": universe[len(codes) :],
    }


def persistence_baseline(previous_period_df: pd.DataFrame, codes: Sequence[str]) -> np.ndarray:
    """Predict next period's counts as last period's counts.

    Parameters
    ----------
    previous_period_df : pandas.DataFrame
        Directed incidents of the previous period (``attacker``, ``target``).
    codes : list of str
        COW abbreviations giving the row/column order.

    Returns
    -------
    numpy.ndarray
        ``(N, N)`` observed counts of the previous period (states outside ``codes`` dropped).
    """
    codes = _check_codes(codes, len(codes))
    return observed_matrix(previous_period_df, codes)


def gravity_baseline(gdp: np.ndarray, codes: Sequence[str]) -> np.ndarray:
    """Predict counts proportional to the product of the two states' GDPs.

    Parameters
    ----------
    gdp : numpy.ndarray
        ``(N,)`` GDP per state (any unit), finite and non-negative.
    codes : list of str
        COW abbreviations of the ``N`` states.

    Returns
    -------
    numpy.ndarray
        ``(N, N)`` array ``gdp[i] * gdp[j]`` with a zero diagonal.
    """
    values = np.asarray(gdp, dtype=float)
    if values.ndim != 1:
        raise InputError(f"gdp: shape {values.shape} is not 1-D; give one GDP per state")
    if values.size != len(codes):
        raise InputError(
            f"gdp: {values.size} values for {len(codes)} codes; give one GDP per state"
        )
    codes = _check_codes(codes, values.size)
    ok = np.isfinite(values) & (values >= 0)
    bad = [code for code, good in zip(codes, ok, strict=True) if not good]
    if bad:
        raise InputError(f"gdp: missing, negative or infinite for {bad}; give GDP >= 0 per state")
    product = np.outer(values, values)
    np.fill_diagonal(product, 0.0)
    return product


def hindcast_table(
    model_pred: np.ndarray,
    codes: Sequence[str],
    observed: pd.DataFrame,
    previous: pd.DataFrame,
    gdp: np.ndarray,
) -> pd.DataFrame:
    """Score the model against the persistence and gravity baselines.

    Parameters
    ----------
    model_pred : numpy.ndarray
        ``(N, N)`` expected counts from the model.
    codes : list of str
        COW abbreviations of the ``N`` states (shared by model and baselines).
    observed : pandas.DataFrame
        Directed incidents of the scored period.
    previous : pandas.DataFrame
        Directed incidents of the period before (for the persistence baseline).
    gdp : numpy.ndarray
        ``(N,)`` GDP per state (for the gravity baseline).

    Returns
    -------
    pandas.DataFrame
        Index ``model``, ``persistence``, ``gravity``; columns :data:`METRICS`.
    """
    predictions = {
        "model": model_pred,
        "persistence": persistence_baseline(previous, codes),
        "gravity": gravity_baseline(gdp, codes),
    }
    rows = {}
    for name, prediction in predictions.items():
        result = score(prediction, codes, observed)
        rows[name] = {metric: result[metric] for metric in METRICS}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=list(METRICS))
    table.index.name = "predictor"
    return table


def _call_predict(
    predict: Predict, start: int, years: int
) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Call ``predict`` and check it returned (counts, codes, gdp)."""
    result = predict(start, years)
    if not isinstance(result, tuple) or len(result) != 3:
        raise InputError(
            f"predict({start}, {years}): returned {type(result).__name__}; "
            "return a tuple (expected counts (N, N), COW codes, gdp (N,))"
        )
    counts, codes, gdp = result
    return np.asarray(counts, dtype=float), [str(code) for code in codes], np.asarray(gdp)


def run_hindcast(
    dcid_path: str | Path, predict: Predict, start: int = 2010, years: int = 10
) -> pd.DataFrame:
    """Hindcast: predict ``[start, start + years)`` and score it against DCID.

    Parameters
    ----------
    dcid_path : str or Path
        DCID release or directed csv (see :func:`netpolitik.validate.dcid.read_dcid`).
    predict : callable
        ``predict(start, years) -> (expected_counts (N, N), codes, gdp (N,))`` with ``codes``
        the COW abbreviations of the ``N`` states.
    start : int, default 2010
        First scored year.
    years : int, default 10
        Length of the scored period; the persistence baseline uses the ``years`` before
        ``start``.

    Returns
    -------
    pandas.DataFrame
        :func:`hindcast_table` output; ``attrs`` holds ``period``, ``n_observed``,
        ``n_previous`` and ``unmodelled_states``.

    Raises
    ------
    InputError
        If the file has no incidents in the scored period (the message gives the years it
        covers) or any input is invalid.
    """
    incidents = read_dcid(dcid_path)
    observed = filter_period(incidents, start, years)
    if observed.empty:
        covered = (
            f"{incidents['year'].min()}-{incidents['year'].max()}" if len(incidents) else "none"
        )
        raise InputError(
            f"{dcid_path}: no incidents in {start}-{start + years - 1}; the file covers years "
            f"{covered}; choose start/years inside that range"
        )
    previous = filter_period(incidents, start - years, years)
    counts, codes, gdp = _call_predict(predict, start, years)
    table = hindcast_table(counts, codes, observed, previous, gdp)
    table.attrs.update(
        period=(start, start + years - 1),
        n_observed=len(observed),
        n_previous=len(previous),
        unmodelled_states=score(counts, codes, observed)["unmodelled_states"],
    )
    return table

"""The record of 2000-2010 as dyadic scores: cyber operations and militarised disputes.

Reads the raw calibration records (DCID 2.0 directed incidents, the CFR Cyber Operations
Tracker export, COW dyadic MID 4.03) and turns them into decayed, derived dyad scores. The
raw rows are never shipped; ``scripts/build_world.py`` writes only the derived
``dyad_history.csv`` (``docs/data.md``), and the validation harness calls the same functions
with an earlier ``end_year`` to build a fold's history from its fit years only.

Examples
--------
>>> import pandas as pd
>>> ops = pd.DataFrame({"attacker": ["RUS"], "target": ["EST"], "year": [2006],
...                     "dcid": [1.0], "cfr": [0.0]})
>>> round(float(decayed_operations(ops, 2010, 4.0)["operations"].iloc[0]), 4)
0.3679
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

OPERATIONS_TAU = 4.0  # years: e-folding age of an operation's weight (assumption)
DISPUTES_TAU = 10.0  # years: e-folding age of a dispute's weight (assumption)
MAX_HOSTILITY = 5.0  # MID hihost scale 1-5 (5 = war)

# Country names used by the CFR tracker (sponsors, victims) that differ from the world's
# short names, and the adjectives its titles use. Keys are normalised (see _norm).
NAME_ALIASES = {
    "russian federation": "RUS", "russia": "RUS", "united states": "USA", "usa": "USA",
    "united states of america": "USA", "us": "USA", "united kingdom": "GBR", "uk": "GBR",
    "korea democratic peoples republic of": "PRK", "north korea": "PRK",
    "korea republic of": "KOR", "south korea": "KOR", "iran islamic republic of": "IRN",
    "iran": "IRN", "taiwan": "TWN", "china": "CHN", "syrian arab republic": "SYR",
    "viet nam": "VNM", "vietnam": "VNM",
}  # fmt: skip
DEMONYMS = {
    "us": "USA", "american": "USA", "uk": "GBR", "british": "GBR", "german": "DEU",
    "french": "FRA", "indian": "IND", "india": "IND", "chinese": "CHN", "australian": "AUS",
    "syrian": "SYR", "israeli": "ISR", "iranian": "IRN", "georgian": "GEO",
    "estonian": "EST", "russian": "RUS", "japanese": "JPN", "korean": "KOR",
    "taiwanese": "TWN", "canadian": "CAN",
}  # fmt: skip
# Organisations named as CFR victims 2005-2010 and the state they belong to (None: not a
# state's, e.g. transnational civil society or the United Nations).
VICTIM_ORGS: dict[str, str | None] = {
    "china aerospace science industry corporation": "CHN", "baidu": "CHN",
    "google": "USA", "adobe": "USA", "juniper networks": "USA", "rackspace": "USA",
    "yahoo": "USA", "symantec": "USA", "northtrop grumman": "USA", "morgan stanley": "USA",
    "dow chemical": "USA", "marathon oil": "USA", "exxonmobil": "USA",
    "conocophillips": "USA", "nasa": "USA", "naval war college": "USA",
    "national defense university": "USA", "obama campaign": "USA",
    "mccain campaign": "USA", "office of senator ben nelson": "USA",
    "oak ridge national laboratory": "USA", "los alamos national laboratory": "USA",
    "lawrence livermore national laboratory": "USA",
    "national nuclear security administration": "USA", "rio tinto": "AUS",
    "bhp billiton": "AUS", "fortescue metals": "AUS", "ministry of external affairs": "IND",
    "institute for defence studies and analyses": "IND", "german chancellery": "DEU",
    "syrian arab air force": "SYR", "united nations": None, "tibet support network": None,
    "human rights in china": None, "students for a free tibet": None,
}  # fmt: skip


def _norm(text: str) -> str:
    """Lower case, punctuation removed, single spaces."""
    text = text.lower().replace("'", "").replace("u.s.", "us").replace("u.k.", "uk")
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text).split())


def name_index(countries: pd.DataFrame) -> dict[str, str]:
    """Normalised country name -> ISO3, from the world's names plus :data:`NAME_ALIASES`."""
    index = {_norm(n): c for n, c in zip(countries["name"], countries["iso3"], strict=True)}
    index |= {_norm(c): c for c in countries["iso3"]}
    return index | NAME_ALIASES


def name_to_iso3(text: str, index: dict[str, str]) -> str | None:
    """ISO3 of a country or organisation name (CFR free text), or None if not recognised."""
    key = _norm(text)
    if key in VICTIM_ORGS:
        return VICTIM_ORGS[key]
    if key in index:
        return index[key]
    words = key.split()
    if words and words[0] in DEMONYMS:  # "U.S. Department of State", "UK House of Commons"
        return DEMONYMS[words[0]]
    return None


def split_names(text: object) -> list[str]:
    """Comma-separated names of a CFR cell; '' or NaN gives []."""
    if not isinstance(text, str):
        return []
    return [t.strip() for t in text.split(",") if t.strip()]


def cfr_targets(victims: object, title: str, index: dict[str, str]) -> list[str]:
    """Target states of one CFR operation: its victims' states; if none is recognised, a
    state named or implied by an adjective in the title (e.g. "the Indian Prime Minister's
    Office")."""
    found = [name_to_iso3(v, index) for v in split_names(victims)]
    states = list(dict.fromkeys(s for s in found if s))
    if not states:
        for word in _norm(title).split():
            code = DEMONYMS.get(word) or index.get(word)
            if code:
                return [code]
    return states


def cfr_operations(cfr: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """Directed (attacker, target, year, weight) rows of a CFR tracker export.

    Every sponsor is credited with the operation; its weight is split equally over the
    operation's target states (weight 1 per sponsor), and self-targeting is dropped (e.g.
    Agent.btz listing Russia among its victims).
    """
    index = name_index(countries)
    rows = []
    for title, date, sponsor, victims in cfr[["title", "date", "sponsor", "victims"]].itertuples(
        index=False
    ):
        year = int(str(date)[:4])
        sponsors = [s for s in (name_to_iso3(n, index) for n in split_names(sponsor)) if s]
        for a in dict.fromkeys(sponsors):
            targets = [t for t in cfr_targets(victims, str(title), index) if t != a]
            rows += [(a, t, year, 1.0 / len(targets)) for t in targets]
    return pd.DataFrame(rows, columns=["attacker", "target", "year", "weight"])


def cfr_sponsor_lists(cfr: pd.DataFrame, countries: pd.DataFrame) -> list[list[str]]:
    """Recognised sponsor ISO3 codes of every CFR operation (in the tracker's order)."""
    index = name_index(countries)
    out = []
    for text in cfr["sponsor"]:
        codes = [s for s in (name_to_iso3(n, index) for n in split_names(text)) if s]
        out.append(list(dict.fromkeys(codes)))
    return out


def cfr_sponsors(cfr: pd.DataFrame, countries: pd.DataFrame) -> pd.Series:
    """Sponsor ISO3 of every CFR operation (first recognised sponsor; None if none)."""
    lists = cfr_sponsor_lists(cfr, countries)
    return pd.Series([x[0] if x else None for x in lists], index=cfr.index, dtype=object)


def dcid_operations(dcid: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """DCID directed rows (COW abbreviations) as ISO3 ``attacker, target, year, severity``;
    rows whose codes are not states of the world are dropped."""
    cow = dict(zip(countries["cow_code"], countries["iso3"], strict=True))
    out = pd.DataFrame({
        "attacker": dcid["attacker"].map(cow), "target": dcid["target"].map(cow),
        "year": dcid["year"].astype(int), "severity": dcid["severity"].astype(int),
    })  # fmt: skip
    return out.dropna(subset=["attacker", "target"]).reset_index(drop=True)


def combined_operations(dcid: pd.DataFrame, cfr: pd.DataFrame) -> pd.DataFrame:
    """Per (attacker, target, year): DCID count, CFR weight, and the deduplicated count.

    The two sources overlap (Estonia 2007, Georgia 2008, Titan Rain, ...) but share no
    incident key, so an operation present in both cannot be matched row by row. Within a
    directed dyad-year the larger of the two counts is kept (``max``, not the sum): the
    record is at least as large as its larger source, and common incidents are not counted
    twice. ``dcid`` and ``cfr`` are the outputs of :func:`dcid_operations` and
    :func:`cfr_operations`.
    """
    keys = ["attacker", "target", "year"]
    d = dcid.groupby(keys).size().rename("dcid").astype(float)
    c = cfr.groupby(keys)["weight"].sum().rename("cfr")
    both = pd.concat([d, c], axis=1).fillna(0.0).reset_index()
    both["count"] = both[["dcid", "cfr"]].max(axis=1)
    return both.sort_values(keys).reset_index(drop=True)


def decayed_operations(ops: pd.DataFrame, end_year: int, tau: float) -> pd.DataFrame:
    """``a, b, operations``: sum over years <= end_year of count x exp(-(end_year-year)/tau).

    ``ops`` has columns attacker, target, year and either ``count`` or ``dcid``/``cfr``
    (then the deduplicated max is used).
    """
    ops = ops[ops["year"] <= end_year]
    count = ops["count"] if "count" in ops else ops[["dcid", "cfr"]].max(axis=1)
    weight = count * np.exp(-(end_year - ops["year"]) / tau)
    table = pd.DataFrame({"a": ops["attacker"], "b": ops["target"], "operations": weight})
    return table.groupby(["a", "b"], as_index=False)["operations"].sum()


def mid_disputes(
    mid: pd.DataFrame, countries: pd.DataFrame, end_year: int, tau: float
) -> pd.DataFrame:
    """``a, b, disputes`` (both directions): sum over dispute-years of a pair, years <=
    end_year, of hihost / 5 x exp(-(end_year - year) / tau); the highest hostility of the
    pair in a dispute-year counts once."""
    cow = dict(zip(countries["cow_ccode"].astype("Int64"), countries["iso3"], strict=False))
    m = mid[mid["year"] <= end_year]
    a, b = m["statea"].map(cow), m["stateb"].map(cow)
    pairs = pd.DataFrame({
        "x": np.where(a < b, a, b), "y": np.where(a < b, b, a), "disno": m["disno"],
        "year": m["year"], "hihost": m["hihost"],
    }).dropna(subset=["x", "y"])  # fmt: skip
    pairs = pairs[pairs["x"] != pairs["y"]]
    top = pairs.groupby(["x", "y", "disno", "year"], as_index=False)["hihost"].max()
    top["disputes"] = top["hihost"] / MAX_HOSTILITY * np.exp(-(end_year - top["year"]) / tau)
    score = top.groupby(["x", "y"], as_index=False)["disputes"].sum()
    forward = score.rename(columns={"x": "a", "y": "b"})
    backward = score.rename(columns={"x": "b", "y": "a"})
    return pd.concat([forward, backward], ignore_index=True)[["a", "b", "disputes"]]


def dyad_history(ops: pd.DataFrame, disputes: pd.DataFrame, digits: int = 4) -> pd.DataFrame:
    """``a, b, operations, disputes``: the two scores merged, rounded, pairs with both
    scores 0 after rounding dropped, sorted by (a, b)."""
    table = ops.merge(disputes, on=["a", "b"], how="outer").fillna(0.0)
    table[["operations", "disputes"]] = table[["operations", "disputes"]].round(digits)
    keep = (table["operations"] > 0) | (table["disputes"] > 0)
    return table[keep].sort_values(["a", "b"]).reset_index(drop=True)


def dyad_matrix(table: pd.DataFrame, iso3: list[str], column: str) -> np.ndarray:
    """``(N, N)`` float matrix of ``column`` (row a toward column b) in the order ``iso3``;
    pairs outside ``iso3`` are ignored, absent pairs are 0."""
    rows = {code: k for k, code in enumerate(iso3)}
    matrix = np.zeros((len(iso3), len(iso3)), dtype=float)
    for a, b, value in zip(table["a"], table["b"], table[column], strict=True):
        if a in rows and b in rows:
            matrix[rows[a], rows[b]] = float(value)
    return matrix


# ------------------------------------------------------------- offense and capability ---
CAPABILITY_LIFT = 0.5  # share of the gap to 1 closed by the strongest operation record
OFFENSE_EVIDENCE = 0.8  # weight of observed operations in offense (the prior gets the rest)


def operation_evidence(ops_out: np.ndarray) -> np.ndarray:
    """Observed operations on a [0, 1] scale: log(1 + record) / log(1 + largest record)
    (all 0 if no state has a record)."""
    ops_out = np.asarray(ops_out, dtype=float)
    top = float(ops_out.max()) if ops_out.size else 0.0
    return np.log1p(ops_out) / np.log1p(top) if top > 0 else np.zeros_like(ops_out)


def lift_capability(base: np.ndarray, evidence: np.ndarray) -> np.ndarray:
    """Capability lifted toward 1 by observed operations: c + LIFT x evidence x (1 - c)."""
    return base + CAPABILITY_LIFT * evidence * (1.0 - base)


def unlift_capability(capability: np.ndarray, evidence: np.ndarray) -> np.ndarray:
    """Inverse of :func:`lift_capability`: the capability before the operations lift."""
    lift = CAPABILITY_LIFT * np.asarray(evidence, dtype=float)
    return (np.asarray(capability, dtype=float) - lift) / (1.0 - lift)


def _pct_rank(values: np.ndarray) -> np.ndarray:
    """Percentile rank in [0, 1] (ties share the average rank)."""
    ranks = pd.Series(np.asarray(values, dtype=float)).rank(method="average").to_numpy()
    return (ranks - 1.0) / max(len(ranks) - 1, 1)


def offense_lever(
    countries: pd.DataFrame, capability: np.ndarray, evidence: np.ndarray
) -> np.ndarray:
    """Offense from what states did (docs/data.md): OFFENSE_EVIDENCE x evidence +
    (1 - OFFENSE_EVIDENCE) x prior, prior = capability x weight^2 x (0.75 + 0.25 x
    (1 - regime)), weight = mean percentile of CINC and military share."""
    weight = (_pct_rank(countries["cinc"]) + _pct_rank(countries["military_share"])) / 2.0
    regime = countries["regime"].to_numpy(float)
    prior = np.asarray(capability, float) * weight**2 * (0.75 + 0.25 * (1.0 - regime))
    return OFFENSE_EVIDENCE * np.asarray(evidence, float) + (1.0 - OFFENSE_EVIDENCE) * prior


def record_by_attacker(dyads: pd.DataFrame, iso3: list[str]) -> np.ndarray:
    """``(N,)`` each state's decayed operations record (sum over its targets)."""
    return dyad_matrix(dyads, iso3, "operations").sum(axis=1)

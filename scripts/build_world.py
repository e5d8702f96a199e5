#!/usr/bin/env python
"""Build netpolitik's default world from raw public data.

Reads the raw files in ``<repo>/../shared/data/world`` (they are never copied into the repo)
and writes the derived tables the package ships::

    src/netpolitik/data/countries.csv     one row per sovereign state, attributes and levers
    src/netpolitik/data/memberships.csv   organisation memberships with accession years
    src/netpolitik/data/rivalries.csv     strategic rivalries ongoing in 2010
    src/netpolitik/data/provenance.json   sources, licences, sha256 of every raw input

Output is deterministic: rerunning on the same inputs gives byte-identical files (no dates).
Every transformation and assumption is documented in ``docs/data.md``.

Usage::

    python scripts/build_world.py [--data-dir DIR] [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import math
import os
import sys
from collections.abc import Iterable
from pathlib import Path

import country_converter as coco
import numpy as np
import openpyxl
import pandas as pd

from netpolitik.world import history
from netpolitik.world.columns import COLUMNS

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = REPO.parent / "shared" / "data" / "world"
DEFAULT_OUT_DIR = REPO / "src" / "netpolitik" / "data"

YEAR = 2010  # reference year of the world (the simulation starts here)
WDI_EARLIEST = 2007  # a missing 2010 WDI value may come from 2007-2009, never a later year
NMC_EARLIEST = 2000  # a missing 2010 NMC value may come from 2000-2009, never a later year

# Price-unit conversions to constant 2015 US$ for Taiwan and North Korea (absent from WDI):
# the US GDP implicit price deflator 2015/2010 (BEA NIPA table 1.1.9: 104.0 / 96.1) and the
# 2010 average KRW/USD rate (Bank of Korea; FRED AEXKOUS). Only 2010 values are converted.
US_DEFLATOR_2015_OVER_2010 = 1.082
KRW_PER_USD_2010 = 1156.1
# Backcast of the c. 2018 technical-readiness indicators (ITU GCI 2018, NCSI, V-Dem cyber
# capacity) to 2010: multiplied by (2010 internet use)^BACKCAST_EXPONENT (docs/data.md).
BACKCAST_EXPONENT = 0.5

RAW_FILES = {
    "wdi_gdp": "wdi_gdp_per_capita_2007_2020.csv",
    "wdi_internet": "wdi_internet_users_2007_2020.csv",
    "nmc": "nmc_v6_2000_2016.csv",
    "taiwan": "taiwan_principal_figures_2007_2020.csv",
    "north_korea": "north_korea_indicators_2007_2020.xlsx",
    "cow": "cow_country_codes.csv",
    "digital": "digital_society_2019.csv",
}
CALIBRATION_FILES = {
    "dcid": "dcid_directed_incidents_2000_2010.csv",
    "cfr": "cfr_operations_2005_2010.csv",
    "mid": "mid_dyadic_1946_2010.csv",
}
VALIDATION_GROWTH = "validation/gdp_growth_2010_2019.csv"  # validation only, never an input
GROWTH_END = 2019


COUNTRY_COLUMNS = [
    "iso3", "name", "region", "subregion", "cow_code", "cow_ccode",
    "population", "gdp_per_capita", "gdp", "internet",
    "regime", "capability", "cinc", "military_share", "gci",
    "surveillance", "oversight", "data_restriction", "defense",
    "sharing", "disclosure", "offense", "aid", "imputed",
]  # fmt: skip
LEVERS = [
    "surveillance", "oversight", "data_restriction", "defense",
    "sharing", "disclosure", "offense", "aid",
]  # fmt: skip

# Digital-society indicators used, imputed where missing (see impute_grouped).
DIGITAL_INPUTS = [
    "itu_gci", "ncsi", "v2smgovcapsec", "v2smgovfilprc", "v2smgovshut", "v2smgovsmmon",
    "v2smprivex", "v2smprivcon", "v2smgovdom", "v2x_clpriv", "press_freedom",
    "open_gov", "right_to_info",
]  # fmt: skip
# Which raw inputs feed which output column: an output is flagged `imputed` if any input was.
LEVER_INPUTS = {
    "gci": ["itu_gci"],
    "capability": ["itu_gci", "ncsi", "v2smgovcapsec", "gdp_per_capita", "internet"],
    "surveillance": ["v2smgovsmmon", "v2smgovfilprc", "v2smprivcon"],
    "oversight": ["v2x_clpriv", "v2smprivex", "right_to_info", "open_gov"],
    "defense": ["itu_gci", "ncsi", "internet"],
    "sharing": ["itu_gci", "regime", "internet"],
    "disclosure": ["open_gov", "right_to_info", "press_freedom", "regime"],
    "offense": ["itu_gci", "ncsi", "v2smgovcapsec", "military_share", "regime", "internet"],
    "aid": ["gdp_per_capita", "regime"],
}

# Hand-coded facts live beside this script (scripts/ is on sys.path when it runs).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from world_facts import (  # noqa: E402
    AU_NON_MEMBERS,
    COW_ISO3_FIX,
    DIGITAL_ISO3_FIX,
    MEMBERSHIP_LEFT,
    MEMBERSHIPS,
    RIVALRIES,
    RIVALRY_SOURCE,
    SHARING_WEIGHTS,
    SOURCES,
)


# --------------------------------------------------------------------------------- helpers ---
def phi(x: pd.Series | np.ndarray) -> np.ndarray:
    """Standard normal CDF, used to map V-Dem latent scores (about -3..+3) onto [0, 1]."""
    arr = np.asarray(x, dtype=float)
    return 0.5 * (1.0 + np.vectorize(math.erf)(arr / math.sqrt(2.0)))


def pct_rank(values: pd.Series) -> pd.Series:
    """Percentile rank in [0, 1] (0 = smallest, 1 = largest; ties share the average rank)."""
    ranks = values.rank(method="average")
    return (ranks - 1.0) / max(len(values) - 1, 1)


def sig(x: float, digits: int = 6) -> float:
    """Round to `digits` significant figures (for tiny shares such as CINC)."""
    return float(f"{x:.{digits}g}")


def sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@functools.lru_cache(maxsize=1)
def converter() -> coco.CountryConverter:
    """country_converter reading its table without turning Namibia's ISO2 'NA' into NaN.

    pandas >= 3 applies NA parsing after coco's converters, which breaks coco's own loader.
    """
    table = Path(coco.__file__).with_name("country_data.tsv")
    data = pd.read_csv(table, sep="\t", dtype=str, keep_default_na=False)
    keep_text = {"name_short", "name_official", "regex", "ISO2", "ISO3"}
    for col in data.columns:
        if col not in keep_text:
            data[col] = data[col].replace("", np.nan)
    for col in (
        "ISOnumeric",
        "UNcode",
        "FAOcode",
        "GBDcode",
        "EURO",
        "UN",
        "UNmember",
        "obsolete",
        "GEOnumeric",
    ):
        if col in data.columns:
            data[col] = pd.to_numeric(data[col]).astype("Int64")
    return coco.CountryConverter(country_data=data)


def to_iso3(names: Iterable[str], fixes: dict[str, str | None]) -> list[str | None]:
    """Map country names to ISO3 with country_converter plus a manual fix dict."""
    names = list(names)
    todo = [n for n in names if n not in fixes]
    found = converter().convert(todo, to="ISO3", not_found=None) if todo else []
    found = found if isinstance(found, list) else [found]
    lookup = dict(zip(todo, found, strict=True))
    return [fixes[n] if n in fixes else lookup[n] for n in names]


# --------------------------------------------------------------------------------- readers ---
def read_wdi(path: Path) -> pd.DataFrame:
    """WDI extract as a table iso3 x year (float; '..' is missing)."""
    raw = pd.read_csv(path, na_values="..", keep_default_na=False)
    raw = raw.dropna(subset=["Country Code"])
    raw = raw[raw["Country Code"].str.len() == 3].set_index("Country Code")
    years = {c: int(c[:4]) for c in raw.columns if c[:4].isdigit()}
    return raw[list(years)].rename(columns=years).apply(pd.to_numeric, errors="coerce")


def read_nmc(path: Path) -> pd.DataFrame:
    """NMC v6 state-years; the COW missing code -9 becomes NaN."""
    nmc = pd.read_csv(path)
    num = ["milex", "milper", "irst", "pec", "tpop", "upop", "cinc"]
    nmc[num] = nmc[num].where(nmc[num] >= 0)
    return nmc


def read_taiwan(path: Path) -> dict[str, float]:
    """Taiwan 2010 population and GDP per capita in constant 2015 US$ (DGBAS).

    The 2010 GDP in current US$ divided by the 2010 mid-year population, converted to 2015
    prices with the US GDP deflator (US_DEFLATOR_2015_OVER_2010). Only the 2010 row is read.
    """
    tw = pd.read_csv(path).set_index("Period")
    tw.index = tw.index.astype(int)
    pop = float(tw.loc[YEAR, "Population (Mid-Year,Persons)"])
    gdp = float(tw.loc[YEAR, "GDP (Million U.S.$,at Current Prices)"]) * 1e6
    return {"population": pop, "gdp_per_capita": gdp / pop * US_DEFLATOR_2015_OVER_2010}


def read_north_korea(path: Path) -> dict[str, float]:
    """North Korea 2010 GDP per capita in constant 2015 US$ (Bank of Korea estimates).

    Per-capita GNI 2010 (10,000 won) / KRW_PER_USD_2010 gives 2010 US$, converted to 2015
    prices with US_DEFLATOR_2015_OVER_2010. GNI is taken as a proxy for GDP. Only the 2010
    column is read.
    """
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0]]
    header = next(r for r in rows if r[0] == "Indicator")
    years = [int(y) for y in header[2:]]
    table = {str(r[0]).strip(): dict(zip(years, r[2:], strict=True)) for r in rows[1:]}
    gni_pc_usd = float(table["Per capita GNI"][YEAR]) * 1e4 / KRW_PER_USD_2010
    return {"gdp_per_capita": gni_pc_usd * US_DEFLATOR_2015_OVER_2010}


def read_digital(path: Path) -> pd.DataFrame:
    """Digital-society cross-section indexed by ISO3; duplicate names merged (first non-null)."""
    ds = pd.read_csv(path)
    ds["iso3"] = to_iso3(ds["country"], DIGITAL_ISO3_FIX)
    ds = ds.dropna(subset=["iso3"]).drop(columns="country")
    return ds.groupby("iso3", sort=True).first()


# ---------------------------------------------------------------------------------- states ---
def state_list(cow: pd.DataFrame, nmc: pd.DataFrame, wdi_codes: Iterable[str]) -> pd.DataFrame:
    """Sovereign states in YEAR: COW states present in NMC's YEAR plus WDI economies that
    were UN members by YEAR (WDI aggregates and territories such as ASM, ABW, HKG, MAC, PRI,
    GRL drop out; South Sudan, independent in 2011, is not a state of 2010).

    Returns iso3, cow_code (COW StateAbb, '' if none), cow_ccode (nullable int).
    """
    last = nmc.loc[nmc["year"] == YEAR, ["stateabb", "ccode"]]
    states = last.merge(cow, left_on="ccode", right_on="CCode", how="left", validate="1:1")
    states["iso3"] = to_iso3(states["StateNme"], COW_ISO3_FIX)
    if states["iso3"].isna().any() or states["iso3"].duplicated().any():
        raise SystemExit(f"unmatched COW states: {states[states['iso3'].isna()]}")
    data = converter().data.dropna(subset=["UNmember"])
    un_members = set(data.loc[data["UNmember"] <= YEAR, "ISO3"])
    extra = sorted((set(wdi_codes) & un_members) - set(states["iso3"]))
    out = pd.DataFrame({
        "iso3": list(states["iso3"]) + extra,
        "cow_code": list(states["stateabb"]) + [""] * len(extra),
        "cow_ccode": pd.array(list(states["ccode"]) + [None] * len(extra), dtype="Int64"),
    })  # fmt: skip
    return out.sort_values("iso3").set_index("iso3")


def geography(iso3: pd.Index) -> pd.DataFrame:
    """Short name, UN region (Africa/Americas/Asia/Europe/Oceania) and UN sub-region."""
    data = converter().data.drop_duplicates("ISO3").set_index("ISO3")
    geo = data.loc[list(iso3), ["name_short", "continent", "UNregion"]]
    geo.columns = ["name", "region", "subregion"]
    geo["region"] = geo["region"].replace({"America": "Americas"})
    return geo.set_axis(iso3)


# ------------------------------------------------------------------------------- economics ---
def latest_year(table: pd.DataFrame, iso3: pd.Index, earliest: int) -> pd.DataFrame:
    """Value in YEAR; else the latest observed year in [earliest, YEAR). Never a later year.

    Returns columns value (NaN if none), substituted (True unless observed in YEAR) and year
    (the year the value comes from, NaN if none).
    """
    sub = table.reindex(iso3)
    window = sub[[y for y in sub.columns if earliest <= y <= YEAR]]
    year = window.apply(pd.Series.last_valid_index, axis=1).astype(float)
    value = window.ffill(axis=1).iloc[:, -1]
    observed = sub[YEAR].notna() if YEAR in sub.columns else pd.Series(False, index=sub.index)
    return pd.DataFrame({"value": value, "substituted": value.notna() & ~observed, "year": year})


def nmc_year(nmc: pd.DataFrame, column: str, ccodes: pd.Series) -> pd.DataFrame:
    """An NMC column for YEAR by COW code, else the latest earlier NMC year (latest_year)."""
    table = nmc.pivot(index="ccode", columns="year", values=column)
    got = latest_year(table, pd.Index(ccodes.fillna(-1).astype(int)), NMC_EARLIEST)
    return got.set_axis(ccodes.index)


def economy(states: pd.DataFrame, raw: dict[str, object]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Population, GDP per capita, internet, CINC and military expenditure for YEAR.

    Returns (values, flags): flags marks values substituted from another year; values left NaN
    are imputed later by impute_grouped.
    """
    nmc, tw, nk = raw["nmc"], raw["taiwan"], raw["north_korea"]
    pop = nmc_year(nmc, "tpop", states["cow_ccode"])
    gdppc = latest_year(raw["wdi_gdp"], states.index, WDI_EARLIEST)
    net = latest_year(raw["wdi_internet"], states.index, WDI_EARLIEST)
    cinc = nmc_year(nmc, "cinc", states["cow_ccode"])
    milex = nmc_year(nmc, "milex", states["cow_ccode"])
    values = pd.DataFrame({
        "population": pop["value"] * 1e3, "gdp_per_capita": gdppc["value"],
        "internet": net["value"] / 100.0, "cinc": cinc["value"], "milex": milex["value"],
    })  # fmt: skip
    flags = pd.DataFrame({
        "population": pop["substituted"], "gdp_per_capita": gdppc["substituted"],
        "internet": net["substituted"], "cinc": cinc["substituted"],
        "military_share": milex["substituted"] | milex["value"].isna(),
    })  # fmt: skip
    values.loc["TWN", ["population", "gdp_per_capita"]] = [tw["population"], tw["gdp_per_capita"]]
    values.loc["PRK", "gdp_per_capita"] = nk["gdp_per_capita"]
    flags.loc[["TWN", "PRK"], ["population", "gdp_per_capita"]] = False
    return values, flags


def military_share(milex: pd.Series, cinc: pd.Series) -> pd.Series:
    """Share of world military expenditure. Missing milex (e.g. PRK) is imputed as CINC times
    the median milex/CINC ratio of states that report both (assumption)."""
    ratio = (milex / cinc).replace([np.inf, -np.inf], np.nan).median()
    filled = milex.fillna(cinc * ratio)
    return filled / filled.sum()


# ------------------------------------------------------------------------------ imputation ---
def regime_terciles(regime: pd.Series) -> pd.Series:
    """Regime tercile 1 (least liberal) .. 3 (most liberal), ties broken by ISO3 order."""
    ranks = regime.rank(method="first")
    return pd.Series(pd.qcut(ranks, 3, labels=[1, 2, 3]).astype(int), index=regime.index)


def impute_grouped(values: pd.Series, region: pd.Series, tercile: pd.Series | None) -> pd.Series:
    """Fill NaN with the median of observed values in the same region x regime tercile, then
    the same region, then all states."""
    filled = values.copy()
    groups = [[region, tercile], [region]] if tercile is not None else [[region]]
    for keys in groups:
        median = values.groupby(keys).transform("median")
        filled = filled.fillna(median)
    return filled.fillna(values.median())


def impute_all(frame: pd.DataFrame, region: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Impute every NaN in frame (regime first, by region only; the rest by region x regime
    tercile). Returns (filled, mask of imputed cells)."""
    mask = frame.isna()
    filled = frame.copy()
    filled["regime"] = impute_grouped(frame["regime"], region, None)
    tercile = regime_terciles(filled["regime"])
    for col in frame.columns.drop("regime"):
        filled[col] = impute_grouped(frame[col], region, tercile)
    return filled, mask


# ----------------------------------------------------------------------------------- levers ---
def backcast(d: pd.DataFrame) -> pd.Series:
    """Factor taking a c. 2018 readiness score back to 2010: internet_2010^BACKCAST_EXPONENT.

    Cyber institutions (CERTs, strategies, laws) grew with the online population; a state
    with few users online in 2010 had less of what the 2018 indices measure. Uses 2010
    values only (a 2018/2010 growth ratio would put 2011-2018 development into the start).
    """
    return d["internet"].clip(lower=0.0) ** BACKCAST_EXPONENT


def capability(d: pd.DataFrame, evidence: pd.Series) -> pd.Series:
    """Cyber capability in [0, 1] (assumption): geometric mean of technical readiness in 2010
    (mean of ITU GCI, NCSI/100 and Phi(v2smgovcapsec), backcast) and economic scale (log GDP
    rescaled to [0, 1]), lifted toward 1 by observed operations (history.lift_capability:
    a state that conducted operations has shown it can)."""
    tech = (d["itu_gci"] + d["ncsi"] / 100.0 + phi(d["v2smgovcapsec"])) / 3.0
    log_gdp = np.log(d["gdp"])
    scale = (log_gdp - log_gdp.min()) / (log_gdp.max() - log_gdp.min())
    base = np.sqrt(tech * backcast(d) * scale)
    return pd.Series(history.lift_capability(base, evidence), index=d.index)


def surveillance(d: pd.DataFrame) -> pd.Series:
    """Blanket surveillance: 1 - mean Phi of social-media monitoring, filtering in practice and
    privacy-protection content (V-Dem, higher = more liberal)."""
    liberal = (phi(d["v2smgovsmmon"]) + phi(d["v2smgovfilprc"]) + phi(d["v2smprivcon"])) / 3.0
    return 1.0 - liberal


def oversight(d: pd.DataFrame) -> pd.Series:
    """Independent oversight and due process: mean of V-Dem private civil liberties,
    Phi(privacy protection by law exists), WJP right to information and open government."""
    return (d["v2x_clpriv"] + phi(d["v2smprivex"]) + d["right_to_info"] + d["open_gov"]) / 4.0


def data_restriction(d: pd.DataFrame, observed: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Data localisation and flow restrictions in [0, 1].

    Observed: ECIPE data-restrictions pillar (else overall DTRI). Elsewhere (assumption):
    0.75 x quantile mapping of a restrictiveness proxy, mean(1-Phi(v2smgovfilprc),
    1-Phi(v2smgovshut), 1-regime), onto the observed ECIPE distribution, + 0.25 x the region x
    regime-tercile median of observed values. Returns (lever, modelled mask).
    """
    proxy = (
        (1.0 - phi(d["v2smgovfilprc"])) + (1.0 - phi(d["v2smgovshut"])) + (1.0 - d["regime"])
    ) / 3.0
    seen = observed.notna()
    ref_proxy = np.sort(proxy[seen.to_numpy()])
    quantile = np.searchsorted(ref_proxy, proxy, side="right") / len(ref_proxy)
    mapped = pd.Series(np.quantile(observed[seen].to_numpy(), quantile), index=d.index)
    median = impute_grouped(observed, d["region"], regime_terciles(d["regime"]))
    lever = observed.fillna(0.75 * mapped + 0.25 * median)
    return lever.clip(0.0, 1.0), ~seen


def sharing(d: pd.DataFrame, memberships: pd.DataFrame) -> pd.Series:
    """Threat-intelligence sharing: 0.5 GCI (its cooperation pillar as proxy; backcast) + 0.5
    alliance participation (weighted memberships in YEAR, capped at 1) x (0.5 + 0.5 regime).
    Assumption."""
    active = memberships[
        (memberships["joined"] <= YEAR) & ~(memberships["left"].fillna(9999) <= YEAR)
    ]
    weights = active["org"].map(SHARING_WEIGHTS).fillna(0.0)
    alliance = weights.groupby(active["iso3"]).sum().reindex(d.index, fill_value=0.0)
    gci = d["itu_gci"] * backcast(d)
    return 0.5 * gci + 0.5 * alliance.clip(upper=1.0) * (0.5 + 0.5 * d["regime"])


def disclosure(d: pd.DataFrame) -> pd.Series:
    """Transparency and vulnerability disclosure: mean of WJP open government, WJP right to
    information, press freedom (1 - RSF score / 100) and regime."""
    press = (1.0 - d["press_freedom"] / 100.0).clip(0.0, 1.0)
    return (d["open_gov"] + d["right_to_info"] + press + d["regime"]) / 4.0


def offense(d: pd.DataFrame, evidence: pd.Series) -> pd.Series:
    """Offensive cyber activity from what states did, 2000-2010 (assumption): see
    :func:`netpolitik.world.history.offense_lever` and docs/data.md."""
    return pd.Series(history.offense_lever(d, d["capability"], evidence), index=d.index)


def aid(d: pd.DataFrame) -> pd.Series:
    """Capacity-building aid: regime x (GDP-per-capita percentile above the median, rescaled
    to [0, 1]); states below the median GDP per capita give none (assumption)."""
    rich = ((pct_rank(d["gdp_per_capita"]) - 0.5) / 0.5).clip(0.0, 1.0)
    return d["regime"] * rich


# ------------------------------------------------------------------- memberships, rivalries ---
def build_memberships(region: pd.Series) -> pd.DataFrame:
    """memberships.csv: org, iso3, joined, left (nullable), kind, source; sorted, validated."""
    rows = []
    for org, (kind, source, waves) in MEMBERSHIPS.items():
        if org == "AU":
            founding = [c for c in region.index[region == "Africa"] if c not in AU_NON_MEMBERS]
            waves = {2002: " ".join(founding)}
        for year, members in waves.items():
            for code in members.split():
                left = MEMBERSHIP_LEFT.get((org, code))
                rows.append((org, code, year, left, kind, source))
    cols = ["org", "iso3", "joined", "left", "kind", "source"]
    table = pd.DataFrame(rows, columns=cols)
    unknown = sorted(set(table["iso3"]) - set(region.index))
    table["left"] = table["left"].astype("Int64")
    late = (table["joined"] > YEAR) | (table["left"].fillna(0) > YEAR)
    if unknown or table.duplicated(["org", "iso3"]).any() or late.any():
        raise SystemExit(f"memberships: unknown, duplicate or post-{YEAR} rows {unknown}")
    return table.sort_values(["org", "iso3"]).reset_index(drop=True)


def build_rivalries(iso3: pd.Index) -> pd.DataFrame:
    """rivalries.csv: a < b (ISO3), since (year), source; validated against countries."""
    rows = [(min(a, b), max(a, b), since, RIVALRY_SOURCE) for a, b, since in RIVALRIES]
    table = pd.DataFrame(rows, columns=["a", "b", "since", "source"])
    unknown = sorted((set(table["a"]) | set(table["b"])) - set(iso3))
    if unknown:
        raise SystemExit(f"rivalries: unknown ISO3 codes {unknown}")
    return table.sort_values(["a", "b"]).reset_index(drop=True)


# --------------------------------------------------------------------------------- countries ---
def indicator_frame(states: pd.DataFrame, raw: dict[str, object]) -> tuple[pd.DataFrame, ...]:
    """Raw indicators for every state, imputed. Returns (filled, imputed mask, milex)."""
    values, substituted = economy(states, raw)
    digital = raw["digital"].reindex(states.index)
    frame = values.drop(columns="milex").join(digital[DIGITAL_INPUTS])
    frame["regime"] = digital["v2x_civlib"]
    region = geography(states.index)["region"]
    filled, mask = impute_all(frame, region)
    for col in substituted.columns:
        mask[col] = mask.get(col, False) | substituted[col]
    return filled, mask, values["milex"]


def history_tables(d: pd.DataFrame, raw: dict[str, object]) -> tuple[pd.DataFrame, ...]:
    """(combined operations per directed dyad-year, dyad_history table) for YEAR."""
    countries = d.reset_index()[["iso3", "name", "cow_code", "cow_ccode"]]
    dcid = history.dcid_operations(raw["dcid"], countries)
    cfr = history.cfr_operations(raw["cfr"], countries)
    combined = history.combined_operations(dcid, cfr)
    ops = history.decayed_operations(combined, YEAR, history.OPERATIONS_TAU)
    disputes = history.mid_disputes(raw["mid"], countries, YEAR, history.DISPUTES_TAU)
    return combined, history.dyad_history(ops, disputes)


def derive(states: pd.DataFrame, raw: dict[str, object]) -> tuple[pd.DataFrame, ...]:
    """All countries.csv columns (unrounded), the imputed mask of raw inputs and the
    dyad_history table."""
    d, mask, milex = indicator_frame(states, raw)
    d = d.join(geography(states.index)).join(states)
    d["gdp"] = d["gdp_per_capita"] * d["population"]
    d["military_share"] = military_share(milex, d["cinc"])
    d["gci"] = d["itu_gci"]
    combined, dyads = history_tables(d, raw)
    ops_out = dyads.groupby("a")["operations"].sum().reindex(d.index, fill_value=0.0)
    evidence = pd.Series(history.operation_evidence(ops_out.to_numpy()), index=d.index)
    d["capability"] = capability(d, evidence)
    digital = raw["digital"].reindex(states.index)
    observed = digital["data_restrictions"].fillna(digital["dtri"])
    d["data_restriction"], mask["data_restriction"] = data_restriction(d, observed)
    memberships = build_memberships(d["region"])
    d["surveillance"] = surveillance(d)
    d["oversight"] = oversight(d)
    d["defense"] = (d["itu_gci"] + d["ncsi"] / 100.0) / 2.0 * backcast(d)
    d["sharing"] = sharing(d, memberships)
    d["disclosure"] = disclosure(d)
    d["offense"] = offense(d, evidence)
    d["aid"] = aid(d)
    return d, mask, dyads


def imputed_list(mask: pd.DataFrame) -> pd.Series:
    """Semicolon-separated countries.csv columns whose value rests on an imputed input."""
    inputs = {
        c: [c]
        for c in [
            "population",
            "gdp_per_capita",
            "internet",
            "regime",
            "cinc",
            "military_share",
            "data_restriction",
        ]
    }
    inputs["gdp"] = ["population", "gdp_per_capita"]
    inputs |= LEVER_INPUTS
    inputs["capability"] = inputs["capability"] + ["population"]
    inputs["offense"] = inputs["offense"] + ["gdp_per_capita", "population"]
    flagged = {col: mask[inputs[col]].any(axis=1) for col in COUNTRY_COLUMNS if col in inputs}
    table = pd.DataFrame(flagged)
    return table.apply(lambda row: ";".join(row.index[row.to_numpy()]), axis=1)


def countries_table(raw: dict[str, object]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """countries.csv (one rounded row per state, sorted by ISO3, columns in COUNTRY_COLUMNS)
    and the dyad_history table."""
    states = state_list(raw["cow"], raw["nmc"], raw["wdi_gdp"].index)
    d, mask, dyads = derive(states, raw)
    d["imputed"] = imputed_list(mask)
    d["population"] = d["population"].round().astype("int64")
    d["gdp"] = d["gdp"].round().astype("int64")
    d["gdp_per_capita"] = d["gdp_per_capita"].round(2)
    for col in ["internet", "capability", "gci", *LEVERS]:
        d[col] = d[col].astype(float).round(4)
    for col in ["cinc", "military_share"]:
        d[col] = d[col].map(sig)
    d["regime"] = d["regime"].round(3)
    out = d.reset_index().rename(columns={"index": "iso3"})[COUNTRY_COLUMNS]
    if out.drop(columns=["cow_code", "cow_ccode", "imputed"]).isna().any().any():
        raise SystemExit("countries: NaN left after imputation")
    return out.sort_values("iso3").reset_index(drop=True), dyads


def gdp_growth_table(wdi_gdp: pd.DataFrame, iso3: pd.Index) -> pd.DataFrame | None:
    """Validation only: annualised real GDP-per-capita growth 2010-2019 (WDI) per state with
    both years observed, and 2007-2010 (the persistence baseline; NaN where unobserved);
    None if the WDI extract does not reach 2019."""
    if not {WDI_EARLIEST, YEAR, GROWTH_END} <= set(wdi_gdp.columns):
        return None
    sub = wdi_gdp.reindex(iso3)[[WDI_EARLIEST, YEAR, GROWTH_END]]
    sub = sub[sub[[YEAR, GROWTH_END]].notna().all(axis=1)]
    after = (sub[GROWTH_END] / sub[YEAR]) ** (1.0 / (GROWTH_END - YEAR)) - 1.0
    before = (sub[YEAR] / sub[WDI_EARLIEST]) ** (1.0 / (YEAR - WDI_EARLIEST)) - 1.0
    table = pd.DataFrame({
        "iso3": list(sub.index), "gdp_per_capita_growth": after.round(5).to_numpy(),
        "growth_2007_2010": before.round(5).to_numpy(),
    })  # fmt: skip
    return table.sort_values("iso3").reset_index(drop=True)


def offense_report(countries: pd.DataFrame, raw: dict[str, object], top: int = 15) -> list:
    """The `top` highest-offense states with the operations (by source) that put them there:
    [iso3, offense, capability, DCID 2000-10 incidents initiated, CFR 2005-10 operations
    sponsored or co-sponsored]."""
    c = countries.set_index("iso3")
    cols = countries[["iso3", "name", "cow_code", "cow_ccode"]]
    dcid = history.dcid_operations(raw["dcid"], cols)["attacker"].value_counts()
    lists = history.cfr_sponsor_lists(raw["cfr"], cols)
    cfr = pd.Series([code for codes in lists for code in codes]).value_counts()
    return [
        [code, float(c.loc[code, "offense"]), float(c.loc[code, "capability"]),
         int(dcid.get(code, 0)), int(cfr.get(code, 0))]
        for code in c["offense"].nlargest(top).index
    ]  # fmt: skip


# ------------------------------------------------------------------------------ growth trend ---
# Trend real GDP growth per country from data up to 2010 only (docs/data.md, "Growth trend").
TREND_YEARS = (2007, 2008, 2009, 2010)  # WDI GDP per capita starts in 2007
# World real GDP growth 2000-2010, about 3% a year (WDI; the same figure as base_growth): the
# 2008-2010 crisis years would understate the level, so they set only relative growth.
WORLD_TREND = 0.03


def own_growth_rates(raw: dict[str, object]) -> dict[str, list[float]]:
    """TWN (DGBAS) and PRK (Bank of Korea) real GDP growth 2008-2010: absent from WDI."""
    tw = pd.read_csv(raw["taiwan_path"]).set_index("Period")
    tw.index = tw.index.astype(int)
    tw_g = [float(tw.loc[y, "GDP Growth Rate (%)"]) / 100.0 for y in TREND_YEARS[1:]]
    sheet = openpyxl.load_workbook(raw["north_korea_path"], read_only=True).worksheets[0]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0]]
    header = next(r for r in rows if r[0] == "Indicator")
    table = {str(r[0]).strip(): dict(zip(header[2:], r[2:], strict=True)) for r in rows[1:]}
    nk = table["Real GDP growth"]
    nk_g = [float(nk[y]) / 100.0 for y in TREND_YEARS[1:] if y in nk and nk[y] is not None]
    return {"TWN": [math.log1p(g) for g in tw_g], "PRK": [math.log1p(g) for g in nk_g]}


def growth_panel(countries: pd.DataFrame, raw: dict[str, object]) -> pd.DataFrame:
    """Annual log real GDP growth 2008-2010, iso3 x year: WDI per-capita growth plus the
    country's mean NMC population growth 2001-2010 (NaN where unobserved)."""
    idx = pd.Index(countries["iso3"])
    wdi = raw["wdi_gdp"].reindex(idx)[list(TREND_YEARS)]
    per_capita = np.log(wdi).diff(axis=1).iloc[:, 1:]
    nmc = raw["nmc"]
    pop = nmc[nmc["year"] <= YEAR].pivot(index="ccode", columns="year", values="tpop")
    pop_growth = np.log(pop).diff(axis=1).mean(axis=1)
    ccode = pd.to_numeric(countries["cow_ccode"], errors="coerce").fillna(-1).astype(int)
    pg = pd.Series(pop_growth.reindex(ccode).to_numpy(), index=idx)
    panel = per_capita.add(pg.fillna(pg.median()), axis=0)
    for code, rates in own_growth_rates(raw).items():
        if code in panel.index and rates:
            panel.loc[code, list(TREND_YEARS[1 : 1 + len(rates)])] = rates
    return panel


def growth_trend(countries: pd.DataFrame, raw: dict[str, object]) -> pd.Series:
    """Trend growth (1/year): convergence line plus each country's shrunk own deviation.

    With year effects removed (the 2008-2009 crisis hit everyone), ``mu_i`` is country i's
    mean relative growth over its T_i observed years. OLS across countries gives
    ``mu_i = a + b log(gdp_per_capita_i) + u_i``. The empirical-Bayes weight
    ``w_i = tau2 / (tau2 + s2 / T_i)`` (s2: pooled within-country variance, tau2: variance
    of u net of noise) shrinks u_i toward the line. The level is set so that the GDP-weighted
    world trend is WORLD_TREND. Countries without data get the line.
    """
    panel = growth_panel(countries, raw)
    rel = panel - panel.mean(axis=0)
    t_obs = rel.notna().sum(axis=1)
    mu = rel.mean(axis=1)
    x = np.log(countries.set_index("iso3")["gdp_per_capita"].astype(float))
    ok = t_obs >= 2
    b, a = np.polyfit(x[ok], mu[ok], 1)
    u = mu - (a + b * x)
    s2 = float((rel.sub(mu, axis=0) ** 2).sum(axis=1)[ok].sum() / (t_obs[ok] - 1).sum())
    tau2 = max(float(u[ok].var()) - float((s2 / t_obs[ok]).mean()), 0.0)
    weight = (tau2 / (tau2 + s2 / t_obs.replace(0, np.nan))).fillna(0.0)
    trend = a + b * x + (weight * u).fillna(0.0)
    gdp = countries.set_index("iso3")["gdp"].astype(float)
    trend = trend + WORLD_TREND - float((gdp * trend).sum() / gdp.sum())
    return trend.round(4)


def add_growth_trend(countries: pd.DataFrame, raw: dict[str, object]) -> pd.DataFrame:
    """countries with the growth_trend column appended (see growth_trend)."""
    out = countries.copy()
    out["growth_trend"] = growth_trend(countries, raw).reindex(out["iso3"]).to_numpy()
    return out


# ------------------------------------------------------------------------------------ output ---
def raw_paths(data_dir: Path, calib_dir: Path) -> dict[str, Path]:
    """Path of every raw input (world files in data_dir, calibration files in calib_dir)."""
    paths = {key: data_dir / name for key, name in RAW_FILES.items()}
    return paths | {key: calib_dir / name for key, name in CALIBRATION_FILES.items()}


def load_raw(data_dir: Path, calib_dir: Path) -> dict[str, object]:
    """Read every raw input file."""
    path = raw_paths(data_dir, calib_dir)
    missing = [str(p) for p in path.values() if not p.is_file()]
    if missing:
        raise SystemExit(f"--data-dir/--calibration-dir: missing {', '.join(missing)}")
    return {
        "dcid": pd.read_csv(path["dcid"]), "cfr": pd.read_csv(path["cfr"]),
        "mid": pd.read_csv(path["mid"]),
        "wdi_gdp": read_wdi(path["wdi_gdp"]), "wdi_internet": read_wdi(path["wdi_internet"]),
        "nmc": read_nmc(path["nmc"]), "taiwan": read_taiwan(path["taiwan"]),
        "north_korea": read_north_korea(path["north_korea"]), "cow": pd.read_csv(path["cow"]),
        "digital": read_digital(path["digital"]),
        "taiwan_path": path["taiwan"], "north_korea_path": path["north_korea"],
    }  # fmt: skip


def provenance(paths: dict[str, Path], outputs: dict[str, Path]) -> dict[str, object]:
    """Sources, licences, raw-file and output sha256, vintages and fixed assumptions."""
    sources = []
    names = RAW_FILES | {k: f"calibration/{v}" for k, v in CALIBRATION_FILES.items()}
    for key, name in names.items():
        title, licence, url = SOURCES[key]
        sources.append({"id": key, "file": name, "title": title, "licence": licence,
                        "url": url, "sha256": sha256(paths[key])})  # fmt: skip
    orgs = {org: {"kind": kind, "source": src} for org, (kind, src, _) in MEMBERSHIPS.items()}
    return {
        "description": "netpolitik default world, derived from public data; see docs/data.md",
        "build": "python scripts/build_world.py (make world)",
        "reference_year": YEAR,
        "assumptions": {
            "krw_per_usd_2010": KRW_PER_USD_2010,
            "us_deflator_2015_over_2010": US_DEFLATOR_2015_OVER_2010,
            "wdi_earliest_year": WDI_EARLIEST,
            "nmc_earliest_year": NMC_EARLIEST,
            "backcast_exponent": BACKCAST_EXPONENT,
            "capability_lift": history.CAPABILITY_LIFT,
            "offense_evidence_weight": history.OFFENSE_EVIDENCE,
            "operations_tau_years": history.OPERATIONS_TAU,
            "disputes_tau_years": history.DISPUTES_TAU,
            "sharing_weights": SHARING_WEIGHTS,
        },
        "vintage": {col: COLUMNS[col].vintage for col in [*COUNTRY_COLUMNS, "growth_trend"]},
        "sources": sources,
        "memberships": orgs,
        "rivalries": RIVALRY_SOURCE,
        "outputs": {name: sha256(path) for name, path in outputs.items()},
    }


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """Write a CSV deterministically (LF line ends, no index), atomically via a temp file."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    table.to_csv(tmp, index=False, lineterminator="\n")
    os.replace(tmp, path)


def build(data_dir: Path, out_dir: Path, calib_dir: Path | None = None) -> pd.DataFrame:
    """Build every derived table from the raw files into out_dir; returns the countries
    table. ``calib_dir`` defaults to ``data_dir/../calibration``."""
    calib_dir = calib_dir or data_dir.parent / "calibration"
    raw = load_raw(data_dir, calib_dir)
    countries, dyads = countries_table(raw)
    countries = add_growth_trend(countries, raw)
    region = countries.set_index("iso3")["region"]
    (out_dir / "validation").mkdir(parents=True, exist_ok=True)
    outputs = {
        "countries.csv": countries,
        "memberships.csv": build_memberships(region),
        "rivalries.csv": build_rivalries(region.index),
        "dyad_history.csv": dyads,
    }
    growth = gdp_growth_table(raw["wdi_gdp"], region.index)
    if growth is not None:
        outputs[VALIDATION_GROWTH] = growth
    paths = {name: out_dir / name for name in outputs}
    for name, table in outputs.items():
        write_csv(table, paths[name])
    meta = provenance(raw_paths(data_dir, calib_dir), paths)
    meta["top_offense"] = offense_report(countries, raw)
    meta = json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False)
    tmp = out_dir / "provenance.json.tmp"
    tmp.write_text(meta + "\n", encoding="utf-8")
    os.replace(tmp, out_dir / "provenance.json")
    return countries


def main(argv: list[str] | None = None) -> None:
    """Command line: build the world tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=DEFAULT_DATA_DIR,
        help="folder with the raw files (default: %(default)s)",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=DEFAULT_OUT_DIR,
        help="folder for the derived tables (default: %(default)s)",
    )
    parser.add_argument(
        "--calibration-dir",
        type=Path,
        default=None,
        help="folder with the DCID, CFR and MID files (default: DATA_DIR/../calibration)",
    )
    args = parser.parse_args(argv)
    calib = args.calibration_dir.resolve() if args.calibration_dir else None
    countries = build(args.data_dir.resolve(), args.out_dir, calib)
    print(f"wrote {len(countries)} countries to {args.out_dir}")


if __name__ == "__main__":
    main()

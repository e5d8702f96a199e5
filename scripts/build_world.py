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
from collections.abc import Iterable
from pathlib import Path

import country_converter as coco
import numpy as np
import openpyxl
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = REPO.parent / "shared" / "data" / "world"
DEFAULT_OUT_DIR = REPO / "src" / "netpolitik" / "data"

YEAR = 2010  # reference year of the world (the simulation starts here)
NMC_LAST_YEAR = 2016  # last year of NMC v6: the state system of record
INTERNET_MAX_GAP = 3  # years: internet use grows fast, so only near years may stand in for 2010

# Bank of Korea values North Korean GNI at South Korean prices in won. Converting the 2015
# per-capita GNI to US$ at the 2015 average KRW/USD rate (about 1,131.5 won per dollar, Bank of
# Korea / FRED AEXKOUS) gives constant-2015-US$ (GNI taken as a proxy for GDP). Assumption.
KRW_PER_USD_2015 = 1131.5

RAW_FILES = {
    "wdi_gdp": "wdi_gdp_per_capita_2007_2020.csv",
    "wdi_internet": "wdi_internet_users_2007_2020.csv",
    "nmc": "nmc_v6_2000_2016.csv",
    "taiwan": "taiwan_principal_figures_2007_2020.csv",
    "north_korea": "north_korea_indicators_2007_2020.xlsx",
    "cow": "cow_country_codes.csv",
    "digital": "digital_society_2019.csv",
}

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
    "capability": ["itu_gci", "ncsi", "v2smgovcapsec", "gdp_per_capita"],
    "surveillance": ["v2smgovsmmon", "v2smgovfilprc", "v2smprivcon"],
    "oversight": ["v2x_clpriv", "v2smprivex", "right_to_info", "open_gov"],
    "defense": ["itu_gci", "ncsi"],
    "sharing": ["itu_gci", "regime"],
    "disclosure": ["open_gov", "right_to_info", "press_freedom", "regime"],
    "offense": ["itu_gci", "ncsi", "v2smgovcapsec", "military_share", "regime", "v2smgovdom"],
    "aid": ["gdp_per_capita", "regime"],
}

# COW state names that country_converter does not map, or maps wrongly.
COW_ISO3_FIX = {"Kosovo": "XKX", "Congo": "COG", "Yemen": "YEM", "Yugoslavia": "SRB"}
# digital_society_2019.csv names: manual ISO3 fixes; None drops the row (historic entities,
# sub-national units and groupings that are not states today).
DIGITAL_ISO3_FIX: dict[str, str | None] = {
    "Congo (DRC)": "COD",
    "Republic of the Congo": "COG",
    "Kosovo": "XKX",
    "Ascension": None,
    "Cyprus North": None,
    "Northern Ireland": None,
    "Somaliland": None,
    "Zanzibar": None,
    "OECS": None,
    "Neth. Antilles": None,
    "Palestine/British Mandate": None,
    "Republic of Vietnam": None,
    "South Yemen": None,
    "German Democratic Republic": None,
    "Baden": None,
    "Bavaria": None,
    "Brunswick": None,
    "Hanover": None,
    "Hesse-Darmstadt": None,
    "Mecklenburg Schwerin": None,
    "Modena": None,
    "Oldenburg": None,
    "Papal States": None,
    "Parma": None,
    "Piedmont-Sardinia": None,
    "Saxe-Weimar-Eisenach": None,
    "Saxony": None,
    "Tuscany": None,
    "Two Sicilies": None,
    "WÃ¼rtemberg": None,
}

# ---------------------------------------------------------------------------------------------
# Organisation memberships: public facts coded by hand. {org: (kind, source, {year: members})}.
# Years are accession years (ratification year for BUDAPEST); see docs/data.md for caveats.
# ---------------------------------------------------------------------------------------------
MEMBERSHIPS: dict[str, tuple[str, str, dict[int, str]]] = {
    "NATO": ("defense_pact", "NATO member countries, nato.int", {
        1949: "BEL CAN DNK FRA ISL ITA LUX NLD NOR PRT GBR USA", 1952: "GRC TUR",
        1955: "DEU", 1982: "ESP", 1999: "CZE HUN POL", 2004: "BGR EST LVA LTU ROU SVK SVN",
        2009: "ALB HRV", 2017: "MNE", 2020: "MKD", 2023: "FIN", 2024: "SWE"}),
    "EU": ("trade_bloc", "EU countries and accession dates, european-union.europa.eu "
           "(EEC from 1958)", {
        1958: "BEL DEU FRA ITA LUX NLD", 1973: "DNK GBR IRL", 1981: "GRC", 1986: "ESP PRT",
        1995: "AUT FIN SWE", 2004: "CYP CZE EST HUN LTU LVA MLT POL SVK SVN",
        2007: "BGR ROU", 2013: "HRV"}),
    "FIVE_EYES": ("threat_sharing", "UKUSA Agreement release, nsa.gov (2010)", {
        1946: "GBR USA", 1948: "CAN", 1956: "AUS NZL"}),
    "ASEAN": ("political", "ASEAN member states, asean.org", {
        1967: "IDN MYS PHL SGP THA", 1984: "BRN", 1995: "VNM", 1997: "LAO MMR",
        1999: "KHM"}),
    "SCO": ("political", "SCO member states, eng.sectsco.org", {
        2001: "CHN KAZ KGZ RUS TJK UZB", 2017: "IND PAK", 2023: "IRN", 2024: "BLR"}),
    "AU": ("political", "African Union member states, au.int (AU founded 2002)", {}),
    "OAS": ("political", "OAS member states, oas.org", {
        1948: "ARG BOL BRA CHL COL CRI CUB DOM ECU SLV GTM HTI HND MEX NIC PAN PRY PER USA "
              "URY VEN",
        1967: "BRB TTO", 1969: "JAM", 1975: "GRD", 1977: "SUR", 1979: "DMA LCA",
        1981: "ATG VCT", 1982: "BHS", 1984: "KNA", 1990: "CAN", 1991: "BLZ GUY"}),
    "GCC": ("political", "Gulf Cooperation Council, gcc-sg.org", {
        1981: "ARE BHR KWT OMN QAT SAU"}),
    "CSTO": ("defense_pact", "Collective Security Treaty Organization, odkb-csto.org", {
        2002: "ARM BLR KAZ KGZ RUS TJK", 2006: "UZB"}),
    "G7": ("economic_forum", "G7 members (summits since 1975)", {
        1975: "DEU FRA GBR ITA JPN USA", 1976: "CAN"}),
    "G20": ("economic_forum", "G20 members, g20.org", {
        1999: "ARG AUS BRA CAN CHN DEU FRA GBR IDN IND ITA JPN KOR MEX RUS SAU TUR USA ZAF"}),
    "BRICS": ("economic_forum", "BRICS members (first BRIC summit 2009), brics summit "
              "declarations", {
        2009: "BRA CHN IND RUS", 2011: "ZAF", 2024: "ARE EGY ETH IRN", 2025: "IDN"}),
    "QUAD": ("political", "Quadrilateral Security Dialogue (revived 2017), state.gov", {
        2017: "AUS IND JPN USA"}),
    "OECD": ("economic_forum", "OECD members and accession dates, oecd.org", {
        1961: "AUT BEL CAN CHE DEU DNK ESP FRA GBR GRC IRL ISL LUX NLD NOR PRT SWE TUR USA",
        1962: "ITA", 1964: "JPN", 1969: "FIN", 1971: "AUS", 1973: "NZL", 1994: "MEX",
        1995: "CZE", 1996: "HUN KOR POL", 2000: "SVK", 2010: "CHL EST ISR SVN", 2016: "LVA",
        2018: "LTU", 2020: "COL", 2021: "CRI"}),
    "BUDAPEST": ("cybercrime_treaty", "Council of Europe Treaty Office, chart of signatures "
                 "and ratifications of ETS No. 185, coe.int", {
        2002: "ALB HRV", 2003: "EST HUN", 2004: "LTU MKD ROU SVN", 2005: "BGR CYP DNK",
        2006: "ARM BIH FRA NLD NOR UKR USA", 2007: "FIN ISL LVA", 2008: "ITA SVK",
        2009: "DEU MDA SRB", 2010: "AZE ESP MNE PRT", 2011: "CHE GBR",
        2012: "AUS AUT BEL GEO JPN MLT", 2013: "CZE DOM MUS", 2014: "LUX PAN TUR",
        2015: "CAN LKA POL", 2016: "AND ISR LIE SEN", 2017: "CHL CRI GRC MCO TON",
        2018: "ARG CPV GHA MAR PHL PRY", 2019: "PER", 2020: "COL", 2021: "SWE",
        2022: "NGA", 2023: "BRA"}),
    "CIS": ("political", "Commonwealth of Independent States, e-cis.info", {
        1991: "ARM AZE BLR KAZ KGZ MDA RUS TJK TKM UKR UZB", 1993: "GEO"}),
    "EAEU": ("trade_bloc", "Eurasian Economic Union, eaeunion.org (Customs Union from 2010)", {
        2010: "BLR KAZ RUS", 2015: "ARM KGZ"}),
    "MERCOSUR": ("trade_bloc", "MERCOSUR member states, mercosur.int", {
        1991: "ARG BRA PRY URY", 2012: "VEN", 2024: "BOL"}),
    "ARAB_LEAGUE": ("political", "League of Arab States members, lasportal.org", {
        1945: "EGY IRQ JOR LBN SAU SYR YEM", 1953: "LBY", 1956: "SDN", 1958: "MAR TUN",
        1961: "KWT", 1962: "DZA", 1971: "ARE BHR OMN QAT", 1973: "MRT", 1974: "SOM",
        1977: "DJI", 1993: "COM"}),
}  # fmt: skip
# Departures (year): EU: UK 2020; OAS: Cuba excluded from participation 1962, Venezuela's
# withdrawal effective 2019, Nicaragua's 2023; CSTO: Uzbekistan suspended 2012; CIS: Turkmenistan
# associate only from 2005, Georgia left 2009, Ukraine 2018; MERCOSUR: Venezuela suspended 2016.
MEMBERSHIP_LEFT = {
    ("EU", "GBR"): 2020, ("OAS", "CUB"): 1962, ("OAS", "VEN"): 2019, ("OAS", "NIC"): 2023,
    ("CSTO", "UZB"): 2012, ("CIS", "TKM"): 2005, ("CIS", "GEO"): 2009, ("CIS", "UKR"): 2018,
    ("MERCOSUR", "VEN"): 2016,
}  # fmt: skip
# African Union: every African state joined in 2002 (AU replaced the OAU) except these.
AU_JOINED = {"SSD": 2011, "MAR": 2017}

# Weight of each organisation in the alliance-participation term of `sharing` (assumption:
# intelligence alliances share most, then defence pacts, the EU, and the Budapest Convention's
# 24/7 network of contact points).
SHARING_WEIGHTS = {
    "FIVE_EYES": 1.0, "NATO": 0.6, "EU": 0.4, "BUDAPEST": 0.3, "CSTO": 0.3, "SCO": 0.2,
    "GCC": 0.2,
}  # fmt: skip

RIVALRY_SOURCE = "Thompson & Dreyer (2012), Handbook of International Rivalries 1494-2010"
# Strategic rivalries ongoing in 2010: (a, b, since). USA-RUS continues the US-USSR rivalry
# (assumption, see docs/data.md).
RIVALRIES = [
    ("RUS", "USA", 1945), ("CHN", "USA", 1996), ("CHN", "TWN", 1949), ("CHN", "JPN", 1996),
    ("CHN", "IND", 1948), ("CHN", "VNM", 1973), ("IND", "PAK", 1947), ("AFG", "PAK", 1947),
    ("IRN", "ISR", 1979), ("ISR", "SYR", 1948), ("KOR", "PRK", 1948), ("PRK", "USA", 1949),
    ("GEO", "RUS", 1992), ("IRN", "SAU", 1979), ("IRN", "USA", 1979), ("GRC", "TUR", 1955),
    ("ARM", "AZE", 1991), ("ERI", "ETH", 1998), ("DZA", "MAR", 1962), ("CUB", "USA", 1959),
    ("SDN", "TCD", 1966),
]  # fmt: skip

SOURCES = {
    "wdi_gdp": ("World Bank, World Development Indicators, NY.GDP.PCAP.KD (GDP per capita, "
                "constant 2015 US$)", "CC BY 4.0", "https://data.worldbank.org"),
    "wdi_internet": ("World Bank, World Development Indicators, IT.NET.USER.ZS (individuals "
                     "using the Internet, % of population)", "CC BY 4.0",
                     "https://data.worldbank.org"),
    "nmc": ("Correlates of War, National Material Capabilities v6 (Singer, Bremer & Stuckey "
            "1972; Greenhill 2021 codebook)", "free for research use with citation",
            "https://correlatesofwar.org"),
    "taiwan": ("DGBAS (Taiwan national statistics), principal figures", "official statistics, "
               "free reuse with attribution", "https://eng.stat.gov.tw"),
    "north_korea": ("Bank of Korea, GDP estimates for North Korea", "public statistics, cited",
                    "https://www.bok.or.kr"),
    "cow": ("Correlates of War, state system membership (country codes)",
            "free for research use with citation", "https://correlatesofwar.org"),
    "digital": ("Digital-society cross-section c. 2018-19 compiled from ITU GCI 2018, "
                "e-Governance Academy NCSI, V-Dem v9+ (CC BY), RSF press freedom, Freedom "
                "House, ECIPE DTRI, WJP open government, World Bank Doing Business, WEF NRI",
                "per component source; V-Dem CC BY", "see docs/data.md"),
}  # fmt: skip


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

    2015 per-capita GDP in current US$ is carried back to 2010 with the real GDP growth rates
    2011-2015 and the population change: the same construction as WDI's constant-2015-US$.
    """
    tw = pd.read_csv(path).set_index("Period")
    tw.index = tw.index.astype(int)
    pop = tw["Population (Mid-Year,Persons)"].astype(float)
    growth = tw["GDP Growth Rate (%)"].astype(float) / 100.0
    real_2015_over_2010 = float(np.prod(1.0 + growth.loc[YEAR + 1 : 2015]))
    gdp_2015 = float(tw.loc[2015, "GDP (Million U.S.$,at Current Prices)"]) * 1e6
    gdp_2010 = gdp_2015 / real_2015_over_2010
    return {"population": float(pop.loc[YEAR]), "gdp_per_capita": gdp_2010 / pop.loc[YEAR]}


def read_north_korea(path: Path) -> dict[str, float]:
    """North Korea 2010 GDP per capita in constant 2015 US$ (Bank of Korea estimates).

    Per-capita GNI 2015 (10,000 won) / KRW_PER_USD_2015 gives 2015 US$; carried back to 2010
    with BoK real GDP growth 2011-2015 and BoK population. GNI is taken as a proxy for GDP.
    """
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0]]
    header = next(r for r in rows if r[0] == "Indicator")
    years = [int(y) for y in header[2:]]
    table = {str(r[0]).strip(): dict(zip(years, r[2:], strict=True)) for r in rows[1:]}
    gni_pc_2015_usd = float(table["Per capita GNI"][2015]) * 1e4 / KRW_PER_USD_2015
    growth = np.array([table["Real GDP growth"][y] for y in range(YEAR + 1, 2016)], float)
    pop = table["Population"]
    real_ratio = float(np.prod(1.0 + growth / 100.0))
    gdp_pc_2010 = gni_pc_2015_usd * float(pop[2015]) / real_ratio / float(pop[YEAR])
    return {"gdp_per_capita": gdp_pc_2010}


def read_digital(path: Path) -> pd.DataFrame:
    """Digital-society cross-section indexed by ISO3; duplicate names merged (first non-null)."""
    ds = pd.read_csv(path)
    ds["iso3"] = to_iso3(ds["country"], DIGITAL_ISO3_FIX)
    ds = ds.dropna(subset=["iso3"]).drop(columns="country")
    return ds.groupby("iso3", sort=True).first()


# ---------------------------------------------------------------------------------- states ---
def state_list(cow: pd.DataFrame, nmc: pd.DataFrame, wdi_codes: Iterable[str]) -> pd.DataFrame:
    """Sovereign states: COW states present in NMC's last year plus WDI economies that are UN
    members (WDI aggregates and territories such as ASM, ABW, HKG, MAC, PRI, GRL drop out).

    Returns iso3, cow_code (COW StateAbb, '' if none), cow_ccode (nullable int).
    """
    last = nmc.loc[nmc["year"] == NMC_LAST_YEAR, ["stateabb", "ccode"]]
    states = last.merge(cow, left_on="ccode", right_on="CCode", how="left", validate="1:1")
    states["iso3"] = to_iso3(states["StateNme"], COW_ISO3_FIX)
    if states["iso3"].isna().any() or states["iso3"].duplicated().any():
        raise SystemExit(f"unmatched COW states: {states[states['iso3'].isna()]}")
    un_members = set(converter().data.dropna(subset=["UNmember"])["ISO3"])
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
def nearest_year(table: pd.DataFrame, iso3: pd.Index, max_gap: int | None) -> pd.DataFrame:
    """Value in YEAR; else linear interpolation between the nearest observed years on both
    sides of YEAR; else the nearest observed year (earlier wins ties) within max_gap years.

    Returns columns value (NaN if none) and substituted (True unless observed in YEAR).
    """
    sub = table.reindex(iso3)
    before = sub[[y for y in sub.columns if y <= YEAR]]
    after = sub[[y for y in sub.columns if y >= YEAR]]
    y0 = before.apply(pd.Series.last_valid_index, axis=1)  # latest observed year <= YEAR
    y1 = after.apply(pd.Series.first_valid_index, axis=1)  # earliest observed year >= YEAR
    v0 = before.ffill(axis=1).iloc[:, -1]
    v1 = after.bfill(axis=1).iloc[:, 0]
    span = (y1 - y0).astype(float).replace(0.0, np.nan)
    value = v0 + (v1 - v0) * (YEAR - y0.astype(float)) / span
    value = value.fillna(sub[YEAR] if YEAR in sub.columns else np.nan)
    years = sorted(sub.columns, key=lambda y: (abs(y - YEAR), y))
    if max_gap is not None:
        years = [y for y in years if abs(y - YEAR) <= max_gap]
    value = value.fillna(sub[years].bfill(axis=1).iloc[:, 0])
    observed = sub[YEAR].notna() if YEAR in sub.columns else False
    return pd.DataFrame({"value": value, "substituted": value.notna() & ~observed})


def nmc_year(nmc: pd.DataFrame, column: str, ccodes: pd.Series) -> pd.DataFrame:
    """An NMC column for YEAR by COW code, else the nearest NMC year (see nearest_year)."""
    table = nmc.pivot(index="ccode", columns="year", values=column)
    got = nearest_year(table, pd.Index(ccodes.fillna(-1).astype(int)), max_gap=None)
    return got.set_axis(ccodes.index)


def economy(states: pd.DataFrame, raw: dict[str, object]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Population, GDP per capita, internet, CINC and military expenditure for YEAR.

    Returns (values, flags): flags marks values substituted from another year; values left NaN
    are imputed later by impute_grouped.
    """
    nmc, tw, nk = raw["nmc"], raw["taiwan"], raw["north_korea"]
    pop = nmc_year(nmc, "tpop", states["cow_ccode"])
    gdppc = nearest_year(raw["wdi_gdp"], states.index, max_gap=None)
    net = nearest_year(raw["wdi_internet"], states.index, max_gap=INTERNET_MAX_GAP)
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
def capability(d: pd.DataFrame) -> pd.Series:
    """Cyber capability in [0, 1] (assumption): geometric mean of technical readiness (mean of
    ITU GCI, NCSI/100 and Phi(v2smgovcapsec)) and economic scale (log GDP rescaled to [0, 1]
    between the smallest and largest economy), so that large capable powers rank near the top."""
    tech = (d["itu_gci"] + d["ncsi"] / 100.0 + phi(d["v2smgovcapsec"])) / 3.0
    log_gdp = np.log(d["gdp"])
    scale = (log_gdp - log_gdp.min()) / (log_gdp.max() - log_gdp.min())
    return np.sqrt(tech * scale)


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
    """Threat-intelligence sharing: 0.5 GCI (its cooperation pillar as proxy) + 0.5 alliance
    participation (weighted memberships in YEAR, capped at 1) x (0.5 + 0.5 regime). Assumption."""
    active = memberships[
        (memberships["joined"] <= YEAR) & ~(memberships["left"].fillna(9999) <= YEAR)
    ]
    weights = active["org"].map(SHARING_WEIGHTS).fillna(0.0)
    alliance = weights.groupby(active["iso3"]).sum().reindex(d.index, fill_value=0.0)
    return 0.5 * d["itu_gci"] + 0.5 * alliance.clip(upper=1.0) * (0.5 + 0.5 * d["regime"])


def disclosure(d: pd.DataFrame) -> pd.Series:
    """Transparency and vulnerability disclosure: mean of WJP open government, WJP right to
    information, press freedom (1 - RSF score / 100) and regime."""
    press = (1.0 - d["press_freedom"] / 100.0).clip(0.0, 1.0)
    return (d["open_gov"] + d["right_to_info"] + press + d["regime"]) / 4.0


def rivalry_count(iso3: pd.Index) -> pd.Series:
    """Number of strategic rivalries ongoing in YEAR per state (from RIVALRIES)."""
    count = pd.Series(0.0, index=iso3)
    for a, b, since in RIVALRIES:
        if since <= YEAR:
            count[a] += 1.0
            count[b] += 1.0
    return count


def offense(d: pd.DataFrame) -> pd.Series:
    """Offensive cyber activity = power x intent (assumption).

    power = capability^0.6 x weight^2, weight = mean percentile of CINC and military share;
    intent factor = 0.4 + 0.6 x mean(1 - regime, Phi(-v2smgovdom) (own-government
    disinformation), min(1, rivalries / 2)); cyber incidents cluster among rivals (Valeriano &
    Maness 2014).
    """
    weight = (pct_rank(d["cinc"]) + pct_rank(d["military_share"])) / 2.0
    power = d["capability"] ** 0.6 * weight**2
    rivals = (rivalry_count(d.index) / 2.0).clip(upper=1.0)
    intent = ((1.0 - d["regime"]) + phi(-d["v2smgovdom"]) + rivals) / 3.0
    return power * (0.4 + 0.6 * intent)


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
            founding = [c for c in region.index[region == "Africa"] if c not in AU_JOINED]
            waves = {2002: " ".join(founding)} | {y: c for c, y in AU_JOINED.items()}
        for year, members in waves.items():
            for code in members.split():
                left = MEMBERSHIP_LEFT.get((org, code))
                rows.append((org, code, year, left, kind, source))
    cols = ["org", "iso3", "joined", "left", "kind", "source"]
    table = pd.DataFrame(rows, columns=cols)
    unknown = sorted(set(table["iso3"]) - set(region.index))
    if unknown or table.duplicated(["org", "iso3"]).any():
        raise SystemExit(f"memberships: unknown or duplicate ISO3 codes {unknown}")
    table["left"] = table["left"].astype("Int64")
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


def derive(states: pd.DataFrame, raw: dict[str, object]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All countries.csv columns (unrounded) and the imputed mask of raw inputs."""
    d, mask, milex = indicator_frame(states, raw)
    d = d.join(geography(states.index)).join(states)
    d["gdp"] = d["gdp_per_capita"] * d["population"]
    d["military_share"] = military_share(milex, d["cinc"])
    d["gci"] = d["itu_gci"]
    d["capability"] = capability(d)
    digital = raw["digital"].reindex(states.index)
    observed = digital["data_restrictions"].fillna(digital["dtri"])
    d["data_restriction"], mask["data_restriction"] = data_restriction(d, observed)
    memberships = build_memberships(d["region"])
    d["surveillance"] = surveillance(d)
    d["oversight"] = oversight(d)
    d["defense"] = (d["itu_gci"] + d["ncsi"] / 100.0) / 2.0
    d["sharing"] = sharing(d, memberships)
    d["disclosure"] = disclosure(d)
    d["offense"] = offense(d)
    d["aid"] = aid(d)
    return d, mask


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


def countries_table(raw: dict[str, object]) -> pd.DataFrame:
    """countries.csv: one rounded row per state, sorted by ISO3, columns in COUNTRY_COLUMNS."""
    states = state_list(raw["cow"], raw["nmc"], raw["wdi_gdp"].index)
    d, mask = derive(states, raw)
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
    return out.sort_values("iso3").reset_index(drop=True)


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
def load_raw(data_dir: Path) -> dict[str, object]:
    """Read every raw input file from data_dir."""
    missing = [f for f in RAW_FILES.values() if not (data_dir / f).is_file()]
    if missing:
        raise SystemExit(f"--data-dir {data_dir}: missing {', '.join(missing)}")
    path = {key: data_dir / name for key, name in RAW_FILES.items()}
    return {
        "wdi_gdp": read_wdi(path["wdi_gdp"]), "wdi_internet": read_wdi(path["wdi_internet"]),
        "nmc": read_nmc(path["nmc"]), "taiwan": read_taiwan(path["taiwan"]),
        "north_korea": read_north_korea(path["north_korea"]), "cow": pd.read_csv(path["cow"]),
        "digital": read_digital(path["digital"]),
        "taiwan_path": path["taiwan"], "north_korea_path": path["north_korea"],
    }  # fmt: skip


def provenance(data_dir: Path, outputs: dict[str, Path]) -> dict[str, object]:
    """Sources, licences, raw-file and output sha256, and the build's fixed assumptions."""
    sources = []
    for key, name in RAW_FILES.items():
        title, licence, url = SOURCES[key]
        sources.append(
            {
                "id": key,
                "file": name,
                "title": title,
                "licence": licence,
                "url": url,
                "sha256": sha256(data_dir / name),
            }
        )
    orgs = {org: {"kind": kind, "source": src} for org, (kind, src, _) in MEMBERSHIPS.items()}
    return {
        "description": "netpolitik default world, derived from public data; see docs/data.md",
        "build": "python scripts/build_world.py (make world)",
        "reference_year": YEAR,
        "assumptions": {
            "krw_per_usd_2015": KRW_PER_USD_2015,
            "internet_max_gap_years": INTERNET_MAX_GAP,
            "sharing_weights": SHARING_WEIGHTS,
        },
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


def build(data_dir: Path, out_dir: Path) -> pd.DataFrame:
    """Build every derived table from data_dir into out_dir; returns the countries table."""
    raw = load_raw(data_dir)
    countries = add_growth_trend(countries_table(raw), raw)
    region = countries.set_index("iso3")["region"]
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = {
        "countries.csv": countries,
        "memberships.csv": build_memberships(region),
        "rivalries.csv": build_rivalries(region.index),
    }
    paths = {name: out_dir / name for name in outputs}
    for name, table in outputs.items():
        write_csv(table, paths[name])
    meta = json.dumps(provenance(data_dir, paths), indent=2, sort_keys=True, ensure_ascii=False)
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
    args = parser.parse_args(argv)
    countries = build(args.data_dir.resolve(), args.out_dir)
    print(f"wrote {len(countries)} countries to {args.out_dir}")


if __name__ == "__main__":
    main()

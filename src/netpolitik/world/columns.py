"""Column names and meanings of the shipped world tables (``netpolitik/data/*.csv``).

:data:`LEVERS` is the order of the policy levers everywhere in netpolitik (lever arrays have
shape ``(..., N, 8)`` in this order). :data:`COLUMNS` documents every column of
``countries.csv``: its meaning, unit and source. ``docs/data.md`` gives the full derivation;
``scripts/build_world.py`` is the code that produces the table.
"""

from __future__ import annotations

from typing import NamedTuple

LEVERS = (
    "surveillance",
    "oversight",
    "data_restriction",
    "defense",
    "sharing",
    "disclosure",
    "offense",
    "aid",
)


class Column(NamedTuple):
    """What a countries.csv column means, its unit, where it comes from and the year(s) of
    its source (``vintage``)."""

    meaning: str
    unit: str
    source: str
    vintage: str = ""


_VDEM = "V-Dem v9+ digital society (via digital_society_2019.csv)"
_LATER = "not backcast: no earlier year in ../shared/data"
_BACK = "backcast to 2010 with 2010 internet use (docs/data.md)"

COLUMNS: dict[str, Column] = {
    "iso3": Column(
        "ISO 3166-1 alpha-3 code (XKX for Kosovo)", "code", "country_converter", "static"
    ),
    "name": Column("short country name", "text", "country_converter", "static"),
    "region": Column(
        "UN region: Africa, Americas, Asia, Europe or Oceania",
        "label",
        "country_converter",
        "static",
    ),
    "subregion": Column(
        "UN M49 sub-region, e.g. 'Northern Europe'", "label", "country_converter", "static"
    ),
    "cow_code": Column(
        "Correlates of War state abbreviation (USA, RUS, TAW, ROK, PRK, GMY, ...)",
        "code",
        "COW state system",
        "2010 (COW states in NMC 2010)",
    ),
    "cow_ccode": Column(
        "Correlates of War numeric state code", "integer", "COW state system", "2010"
    ),
    "population": Column(
        "population in 2010 (Taiwan: DGBAS mid-year)",
        "persons",
        "COW NMC v6 tpop x 1000; DGBAS",
        "2010 (NMC v6; else latest NMC year 2000-2009; DGBAS 2010)",
    ),
    "gdp_per_capita": Column(
        "GDP per capita in 2010 (latest year 2007-2009 if 2010 missing, never a later year; "
        "Taiwan from DGBAS, North Korea from Bank of Korea GNI, both 2010, converted to 2015 "
        "prices)",
        "constant 2015 US$",
        "World Bank WDI NY.GDP.PCAP.KD; DGBAS; Bank of Korea",
        "2010 (WDI; else latest of 2007-2009)",
    ),
    "gdp": Column("gdp_per_capita x population", "constant 2015 US$", "derived", "2010"),
    "internet": Column(
        "share of individuals using the Internet in 2010 (latest year 2007-2009 if missing)",
        "share 0-1",
        "World Bank WDI IT.NET.USER.ZS",
        "2010 (WDI; else latest of 2007-2009)",
    ),
    "regime": Column(
        "civil liberties index; higher = more liberal",
        "index 0-1",
        "V-Dem v2x_civlib",
        "2019 (" + _LATER + ")",
    ),
    "capability": Column(
        "cyber capability: sqrt(technical readiness x internet^0.5 x economic scale), lifted "
        "by observed operations 2000-2010: c + 0.5 x evidence x (1 - c); technical readiness "
        "= mean(ITU GCI, NCSI/100, Phi(v2smgovcapsec)), scale = log GDP rescaled to [0, 1] "
        "(assumption)",
        "index 0-1",
        "ITU GCI 2018; NCSI; " + _VDEM + "; WDI; DCID 2.0; CFR tracker; derived",
        "2010: GDP, internet, operations 2000-2010; readiness 2018-19 " + _BACK,
    ),
    "cinc": Column(
        "Composite Index of National Capability, 2010",
        "share of world",
        "COW NMC v6 cinc",
        "2010 (NMC v6)",
    ),
    "military_share": Column(
        "share of world military expenditure in 2010 (missing milex imputed from CINC)",
        "share of world",
        "COW NMC v6 milex",
        "2010 (NMC v6)",
    ),
    "gci": Column(
        "ITU Global Cybersecurity Index 2018, raw (the levers use its 2010 backcast)",
        "index 0-1",
        "ITU GCI 2018",
        "2018 (" + _LATER + "; raw record)",
    ),
    "surveillance": Column(
        "lever: blanket monitoring; 1 - mean Phi(v2smgovsmmon, v2smgovfilprc, v2smprivcon)",
        "lever 0-1",
        _VDEM,
        "2019 (" + _LATER + ")",
    ),
    "oversight": Column(
        "lever: independent oversight and due process; mean(v2x_clpriv, Phi(v2smprivex), WJP "
        "right to information, WJP open government)",
        "lever 0-1",
        _VDEM + "; World Justice Project",
        "2019 (" + _LATER + ")",
    ),
    "data_restriction": Column(
        "lever: data localisation and flow restrictions; ECIPE data-restrictions pillar where "
        "observed, else modelled from filtering, shutdowns and regime (assumption)",
        "lever 0-1",
        "ECIPE DTRI; " + _VDEM,
        "2018 (ECIPE) and 2019 (V-Dem) (" + _LATER + ")",
    ),
    "defense": Column(
        "lever: defensive investment; mean(ITU GCI, NCSI/100) x internet^0.5",
        "lever 0-1",
        "ITU GCI 2018; NCSI; WDI",
        "2010: GCI 2018 and NCSI c. 2019 " + _BACK,
    ),
    "sharing": Column(
        "lever: threat-intelligence sharing; 0.5 GCI x internet^0.5 + 0.5 weighted 2010 "
        "alliance participation x (0.5 + 0.5 regime) (assumption)",
        "lever 0-1",
        "ITU GCI 2018; memberships.csv; V-Dem; WDI",
        "2010 memberships; GCI 2018 " + _BACK + "; regime 2019",
    ),
    "disclosure": Column(
        "lever: transparency and vulnerability disclosure; mean(WJP open government, WJP right "
        "to information, 1 - RSF press-freedom score/100, regime)",
        "lever 0-1",
        "World Justice Project; Reporters Without Borders; V-Dem",
        "2019 (" + _LATER + ")",
    ),
    "offense": Column(
        "lever: offensive cyber activity; 0.8 x evidence + 0.2 x prior, evidence = log(1 + "
        "decayed operations initiated 2000-2010) / log(1 + max), prior = capability x "
        "military weight^2 x (0.75 + 0.25 (1 - regime)) (assumption)",
        "lever 0-1",
        "DCID 2.0; CFR Cyber Operations Tracker; COW NMC; capability; V-Dem",
        "2010: operations 2000-2010, NMC 2010, capability; regime 2019 (prior only)",
    ),
    "aid": Column(
        "lever: capacity-building aid; regime x GDP-per-capita percentile above the median "
        "rescaled to [0, 1]; 0 below the median (assumption)",
        "lever 0-1",
        "derived from WDI and V-Dem",
        "2010 GDP per capita; regime 2019",
    ),
    "imputed": Column(
        "semicolon-separated columns whose value rests on an imputed or substituted input",
        "list",
        "scripts/build_world.py",
        "build",
    ),
    "growth_trend": Column(
        "trend real GDP growth: convergence line on log GDP per capita plus the country's own "
        "2008-2010 deviation (year effects removed), shrunk by empirical Bayes; world level "
        "3% (2000-2010 average)",
        "1/year",
        "WDI NY.GDP.PCAP.KD 2007-2010; COW NMC population 2000-2010; DGBAS; Bank of Korea",
        "2008-2010 (population 2001-2010)",
    ),
}

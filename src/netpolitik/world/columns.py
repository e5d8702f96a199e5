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
    """What a countries.csv column means, its unit and where it comes from."""

    meaning: str
    unit: str
    source: str


_VDEM = "V-Dem v9+ digital society (via digital_society_2019.csv)"

COLUMNS: dict[str, Column] = {
    "iso3": Column("ISO 3166-1 alpha-3 code (XKX for Kosovo)", "code", "country_converter"),
    "name": Column("short country name", "text", "country_converter"),
    "region": Column(
        "UN region: Africa, Americas, Asia, Europe or Oceania", "label", "country_converter"
    ),
    "subregion": Column("UN M49 sub-region, e.g. 'Northern Europe'", "label", "country_converter"),
    "cow_code": Column(
        "Correlates of War state abbreviation (USA, RUS, TAW, ROK, PRK, GMY, ...)",
        "code",
        "COW state system",
    ),
    "cow_ccode": Column("Correlates of War numeric state code", "integer", "COW state system"),
    "population": Column(
        "population in 2010 (Taiwan: DGBAS mid-year)",
        "persons",
        "COW NMC v6 tpop x 1000; DGBAS",
    ),
    "gdp_per_capita": Column(
        "GDP per capita in 2010 (nearest year 2007-2020 if 2010 missing; Taiwan from DGBAS, "
        "North Korea from Bank of Korea GNI, both rebased to constant 2015 US$)",
        "constant 2015 US$",
        "World Bank WDI NY.GDP.PCAP.KD; DGBAS; Bank of Korea",
    ),
    "gdp": Column("gdp_per_capita x population", "constant 2015 US$", "derived"),
    "internet": Column(
        "share of individuals using the Internet in 2010 (nearest year within 3 years)",
        "share 0-1",
        "World Bank WDI IT.NET.USER.ZS",
    ),
    "regime": Column(
        "civil liberties index; higher = more liberal", "index 0-1", "V-Dem v2x_civlib"
    ),
    "capability": Column(
        "cyber capability: sqrt(technical readiness x economic scale); technical readiness = "
        "mean(ITU GCI, NCSI/100, Phi(v2smgovcapsec)), scale = log GDP rescaled to [0, 1] "
        "(assumption)",
        "index 0-1",
        "ITU GCI 2018; e-Governance Academy NCSI; " + _VDEM + "; derived",
    ),
    "cinc": Column(
        "Composite Index of National Capability, 2010", "share of world", "COW NMC v6 cinc"
    ),
    "military_share": Column(
        "share of world military expenditure in 2010 (missing milex imputed from CINC)",
        "share of world",
        "COW NMC v6 milex",
    ),
    "gci": Column("ITU Global Cybersecurity Index 2018", "index 0-1", "ITU GCI 2018"),
    "surveillance": Column(
        "lever: blanket monitoring; 1 - mean Phi(v2smgovsmmon, v2smgovfilprc, v2smprivcon)",
        "lever 0-1",
        _VDEM,
    ),
    "oversight": Column(
        "lever: independent oversight and due process; mean(v2x_clpriv, Phi(v2smprivex), WJP "
        "right to information, WJP open government)",
        "lever 0-1",
        _VDEM + "; World Justice Project",
    ),
    "data_restriction": Column(
        "lever: data localisation and flow restrictions; ECIPE data-restrictions pillar where "
        "observed, else modelled from filtering, shutdowns and regime (assumption)",
        "lever 0-1",
        "ECIPE DTRI; " + _VDEM,
    ),
    "defense": Column(
        "lever: defensive investment; mean(ITU GCI, NCSI/100)",
        "lever 0-1",
        "ITU GCI 2018; NCSI",
    ),
    "sharing": Column(
        "lever: threat-intelligence sharing; 0.5 GCI + 0.5 weighted 2010 alliance "
        "participation x (0.5 + 0.5 regime) (assumption)",
        "lever 0-1",
        "ITU GCI 2018; memberships.csv; V-Dem",
    ),
    "disclosure": Column(
        "lever: transparency and vulnerability disclosure; mean(WJP open government, WJP right "
        "to information, 1 - RSF press-freedom score/100, regime)",
        "lever 0-1",
        "World Justice Project; Reporters Without Borders; V-Dem",
    ),
    "offense": Column(
        "lever: offensive cyber activity; capability^0.6 x military weight^2 x (0.4 + 0.6 "
        "intent), intent from illiberalism, government disinformation and rivalries "
        "(assumption)",
        "lever 0-1",
        "derived from capability, COW NMC, V-Dem, rivalries.csv",
    ),
    "aid": Column(
        "lever: capacity-building aid; regime x GDP-per-capita percentile above the median "
        "rescaled to [0, 1]; 0 below the median (assumption)",
        "lever 0-1",
        "derived from WDI and V-Dem",
    ),
    "imputed": Column(
        "semicolon-separated columns whose value rests on an imputed or substituted input",
        "list",
        "scripts/build_world.py",
    ),
    "growth_trend": Column(
        "trend real GDP growth: convergence line on log GDP per capita plus the country's own "
        "2008-2010 deviation (year effects removed), shrunk by empirical Bayes; world level "
        "3% (2000-2010 average)",
        "1/year",
        "WDI NY.GDP.PCAP.KD 2007-2010; COW NMC population 2000-2010; DGBAS; Bank of Korea",
    ),
}

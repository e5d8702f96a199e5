"""Who may join which club (treaty areas) and who stays out of defense pacts (neutrality).

Facts up to 2010 only. A country is eligible for an organisation when it lies in the area
the founding treaty opens to accession (:data:`TREATY_AREAS`), or already belongs to it at
the start of the run (founding members outside the area, such as NATO's USA and CAN, keep
their seats). Organisations without an accession procedure (forums, intelligence
alliances) admit no one beyond their members. A club not in the table (a scenario's own
club) is open to every country.

Areas use the UN M49 ``region``/``subregion`` columns of ``countries.csv``. "European
State" (NATO Art. 10, TEU Art. 49) is M49 Europe plus the Council of Europe members that
M49 places in Western Asia (ARM, AZE, CYP, GEO, TUR; members by 2010). Russia is M49
Europe and so eligible in law; members' vetoes, not geography, keep it out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Council of Europe members (by 2010) outside UN M49 Europe: "European States" by treaty.
EUROPE_EXTRA: tuple[str, ...] = ("ARM", "AZE", "CYP", "GEO", "TUR")
#: The 15 republics of the former USSR (Alma-Ata Protocol 1991 opens the CIS to them).
FORMER_USSR: tuple[str, ...] = (
    "ARM",
    "AZE",
    "BLR",
    "EST",
    "GEO",
    "KAZ",
    "KGZ",
    "LTU",
    "LVA",
    "MDA",
    "RUS",
    "TJK",
    "TKM",
    "UKR",
    "UZB",
)
#: ALADI members (Treaty of Montevideo 1980; Cuba from 1999, Panama from 2009).
ALADI: tuple[str, ...] = (
    "ARG",
    "BOL",
    "BRA",
    "CHL",
    "COL",
    "CUB",
    "ECU",
    "MEX",
    "PAN",
    "PRY",
    "PER",
    "URY",
    "VEN",
)

#: Neutral or militarily non-aligned in 2010: never seek a defense pact.
NEUTRAL_2010: dict[str, str] = {
    "AUT": "Federal Constitutional Law on Neutrality, 1955",
    "CHE": "permanent neutrality, Congress of Vienna 1815; Federal Constitution art. 173",
    "IRL": "policy of military neutrality (Treaty of Lisbon, Protocol on Irish concerns, 2009)",
    "MLT": "Constitution art. 1(3): neutrality and non-alignment (1987)",
    "CYP": "non-aligned policy; neither NATO nor Partnership for Peace member in 2010",
    "FIN": "military non-alignment (Government security and defence policy report 2009)",
    "SWE": "military non-alignment (policy since 1992; 2009 solidarity declaration)",
    "LIE": "neutral without army since 1868",
    "SRB": "military neutrality, National Assembly resolution of 26 December 2007",
    "MDA": "permanent neutrality, Constitution art. 11 (1994)",
    "UKR": "non-bloc status, Law on the principles of domestic and foreign policy, 1 July 2010",
    "TKM": "permanent neutrality, UN General Assembly resolution 50/80 A (1995)",
    "CRI": "perpetual active neutrality proclamation, 1983",
    "KHM": "permanent neutrality and non-alignment, Constitution art. 53 (1993)",
}


@dataclass(frozen=True)
class Area:
    """A treaty area: M49 regions, sub-regions and listed countries; ``closed`` = members
    only (no accession procedure)."""

    source: str
    regions: tuple[str, ...] = ()
    subregions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    closed: bool = False


#: Accession area of each real organisation of ``memberships.csv``.
TREATY_AREAS: dict[str, Area] = {
    "NATO": Area(
        "North Atlantic Treaty art. 10: 'any other European State'", ("Europe",), (), EUROPE_EXTRA
    ),
    "EU": Area(
        "Treaty on European Union art. 49: 'Any European State'", ("Europe",), (), EUROPE_EXTRA
    ),
    "ASEAN": Area(
        "ASEAN Charter (2007) art. 6(2)(a): location in South-East Asia",
        (),
        ("South-eastern Asia",),
    ),
    "AU": Area("AU Constitutive Act (2000) art. 29: 'Any African State'", ("Africa",)),
    "OAS": Area("OAS Charter art. 4: 'All American States'", ("Americas",)),
    "SCO": Area(
        "SCO Charter (2002) art. 13: other states of the region; Asia (assumption)", ("Asia",)
    ),
    "MERCOSUR": Area("Treaty of Asuncion (1991) art. 20: open to ALADI members", (), (), ALADI),
    "CIS": Area(
        "Alma-Ata Protocol (1991): open to the states of the former USSR", (), (), FORMER_USSR
    ),
    "CSTO": Area(
        "Collective Security Treaty (1992): concluded within the CIS; CIS area by "
        "practice (assumption; the text is open to interested states)",
        (),
        (),
        FORMER_USSR,
    ),
    "EAEU": Area(
        "Customs Union of Belarus, Kazakhstan and Russia (2010): former USSR area (assumption)",
        (),
        (),
        FORMER_USSR,
    ),
    "ARAB_LEAGUE": Area(
        "Pact of the League of Arab States art. 1: independent Arab States; "
        "all were members by 2010",
        closed=True,
    ),
    "GCC": Area("GCC Charter (1981): the six Arab Gulf states", closed=True),
    "FIVE_EYES": Area("UKUSA Agreement: no accession procedure", closed=True),
    "G7": Area("informal forum: no accession procedure", closed=True),
    "G20": Area("informal forum: no accession procedure", closed=True),
    "BRICS": Area("informal forum: no accession procedure", closed=True),
    "QUAD": Area("informal dialogue: no accession procedure", closed=True),
    "OECD": Area("OECD Convention (1960) art. 16: any government, by unanimous invitation"),
    "BUDAPEST": Area(
        "Convention on Cybercrime art. 37: any State, invited with the "
        "unanimous consent of the Parties"
    ),
}


def _in_area(area: Area, iso3: np.ndarray, region: np.ndarray, subregion: np.ndarray) -> np.ndarray:
    if area.closed:
        return np.zeros(iso3.size, dtype=bool)
    if not (area.regions or area.subregions or area.countries):
        return np.ones(iso3.size, dtype=bool)
    return (
        np.isin(region, area.regions)
        | np.isin(subregion, area.subregions)
        | np.isin(iso3, area.countries)
    )


def eligibility(
    names: tuple[str, ...],
    iso3: tuple[str, ...],
    region: tuple[str, ...],
    subregion: tuple[str, ...],
    initial: np.ndarray | None,
) -> np.ndarray:
    """``(N, K)`` True where country i may be admitted to club k (see module docstring).

    ``region``/``subregion`` may be empty (a synthetic world): then only listed countries,
    members and clubs open to all qualify for the real organisations.
    """
    n = len(iso3)
    codes = np.asarray(iso3, dtype=object)
    reg = np.asarray(region if len(region) == n else [""] * n, dtype=object)
    sub = np.asarray(subregion if len(subregion) == n else [""] * n, dtype=object)
    out = np.ones((n, len(names)), dtype=bool)
    for k, name in enumerate(names):
        area = TREATY_AREAS.get(name)
        if area is not None:
            out[:, k] = _in_area(area, codes, reg, sub)
    if initial is not None and initial.shape == out.shape:
        out |= np.asarray(initial, dtype=bool)
    return out


def neutral(iso3: tuple[str, ...]) -> np.ndarray:
    """``(N,)`` True for the neutral or non-aligned states of 2010 (:data:`NEUTRAL_2010`)."""
    return np.array([code in NEUTRAL_2010 for code in iso3], dtype=bool)

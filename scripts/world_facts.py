"""Facts coded by hand for ``scripts/build_world.py``: name fixes, organisation memberships
to 2010, strategic rivalries ongoing in 2010, and the sources of every raw file.

Only facts up to 2010 are coded (``docs/data.md``): the model's inputs end at its start year.
"""

from __future__ import annotations

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
# Only facts up to YEAR (2010) are coded: the model's inputs end at its start year.
# ---------------------------------------------------------------------------------------------
MEMBERSHIPS: dict[str, tuple[str, str, dict[int, str]]] = {
    "NATO": ("defense_pact", "NATO member countries, nato.int", {
        1949: "BEL CAN DNK FRA ISL ITA LUX NLD NOR PRT GBR USA", 1952: "GRC TUR",
        1955: "DEU", 1982: "ESP", 1999: "CZE HUN POL", 2004: "BGR EST LVA LTU ROU SVK SVN",
        2009: "ALB HRV"}),
    "EU": ("trade_bloc", "EU countries and accession dates, european-union.europa.eu "
           "(EEC from 1958)", {
        1958: "BEL DEU FRA ITA LUX NLD", 1973: "DNK GBR IRL", 1981: "GRC", 1986: "ESP PRT",
        1995: "AUT FIN SWE", 2004: "CYP CZE EST HUN LTU LVA MLT POL SVK SVN",
        2007: "BGR ROU"}),
    "FIVE_EYES": ("threat_sharing", "UKUSA Agreement release, nsa.gov (2010)", {
        1946: "GBR USA", 1948: "CAN", 1956: "AUS NZL"}),
    "ASEAN": ("political", "ASEAN member states, asean.org", {
        1967: "IDN MYS PHL SGP THA", 1984: "BRN", 1995: "VNM", 1997: "LAO MMR",
        1999: "KHM"}),
    "SCO": ("political", "SCO member states, eng.sectsco.org", {
        2001: "CHN KAZ KGZ RUS TJK UZB"}),
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
        2009: "BRA CHN IND RUS"}),
    "OECD": ("economic_forum", "OECD members and accession dates, oecd.org", {
        1961: "AUT BEL CAN CHE DEU DNK ESP FRA GBR GRC IRL ISL LUX NLD NOR PRT SWE TUR USA",
        1962: "ITA", 1964: "JPN", 1969: "FIN", 1971: "AUS", 1973: "NZL", 1994: "MEX",
        1995: "CZE", 1996: "HUN KOR POL", 2000: "SVK", 2010: "CHL EST ISR SVN"}),
    "BUDAPEST": ("cybercrime_treaty", "Council of Europe Treaty Office, chart of signatures "
                 "and ratifications of ETS No. 185, coe.int", {
        2002: "ALB HRV", 2003: "EST HUN", 2004: "LTU MKD ROU SVN", 2005: "BGR CYP DNK",
        2006: "ARM BIH FRA NLD NOR UKR USA", 2007: "FIN ISL LVA", 2008: "ITA SVK",
        2009: "DEU MDA SRB", 2010: "AZE ESP MNE PRT"}),
    "CIS": ("political", "Commonwealth of Independent States, e-cis.info", {
        1991: "ARM AZE BLR KAZ KGZ MDA RUS TJK TKM UKR UZB", 1993: "GEO"}),
    "EAEU": ("trade_bloc", "Eurasian Economic Union, eaeunion.org (Customs Union from 2010)", {
        2010: "BLR KAZ RUS"}),
    "MERCOSUR": ("trade_bloc", "MERCOSUR member states, mercosur.int", {
        1991: "ARG BRA PRY URY"}),
    "ARAB_LEAGUE": ("political", "League of Arab States members, lasportal.org", {
        1945: "EGY IRQ JOR LBN SAU SYR YEM", 1953: "LBY", 1956: "SDN", 1958: "MAR TUN",
        1961: "KWT", 1962: "DZA", 1971: "ARE BHR OMN QAT", 1973: "MRT", 1974: "SOM",
        1977: "DJI", 1993: "COM"}),
}  # fmt: skip
# Departures up to YEAR: OAS: Cuba excluded from participation 1962; CIS: Turkmenistan
# associate only from 2005, Georgia left 2009.
MEMBERSHIP_LEFT = {("OAS", "CUB"): 1962, ("CIS", "TKM"): 2005, ("CIS", "GEO"): 2009}
# African Union: every African state joined in 2002 (AU replaced the OAU) except Morocco,
# which had left the OAU in 1984 and was not a member in 2010.
AU_NON_MEMBERS = {"MAR"}

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
    "dcid": ("Dyadic Cyber Incident and Dispute dataset 2.0 (Valeriano & Maness), directed "
             "incidents 2000-2010", "research use with citation",
             "https://drryanmaness.wixsite.com/cyberconflict"),
    "cfr": ("Council on Foreign Relations, Cyber Operations Tracker, operations 2005-2010",
            "public; cite the Council on Foreign Relations",
            "https://www.cfr.org/cyber-operations"),
    "mid": ("Correlates of War, Dyadic MID 4.03 (Maoz et al.), 1946-2010",
            "free for research use with citation", "https://correlatesofwar.org"),
}  # fmt: skip

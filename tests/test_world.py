"""The shipped real-data world: completeness, known facts, lever ranges, loader behaviour and
byte-for-byte reproducibility of the build script."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from netpolitik.errors import InputError
from netpolitik.world import COLUMNS, LEVERS, World, load_world

REPO = Path(__file__).resolve().parents[1]
RAW_DATA = REPO.parent / "shared" / "data" / "world"
MODEL_COLUMNS = [c for c in COLUMNS if c not in ("cow_code", "cow_ccode", "imputed")]
UNIT_COLUMNS = ["internet", "regime", "capability", "cinc", "military_share", "gci", *LEVERS]


@pytest.fixture(scope="module")
def world() -> World:
    return load_world()


@pytest.fixture(scope="module")
def row(world: World):
    return world.countries.set_index("iso3")


def test_at_least_165_complete_countries(world: World) -> None:
    c = world.countries
    complete = c[MODEL_COLUMNS].notna().all(axis=1)
    assert complete.sum() >= 165
    assert complete.all(), "every shipped row is complete after imputation"
    assert list(c.index) == list(range(len(c)))
    assert list(c["iso3"]) == sorted(c["iso3"]) and c["iso3"].is_unique


def test_columns_documented_in_order(world: World) -> None:
    assert list(world.countries.columns) == list(COLUMNS)
    assert set(LEVERS) <= set(COLUMNS)
    assert all(col.meaning and col.unit and col.source for col in COLUMNS.values())


def test_regions_are_un_regions(world: World) -> None:
    assert set(world.countries["region"]) == {"Africa", "Americas", "Asia", "Europe", "Oceania"}


def test_territories_and_aggregates_excluded(world: World) -> None:
    for code in ["ASM", "ABW", "HKG", "MAC", "PRI", "GRL", "WLD", "AFE", "EUU"]:
        assert code not in world.iso3


@pytest.mark.parametrize(
    ("iso3", "cow"),
    [("CHN", "CHN"), ("RUS", "RUS"), ("USA", "USA"), ("PRK", "PRK"), ("IRN", "IRN"),
     ("TWN", "TAW"), ("KOR", "ROK"), ("DEU", "GMY")],
)  # fmt: skip
def test_key_states_present_with_cow_codes(row, iso3: str, cow: str) -> None:
    assert row.loc[iso3, "cow_code"] == cow


def test_levers_and_shares_in_unit_interval(world: World) -> None:
    values = world.countries[UNIT_COLUMNS].to_numpy(float)
    assert np.isfinite(values).all()
    assert (values >= 0).all() and (values <= 1).all()


def test_usa_in_nato(world: World) -> None:
    assert world.members("NATO")[world.index_of("USA")]
    assert not world.members("NATO")[world.index_of("RUS")]


def test_estonia_above_median_cyber(row) -> None:
    assert row.loc["EST", "gci"] > row["gci"].median()
    assert row.loc["EST", "capability"] > row["capability"].median()


def test_large_powers_near_top_of_capability(row) -> None:
    top = set(row["capability"].nlargest(10).index)
    assert {"USA", "CHN", "RUS"} <= top


def test_liberal_democracies_surveil_less_with_more_oversight(row) -> None:
    liberal = ["NOR", "DNK", "DEU", "CAN"]
    authoritarian = ["CHN", "PRK", "IRN", "SAU"]
    assert row.loc[liberal, "surveillance"].max() < row.loc[authoritarian, "surveillance"].min()
    assert row.loc[liberal, "oversight"].min() > row.loc[authoritarian, "oversight"].max()
    assert row.loc[liberal, "regime"].min() > row.loc[authoritarian, "regime"].max()


def test_offense_high_for_major_cyber_powers_low_for_small_liberal_states(row) -> None:
    majors = row.loc[["USA", "CHN", "RUS", "IRN"], "offense"]
    small = row.loc[["EST", "ISL", "LUX", "NZL", "IRL"], "offense"]
    assert majors.min() > small.max()
    assert row.loc["CHN", "offense"] > row["offense"].quantile(0.9)


def test_data_restriction_observed_values(row) -> None:
    assert row.loc["CHN", "data_restriction"] > row.loc["RUS", "data_restriction"]
    assert row.loc["RUS", "data_restriction"] > row.loc["USA", "data_restriction"]


def test_rich_democracies_give_aid_poor_states_none(row) -> None:
    assert row.loc[["NOR", "DEU", "USA"], "aid"].min() > 0.5
    poor = row["gdp_per_capita"] < row["gdp_per_capita"].median()
    assert (row.loc[poor, "aid"] == 0).all()


def test_gdp_order_2010(row) -> None:
    gdp = row["gdp"]
    assert gdp["USA"] > gdp["CHN"] > gdp["DEU"]
    # constant 2015 US$: the US economy was about 16-17 trillion in 2010
    assert 1.4e13 < gdp["USA"] < 1.9e13


def test_population_2010(row) -> None:
    assert 1.3e9 < row.loc["CHN", "population"] < 1.4e9
    assert 2.2e7 < row.loc["TWN", "population"] < 2.4e7
    assert 2.3e7 < row.loc["PRK", "population"] < 2.6e7


def test_north_korea_and_taiwan_economies(row) -> None:
    assert 500 < row.loc["PRK", "gdp_per_capita"] < 3000
    assert row.loc["KOR", "gdp_per_capita"] > 10 * row.loc["PRK", "gdp_per_capita"]
    assert 15000 < row.loc["TWN", "gdp_per_capita"] < 25000


def test_imputed_lists_only_known_columns(world: World) -> None:
    for entry in world.countries["imputed"]:
        assert set(filter(None, entry.split(";"))) <= set(COLUMNS)
    assert world.countries["imputed"].str.len().eq(0).any()


def test_unknown_iso3_raises_input_error() -> None:
    with pytest.raises(InputError, match=r"unknown ISO3 code 'XXX'.*netpolitik world"):
        load_world(["USA", "XXX"])
    with pytest.raises(InputError, match="KOR"):
        load_world(["ROK"])
    with pytest.raises(InputError, match="duplicate"):
        load_world(["USA", "USA"])
    with pytest.raises(InputError):
        load_world("USA")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="unknown ISO3"):
        load_world(["USA"]).index_of("EST")


def test_subset_sorted_and_restricted() -> None:
    sub = load_world(["USA", "RUS", "EST"])
    assert sub.iso3 == ["EST", "RUS", "USA"]
    assert sub.index_of("USA") == 2
    assert set(sub.memberships["iso3"]) <= set(sub.iso3)
    assert sub.rivalry_matrix()[1, 2] == 1.0
    full_orgs, _ = load_world().membership_matrix()
    assert sub.membership_matrix()[0] == full_orgs
    assert sub.members("SCO").tolist() == [False, True, False]
    assert not sub.members("GCC").any()


def test_load_returns_independent_copies() -> None:
    first = load_world(["USA"])
    first.countries.loc[0, "offense"] = 0.0
    first.provenance["tampered"] = True
    second = load_world(["USA"])
    assert second.countries.loc[0, "offense"] > 0.0
    assert "tampered" not in second.provenance


def test_membership_years(world: World) -> None:
    est = world.index_of("EST")
    assert not world.members("NATO", 2003)[est] and world.members("NATO", 2004)[est]
    gbr = world.index_of("GBR")
    assert world.members("EU", 2019)[gbr] and not world.members("EU", 2020)[gbr]
    assert world.members("FIVE_EYES").sum() == 5
    assert not world.members("QUAD", 2010).any()
    with pytest.raises(InputError, match="unknown organisation"):
        world.members("WARSAW_PACT")


def test_memberships_table_valid(world: World) -> None:
    m = world.memberships
    assert set(m["iso3"]) <= set(world.iso3)
    kinds = {"defense_pact", "trade_bloc", "threat_sharing", "political", "economic_forum",
             "cybercrime_treaty"}  # fmt: skip
    assert set(m["kind"]) <= kinds
    assert not m.duplicated(["org", "iso3"]).any()
    left = m.dropna(subset=["left"])
    assert (left["left"] > left["joined"]).all()
    assert m["source"].str.len().gt(0).all()
    expected = {"NATO", "EU", "FIVE_EYES", "ASEAN", "SCO", "AU", "OAS", "GCC", "CSTO", "G7",
                "G20", "BRICS", "QUAD", "OECD", "BUDAPEST"}  # fmt: skip
    assert expected <= set(m["org"])


def test_rivalry_matrix(world: World) -> None:
    r = world.rivalry_matrix()
    n = len(world.iso3)
    assert r.shape == (n, n)
    assert np.array_equal(r, r.T)
    assert np.all(np.diag(r) == 0.0)
    assert set(np.unique(r)) <= {0.0, 1.0}
    pairs = [("USA", "RUS"), ("CHN", "USA"), ("IND", "PAK"), ("ISR", "IRN"), ("PRK", "KOR"),
             ("CHN", "TWN"), ("PRK", "USA"), ("IRN", "SAU")]  # fmt: skip
    for a, b in pairs:
        assert r[world.index_of(a), world.index_of(b)] == 1.0, (a, b)
    assert r[world.index_of("USA"), world.index_of("GBR")] == 0.0
    assert (world.rivalries["since"] <= 2010).all()


def test_provenance_records_sources(world: World) -> None:
    prov = world.provenance
    assert prov["reference_year"] == 2010
    files = {s["file"] for s in prov["sources"]}
    assert "digital_society_2019.csv" in files and "nmc_v6_2000_2016.csv" in files
    for source in prov["sources"]:
        assert len(source["sha256"]) == 64 and source["licence"]
    assert set(prov["outputs"]) == {"countries.csv", "memberships.csv", "rivalries.csv"}


def test_build_script_reproduces_shipped_tables(tmp_path: Path) -> None:
    if not RAW_DATA.is_dir():
        pytest.skip(f"raw data folder {RAW_DATA} is absent; the build cannot be rerun")
    script = REPO / "scripts" / "build_world.py"
    done = subprocess.run(
        [sys.executable, str(script), "--data-dir", str(RAW_DATA), "--out-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    shipped = resources.files("netpolitik.data")
    for name in ["countries.csv", "memberships.csv", "rivalries.csv", "provenance.json"]:
        assert (tmp_path / name).read_bytes() == shipped.joinpath(name).read_bytes(), name

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
    """Validation: the 2010 backcast keeps the well-known cyber powers at the top."""
    top = set(row["capability"].nlargest(10).index)
    assert {"USA", "CHN", "RUS"} <= top
    assert {"GBR", "ISR"} <= set(row["capability"].nlargest(15).index)
    assert row["capability"].rank(ascending=False)["USA"] == 1


def test_backcast_discounts_low_internet_states(row) -> None:
    """Verification: the 2018-19 readiness indices are taken back to 2010 by 2010 internet
    use (defense = readiness x internet^0.5, readiness <= 1), so states with few users
    online in 2010 get much less than the 2018 indices alone would give."""
    assert (row["defense"] <= np.sqrt(row["internet"]) + 1e-3).all()
    low, high = row["internet"].nsmallest(20).index, row["internet"].nlargest(20).index
    assert row.loc[low, "defense"].median() < 0.5 * row.loc[high, "defense"].median()


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


def test_offense_follows_observed_operations_not_regime(world: World, row) -> None:
    """Verification: offense ranks states by the operations they conducted 2000-2010; the
    regime-shaped prior alone can never lift a state without operations above 0.2."""
    top3 = list(row["offense"].nlargest(3).index)
    assert top3 == ["CHN", "RUS", "USA"]
    assert row.loc["USA", "offense"] > row.loc["IND", "offense"]
    assert row.loc["ISR", "offense"] > row.loc["SAU", "offense"]
    assert "SAU" not in set(row["offense"].nlargest(15).index)
    ops_out = world.operations_matrix().sum(axis=1)
    no_ops = row["offense"].to_numpy()[ops_out == 0]
    assert no_ops.max() <= 0.2
    top = world.provenance["top_offense"]
    assert [r[0] for r in top[:3]] == top3 and len(top) == 15


def test_dyad_history_matrices(world: World) -> None:
    """Verification: the shipped record of operations (directed) and disputes (symmetric)."""
    ops, disputes = world.operations_matrix(), world.disputes_matrix()
    n = len(world.iso3)
    assert ops.shape == disputes.shape == (n, n)
    assert (ops >= 0).all() and (disputes >= 0).all()
    assert np.all(np.diag(ops) == 0) and np.array_equal(disputes, disputes.T)
    i = {c: world.index_of(c) for c in ["CHN", "USA", "IND", "PAK", "EST", "RUS", "NOR"]}
    assert ops.max() == ops[i["CHN"], i["USA"]] > 5 * ops[i["USA"], i["CHN"]]
    assert ops[i["RUS"], i["EST"]] > 0 and ops[i["EST"], i["RUS"]] == 0
    assert disputes[i["IND"], i["PAK"]] > 1.0 and disputes[i["NOR"], i["EST"]] == 0
    sub = load_world(["CHN", "USA", "EST"])
    assert sub.operations_matrix()[0, 2] == ops[i["CHN"], i["USA"]]


def test_setting_carries_history() -> None:
    """Verification: from_world fills the setting's past operations and disputes."""
    from netpolitik.engine.setup import from_world

    sub = load_world(["IND", "PAK", "USA"])
    setting, _, _ = from_world(sub)
    assert np.array_equal(setting.past_operations, sub.operations_matrix())
    assert np.array_equal(setting.disputes, sub.disputes_matrix())
    assert setting.disputes[0, 1] > 0


def test_every_column_has_a_vintage(world: World) -> None:
    """Verification: each countries.csv column states the year of its source, in code and
    in provenance.json; later cross-sections say so."""
    vintage = world.provenance["vintage"]
    assert set(vintage) == set(world.countries.columns)
    for col, column in COLUMNS.items():
        assert column.vintage and vintage[col] == column.vintage
    for col in ["regime", "surveillance", "oversight", "disclosure", "gci"]:
        assert "not backcast" in vintage[col]
    for col in ["population", "gdp_per_capita", "internet", "cinc", "offense"]:
        assert vintage[col].startswith("2010")


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
    assert world.members("FIVE_EYES").sum() == 5
    assert world.members("NATO").sum() == 28
    assert world.members("CIS", 2008)[world.index_of("GEO")]
    assert not world.members("CIS", 2009)[world.index_of("GEO")]
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
                "G20", "BRICS", "OECD", "BUDAPEST"}  # fmt: skip
    assert expected <= set(m["org"])


def test_no_membership_fact_after_2010(world: World) -> None:
    """Verification: the model's inputs end in 2010; no accession or departure after it is
    shipped (QUAD's 2017 revival, later NATO/EU/Budapest accessions are absent)."""
    m = world.memberships
    assert (m["joined"] <= 2010).all()
    assert (m["left"].dropna() <= 2010).all()
    assert "QUAD" not in set(m["org"]) and "SSD" not in world.iso3


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
    assert set(prov["outputs"]) == {
        "countries.csv",
        "memberships.csv",
        "rivalries.csv",
        "dyad_history.csv",
        "validation/gdp_growth_2010_2019.csv",
    }
    files = {s["file"] for s in prov["sources"]}
    assert "calibration/dcid_directed_incidents_2000_2010.csv" in files


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
    names = ["countries.csv", "memberships.csv", "rivalries.csv", "provenance.json",
             "dyad_history.csv", "validation/gdp_growth_2010_2019.csv"]  # fmt: skip
    for name in names:
        assert (tmp_path / name).read_bytes() == shipped.joinpath(name).read_bytes(), name


def _truncate_raw(src: Path, dst: Path, year: int) -> None:
    """Copy the raw world and calibration files with every value dated after ``year``
    removed (undated files, the COW code list and the 2019 cross-section, are copied)."""
    import openpyxl
    import pandas as pd

    world, calib = dst / "world", dst / "calibration"
    world.mkdir(parents=True)
    calib.mkdir()
    for path in (src / "world").iterdir():
        out = world / path.name
        if path.name.startswith("wdi_"):
            wdi = pd.read_csv(path, dtype=str, keep_default_na=False)
            late = [c for c in wdi.columns if c[:4].isdigit() and int(c[:4]) > year]
            wdi.drop(columns=late).to_csv(out, index=False)
        elif path.name.startswith("nmc_"):
            nmc = pd.read_csv(path)
            nmc[nmc["year"] <= year].to_csv(out, index=False)
        elif path.name.startswith("taiwan_"):
            tw = pd.read_csv(path, dtype=str)
            tw[tw["Period"].astype(int) <= year].to_csv(out, index=False)
        elif path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            sheet = book.worksheets[0]
            header = next(r for r in sheet.iter_rows() if r[0].value == "Indicator")
            late = [c.column for c in header[2:] if c.value is not None and int(c.value) > year]
            for col in sorted(late, reverse=True):
                sheet.delete_cols(col)
            book.save(out)
        else:
            out.write_bytes(path.read_bytes())
    for path in (src / "calibration").iterdir():
        table = pd.read_csv(path)
        dated = table["year"] if "year" in table else table["date"].str[:4].astype(int)
        table[dated <= year].to_csv(calib / path.name, index=False)


def _same(a: object, b: object) -> bool:
    """Deep equality of settings: arrays exactly, dataclasses field by field."""
    import dataclasses

    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True)
    if dataclasses.is_dataclass(a):
        return type(a) is type(b) and all(
            _same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)
        )
    if isinstance(a, tuple | list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def test_no_value_after_2010_reaches_the_setting(tmp_path: Path) -> None:
    """Verification: a world built from raw tables truncated at 2010 gives the identical
    shipped tables and the identical engine setting, levers and GDP: no input dated after
    the start year is read by the world, setting or scenario code paths."""
    if not RAW_DATA.is_dir():
        pytest.skip(f"raw data folder {RAW_DATA} is absent; the build cannot be rerun")
    from netpolitik.engine.setup import from_world

    _truncate_raw(RAW_DATA.parent, tmp_path / "raw", 2010)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_world.py"),
         "--data-dir", str(tmp_path / "raw" / "world"),
         "--calibration-dir", str(tmp_path / "raw" / "calibration"), "--out-dir", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not (out / "validation" / "gdp_growth_2010_2019.csv").exists()
    shipped = resources.files("netpolitik.data")
    for name in ["countries.csv", "memberships.csv", "rivalries.csv", "dyad_history.csv"]:
        assert (out / name).read_bytes() == shipped.joinpath(name).read_bytes(), name
    truncated, full = from_world(load_world(data_dir=out)), from_world(load_world())
    assert _same(truncated, full)
    assert truncated[0].past_operations.sum() > 0

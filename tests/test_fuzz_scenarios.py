"""Fuzzing: thousands of malformed or adversarial scenarios, each refused cleanly.

Every input must end with exit code 2 and only ``error:`` lines on stderr, each naming a
YAML path; never a traceback, a hang (per-example deadline) or a constructed object.
"""

from __future__ import annotations

import contextlib
import io
import math
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netpolitik.cli import main
from netpolitik.params import Params
from netpolitik.world import load_world

VALID = {
    "name": "fuzzed",
    "years": 1,
    "seed": 0,
    "countries": ["USA", "CHN", "EST"],
    "levers": {"countries": {"EST": {"sharing": 0.9}}},
    "clubs": [
        {
            "name": "RAIL",
            "kind": "sector_consortium",
            "members": ["USA", "EST"],
            "sector": "transport",
            "sector_cut": 0.5,
        }
    ],
    "events": [{"kind": "quantum_break", "date": "2010-06", "values": {"drop": 0.5}}],
    "params": {"trust_rate": 0.1},
}
SENTINEL = Path("/tmp/netpolitik-fuzz-pwned")

junk = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).filter(
        lambda x: not (isinstance(x, float) and 0 <= x <= 1)
    ),
    st.integers(min_value=10**6, max_value=10**30),
    st.integers(max_value=-1),
    st.text(max_size=30),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
#: Every real ISO3 code: a list of them is a valid ``countries``, not a mutation.
CODES = frozenset(load_world().countries["iso3"])
#: libyaml's dumper when PyYAML has it (the texts only need to be valid YAML).
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _deep(depth: int) -> object:
    value: object = "x"
    for _ in range(depth):
        value = [value]
    return value


# Each mutation makes VALID invalid in one way: (path, replacement).
def mutations() -> st.SearchStrategy:
    lever = st.sampled_from(["sharing", "offense", "defense", "aid"])
    return st.one_of(
        st.tuples(st.just(("years",)), junk.filter(lambda v: not _plausible_years(v))),
        st.tuples(
            st.just(("seed",)),
            st.one_of(st.integers(max_value=-1), st.text(min_size=1), st.floats(allow_nan=True)),
        ),
        st.tuples(
            st.just(("countries",)),
            st.lists(
                st.text(min_size=1, max_size=4).filter(lambda c: c.strip().upper() not in CODES),
                min_size=1,
                max_size=3,
            ),
        ),
        st.tuples(st.tuples(st.just("levers"), st.just("countries"), st.just("EST"), lever), junk),
        st.tuples(
            st.just(("clubs", 0, "kind")),
            st.text(max_size=12).filter(lambda k: k != "sector_consortium"),
        ),
        st.tuples(
            st.just(("clubs", 0, "sector")),
            st.text(max_size=12).filter(
                lambda k: k not in {"government", "finance", "energy", "transport", "industry"}
            ),
        ),
        st.tuples(st.just(("clubs", 0, "sector_cut")), junk.filter(lambda v: v is not None)),
        st.tuples(st.just(("events", 0, "kind")), st.text(max_size=15)),
        st.tuples(st.just(("events", 0, "date")), st.text(max_size=10)),
        st.tuples(st.just(("params", "trust_rate")), junk),
        st.tuples(
            st.tuples(
                st.just("params"),
                st.text(min_size=1, max_size=12).filter(
                    lambda k: k.isidentifier() and k not in Params.model_fields
                ),
            ),
            st.floats(0, 1),
        ),
        st.tuples(
            st.tuples(
                st.text(min_size=1, max_size=12).filter(
                    lambda k: (
                        k not in VALID
                        and k.isidentifier()
                        and k
                        not in {"description", "essay", "expected", "start", "runs", "adaptation"}
                    )
                )
            ),
            st.integers(),
        ),
        st.tuples(st.just(("levers",)), st.integers(60, 200).map(_deep)),
    )


def _plausible_years(v: object) -> bool:
    return (
        isinstance(v, int | float)
        and not isinstance(v, bool)
        and math.isfinite(v)
        and 0 < v <= 1000
    )


def _set(tree: dict, path: tuple, value: object) -> dict:
    import copy

    out = copy.deepcopy(tree)
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


RAW = [
    b"\xff\xfe\x00 not utf-8",
    b"name: [unclosed",
    b"- a list\n- not a mapping\n",
    b"name: !!python/object/apply:os.system ['touch /tmp/netpolitik-fuzz-pwned']\n",
    b"name: !!python/object/new:pathlib.Path ['/tmp/netpolitik-fuzz-pwned']\n",
    b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nname: *c\n",
    b"name: x\nname: y\n",
    b"",
    b"name: x\nyears: .nan\n",
    b"name: x\nyears: .inf\n",
    b"name: x\ncountries: " + b"[" * 500 + b"]" * 500 + b"\n",
    b"name: x\n" + b"description: " + b"y" * 1_100_000 + b"\n",
]


def _check(path: Path) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["scenarios", "check", str(path)])
    return code, err.getvalue()


def _assert_refused(code: int, err: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, err
    assert lines and all(line.startswith("error: ") for line in lines), err
    assert "Traceback" not in err
    for line in lines:
        assert ": " in line[len("error: ") :], line  # names a path, then the problem
    assert not SENTINEL.exists()


@settings(
    max_examples=2000,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(mutation=mutations())
def test_malformed_scenarios_are_refused_cleanly(tmp_path_factory, mutation):
    path, value = mutation
    text = yaml.dump(_set(VALID, path, value), Dumper=DUMPER, allow_unicode=True)
    file = tmp_path_factory.mktemp("fuzz") / "scenario.yaml"
    file.write_text(text, encoding="utf-8")
    _assert_refused(*_check(file))


def test_adversarial_raw_files_are_refused_cleanly(tmp_path: Path):
    for k, raw in enumerate(RAW):
        file = tmp_path / f"raw{k}.yaml"
        file.write_bytes(raw)
        _assert_refused(*_check(file))


def test_the_unmutated_scenario_is_valid(tmp_path: Path):
    file = tmp_path / "ok.yaml"
    file.write_text(yaml.safe_dump(VALID), encoding="utf-8")
    code, err = _check(file)
    assert code == 0, err

"""The exercise engine: orders, fog of war, persistence and resume, replay identity, bad
input. Verification tests throughout (the code does what docs/exercise.md says)."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from netpolitik.errors import InputError
from netpolitik.exercise import Game, fog, make_config
from netpolitik.exercise.decisions import Decision, Veto
from netpolitik.exercise.orders import TurnOrders, apply_end
from netpolitik.exercise.replay import counterfactual, replay
from netpolitik.exercise.seats import FACILITATOR
from netpolitik.exercise.world import PlayedWorld
from netpolitik.policy import lever_index

SEATS = "USA,CHN,RUS,EST"
DEFENSE = lever_index("defense")


def _cfg(turns: int = 4, seed: int = 0):
    """Four quarters: governments adapt once a year (``adaptation_period``)."""
    return make_config(scenario="baseline", seats=SEATS, turns=turns, seed=seed)


LOG = [
    (
        {
            "EST": {
                "levers": {"defense": 0.2},
                "share": ["USA"],
                "aid": [{"recipient": "LVA", "share": 0.002}],
            },
            "CHN": {"levers": {"offense": 0.25}},
            "USA": {"sanction": ["RUS"]},
        },
        [
            {
                "kind": "attributed_breach",
                "countries": ["EST"],
                "values": {"attacker": "RUS", "severity": 7},
            }
        ],
    ),
    ({"USA": {"restrain": ["RUS"]}, "RUS": {"levers": {"offense": -0.1}}}, [{"kind": "ai_wave"}]),
    ({}, []),
    ({}, []),
]


@pytest.fixture(scope="module")
def played() -> PlayedWorld:
    return replay(_cfg(), LOG)


@pytest.fixture(scope="module")
def idle() -> PlayedWorld:
    return replay(_cfg(), [({}, i) for _, i in LOG])


def _i(world: PlayedWorld, code: str) -> int:
    return world.iso3.index(code)


def test_seat_levers_change_by_the_decision_and_do_not_adapt(played):
    """Verification: a seat's lever moves by its decision only; unclaimed states adapt."""
    start = PlayedWorld(_cfg()).state.levers
    est = _i(played, "EST")
    assert played.state.levers[est, DEFENSE] == pytest.approx(min(1.0, start[est, DEFENSE] + 0.2))
    seats = list(played.seat_index)
    others = np.setdiff1d(np.arange(len(played.iso3)), seats)
    moved = np.abs(played.state.levers[others] - start[others]).max(axis=1) > 0
    assert moved.any()  # the adaptation policy plays the unclaimed states
    usa = _i(played, "USA")
    np.testing.assert_array_equal(played.state.levers[usa], start[usa])  # no decision, no drift


def test_sanction_then_restraint(played):
    """Verification: a seat's sanction starts an episode and ends trade; restraint lifts it."""
    usa, rus = _i(played, "USA"), _i(played, "RUS")
    first = played.turns[0].events
    assert any(e["kind"] == "sanction" and e["by"] == "USA" and e["on"] == "RUS" for e in first)
    assert played.state.sanctions[usa, rus] == 0
    assert not played.state.trade[usa, rus]
    second = played.turns[1].events
    assert any(e["kind"] == "restraint" and e["by"] == "USA" for e in second)


def test_sharing_and_aid_reach_the_partner(played, idle):
    """Verification: EST's intelligence reaches USA (link 1) and its pledge builds LVA's
    capacity beyond what LVA has without it."""
    one = replay(_cfg(), LOG[:1])
    est, usa, lva = _i(one, "EST"), _i(one, "USA"), _i(one, "LVA")
    assert one.state.partners[usa, est] == 1.0
    no_aid = replay(
        _cfg(), [({**LOG[0][0], "EST": {"levers": {"defense": 0.2}, "share": ["USA"]}}, LOG[0][1])]
    )
    assert one.state.aid_stock[lva] > no_aid.state.aid_stock[lva] + 1e-4
    assert one.state.trust[lva, est] > no_aid.state.trust[lva, est]


def test_public_attribution_by_a_seat_may_name_the_wrong_state():
    """Verification: a seat attributing a detected operation to the wrong state puts a
    public, false attribution on the record; the seat's own view does not say it is false."""
    world = PlayedWorld(_cfg(turns=4))
    seated = set(world.seat_index)
    while not (mine := [v for v in world.incidents.values() if v.target in seated]):
        assert len(world.turns) < 3, "no seat was attacked in three quarters"
        world.play({}, [])
    inc = mine[0]
    victim = world.iso3[inc.target]
    wrong = next(
        c for c in ("EST", "IND", "BRA") if world.iso3.index(c) not in (inc.attacker, inc.target)
    )
    turn = world.play({victim: {"attribute": [{"incident": inc.id, "culprit": wrong}]}}, [])
    claims = [
        e
        for e in turn.events
        if e["kind"] == "attribution" and e["named"] == wrong and e["victim"] == victim
    ]
    assert claims and claims[0]["true"] is False
    seen = [
        e
        for e in fog.view(turn.events, victim)
        if e["kind"] == "attribution" and e["named"] == wrong
    ]
    assert seen and "true" not in seen[0]


def test_veto_blocks_an_application(played):
    """Verification: a member seat's veto refuses an application that would otherwise
    be decided by the criteria alone."""
    st = played.state
    names = st.setting.clubs.names
    usa, est = _i(played, "USA"), _i(played, "EST")
    k = next(k for k in range(len(names)) if st.members[usa, k] and not st.members[est, k])
    apply = TurnOrders(1, {est: Decision(apply=[names[k]])}, {}, played.iso3, played.seat_index)
    veto = TurnOrders(
        1,
        {
            est: Decision(apply=[names[k]]),
            usa: Decision(veto=[Veto(club=names[k], applicant="EST")]),
        },
        {},
        played.iso3,
        played.seat_index,
    )
    _, (free,) = apply_end(st, apply, played.built.params)
    after, (blocked,) = apply_end(st, veto, played.built.params)
    assert blocked == (est, k, False) and not after.members[est, k]
    assert free[2] == bool(free[2])  # decided by the criteria (either way) when not vetoed


def test_fog_each_seat_sees_only_its_picture(played):
    """Verification: a seat never sees the true attacker of an operation it did not run,
    nor whether a public attribution is true, nor another seat's decisions or traces."""
    log = [e for t in played.turns for e in t.events]
    for seat in played.cfg.seats:
        view = fog.view(log, seat)
        for e in view:
            assert e.get("public") or seat in e["to"]
            if e["kind"] == "incident" and "attacker" in e:
                assert e["attacker"] == seat
            assert "true" not in e
            if e["kind"] == "decision":
                assert e["seat"] == seat
    assert len(fog.view(log, FACILITATOR)) == len(log)
    hidden = [
        e
        for e in log
        if e["kind"] == "incident" and e["target"] == "USA" and e["attacker"] != "USA"
    ]
    assert hidden and all("attacker" not in e for e in fog.view(hidden, "USA"))
    assert fog.view(hidden, "USA", revealed=True) == hidden


def test_counterfactual_differs_only_by_the_humans(played, idle):
    """Verification: the counterfactual plays the same seed and injects without decisions
    (seats adapt like everyone); it is deterministic and differs from the played world."""
    cf = counterfactual(_cfg(), LOG)
    assert [t.digest for t in cf.turns] == [t.digest for t in counterfactual(_cfg(), LOG).turns]
    assert cf.turns[-1].digest != played.turns[-1].digest
    assert cf.turns[-1].digest != idle.turns[-1].digest  # seats held vs seats adapting


def _fresh(tmp_path, name="ex.sqlite", turns=4):
    game, codes = Game.create(tmp_path / name, _cfg(turns=turns))
    return game, codes


def test_replay_is_bit_identical_and_resume_loses_nothing(tmp_path, played):
    """Verification: a game played through the store, closed mid-turn and reopened,
    continues to the same digests as the uninterrupted replay of its log."""
    game, _ = _fresh(tmp_path)
    for seat, d in LOG[0][0].items():
        game.submit(seat, d)
    for inj in LOG[0][1]:
        game.inject(inj)
    game.advance()
    for seat, d in LOG[1][0].items():
        game.submit(seat, d)
    game.inject(LOG[1][1][0])
    game.store.close()  # the server stops mid-turn
    again = Game(tmp_path / "ex.sqlite")
    assert again.turn == 2 and sorted(again.submitted()) == sorted(LOG[1][0])
    assert again.store.injects(2) == LOG[1][1]
    while not again.world.done:
        again.advance()
    assert [t.digest for t in again.world.turns] == [t.digest for t in played.turns]
    assert again.controls["status"] == "ended"


def test_a_changed_log_is_refused(tmp_path):
    """Verification: a decision edited in the file no longer replays; opening says so."""
    game, _ = _fresh(tmp_path)
    game.submit("EST", {"levers": {"defense": 0.1}})
    game.advance()
    game.store.close()
    with sqlite3.connect(tmp_path / "ex.sqlite") as db:
        db.execute(
            "UPDATE decisions SET data = ? WHERE seat = 'EST'", ('{"levers": {"defense": 0.2}}',)
        )
    with pytest.raises(InputError, match="turn 1 does not replay"):
        Game(tmp_path / "ex.sqlite")


def test_codes_are_checked_and_not_stored(tmp_path):
    """Verification: each code opens its own role only; the file holds digests only."""
    game, codes = _fresh(tmp_path)
    assert {game.role(c) for c in codes.values()} == set(codes)
    assert game.role("not-a-code") is None and game.role(None) is None
    raw = (tmp_path / "ex.sqlite").read_bytes()
    assert not any(c.encode() in raw for c in codes.values())


def test_controls_deadline_and_all_submitted(tmp_path):
    """Verification: a turn advances when every seat has submitted (running), when the
    deadline passes (running), never while paused."""
    game, _ = _fresh(tmp_path, turns=3)
    for seat in game.cfg.seats:
        game.submit(seat, {})
    assert game.turn == 1  # lobby: submissions wait
    game.start()
    game.submit("EST", {})
    assert game.turn == 2
    deadline = game.set_deadline(5, now=1000.0)
    assert game.tick(deadline - 1) is None and game.turn == 2
    game.pause()
    assert game.tick(deadline + 1) is None
    game.start()
    assert game.tick(deadline + 1) is not None and game.turn == 3
    assert game.controls["deadline"] is None
    assert game.indicators("EST").keys() == {
        f"EST.{k}" for k in game.world.turns[0].indicators["EST"]
    }


@pytest.mark.parametrize(
    ("seat", "data", "needle"),
    [
        (
            "EST",
            {"levers": {"defence": 0.1}},
            "levers.defence: unknown lever (did you mean 'defense'?)",
        ),
        (
            "EST",
            {"levers": {"defense": 0.5}},
            "levers.defense: Input should be less than or equal to 0.25",
        ),
        ("EST", {"share": ["XXX"]}, "share: unknown country 'XXX'"),
        ("EST", {"sanction": ["EST"]}, "sanction: 'EST' is the seat itself"),
        (
            "EST",
            {"attribute": [{"incident": "T9M9-9", "culprit": "RUS"}]},
            "attribute.incident: 'T9M9-9'",
        ),
        ("EST", {"aid": [{"recipient": "LVA", "share": 0.5}]}, "aid.0.share"),
        ("EST", {"apply": ["No such club"]}, "apply: unknown club"),
        ("EST", {"bribe": ["RUS"]}, "bribe: Extra inputs are not permitted"),
        ("EST", "yes", "decision: expected a mapping"),
        ("FRA", {}, "seat: 'FRA' is not a seat"),
    ],
)
def test_bad_decisions_are_one_line_input_errors(tmp_path_factory, seat, data, needle):
    """Verification: bad decisions raise one-line InputErrors naming field and value."""
    game = _shared_game(tmp_path_factory)
    with pytest.raises(InputError) as err:
        game.submit(seat, data)
    assert needle in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ({"kind": "meteor"}, "inject.kind: unknown kind 'meteor'"),
        ({"kind": "ai_wave", "values": {"boost": 3}}, "values.boost"),
        (
            {"kind": "attributed_breach", "values": {"attacker": "XXX"}},
            "inject.values.attacker: unknown country",
        ),
        ({"kind": "policy_change", "countries": ["EST"], "values": {"offense": 2}}, "offense"),
        ({"kind": "quantum_break", "when": 3}, "inject.when: unknown field"),
    ],
)
def test_bad_injects_are_one_line_input_errors(tmp_path_factory, data, needle):
    """Verification: bad injects raise one-line InputErrors."""
    game = _shared_game(tmp_path_factory)
    with pytest.raises(InputError) as err:
        game.inject(data)
    assert needle in str(err.value) and "\n" not in str(err.value)


def test_bad_configuration_and_controls(tmp_path_factory):
    """Verification: bad seats, turns, deadlines and played-out games are refused."""
    with pytest.raises(InputError, match="seats: Value error, EST appears twice"):
        make_config(scenario="baseline", seats="EST,EST")
    with pytest.raises(InputError, match="turns: Input should be less than or equal to 40"):
        make_config(scenario="baseline", seats="EST", turns=99)
    game = _shared_game(tmp_path_factory)
    with pytest.raises(InputError, match="deadline: 0 is not a number of minutes"):
        game.set_deadline(0, now=0.0)
    with pytest.raises(InputError, match="deadline: 'soon'"):
        game.set_deadline("soon", now=0.0)


_GAMES: dict[str, Game] = {}


def _shared_game(factory) -> Game:
    if "g" not in _GAMES:
        _GAMES["g"], _ = Game.create(factory.mktemp("ex") / "ex.sqlite", _cfg(turns=2))
    return _GAMES["g"]


def test_web_form_values_become_validated_decisions(tmp_path_factory):
    """Verification: the web app's form values go through the same server-side checks."""
    from netpolitik.dashboard.exercise import decision_data, inject_data

    form = dict.fromkeys(
        [
            "share",
            "apply",
            "veto-club",
            "veto-applicant",
            "attribute-incident",
            "attribute-culprit",
            "sanction",
            "restrain",
            "aid-recipient",
        ]
    )
    form.update({"share": ["USA"], "aid-recipient": "LVA", "aid-share": 0.001})
    levers = [0, 0, 0, 0.2, None, 0, 0, 0]
    data = decision_data(levers, form)
    assert data == {
        "levers": {"defense": 0.2},
        "share": ["USA"],
        "aid": [{"recipient": "LVA", "share": 0.001}],
    }
    game = _shared_game(tmp_path_factory)
    assert game.world.check("EST", data).share == ["USA"]
    with pytest.raises(InputError, match="levers.defense"):
        game.world.check("EST", decision_data([0, 0, 0, "9", 0, 0, 0, 0], form))
    with pytest.raises(InputError, match="inject.values: not valid YAML"):
        inject_data("ai_wave", "", "{boost: [")
    assert inject_data("ai_wave", None, "{boost: 0.2}") == {
        "kind": "ai_wave",
        "countries": "all",
        "values": {"boost": 0.2},
    }

"""M10 shocks: readiness, recovery, quantum breaks, AI waves, breaches, policy changes."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from engine_states import uniform_state, with_lever

from netpolitik.engine import attribution, responses, security, shocks
from netpolitik.engine.simulator import ORDER, advance, make_rng
from netpolitik.engine.state import Event, evolve
from netpolitik.engine.synthetic import synthetic_setting
from netpolitik.errors import InputError
from netpolitik.params import Params
from netpolitik.policy import lever_index


def _run(state, params, months: int):
    rng = make_rng(0)
    for _ in range(months):
        state = replace(shocks.step(state, params, rng), step=state.step + 1)
    return state


def test_event_kinds_constant():
    assert shocks.EVENT_KINDS == ("quantum_break", "ai_wave", "attributed_breach", "policy_change")


def test_readiness_rises_with_defense(params):
    state = uniform_state(3)
    for i, d in enumerate((0.0, 0.5, 1.0)):
        state = with_lever(state, i, "defense", d)
    after = _run(state, params, 12).readiness
    assert after[0] == 0.0 and 0 < after[1] < after[2] < 1
    ten_years = _run(state, params, 120).readiness
    assert ten_years[2] == pytest.approx(1 - (1 - params.pq_rate) ** 120)
    assert 0.65 < ten_years[2] < 0.75


def test_shock_penalty_decays(params):
    state = replace(uniform_state(2), shock_penalty=np.array([0.4, 0.0]))
    one = shocks.step(state, params, make_rng(0))
    assert one.shock_penalty == pytest.approx([0.4 * (1 - params.shock_recovery), 0.0])
    year = _run(state, params, 12)
    assert year.shock_penalty[0] == pytest.approx(0.4 * (1 - params.shock_recovery) ** 12)


def test_quantum_break_lowers_security_less_where_ready(params):
    ready = np.array([0.0, 0.5, 0.9, 1.0])
    state = replace(uniform_state(4, events=(Event("quantum_break", 1),)), readiness=ready)
    before = security.effective(state, params)
    hit = shocks.step(state, params, make_rng(0))
    after = security.effective(hit, params)
    ready_now = hit.readiness
    assert hit.shock_penalty == pytest.approx(params.quantum_drop * (1 - ready_now))
    loss = before - after
    assert loss[0] > loss[1] > loss[2] > 0 and loss[3] == pytest.approx(0.0)
    # readiness accrues before the break fires: 0.5% at defense 0.5
    assert ready_now[0] == pytest.approx(params.pq_rate * 0.5)
    assert after[0] == pytest.approx(before[0] * (1 - params.quantum_drop * (1 - ready_now[0])))


def test_quantum_break_targets_step_and_drop(params):
    event = Event("quantum_break", 3, countries=(1,), values={"drop": 0.8})
    state = uniform_state(3, events=(event,))
    early = shocks.step(replace(state, step=1), params, make_rng(0))
    assert not early.shock_penalty.any()
    fired = shocks.step(replace(state, step=2), params, make_rng(0))
    assert fired.shock_penalty[[0, 2]].tolist() == [0.0, 0.0]
    assert fired.shock_penalty[1] == pytest.approx(0.8 * (1 - fired.readiness[1]))
    # a break never lowers an existing, larger penalty
    worse = replace(state, step=2, shock_penalty=np.full(3, 0.95))
    assert shocks.step(worse, params, make_rng(0)).shock_penalty[1] == pytest.approx(
        0.95 * (1 - params.shock_recovery)
    )


def test_ai_wave_profile_ramps_persists_decays(params):
    wave = Event("ai_wave", 5, values={"boost": 0.2, "ramp": 4, "duration": 3, "decay": 2})
    got = [shocks.ai_boost((wave,), t, params) for t in range(1, 16)]
    expected = [0, 0, 0, 0, 0.05, 0.1, 0.15, 0.2, 0.2, 0.2, 0.2, 0.1, 0, 0, 0]
    assert got == pytest.approx(expected)


def test_ai_wave_defaults_overlap_and_step(params):
    waves = (Event("ai_wave", 1), Event("ai_wave", 1, values={"boost": 0.95, "ramp": 0}))
    assert shocks.ai_boost(waves[:1], 1, params) == pytest.approx(
        params.ai_wave_boost / params.ai_wave_ramp
    )
    peak = int(params.ai_wave_ramp + params.ai_wave_duration)
    assert shocks.ai_boost(waves[:1], peak, params) == pytest.approx(params.ai_wave_boost)
    assert shocks.ai_boost(waves[:1], peak + int(params.ai_wave_decay) + 1, params) == 0
    assert shocks.ai_boost(waves, 20, params) == 1.0  # summed, capped at 1
    state = replace(uniform_state(2, events=waves[:1]), step=peak - 1)
    assert shocks.step(state, params, make_rng(0)).ai_boost == pytest.approx(params.ai_wave_boost)


def test_ai_wave_makes_pooled_intelligence_worth_more(params):
    state = replace(uniform_state(2), pooled=np.array([0.6, 0.0]))
    calm = security.effective(state, params)
    wave = security.effective(replace(state, ai_boost=0.2), params)
    assert wave[0] > calm[0] and wave[1] == pytest.approx(calm[1])


def _breach(severity: int, countries=(1,)):
    event = Event(
        "attributed_breach", 1, countries=countries, values={"attacker": 0, "severity": severity}
    )
    return uniform_state(3, events=(event,))


def test_attributed_breach_is_attributed_and_sanctioned(params):
    severe = shocks.step(_breach(6), params, make_rng(0))
    assert len(severe.forced) == 1
    attributed = attribution.step(severe, params, make_rng(0))
    f = attributed.flows
    assert (0, 1, 6) in set(
        zip(
            f.attributed_attacker.tolist(),
            f.attributed_target.tolist(),
            f.attributed_severity.tolist(),
            strict=True,
        )
    )
    assert len(attributed.forced) == 0
    harsh = params.with_overrides({"response_sanction": 20.0})
    out = responses.step(attributed, harsh, make_rng(0))
    assert out.sanctions[1, 0] > 0 and out.trust[1, 0] < severe.trust[1, 0]
    calm = params.with_overrides({"response_sanction": -20.0, "response_counter": -20.0})
    mild = responses.step(
        attribution.step(shocks.step(_breach(2), params, make_rng(0)), params, make_rng(0)),
        calm,
        make_rng(0),
    )
    assert not mild.sanctions.any() and mild.trust[1, 0] < severe.trust[1, 0]


def test_attributed_breach_of_everyone_spares_the_attacker(params):
    out = shocks.step(_breach(6, countries=()), params, make_rng(0))
    assert sorted(out.forced.target.tolist()) == [1, 2]
    assert set(out.forced.attacker.tolist()) == {0}


def test_policy_change_sets_levers(params):
    event = Event(
        "policy_change", 1, countries=(0, 2), values={"surveillance": 0.9, "sharing": 0.1}
    )
    out = shocks.step(uniform_state(3, events=(event,)), params, make_rng(0))
    sv, sh = lever_index("surveillance"), lever_index("sharing")
    assert out.levers[[0, 2], sv].tolist() == [0.9, 0.9]
    assert out.levers[[0, 2], sh].tolist() == [0.1, 0.1]
    assert out.levers[1].tolist() == [0.5] * 8
    everyone = Event("policy_change", 1, values={"offense": 0.0})
    out = shocks.step(uniform_state(3, events=(everyone,)), params, make_rng(0))
    assert not out.levers[:, lever_index("offense")].any()


@pytest.mark.parametrize(
    ("event", "words"),
    [
        (Event("policy_change", 1, values={"survelliance": 0.2}), "survelliance"),
        (Event("policy_change", 1, values={"offense": 1.7}), "offense"),
        (Event("policy_change", 1, values={}), "no levers"),
        (Event("earthquake", 1), "unknown kind"),
        (Event("quantum_break", 0), "step"),
        (Event("quantum_break", 2, countries=(7,)), "countries"),
        (Event("quantum_break", 2, values={"drop": 2.0}), "drop"),
        (Event("ai_wave", 2, values={"speed": 2.0}), "speed"),
        (Event("attributed_breach", 2, values={"severity": 5}), "attacker"),
        (Event("attributed_breach", 2, countries=(0,), values={"attacker": 0}), "itself"),
        (Event("attributed_breach", 2, values={"attacker": 1, "severity": 11}), "severity"),
    ],
)
def test_bad_events_raise_input_error(params, event, words):
    state = uniform_state(3, events=(event,))
    with pytest.raises(InputError, match=words) as err:
        shocks.step(state, params, make_rng(0))
    assert "\n" not in str(err.value) and "events[0]" in str(err.value)


def test_ranges_and_determinism_over_a_run():
    setting, levers, gdp = synthetic_setting(n=12, seed=3)
    events = (
        Event("ai_wave", 2),
        Event("quantum_break", 6),
        Event("attributed_breach", 8, countries=(1, 2), values={"attacker": 0}),
        Event("policy_change", 10, countries=(3,), values={"defense": 1.0}),
    )
    setting = replace(setting, events=events)
    params = Params()

    def run(seed):
        from netpolitik.engine.simulator import start

        state, rng = start(setting, levers, gdp, params), make_rng(seed)
        for _ in range(36):
            state = advance(state, params, rng, (("shocks", shocks.step), *ORDER))
        return state

    a, b = run(5), run(5)
    for x in (a.readiness, a.shock_penalty, a.security, a.levers):
        assert np.isfinite(x).all() and (x >= 0).all() and (x <= 1).all()
    assert 0 <= a.ai_boost <= 1 and a.shock_penalty.max() > 0
    assert np.array_equal(a.levers, b.levers) and np.array_equal(a.trust, b.trust)
    assert np.array_equal(a.sanctions, b.sanctions)


def test_a_schedule_is_checked_once_per_setting(params, monkeypatch):
    """Verification: ``step`` validates the schedule on the first month only; a new
    setting (e.g. with an injected event) is checked again."""
    calls = []
    original = shocks.check_events
    monkeypatch.setattr(shocks, "check_events", lambda ev, n: calls.append(n) or original(ev, n))
    state, rng = uniform_state(3, events=(Event("ai_wave", 2),)), make_rng(0)
    for _ in range(5):
        state = shocks.step(state, params, rng)
    assert len(calls) == 1
    state = evolve(state, setting=replace(state.setting, events=(Event("quantum_break", 9),)))
    shocks.step(state, params, rng)
    assert len(calls) == 2

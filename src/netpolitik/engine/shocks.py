"""M10 Shocks: post-quantum readiness, quantum breaks, AI attack waves, scheduled events.

Source: essay §Looking Ahead ("the real measure of success will lie in how nations handle
emerging threats like quantum computing risks and the rise of sophisticated AI-driven
cyberattacks. Strategies forged in collaboration ... will likely fare better"), §Diplomatic
(attributed breaches, policy changes). Parameters are assumptions; see
:class:`~netpolitik.params.shocks.ShockParams`.

Every month, before any event of the month::

    readiness     <- readiness + pq_rate * defense * (1 - readiness)
    shock_penalty <- shock_penalty * (1 - shock_recovery)

Post-quantum readiness accrues through the ``defense`` lever (with ``pq_rate = 0.01`` a
full-defense state is ``1 - 0.99^120``, about 70%, ready after 10 years; context: NIST's
post-quantum standards, FIPS 203-205, came out in 2024 after an eight-year process).

Events (:class:`~netpolitik.engine.state.Event`, kinds :data:`EVENT_KINDS`) fire in the
step whose 1-based number is ``event.step``, i.e. when ``state.step + 1 == event.step``.
``countries`` empty means everyone.

* ``quantum_break`` (values ``drop``, default ``quantum_drop``): security that relies on
  classical cryptography drops unless a country has become post-quantum ready::

      shock_penalty <- max(shock_penalty, drop * (1 - readiness))

  Effective security (:mod:`~netpolitik.engine.security`) is multiplied by
  ``1 - shock_penalty``.
* ``ai_wave`` (values ``boost``, ``ramp``, ``duration``, ``decay``; defaults
  ``ai_wave_*``): attackers' capability gains ``ai_boost`` (M4). With ``m = t - step + 1``
  the months since the wave began (counting the current month ``t``)::

      profile(m) = boost * clip(m / ramp, 0, 1) * clip(1 - (m - ramp - duration) / decay, 0, 1)

  for ``m >= 1`` (0 before): a linear rise over ``ramp`` months, ``duration`` months at
  the peak, a linear fall over ``decay`` months. ``ai_boost`` is the sum of the profiles of
  all waves, clipped to [0, 1]: a pure function of the step and the schedule. In a wave,
  sharing clubs' pooled data give a defence bonus: security weighs pooled intelligence
  ``ai_pool_bonus * ai_boost`` more (:mod:`~netpolitik.engine.security`).
* ``attributed_breach`` (values ``attacker``, ``severity``, default ``breach_severity``):
  a major breach of each target country (empty = everyone but the attacker) by
  ``attacker``, appended to ``state.forced``; M5 attributes it in this step and M6 responds
  (trust drops; sanctions when severe).
* ``policy_change`` (values ``{lever: value}``): sets those levers of the countries.

Bad events raise :class:`~netpolitik.errors.InputError` naming the event and the fix;
:func:`check_events` validates a whole schedule. ``step`` checks a setting's schedule on
its first call and remembers the result on the setting (:meth:`Setting.derive`), so a bad
event fails at step 1, not mid-run, and a good schedule is checked once per run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from numbers import Integral, Real

import numpy as np

from netpolitik.engine.state import Event, Pending, Setting, State, evolve
from netpolitik.errors import InputError
from netpolitik.params import Params
from netpolitik.policy import LEVERS, lever, lever_index

#: The kinds of scheduled events.
EVENT_KINDS: tuple[str, ...] = ("quantum_break", "ai_wave", "attributed_breach", "policy_change")

_WAVE_KEYS = ("boost", "ramp", "duration", "decay")


def _where(k: int, event: Event) -> str:
    return f"events[{k}] ({event.kind!r} at step {event.step})"


def _number(k: int, event: Event, key: str, lo: float, hi: float) -> float:
    """``event.values[key]`` as a float in [lo, hi], or an InputError."""
    value = event.values[key]
    if isinstance(value, bool) or not isinstance(value, Real) or not lo <= value <= hi:  # type: ignore[operator]  # numbers.Real declares no <= in typeshed
        raise InputError(
            f"{_where(k, event)}.{key}: value {value!r} out of range; use a number in [{lo}, {hi}]"
        )
    return float(value)


def _keys(k: int, event: Event, allowed: Sequence[str]) -> None:
    unknown = sorted(set(event.values) - set(allowed))
    if unknown:
        raise InputError(
            f"{_where(k, event)}: unknown value {unknown[0]!r}; use {', '.join(allowed) or 'none'}"
        )


def _check_quantum(k: int, event: Event, n: int) -> None:
    _keys(k, event, ("drop",))
    if "drop" in event.values:
        _number(k, event, "drop", 0, 1)


def _check_wave(k: int, event: Event, n: int) -> None:
    _keys(k, event, _WAVE_KEYS)
    for key in _WAVE_KEYS:
        if key in event.values:
            _number(k, event, key, 0, 1 if key == "boost" else 1e6)


def _check_breach(k: int, event: Event, n: int) -> None:
    _keys(k, event, ("attacker", "severity"))
    attacker = event.values.get("attacker")
    if isinstance(attacker, bool) or not isinstance(attacker, Integral) or not 0 <= attacker < n:  # type: ignore[operator]  # as above, for Integral
        raise InputError(
            f"{_where(k, event)}.attacker: {attacker!r} is not a country "
            f"index; use an integer in [0, {n - 1}]"
        )
    if attacker in event.countries:
        raise InputError(
            f"{_where(k, event)}.countries: the attacker {attacker} cannot "
            "breach itself; remove it from the targets"
        )
    if "severity" in event.values:
        sev = event.values["severity"]
        if not isinstance(sev, Integral) or isinstance(sev, bool) or not 1 <= sev <= 10:  # type: ignore[operator]  # as above
            raise InputError(
                f"{_where(k, event)}.severity: value {sev!r} out of range; "
                "use a DCID severity, an integer in [1, 10]"
            )


def _check_policy(k: int, event: Event, n: int) -> None:
    if not event.values:
        raise InputError(f"{_where(k, event)}: no levers given; use e.g. {{'surveillance': 0.2}}")
    for name in event.values:
        if name not in LEVERS:
            raise InputError(
                f"{_where(k, event)}: lever {name!r} unknown; use one of {', '.join(LEVERS)}"
            )
        _number(k, event, name, 0, 1)


_CHECKS: dict[str, Callable[[int, Event, int], None]] = {
    "quantum_break": _check_quantum,
    "ai_wave": _check_wave,
    "attributed_breach": _check_breach,
    "policy_change": _check_policy,
}


def check_event(k: int, event: Event, n: int) -> None:
    """Validate event number ``k`` of a schedule for ``n`` countries (InputError if bad)."""
    if event.kind not in EVENT_KINDS:
        raise InputError(
            f"events[{k}].kind: unknown kind {event.kind!r}; use one of {', '.join(EVENT_KINDS)}"
        )
    if isinstance(event.step, bool) or not isinstance(event.step, Integral) or event.step < 1:
        raise InputError(
            f"events[{k}].step: {event.step!r} is not a step; "
            "use an integer >= 1 (the first month is step 1)"
        )
    bad = [
        c
        for c in event.countries
        if isinstance(c, bool) or not isinstance(c, Integral) or not 0 <= c < n
    ]
    if bad:
        raise InputError(
            f"{_where(k, event)}.countries: {bad[0]!r} is not a country index; "
            f"use integers in [0, {n - 1}]"
        )
    _CHECKS[event.kind](k, event, n)


def check_events(events: Sequence[Event], n: int) -> None:
    """Validate a whole schedule of events for ``n`` countries (InputError on the first)."""
    for k, event in enumerate(events):
        check_event(k, event, n)


def _targets(event: Event, n: int) -> np.ndarray:
    """Indices of the countries an event affects (empty ``countries`` = everyone)."""
    if event.countries:
        return np.unique(np.asarray(event.countries, dtype=np.int64))
    return np.arange(n)


def wave_profile(
    months: np.ndarray, boost: np.ndarray, ramp: np.ndarray, duration: np.ndarray, decay: np.ndarray
) -> np.ndarray:
    """Boost of AI waves ``months`` (1 = first month) into each wave (module docstring)."""
    m = np.asarray(months, dtype=float)
    tiny = 1e-12
    rise = np.clip(m / np.maximum(ramp, tiny), 0.0, 1.0)
    fall = np.clip(1.0 - (m - ramp - duration) / np.maximum(decay, tiny), 0.0, 1.0)
    return np.where(m >= 1, boost * rise * fall, 0.0)


def ai_boost(events: Sequence[Event], step: int, params: Params) -> float:
    """Attackers' capability boost ``[0, 1]`` at 1-based ``step`` from the AI waves."""
    waves = [e for e in events if e.kind == "ai_wave" and e.step <= step]
    if not waves:
        return 0.0
    defaults = (
        params.ai_wave_boost,
        params.ai_wave_ramp,
        params.ai_wave_duration,
        params.ai_wave_decay,
    )
    table = np.array(
        [
            [float(e.values.get(key, d)) for key, d in zip(_WAVE_KEYS, defaults, strict=True)]
            for e in waves
        ]
    )
    months = step - np.array([e.step for e in waves], dtype=float) + 1.0
    profile = wave_profile(months, table[:, 0], table[:, 1], table[:, 2], table[:, 3])
    return float(np.clip(profile.sum(), 0.0, 1.0))


def _quantum_break(state: State, event: Event, params: Params) -> State:
    who = _targets(event, state.setting.n)
    drop = float(event.values.get("drop", params.quantum_drop))
    penalty = state.shock_penalty.copy()
    penalty[who] = np.maximum(penalty[who], drop * (1.0 - state.readiness[who]))
    return evolve(state, shock_penalty=penalty)


def _attributed_breach(state: State, event: Event, params: Params) -> State:
    attacker = int(event.values["attacker"])
    victims = _targets(event, state.setting.n)
    victims = victims[victims != attacker]
    sev = int(event.values.get("severity", round(params.breach_severity)))
    f, k = state.forced, victims.size
    forced = Pending(
        attacker=np.concatenate([f.attacker, np.full(k, attacker, dtype=np.int64)]),
        target=np.concatenate([f.target, victims.astype(np.int64)]),
        severity=np.concatenate([f.severity, np.full(k, sev, dtype=np.int64)]),
        age=np.concatenate([f.age, np.zeros(k, dtype=np.int64)]),
    )
    return evolve(state, forced=forced)


def _policy_change(state: State, event: Event, params: Params) -> State:
    who = _targets(event, state.setting.n)
    levers = state.levers.copy()
    for name, value in event.values.items():
        levers[who, lever_index(name)] = float(value)
    return evolve(state, levers=levers)


_APPLY: dict[str, Callable[[State, Event, Params], State]] = {
    "quantum_break": _quantum_break,
    "attributed_breach": _attributed_breach,
    "policy_change": _policy_change,
}


def _checked(setting: Setting) -> np.ndarray:
    """Check ``setting``'s schedule (raises :class:`InputError`); a marker when it passes."""
    check_events(setting.events, setting.n)
    return np.ones(1, dtype=bool)


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Accrue readiness, let shocks heal, fire this step's events. Deterministic."""
    now = state.step + 1
    readiness = state.readiness + params.pq_rate * lever(state.levers, "defense") * (
        1.0 - state.readiness
    )
    state = evolve(
        state,
        readiness=np.clip(readiness, 0.0, 1.0),
        shock_penalty=state.shock_penalty * (1.0 - params.shock_recovery),
    )
    events = state.setting.events
    state.setting.derive("events_checked", (events,), lambda: _checked(state.setting))
    for event in events:
        if event.step == now and event.kind in _APPLY:
            state = _APPLY[event.kind](state, event, params)
    return evolve(state, ai_boost=ai_boost(events, now, params))

"""The built-in scenarios (``netpolitik/scenarios/*.yaml``) and name-or-file lookup.

Examples
--------
>>> from netpolitik.scenario.library import builtin_names, load_builtin
>>> "baseline" in builtin_names()
True
>>> load_builtin("quantum_break").events[0].kind
'quantum_break'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from netpolitik.errors import ScenarioError, did_you_mean
from netpolitik.scenario.schema import Scenario, load_file, parse_scenario

_PACKAGE = "netpolitik"
_FOLDER = "scenarios"

#: The order in which ``netpolitik scenarios`` lists the built-ins (others follow, sorted).
ORDER = (
    "baseline",
    "firewall_world",
    "open_alliance",
    "breach_sanctions",
    "eu_rail_consortium",
    "asia_antifraud_consortium",
    "capacity_building",
    "quantum_break",
    "ai_wave",
    "security_dilemma",
    "public_private_consortium",
    "norm_convergence",
    "rd_hub_race",
)


def _folder():
    return resources.files(_PACKAGE).joinpath(_FOLDER)


def builtin_names() -> list[str]:
    """Names of the built-in scenarios, in :data:`ORDER`."""
    found = {p.name[:-5] for p in _folder().iterdir() if p.name.endswith(".yaml")}
    return [n for n in ORDER if n in found] + sorted(found - set(ORDER))


def builtin_text(name: str) -> str:
    """The YAML text of built-in scenario ``name`` (``-`` and ``_`` are interchangeable)."""
    key = name.strip().replace("-", "_")
    names = builtin_names()
    if key not in names:
        raise ScenarioError(
            [
                f"scenario: unknown built-in (got {name!r}; allowed: "
                f"{', '.join(names)}; or a path to a .yaml file)"
                f"{did_you_mean(key, names)}"
            ]
        )
    return _folder().joinpath(f"{key}.yaml").read_text(encoding="utf-8")


def load_builtin(name: str) -> Scenario:
    """The validated built-in scenario ``name``."""
    key = name.strip().replace("-", "_")
    return parse_scenario(builtin_text(key), where=f"{key}.yaml", name=key)


def load_scenario(name_or_file: str | Path) -> Scenario:
    """A built-in by name, or a scenario file by path (anything ending in ``.yaml``/``.yml``
    or naming an existing file)."""
    text = str(name_or_file)
    path = Path(text)
    if path.suffix.lower() in (".yaml", ".yml") or path.is_file() or "/" in text:
        return load_file(path)
    return load_builtin(text)

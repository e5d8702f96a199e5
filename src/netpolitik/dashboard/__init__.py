"""``netpolitik dashboard``: an interactive Dash app (optional extra
``netpolitik[dashboard]``). See ``docs/dashboard.md``.

:func:`serve` starts it on 127.0.0.1 by default, with Dash's debug mode off; every input
is checked on the server against the scenario schema (:mod:`netpolitik.dashboard.runs`).
"""

from __future__ import annotations

import sys

from netpolitik.errors import InputError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _require_dash() -> None:
    try:
        import dash  # noqa: F401
    except ImportError:
        raise InputError(
            "dashboard: Dash is not installed; install the extra with "
            "`pip install 'netpolitik[dashboard]'`"
        ) from None


def create_app(runner=None):
    """The Dash app (see :func:`netpolitik.dashboard.app.create_app`)."""
    _require_dash()
    from netpolitik.dashboard.app import create_app as _create

    return _create(runner)


def check_address(host: str, port: int) -> None:
    """Validate the address; warn on stderr when ``host`` is not a loopback address."""
    if not isinstance(port, int) or not 1 <= port <= 65535:
        raise InputError(f"--port: {port!r} is not a TCP port; use 1-65535, e.g. 8050")
    if not host or any(c.isspace() for c in host):
        raise InputError(f"--host: {host!r} is not a host; use e.g. 127.0.0.1")
    if host not in LOOPBACK:
        print(
            f"warning: serving on {host}: anyone who can reach this address can run "
            "simulations; the dashboard has no authentication. Use --host 127.0.0.1 "
            "to keep it on this machine.",
            file=sys.stderr,
        )


def serve(host: str = "127.0.0.1", port: int = 8050, memory_budget: float = 2.0) -> None:
    """Run the dashboard until interrupted (Flask's threaded server, debug off).

    ``memory_budget`` (GiB) bounds cached baselines, kept results and running jobs.
    """
    check_address(host, port)
    if (
        isinstance(memory_budget, bool)
        or not isinstance(memory_budget, int | float)
        or not 0 < memory_budget < 1e6
    ):
        raise InputError(f"--memory-budget: {memory_budget!r} is not a size in GiB; use e.g. 2")
    _require_dash()
    from netpolitik.dashboard.runs import Runner

    app = create_app(Runner(budget=memory_budget * 2**30))
    print(
        f"netpolitik dashboard: http://{host}:{port}/ (Ctrl+C to stop)", file=sys.stderr, flush=True
    )
    app.run(host=host, port=port, debug=False, dev_tools_ui=False, dev_tools_hot_reload=False)

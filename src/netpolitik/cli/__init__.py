"""The ``netpolitik`` command line (Typer + Rich): the front door.

Bad input never shows a traceback: :func:`main` turns every
:class:`~netpolitik.errors.InputError` and usage error into one line on stderr and exit
code 2.
"""

from __future__ import annotations

import functools
import sys
from typing import TYPE_CHECKING

import typer
import typer.core
import typer.main

# Instant start: each command module below registers its commands on ``app`` when imported,
# and imports at module level only Typer, Rich and light netpolitik modules (errors, io,
# cli helpers). Everything heavy (pandas, SciPy, DuckDB, Plotly, Dash, the engine, world,
# scenario, experiment, store and report layers) is imported inside the command function,
# so ``netpolitik --help`` and every ``COMMAND --help`` stay light; option defaults that
# live in a heavy module are repeated as constants (a test keeps them equal). A new
# command module (e.g. ``cli/exercise.py``) follows the same pattern and is added to this
# list; ``tests/test_cli_start.py`` checks the imports of every command's ``--help``.
from netpolitik.cli import compare as _compare  # noqa: F401
from netpolitik.cli import dashboard as _dashboard  # noqa: F401
from netpolitik.cli import exercise as _exercise  # noqa: F401
from netpolitik.cli import experiment as _experiment  # noqa: F401
from netpolitik.cli import landscape as _landscape  # noqa: F401
from netpolitik.cli import report as _report  # noqa: F401
from netpolitik.cli import results as _results  # noqa: F401
from netpolitik.cli import robustness as _robustness  # noqa: F401
from netpolitik.cli import run as _run  # noqa: F401  (registers commands)
from netpolitik.cli import scenarios as _scenarios  # noqa: F401
from netpolitik.cli import validate as _validate  # noqa: F401
from netpolitik.cli import world as _world  # noqa: F401
from netpolitik.cli.app import app
from netpolitik.errors import InputError

__all__ = ["app", "main"]

# Typer re-exports click's exceptions (or vendors its own copy): reach them through it.
if TYPE_CHECKING:
    from click.exceptions import ClickException, UsageError
else:
    UsageError = typer.BadParameter.__mro__[1]
    ClickException = typer.BadParameter.__mro__[2]


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _shown(text: str) -> str:
    """A given value, shortened so the error stays one readable line."""
    return repr(text) if len(text) <= 40 else f"{text[:30]!r}... ({len(text):,} characters)"


def _bad_value(exc: Exception, argv: list[str]) -> str:
    """The text the user gave for the option that failed to convert, if it can be found."""
    param = getattr(exc, "param", None)
    for name in getattr(param, "opts", None) or []:
        for k, arg in enumerate(argv[:-1]):
            if arg == name:
                return f" (got {_shown(argv[k + 1])})"
        for arg in argv:
            if arg.startswith(name + "="):
                return f" (got {_shown(arg.split('=', 1)[1])})"
    return ""


def _usage_error(exc: UsageError, argv: list[str]) -> int:
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__.startswith("NoArgsIsHelp"):
        return 0  # the help has been printed
    hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
    got = _bad_value(exc, argv) if isinstance(exc, typer.BadParameter) else ""
    message = _one_line(exc.format_message())
    if len(message) > 200:  # click may quote the whole value
        message = message[:160] + "..."
    print(f"error: {message}{got}{hint}", file=sys.stderr)
    return 2


@functools.lru_cache(maxsize=1)
def _command() -> typer.core.TyperGroup:
    """The click command tree of :data:`app`, built once per process (Typer rebuilds it on
    every ``app()`` call, which costs more than most refusals of bad input)."""
    command = typer.main.get_command(app)
    assert isinstance(command, typer.core.TyperGroup)  # the app has several commands
    return command


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``netpolitik`` console script; returns the exit code."""
    try:
        code = _command().main(args=argv, standalone_mode=False, prog_name="netpolitik")
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except UsageError as exc:
        return _usage_error(exc, list(sys.argv[1:] if argv is None else argv))
    except typer.Exit as exc:
        return int(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        print("error: interrupted; results written so far are kept", file=sys.stderr)
        return 130
    except ClickException as exc:
        print(f"error: {_one_line(exc.format_message())}", file=sys.stderr)
        return 2
    except Exception as exc:
        if not type(exc).__module__.lstrip("_").startswith("duckdb"):
            raise
        # a store damaged in a way no check foresaw: still one line, never a traceback
        print(
            f"error: --store: reading the results store failed "
            f"({_one_line(str(exc))[:200]}); run `netpolitik results verify`",
            file=sys.stderr,
        )
        return 2
    return code if isinstance(code, int) else 0


def entry() -> None:
    """Console-script wrapper: exit with :func:`main`'s code."""
    raise SystemExit(main())

"""Safe output: every command that writes goes through :func:`replace_folder` or
:func:`replace_file`.

The guarantees (``docs/reliability.md``):

* **Never a half-written output.** Everything is first written to a hidden temporary
  sibling, then renamed into place.
* **Never replace what netpolitik did not make.** Without ``--overwrite`` an existing,
  non-empty target is refused. With it, a target is replaced only when it is empty or was
  written by netpolitik as the same kind of output: a folder holding a marker file
  ``.netpolitik`` naming the kind (or the kind's own signature file, e.g. a run's
  ``manifest.json``), or an HTML file whose head names netpolitik as its generator.
  Anything else is refused in one line naming the path and the reason.
* **The old output survives until the new one is in place**: it is moved aside, the new
  one renamed in, and only then is the old one removed. A symlinked target keeps its link;
  the folder it points to is the one replaced.

Examples
--------
>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> with replace_folder(root / "out", "run folder", option="--out") as tmp:
...     _ = (tmp / "manifest.json").write_text("{}")
>>> sorted(p.name for p in (root / "out").iterdir())
['.netpolitik', 'manifest.json']
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from netpolitik.errors import InputError

#: Name of the marker file in every folder netpolitik writes; it holds the kind.
MARKER = ".netpolitik"
#: The generator tag in the head of every HTML report netpolitik writes.
HTML_TAG = '<meta name="generator" content="netpolitik">'
#: Files that identify folders written before markers existed, per kind.
SIGNATURES = {
    "run folder": "manifest.json",
    "results export": "experiment.json",
    "network export": "network.graphml",
}
NAME_MAX = 255


def made_by_netpolitik(path: Path, kind: str) -> bool:
    """Whether ``path`` is an output of kind ``kind`` that netpolitik wrote.

    Parameters
    ----------
    path : Path
        A folder or an HTML file.
    kind : str
        ``"run folder"``, ``"results export"``, ``"network export"`` or ``"report"``.
    """
    path = Path(path)
    if path.is_dir():
        marker = path / MARKER
        if marker.is_file():
            try:
                return marker.read_text(encoding="utf-8").strip() == kind
            except (OSError, UnicodeDecodeError):
                return False
        signature = SIGNATURES.get(kind)
        return signature is not None and (path / signature).is_file()
    if kind != "report" or not path.is_file():
        return False
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return HTML_TAG in head or "<title>netpolitik" in head


def _non_empty(path: Path) -> bool:
    return path.is_file() or (path.is_dir() and any(path.iterdir()))


def reason(exc: OSError) -> str:
    """A short, accurate cause for a failed write (not always "free space")."""
    text = exc.strerror or str(exc)
    if exc.errno == errno.ENAMETOOLONG:
        return f"{text}: a name is longer than {NAME_MAX} bytes; choose a shorter name"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{text}; free space or choose another folder"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{text}; choose a writable folder"
    return f"{text}; choose another path"


def check_target(
    path: Path, kind: str, overwrite: bool = False, option: str = "--out", folder: bool = True
) -> None:
    """Refuse, with a one-line :class:`InputError`, a target that must not be written.

    Parameters
    ----------
    path : Path
        The target folder (``folder=True``) or file.
    kind : str
        What netpolitik writes there (see :func:`made_by_netpolitik`).
    overwrite : bool
        Whether the user passed ``--overwrite``.
    option : str
        The option that named the target, for the message.
    folder : bool
        Whether the target is a folder.
    """
    path = Path(path)
    long = [p for p in path.parts if len(p.encode()) > NAME_MAX]
    if long:
        raise InputError(
            f"{option}: the name '{long[0][:40]}...' is too long "
            f"({len(long[0])} characters; at most {NAME_MAX}); choose a "
            "shorter name"
        )
    if folder and path.exists() and not path.is_dir():
        raise InputError(f"{option}: '{path}' is a file; give a folder path")
    if not folder and path.is_dir():
        raise InputError(f"{option}: '{path}' is a folder; give a file path")
    if _non_empty(path):
        what = "folder '{}' already holds results" if folder else "'{}' already exists"
        if not overwrite:
            raise InputError(
                f"{option}: {what.format(path)}; choose a new "
                f"{'folder' if folder else 'file'} or pass --overwrite"
            )
        if not made_by_netpolitik(path, kind):
            sig = SIGNATURES.get(kind)
            why = (
                f"no {MARKER} marker" + (f" or {sig}" if sig else "")
                if folder
                else "no netpolitik generator tag"
            )
            raise InputError(
                f"{option}: '{path}' is not a {kind} written by netpolitik "
                f"({why}); --overwrite only replaces earlier netpolitik "
                "outputs, choose another path"
            )
    _check_writable(path, option)


def _check_writable(path: Path, option: str) -> None:
    probe = path if path.is_dir() else path.parent
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not os.access(probe, os.W_OK | os.X_OK):
        raise InputError(
            f"{option}: cannot write to '{path}' (no permission on '{probe}'); "
            "choose a writable folder"
        )


def _target(path: Path) -> Path:
    """The real path to replace: a symlink's destination, so the link keeps working."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _swap(tmp: Path, target: Path) -> None:
    """Put ``tmp`` at ``target``; the old target is removed only after that."""
    old = None
    if target.exists() or target.is_symlink():
        old = target.parent / f".np-old-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        os.replace(target, old)
    try:
        os.replace(tmp, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a fresh hidden sibling of ``target`` to write; on success rename it onto
    ``target`` in one step (readers see the old file or the new one, never half of one).

    On any error the temporary file is removed and ``target`` is left as it was. Files made
    there get the usual umask permissions (unlike :func:`tempfile.mkstemp`'s 0600).
    """
    tmp = target.parent / f".np-tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def replace_folder(
    path: Path, kind: str, overwrite: bool = False, option: str = "--out", checked: bool = False
) -> Iterator[Path]:
    """Write a folder atomically: yield a temporary folder to fill, then swap it in.

    The marker file is added, so a later ``--overwrite`` recognises the folder. On any
    error the temporary folder is removed and the earlier output is left as it was;
    an :class:`OSError` becomes one :class:`InputError` line. ``checked=True`` skips the
    target check (the caller ran :func:`check_target` already).
    """
    path = Path(path)
    if not checked:
        check_target(path, kind, overwrite, option)
    target = _target(path)
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".np-tmp-", dir=target.parent))
        yield tmp
        (tmp / MARKER).write_text(kind + "\n", encoding="utf-8")
        _swap(tmp, target)
    except OSError as exc:
        raise InputError(f"{option}: writing '{path}' failed ({reason(exc)})") from None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def replace_file(
    path: Path,
    kind: str = "report",
    overwrite: bool = False,
    option: str = "--out",
    checked: bool = False,
) -> Iterator[Path]:
    """Write one file atomically: yield a temporary path to write, then rename it in."""
    path = Path(path)
    if not checked:
        check_target(path, kind, overwrite, option, folder=False)
    target = _target(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(target) as tmp:
            yield tmp
    except OSError as exc:
        raise InputError(f"{option}: writing '{path}' failed ({reason(exc)})") from None


@contextmanager
def transaction(db: Any) -> Iterator[Any]:
    """One DuckDB transaction on the connection ``db``: ``BEGIN``, the block, ``COMMIT``.

    Any exception in the block (an interrupt too) rolls the transaction back and is raised
    again; a rollback that finds nothing to undo (say, after an interrupted ``COMMIT``) is
    ignored. Yields ``db``.
    """
    import duckdb

    db.execute("BEGIN TRANSACTION")
    try:
        yield db
        db.execute("COMMIT")
    except BaseException:
        try:
            db.execute("ROLLBACK")
        except duckdb.Error:  # already rolled back
            pass
        raise

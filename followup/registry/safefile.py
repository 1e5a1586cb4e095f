"""Files written so that nothing is lost: a registry lock, atomic replacement, hashes.

- :func:`registry_lock` holds an exclusive lock on a registry for a read-modify-write;
  another editor (a process, a thread, the CLI) waits for it, up to a timeout.
- :func:`write_atomic` writes a file's new bytes to a temporary file in the same
  directory, flushes and fsyncs it, renames it over the original (an atomic step on
  POSIX file systems) and fsyncs the directory: after a crash or a kill at any moment
  the file is either wholly old or wholly new. The original's mode bits are kept.
- :func:`digest` fingerprints a file's bytes, so an editor can refuse to overwrite a file
  that someone changed since it was read (a person in a text editor holds no lock).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from followup.errors import FollowupError

__all__ = ["LOCK_NAME", "LockTimeout", "digest", "registry_lock", "write_atomic"]

#: The lock file's name, in the registry's directory (add it to .gitignore).
LOCK_NAME = ".followup.lock"

_flock: Any
try:
    from fcntl import LOCK_EX, LOCK_NB, LOCK_UN
    from fcntl import flock as _flock
except ImportError:  # pragma: no cover - Windows
    _flock = None


class LockTimeout(FollowupError):  # noqa: N818 (reads as the situation it names)
    """Another editor held the registry's lock for longer than the timeout."""


def digest(data: bytes) -> str:
    """A fingerprint of a file's bytes."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


@contextlib.contextmanager
def registry_lock(directory: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the exclusive lock of the registry in ``directory`` (waits up to ``timeout``
    seconds, then raises :class:`LockTimeout`)."""
    path = directory / LOCK_NAME
    if _flock is None:  # pragma: no cover - Windows
        yield from _exclusive_file(path, timeout)
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            try:
                _flock(fd, LOCK_EX | LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"{directory}: another editor has held this registry's lock for "
                        f"{timeout:g} s; try again when it is done (or give a longer timeout)"
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.1)
        try:
            yield
        finally:
            _flock(fd, LOCK_UN)
    finally:
        os.close(fd)


def _exclusive_file(path: Path, timeout: float) -> Iterator[None]:  # pragma: no cover
    """Where flock is missing: a lock file created exclusively, removed after."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
            break
        except FileExistsError:
            if time.monotonic() >= deadline:
                raise LockTimeout(
                    f"{path} exists: another editor is at work (if none is, delete the file)"
                ) from None
            time.sleep(0.05)
    os.close(fd)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace (or create) ``path`` with ``data`` so that it is never half-written.

    A symbolic link is followed: the file it points to is replaced, the link kept.
    """
    path = Path(os.path.realpath(path))
    directory = path.parent
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:  # name the folder the user gave, not our temporary file
        raise type(exc)(exc.errno, exc.strerror, str(directory)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is None:  # a new file: what open() would have made
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows cannot open directories
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(fd)

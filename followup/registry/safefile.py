"""Files written so that nothing is lost: a registry lock, atomic replacement, hashes.

- :func:`registry_lock` holds an exclusive lock on a registry for a read-modify-write;
  another editor (a process, a thread, the CLI) waits for it, up to a timeout. Editors
  take it through :func:`followup.registry.transaction.session`, which also finishes an
  edit a kill interrupted. The lock is the operating system's, taken through
  :func:`filelock.lock_descriptor` (``flock`` on Unix, ``LockFileEx`` on Windows): it
  belongs to the process that holds it and ends with it, so a crash or a kill never
  leaves a registry locked, on any platform.
- The lock file is ``.followup/lock`` in the registry's directory. The ``.followup``
  folder holds a ``.gitignore`` that ignores everything in it (itself included), so the
  lock never shows in ``git status`` and the user's own ``.gitignore`` is never touched.
  It stays beside the registry rather than in a per-user directory so that every editor
  of the registry finds the same lock, whatever the user or cache directory (a web
  service and a person at the command line exclude each other).
- :func:`open_lock` opens the lock file without ever following a symbolic link (the
  folder or the file) or opening anything but a plain file of the registry's own: a
  link (dangling or not), a FIFO or a file with a second hard link is refused with
  :class:`UnsafeFile`, so an edit never creates or writes a file outside the registry.
- Readers that must wait for an edit being written take a *shared* lock on the
  registry's directory, which writers hold exclusively for the moment they replace
  files (:func:`directory_lock`). filelock has no shared lock, so both sides of this one
  use ``flock`` directly where it exists; where it does not (Windows), readers retry
  instead (see :mod:`followup.registry._consistent`).
- :func:`write_atomic` writes a file's new bytes to a temporary file in the same
  directory, flushes and fsyncs it, renames it over the original (an atomic step on
  POSIX file systems) and fsyncs the directory: after a crash or a kill at any moment
  the file is either wholly old or wholly new. The original's mode bits are kept.
- :func:`digest` fingerprints a file's bytes, so an editor can refuse to overwrite a file
  that someone changed since it was read (a person in a text editor holds no lock).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import filelock

from followup.errors import FollowupError

__all__ = [
    "LEGACY_LOCK_NAME",
    "LOCK_DIR",
    "LOCK_NAME",
    "LockTimeout",
    "UnsafeFile",
    "digest",
    "directory_lock",
    "fsync_directory",
    "lock_timeout",
    "open_lock",
    "registry_lock",
    "try_lock",
    "unlock",
    "unsafe",
    "wait_lock",
    "write_atomic",
]

#: The folder of followup's own files in a registry's directory (kept out of git).
LOCK_DIR = ".followup"
#: The lock file, relative to the registry's directory.
LOCK_NAME = f"{LOCK_DIR}/lock"
#: Where earlier versions kept the lock (the next edit removes it, see leftovers).
LEGACY_LOCK_NAME = ".followup.lock"

_GITIGNORE = b"# followup's lock: never part of the registry, never committed\n*\n"

_fcntl: Any
try:
    import fcntl as _fcntl
except ImportError:  # pragma: no cover - Windows
    _fcntl = None

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_AT_DIR = os.open in os.supports_dir_fd and bool(_NOFOLLOW) and bool(_DIRECTORY)


class LockTimeout(FollowupError):  # noqa: N818 (reads as the situation it names)
    """Another editor held the registry's lock for longer than the timeout."""


class UnsafeFile(FollowupError):  # noqa: N818 (reads as the situation it names)
    """A file followup keeps in a registry (lock, journal) is a link or not a plain file."""


def digest(data: bytes) -> str:
    """A fingerprint of a file's bytes."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def unsafe(path: Path, what: str) -> UnsafeFile:
    """The error for a file of followup's own that is not a plain file of the registry."""
    return UnsafeFile(
        f"{path}: {what}; followup never follows or writes through it. Delete it "
        f"(`rm {path}`); followup makes a new one when it needs it"
    )


def _open_folder(directory: Path, *, create: bool) -> int | None:
    """A descriptor of the lock folder (made if ``create``), never through a link; None
    when it is missing (a reader) or where descriptors of folders cannot be used."""
    folder = directory / LOCK_DIR
    if create:
        with contextlib.suppress(FileExistsError):
            folder.mkdir()
    try:
        info = folder.lstat()
    except FileNotFoundError:
        if create:
            raise
        return None
    if stat.S_ISLNK(info.st_mode):
        raise unsafe(folder, "the lock folder is a symbolic link")
    if not stat.S_ISDIR(info.st_mode):
        raise unsafe(folder, "the lock folder is not a folder")
    if not _AT_DIR:  # pragma: no cover - Windows: checked above, opened by path below
        return None
    try:
        return os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):  # replaced meanwhile
            raise unsafe(folder, "the lock folder is a symbolic link") from None
        if not create and exc.errno in (errno.ENOENT, errno.EACCES, errno.EPERM):
            return None
        raise


def _ignore_in_git(folder_fd: int | None, folder: Path) -> None:
    """Write the lock folder's ``.gitignore`` if it has none (never through a link)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    try:
        if folder_fd is not None:
            fd = os.open(".gitignore", flags, 0o666, dir_fd=folder_fd)
        else:  # pragma: no cover - Windows
            fd = os.open(folder / ".gitignore", flags, 0o666)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(_GITIGNORE)


def open_lock(directory: Path, *, create: bool) -> int | None:
    """A file descriptor of the lock file of the registry in ``directory``.

    With ``create`` (an editor) it is opened for writing and made if missing, with the
    lock folder and its ``.gitignore``; without (a reader) it is opened read-only and
    None is returned when it does not exist or cannot be read. Never follows a symbolic
    link; refuses (:class:`UnsafeFile`) a link, anything but a regular file, and a file
    with other hard links.
    """
    path = directory / LOCK_NAME
    folder_fd = _open_folder(directory, create=create)
    if folder_fd is None and _AT_DIR:
        return None
    try:
        if create:
            _ignore_in_git(folder_fd, path.parent)
        return _open_lock_file(path, folder_fd, create=create)
    finally:
        if folder_fd is not None:
            os.close(folder_fd)


def _open_lock_file(path: Path, folder_fd: int | None, *, create: bool) -> int | None:
    flags = _NOFOLLOW | _CLOEXEC | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= os.O_RDWR | os.O_CREAT if create else os.O_RDONLY
    if not _NOFOLLOW and path.is_symlink():  # pragma: no cover - no O_NOFOLLOW
        raise unsafe(path, "the lock file is a symbolic link")
    try:
        if folder_fd is not None:
            fd = os.open(path.name, flags, 0o666, dir_fd=folder_fd)
        else:  # pragma: no cover - Windows
            fd = os.open(path, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.EEXIST and path.is_symlink()):
            raise unsafe(path, "the lock file is a symbolic link") from None
        if exc.errno in (errno.ENXIO, errno.EISDIR) or (
            exc.errno == errno.EWOULDBLOCK and not create
        ):
            raise unsafe(path, "the lock file is not a regular file") from None
        if not create and exc.errno in (errno.ENOENT, errno.EACCES, errno.EPERM):
            return None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise unsafe(path, "the lock file is not a regular file")
        if info.st_nlink != 1:
            raise unsafe(path, "the lock file has another name (a hard link)")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def try_lock(fd: int, *, exclusive: bool) -> bool:
    """Take the lock on ``fd`` if it is free now (shared or exclusive); True if taken.

    Exclusive: filelock's native lock of the descriptor. Shared: ``flock`` where it
    exists; elsewhere there is no shared lock and True is returned (readers retry)."""
    if exclusive:
        return filelock.lock_descriptor(fd, blocking=False)
    if _fcntl is None:  # pragma: no cover - Windows
        return True
    try:
        _fcntl.flock(fd, _fcntl.LOCK_SH | _fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def unlock(fd: int) -> None:
    """Release the lock taken on ``fd`` (shared or exclusive)."""
    if _fcntl is not None:  # filelock's Unix lock is this flock too
        _fcntl.flock(fd, _fcntl.LOCK_UN)
    else:  # pragma: no cover - Windows
        filelock.unlock_descriptor(fd)


def lock_timeout(directory: Path, timeout: float, *, reading: bool = False) -> LockTimeout:
    """The error for a lock not obtained within ``timeout`` seconds."""
    if reading:
        return LockTimeout(
            f"{directory}: an edit of this registry was being written for more than "
            f"{timeout:g} s; read it again when the edit is done (or give a longer timeout)"
        )
    return LockTimeout(
        f"{directory}: another editor has held this registry's lock for "
        f"{timeout:g} s; try again when it is done (or give a longer timeout)"
    )


def wait_lock(
    fd: int, *, exclusive: bool, timeout: float, error: Callable[[], FollowupError]
) -> None:
    """Take the lock on ``fd``, polling for up to ``timeout`` seconds; then raise
    ``error()``."""
    deadline = time.monotonic() + timeout
    delay = 0.001
    while not try_lock(fd, exclusive=exclusive):
        if time.monotonic() >= deadline:
            raise error()
        time.sleep(delay)
        delay = min(delay * 2, 0.1 if exclusive else 0.02)


@contextlib.contextmanager
def directory_lock(
    directory: Path, *, exclusive: bool, timeout: float, error: Callable[[], FollowupError]
) -> Iterator[bool]:
    """Hold a lock on the directory itself (its descriptor, opened read-only: a reader
    needs no right to write). Yields False, unlocked, where the system cannot lock a
    directory (or has no shared lock for the readers it would exclude)."""
    if _fcntl is None:  # pragma: no cover - Windows: readers there retry instead
        yield False
        return
    flags = os.O_RDONLY | _DIRECTORY | _CLOEXEC
    try:
        fd = os.open(directory, flags)
    except OSError:  # pragma: no cover
        yield False
        return
    try:
        try:
            wait_lock(fd, exclusive=exclusive, timeout=timeout, error=error)
        except OSError:  # pragma: no cover - a file system without flock
            yield False
            return
        try:
            yield True
        finally:
            unlock(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def registry_lock(directory: Path, timeout: float = 10.0) -> Iterator[int]:
    """Hold the exclusive lock of the registry in ``directory`` (waits up to ``timeout``
    seconds, then raises :class:`LockTimeout`); yields the lock file's descriptor."""
    fd = open_lock(directory, create=True)
    assert fd is not None
    try:
        wait_lock(
            fd, exclusive=True, timeout=timeout, error=lambda: lock_timeout(directory, timeout)
        )
        try:
            yield fd
        finally:
            unlock(fd)
    finally:
        os.close(fd)


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
    fsync_directory(directory)


def fsync_directory(directory: Path) -> None:
    """Make a rename or an unlink in ``directory`` durable (where the system can)."""
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

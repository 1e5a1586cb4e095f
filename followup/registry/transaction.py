"""Edits of several files as one step: a kill leaves the registry wholly old or wholly new,
and readers never see half an edit.

Writers (every edit and migration) hold the registry's exclusive lock
(:func:`session`) and :meth:`Session.commit` their files:

1. each file's new bytes go to a temporary file beside it (``.<name>.<random>.tmp``,
   created exclusively, never through a link), flushed and fsynced: nothing a reader
   looks at has changed yet;
2. the registry's directory is locked exclusively (readers that must wait wait on it)
   and the lock file's *generation* made odd: an edit is being written;
3. when more than one file changes, an intent journal ``.followup.journal`` is written
   (itself through a temporary file, then renamed) and fsynced: each file, its
   temporary file and the digests of its old and new bytes. From here on the edit is
   decided;
4. each temporary file is renamed over its file; the directories are fsynced;
5. the journal is deleted, the generation made even again, the directory unlocked.

A kill before step 3 leaves the old registry (and temporary files); a kill after it
leaves a journal, and the next writer, under the lock, *rolls it forward* before it
reads anything (:func:`recover`): it renames the temporary files still there, after
checking that each file still holds its old or new bytes. Then it deletes followup's
leftover temporary files (:mod:`followup.registry.leftovers`).

Readers read between edits: see :mod:`followup.registry._consistent`.

The generation sits in the lock file (``<16 hex digits> <the same>``): a reader that
reads it torn sees two different numbers and retries.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from attrs import frozen

from followup.errors import FollowupError
from followup.registry import leftovers, reading, safefile
from followup.registry.layout import Layout
from followup.registry.leftovers import JOURNAL_NAME

__all__ = [
    "JOURNAL_NAME",
    "InterruptedEdit",
    "Journal",
    "Session",
    "Write",
    "generation",
    "is_file",
    "read_journal",
    "recover",
    "session",
]

_GENERATION = re.compile(rb"^([0-9a-f]{16}) \1\n$")
_JOURNAL_LIMIT = 1 << 20
_JOURNAL_FORMAT = 1
_SUFFIXES = (".yaml", ".yml")


class InterruptedEdit(FollowupError):  # noqa: N818 (reads as the situation it names)
    """An interrupted edit cannot be finished (its files were changed since, or its
    journal is damaged); the message names the files and what to do."""


@frozen
class Write:
    """One file an edit writes: its path, new bytes, and the digest of the bytes it was
    read with (None for a new file)."""

    target: Path
    data: bytes
    old: str | None


@frozen
class Entry:
    """One file of a journal: the file as the registry names it, the file replaced (for
    a link inside the registry, the file it points to), the temporary file beside that
    one, and the digests of its old and new bytes."""

    target: Path
    real: Path
    temp: Path
    old: str | None
    new: str


@frozen
class Journal:
    """The intent journal of an edit: where it is, and its files."""

    path: Path
    entries: tuple[Entry, ...]

    def temps(self) -> set[Path]:
        """The temporary files it names (still needed until it is finished)."""
        return {entry.temp for entry in self.entries}


# -- the steps that write (each one a point a kill can fall between) -----------------------


def _write_temp(target: Path, data: bytes) -> Path:
    """A new temporary file beside ``target`` holding ``data``, fsynced, with the mode of
    ``target`` (or of a new file)."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    # mkstemp: O_CREAT | O_EXCL | O_NOFOLLOW, a name nobody has
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _replace(source: Path, target: Path) -> None:
    """Rename ``source`` over ``target`` (atomic)."""
    source.replace(target)


def _unlink(path: Path) -> None:
    path.unlink(missing_ok=True)


def _set_generation(fd: int, generation: int) -> None:
    """Write the generation into the lock file."""
    if hasattr(os, "pwrite"):  # not on Windows: readers there retry without it
        os.pwrite(fd, b"%016x %016x\n" % (generation, generation), 0)


# -- the generation -----------------------------------------------------------------------


def generation(fd: int | None) -> int | None:
    """The generation in the lock file (0 if none yet; None if unreadable or torn)."""
    if fd is None or not hasattr(os, "pread"):
        return 0
    try:
        data = os.pread(fd, 64, 0)
    except OSError:  # pragma: no cover - a file that cannot be read
        return None
    if not data:
        return 0
    match = _GENERATION.match(data)
    return int(match.group(1), 16) if match else None


def _even_generation(fd: int) -> int:
    """The lock file's generation made even (an interrupted edit made it odd)."""
    now = generation(fd)
    if now is None:
        os.ftruncate(fd, 0)
        now = 0
    if now % 2:
        now += 1
        _set_generation(fd, now)
    return now


# -- the journal --------------------------------------------------------------------------


def _damaged(path: Path, why: str) -> InterruptedEdit:
    return InterruptedEdit(
        f"{path}: {why}. It is the journal of an edit that was interrupted; if no edit is "
        "running, check the registry's files, then delete it"
    )


def _plain(relative: str) -> bool:
    """True for ``registry.yaml``-like and ``reviews/<name>.yaml`` paths: no ``..``, no
    absolute path, no hidden name."""
    parts = relative.split("/")
    return not (
        not relative
        or any(p in ("", ".", "..") or p.startswith(".") or "\\" in p for p in parts)
        or not parts[-1].endswith(_SUFFIXES)
        or len(parts) > 2
        or (len(parts) == 2 and parts[0] != "reviews")
    )


def _entry(root: Path, relative: str, temp_name: str, old: str | None, new: str) -> Entry:
    """An entry of a journal, if it names a registry file inside ``root`` (through a
    link inside the registry) and a temporary file of followup's beside it."""
    if not _plain(relative):
        raise ValueError(f"a file outside the registry: {relative!r}")
    target = root.joinpath(*relative.split("/"))
    real = Path(os.path.realpath(target))
    real_root = os.path.realpath(root)
    if os.path.commonpath([real_root, real]) != real_root:
        raise ValueError(f"a file outside the registry: {relative!r}")
    if not isinstance(temp_name, str) or not leftovers.is_temporary_of(temp_name, real.name):
        raise ValueError(f"not a temporary file of {relative!r}: {temp_name!r}")
    return Entry(target, real, real.parent / temp_name, old, new)


def read_journal(root: Path) -> Journal | None:
    """The journal left in the registry directory ``root``, or None."""
    path = root / JOURNAL_NAME
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        raise safefile.unsafe(path, "the journal is a symbolic link")
    if not stat.S_ISREG(mode):
        raise safefile.unsafe(path, "the journal is not a regular file")
    try:
        raw = reading.read_bytes(path, _JOURNAL_LIMIT)
    except FileNotFoundError:  # finished meanwhile
        return None
    if len(raw) > _JOURNAL_LIMIT:
        raise _damaged(path, "it is too large to be a journal")
    try:
        data = json.loads(raw)
        if data.get("followup-journal") != _JOURNAL_FORMAT:
            raise ValueError("not a journal of this followup")
        entries = []
        for item in data["entries"]:
            old, new = item["old"], item["new"]
            if not (old is None or isinstance(old, str)) or not isinstance(new, str):
                raise ValueError("digests are not strings")
            entries.append(_entry(root, str(item["target"]), item["temp"], old, new))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise _damaged(path, f"it cannot be read ({exc})") from None
    return Journal(path, tuple(entries))


def _relative(root: Path, target: Path) -> str:
    return Path(os.path.relpath(target, root)).as_posix()


def _journal_bytes(root: Path, entries: Sequence[Entry]) -> bytes:
    items = [
        {
            "target": _relative(root, e.target),
            "temp": e.temp.name,
            "old": e.old,
            "new": e.new,
        }
        for e in entries
    ]
    return json.dumps({"followup-journal": _JOURNAL_FORMAT, "entries": items}).encode() + b"\n"


def _digest_of(path: Path) -> str | None:
    try:
        return safefile.digest(reading.read_bytes(path))
    except FileNotFoundError:
        return None


def is_file(path: Path) -> bool:
    """True if ``path`` is a regular file (not a link)."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except FileNotFoundError:
        return False


# -- writers ------------------------------------------------------------------------------


class Session:
    """The exclusive hold of one writer on a registry (see :func:`session`): the lock
    file's descriptor, and how long to wait for readers."""

    def __init__(self, root: Path, fd: int, timeout: float = 10.0) -> None:
        self.root = root
        self.fd = fd
        self.timeout = timeout

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """The moment files are replaced: the registry's directory locked exclusively
        (a reader that retries waits on it, shared), the generation odd."""
        error = functools.partial(safefile.lock_timeout, self.root, self.timeout)
        with safefile.directory_lock(self.root, exclusive=True, timeout=self.timeout, error=error):
            start = _even_generation(self.fd)
            _set_generation(self.fd, start + 1)
            try:
                yield
            finally:
                _set_generation(self.fd, start + 2)

    def commit(self, writes: Sequence[Write]) -> None:
        """Write every file of ``writes`` as one step (see the module's documentation)."""
        if not writes:
            return
        reals = [Path(os.path.realpath(w.target)) for w in writes]  # a link: its file
        if len(writes) > 1:  # the journal names only registry files inside the registry
            real_root = os.path.realpath(self.root)
            for write, real in zip(writes, reals, strict=True):
                relative = _relative(self.root, write.target)
                if not _plain(relative) or os.path.commonpath([real_root, real]) != real_root:
                    raise FollowupError(f"{write.target}: not a file of the registry {self.root}")
        temps: list[Path] = []
        try:
            for real, write in zip(reals, writes, strict=True):
                temps.append(_write_temp(real, write.data))
            entries = [
                Entry(write.target, real, temp, write.old, safefile.digest(write.data))
                for write, real, temp in zip(writes, reals, temps, strict=True)
            ]
            with self.writing():
                if len(entries) > 1:
                    _write_journal(self.root, entries)
                    temps = []  # decided: a kill leaves a journal the next writer finishes
                _finish(self.root, entries)
                temps = []
        finally:
            for temp in temps:
                temp.unlink(missing_ok=True)


def _write_journal(root: Path, entries: Sequence[Entry]) -> None:
    journal = root / JOURNAL_NAME
    staged = _write_temp(journal, _journal_bytes(root, entries))
    try:
        _replace(staged, journal)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    safefile.fsync_directory(root)


def _finish(root: Path, entries: Sequence[Entry]) -> None:
    """Rename each temporary file over its file, then delete the journal."""
    for entry in entries:
        _replace(entry.temp, entry.real)
    for folder in sorted({e.real.parent for e in entries}):
        safefile.fsync_directory(folder)
    if len(entries) > 1:
        _unlink(root / JOURNAL_NAME)
        safefile.fsync_directory(root)


def recover(held: Session) -> Journal | None:
    """Finish (roll forward) the edit whose journal is in the registry's directory, if
    any. Raises :class:`InterruptedEdit` when it cannot (nothing is changed then)."""
    journal = read_journal(held.root)
    if journal is None:
        _even_generation(held.fd)
        return None
    todo = []
    for entry in journal.entries:
        shown = os.path.relpath(entry.target)
        now = _digest_of(entry.real)
        if is_file(entry.temp):
            if _digest_of(entry.temp) != entry.new:
                raise _damaged(journal.path, f"{entry.temp} does not hold what it names")
            if now not in (entry.old, entry.new):
                raise InterruptedEdit(
                    f"{shown} changed after an edit of it was interrupted; its text from "
                    f"that edit is in {entry.temp}. Keep the version you want (compare the "
                    f"two), then delete {entry.temp} and {journal.path}"
                )
            todo.append(entry)
        elif now != entry.new:
            raise _damaged(journal.path, f"the new text of {shown} is missing ({entry.temp})")
    with held.writing():
        for entry in todo:
            _replace(entry.temp, entry.real)
        for folder in sorted({e.real.parent for e in journal.entries}):
            safefile.fsync_directory(folder)
        _unlink(journal.path)
        safefile.fsync_directory(held.root)
    return journal


@contextlib.contextmanager
def session(layout: Layout, timeout: float = 10.0, *, tidy: bool = True) -> Iterator[Session]:
    """Hold the registry's exclusive lock. With ``tidy`` (a writer), an interrupted edit
    is finished first, and followup's leftover temporary files are removed."""
    with safefile.registry_lock(layout.root, timeout) as fd:
        held = Session(layout.root, fd, timeout)
        if tidy:
            recover(held)
            leftovers.remove(layout)
        yield held

"""Reading a registry between edits, never in the middle of one
(:func:`read_registry`, which :func:`followup.registry.load.check` reads through).

Readers create and write nothing, so a read-only registry reads as well
(:func:`read_consistently`). First without any lock: they note the generation in the
lock file (opened read-only, if it exists), read, and note it again; equal and even,
with no journal, means no edit was written meanwhile (see
:mod:`followup.registry.transaction`). Otherwise they read once more holding a shared
lock on the registry's directory itself (an ``flock`` of a read-only descriptor),
which writers hold exclusively only while they replace files: so a reader waits for
the few milliseconds an edit takes to write, never for an editor at work in its
``with`` block, and a steady stream of edits cannot make it retry forever. A journal
found under the shared lock was left by a writer that died: the reader reads through
it (:func:`through`: each file's new bytes from its temporary file), which is the
registry the next writer makes of it. Waiting is bounded, then
:class:`followup.registry.safefile.LockTimeout`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

import attrs

from followup.model.registry import Registry
from followup.registry import leftovers, reading, safefile, yamlio
from followup.registry.layout import Layout, find_layout
from followup.registry.report import Problem, Report, Severity
from followup.registry.transaction import (
    JOURNAL_NAME,
    Journal,
    generation,
    is_file,
    read_journal,
)

__all__ = ["journal_notice", "read_consistently", "read_registry", "through"]

_T = TypeVar("_T")
_Checked = tuple[Registry | None, Report]


def _pause(seconds: float) -> None:
    """Wait before reading again (an edit is being written)."""
    time.sleep(seconds)


def through(layout: Layout, journal: Journal) -> tuple[Layout, dict[Path, str]]:
    """The layout and file texts as the interrupted edit of ``journal`` made them."""
    texts: dict[Path, str] = {}
    reviews = set(layout.reviews)
    for entry in journal.entries:
        try:
            if is_file(entry.temp):
                texts[entry.target] = yamlio.decode(reading.read_bytes(entry.temp))
        except (OSError, yamlio.ParseFailure):
            continue
        if entry.target != layout.manifest and entry.target.parent == layout.root / "reviews":
            reviews.add(entry.target)
    return attrs.evolve(layout, reviews=tuple(sorted(reviews))), texts


def journal_notice(layout: Layout, journal: Journal) -> Problem:
    """The notice that a registry was read through an interrupted edit's journal."""
    where = layout.root if not layout.single_file else layout.manifest
    return Problem(
        Severity.NOTICE,
        "interrupted-edit",
        "an edit was interrupted before it finished; the registry is read as that edit "
        f"made it (from {JOURNAL_NAME})",
        layout.display(journal.path),
        hint=f"the next edit finishes it, e.g. `followup migrate {layout.display(where)}`",
    )


def _open_for_reading(root: Path) -> int | None:
    try:
        return safefile.open_lock(root, create=False)
    except safefile.UnsafeFile:  # no editor can work on this registry: nothing to wait for
        return None


def _generation_at(root: Path, fd: int | None) -> int | None:
    if fd is not None:
        return generation(fd)
    fd = _open_for_reading(root)  # made meanwhile?
    try:
        return generation(fd)
    finally:
        if fd is not None:
            os.close(fd)


def _optimistic(root: Path, attempt: Callable[[Journal | None], _T]) -> tuple[_T] | None:
    """What ``attempt(None)`` read, if no edit was written meanwhile (nor is being, nor
    was interrupted); else None."""
    fd = _open_for_reading(root)
    try:
        first = generation(fd)
        if first is None or first % 2 or os.path.lexists(root / JOURNAL_NAME):
            return None
        result = attempt(None)
        return (result,) if _generation_at(root, fd) == first else None
    finally:
        if fd is not None:
            os.close(fd)


def read_consistently(
    root: Path, attempt: Callable[[Journal | None], _T], timeout: float = 10.0
) -> _T:
    """What ``attempt`` read of the registry in ``root`` between two edits.

    ``attempt`` reads the registry; it is given the journal of an interrupted edit to
    read through, when there is one. Nothing is created or written."""
    deadline = time.monotonic() + timeout
    done = _optimistic(root, attempt)
    if done is not None:
        return done[0]
    # an edit was being written, or was while reading, or one was interrupted: read
    # again between edits, holding the directory's shared lock (writers hold it
    # exclusively while they replace files); a journal there now was left by a writer
    # that died, and is read through
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
    delay = 0.001
    try:
        fd: int | None = os.open(root, flags)
    except OSError:  # pragma: no cover - no directory locks here: retry until quiet
        fd = None
    try:
        while True:
            if fd is not None and safefile.try_lock(fd, exclusive=False):
                try:
                    return attempt(read_journal(root))
                finally:
                    safefile.unlock(fd)
            if fd is None:  # pragma: no cover
                done = _optimistic(root, attempt)
                if done is not None:
                    return done[0]
            if time.monotonic() >= deadline:
                raise safefile.lock_timeout(root, timeout, reading=True)
            _pause(delay)
            delay = min(delay * 2, 0.02)
    finally:
        if fd is not None:
            os.close(fd)


def read_registry(
    path: str | os.PathLike[str],
    layout: Layout,
    problems: list[Problem],
    run: Callable[[Layout, list[Problem], Mapping[Path, str] | None], _Checked],
    timeout: float = 10.0,
) -> _Checked:
    """``run`` (a check of the registry at ``path``) on files read between two edits:
    given the layout, the problems found so far (with notices of leftover temporary
    files and of an interrupted edit) and the texts to read instead of some files."""
    first = [(layout, problems)]

    def attempt(journal: Journal | None) -> _Checked:
        found, found_problems = first.pop() if first else find_layout(path)
        if found is None:
            return (None, Report.of(found_problems))
        live = journal.temps() if journal is not None else ()
        extra = [*found_problems, *leftovers.notices(found, live)]
        texts = None
        if journal is not None:
            extra.append(journal_notice(found, journal))
            found, texts = through(found, journal)
        return run(found, extra, texts)

    return read_consistently(layout.root, attempt, timeout)

"""Temporary files a killed writer left behind: found, listed as notices, removed.

followup writes every file of a registry through a temporary file in the same folder,
named ``.<name>.<8 random characters>.tmp`` (``.ccpr-2016.yaml.k3x9q0ab.tmp``), renamed
over ``<name>`` once complete. A process killed between the two leaves the temporary
file behind; it is harmless (every reader skips names starting with a dot) but untidy.

Only followup's own names count, and only where followup writes them: in the
registry's directory the temporary files of the manifest (``registry.yaml``,
``registry.yml``, or a single-file registry's own name) and of the journal
(``.followup.journal``), and in ``reviews/`` those of ``*.yaml`` / ``*.yml`` files; and
the lock file earlier versions kept in the registry's directory (``.followup.lock``,
now ``.followup/lock``, which git ignores). A link or anything but a regular file is
never touched, nor a file elsewhere.

:func:`find` lists them, :func:`notices` says so in a validation report (code
``leftover-temporary-file``; and a warning, ``unsafe-lock-file``, for a lock file that
or its folder is a link, which edits refuse) and :func:`remove` deletes them: the next writer does,
under the registry's lock, once an interrupted edit is finished (its journal names
temporary files still needed until then).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Collection
from pathlib import Path

from followup.registry.layout import MANIFEST_NAMES, Layout
from followup.registry.report import Problem, Severity
from followup.registry.safefile import LEGACY_LOCK_NAME, LOCK_DIR, LOCK_NAME

__all__ = ["JOURNAL_NAME", "TEMP_PATTERN", "find", "is_temporary_of", "notices", "remove"]

#: The intent journal of an edit in progress (see :mod:`followup.registry.transaction`).
JOURNAL_NAME = ".followup.journal"

#: A temporary file's name as ``tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp")``
#: makes it: the name it stands for, then 8 characters of ``[a-z0-9_]``.
TEMP_PATTERN = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")

_REVIEW_SUFFIXES = (".yaml", ".yml")


def is_temporary_of(temp_name: str, name: str) -> bool:
    """True when ``temp_name`` is followup's name for a temporary copy of ``name``."""
    match = TEMP_PATTERN.match(temp_name)
    return match is not None and match.group("name") == name


def _root_names(layout: Layout) -> set[str]:
    names = {layout.manifest.name, JOURNAL_NAME}
    if not layout.single_file:
        names.update(MANIFEST_NAMES)
    return names


def _scan(folder: Path, wanted: Collection[str] | None, skip: Collection[Path]) -> list[Path]:
    found: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:  # missing or unreadable: nothing of ours to see there
        return found
    for entry in entries:
        match = TEMP_PATTERN.match(entry.name)
        if match is None:
            continue
        name = match.group("name")
        if wanted is not None and name not in wanted:
            continue
        if wanted is None and (name.startswith(".") or not name.endswith(_REVIEW_SUFFIXES)):
            continue
        path = folder / entry.name
        if path in skip:
            continue
        try:
            if not stat.S_ISREG(entry.stat(follow_symlinks=False).st_mode):
                continue
        except OSError:  # pragma: no cover - removed meanwhile
            continue
        found.append(path)
    return sorted(found)


def _legacy_lock(layout: Layout) -> list[Path]:
    path = layout.root / LEGACY_LOCK_NAME
    try:
        info = path.lstat()
    except OSError:
        return []
    return [path] if stat.S_ISREG(info.st_mode) and info.st_nlink == 1 else []


def find(layout: Layout, live: Collection[Path] = ()) -> list[Path]:
    """followup's temporary files in the registry's directory and its ``reviews/`` folder,
    except those in ``live`` (named by a journal not yet finished)."""
    found = _scan(layout.root, _root_names(layout), live)
    if not layout.single_file:
        reviews = layout.root / "reviews"
        if not reviews.is_symlink():
            found += _scan(reviews, None, live)
    return found


def remove(layout: Layout, live: Collection[Path] = ()) -> list[Path]:
    """Delete followup's temporary files (see :func:`find`) and the lock file of earlier
    versions (``.followup.lock``); the ones deleted.

    Call it only under the registry's lock: a writer at work has its own there.
    """
    removed = []
    for path in [*find(layout, live), *_legacy_lock(layout)]:
        try:
            path.unlink()
        except FileNotFoundError:  # pragma: no cover - gone meanwhile
            continue
        removed.append(path)
    return removed


def _lock_problems(layout: Layout) -> list[Problem]:
    """A warning when the lock file or its folder is a link, or the lock file is not a
    plain file: edits refuse to run."""
    folder = layout.root / LOCK_DIR
    try:
        info = folder.lstat()
    except OSError:
        return []
    if not stat.S_ISDIR(info.st_mode):
        what = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a folder"
        return [_lock_warning(layout, folder, f"the lock folder {LOCK_DIR} is {what}")]
    path = layout.root / LOCK_NAME
    try:
        info = path.lstat()
    except OSError:
        return []
    if stat.S_ISREG(info.st_mode) and info.st_nlink == 1:
        return []
    what = (
        "a symbolic link"
        if stat.S_ISLNK(info.st_mode)
        else "a file with another name (a hard link)"
        if stat.S_ISREG(info.st_mode)
        else "not a regular file"
    )
    return [_lock_warning(layout, path, f"the lock file {LOCK_NAME} is {what}")]


def _lock_warning(layout: Layout, path: Path, what: str) -> Problem:
    return Problem(
        Severity.WARNING,
        "unsafe-lock-file",
        f"{what}: edits of this registry refuse to run",
        layout.display(path),
        hint="delete it; followup makes a new one",
    )


def notices(layout: Layout, live: Collection[Path] = ()) -> list[Problem]:
    """A notice for each temporary file a killed writer left behind (and a warning for a
    lock file edits refuse to use)."""
    return _lock_problems(layout) + [
        Problem(
            Severity.NOTICE,
            "leftover-temporary-file",
            f"{path.name} is a temporary file left behind by an edit that was interrupted",
            layout.display(path),
            hint="delete it, or let the next edit remove it (e.g. `followup migrate "
            f"{layout.display(layout.root if not layout.single_file else layout.manifest)}`)",
        )
        for path in find(layout, live)
    ]

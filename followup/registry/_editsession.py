"""An edit's hold on a registry: the files read under the lock, checked, written as one.

:func:`opened` takes the registry's exclusive lock (finishing an interrupted edit
first, see :mod:`followup.registry.transaction`), reads every file once through the
size-limited read path and validates the registry. :func:`prepare` turns the files an
edit touched into their new texts and validates the registry they make;
:func:`commit` checks nobody changed a file meanwhile and writes them all as one
transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path as FsPath
from typing import Any

from attrs import evolve, frozen

from followup.errors import RegistryError
from followup.model.registry import Registry
from followup.registry import reading, transaction, yamlio
from followup.registry.editfile import EditedFile, check_unchanged
from followup.registry.layout import Layout, find_layout
from followup.registry.load import check_files
from followup.registry.report import Report

__all__ = ["Opened", "commit", "opened", "prepare"]


@frozen
class Opened:
    """A registry open for editing: its layout, files and validated contents."""

    layout: Layout
    files: dict[FsPath, EditedFile]
    registry: Registry
    session: transaction.Session


def _read_files(layout: Layout) -> dict[FsPath, EditedFile]:
    """Every file of the registry as read (none if one cannot be read or decoded: the
    check reads it again and reports the problem, located)."""
    files: dict[FsPath, EditedFile] = {}
    for file_path in (layout.manifest, *layout.reviews):
        try:
            raw = reading.read_bytes(file_path)
            files[file_path] = EditedFile(file_path, raw, layout.display(file_path))
        except (OSError, yamlio.ParseFailure):
            return {}
    return files


@contextlib.contextmanager
def opened(
    path: str | os.PathLike[str], *, timeout: float, today: dt.date, fast: bool
) -> Iterator[Opened]:
    """Hold the registry at ``path`` for an edit: locked, read, valid."""
    layout, problems = find_layout(path)
    if layout is None:
        raise RegistryError(Report.of(problems))
    with transaction.session(layout, timeout) as held:
        # under the lock, list the files again: another editor may have added one
        layout, problems = find_layout(path)
        if layout is None:
            raise RegistryError(Report.of(problems))
        files = _read_files(layout)
        overlay = {p: f.text for p, f in files.items()} if files else None
        plain: dict[FsPath, Any] = {}
        registry, report = check_files(
            layout, problems, overlay, fast=fast, today=today, plain=plain
        )
        if registry is None:
            raise RegistryError(report)
        for file_path, file in files.items():
            file.data = file.wanted = plain[file_path]
        yield Opened(layout, files, registry, held)


def prepare(
    layout: Layout, files: dict[FsPath, EditedFile], *, fast: bool, today: dt.date
) -> tuple[dict[FsPath, str], Registry]:
    """The new texts of the files an edit touched, and the registry they make (validated
    as :func:`followup.load` would; :class:`followup.RegistryError` if it has errors)."""
    touched = [f for f in files.values() if f.touched]
    made = {f.path: f.new_text() for f in touched}
    texts = {path: text for path, (text, _) in made.items()}
    overlay = {f.path: texts.get(f.path, f.text) for f in files.values()}
    # every file's data is parsed already: the check does not parse any again
    plain = {f.path: f.data for f in files.values() if f.data is not None}
    plain.update((path, data) for path, (_, data) in made.items())
    new_reviews = tuple(p for p in texts if p not in layout.reviews and p != layout.manifest)
    layout = evolve(layout, reviews=tuple(sorted((*layout.reviews, *new_reviews))))
    registry, report = check_files(layout, [], overlay, fast=fast, today=today, plain=plain)
    if registry is None:
        raise RegistryError(report)
    return texts, registry


def commit(
    held: Opened, files: dict[FsPath, EditedFile], *, fast: bool, today: dt.date
) -> Registry | None:
    """Write the files an edit touched as one transaction; the registry they make (None
    when nothing changed)."""
    touched = [f for f in files.values() if f.touched]
    if not touched:
        return None
    texts, registry = prepare(held.layout, files, fast=fast, today=today)
    for file in touched:  # nobody changed a file meanwhile (text editors hold no lock)
        check_unchanged(file)
    held.session.commit(
        [
            transaction.Write(file.path, file.encoded(texts[file.path]), file.digest)
            for file in touched
        ]
    )
    return registry

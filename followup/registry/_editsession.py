"""An edit's hold on a registry: checked once under the lock, each changed file checked
again, all written as one.

:func:`opened` takes the registry's exclusive lock (finishing an interrupted edit
first, see :mod:`followup.registry.transaction`) and checks the registry as
:func:`followup.load` would, one file at a time, keeping of each review file only what
the checks across files need (its :class:`~followup.registry._factstore.Checked`, taken
from the fact store when the file and the manifest are unchanged since it was kept):
an :class:`EditIndex`, never the registry's model. :func:`prepare` turns the files an
edit touched into their new texts and checks the registry they make from those texts
and the others' kept checks: the same report a full check of the new registry gives
(every file is checked again only when the manifest changed). :func:`commit` checks
nobody changed a file meanwhile, writes them all as one transaction, and keeps the
changed files' checks and cache entries for the next edit and load.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Mapping
from pathlib import Path as FsPath

from attrs import evolve, frozen

from followup.errors import RegistryError
from followup.model.manifest import RegistryInfo
from followup.model.registry import Registry
from followup.registry import reading, transaction, yamlio
from followup.registry._check import Run
from followup.registry._factstore import Checked, FactStore, content_hash
from followup.registry.cache import ReviewCache, open_cache
from followup.registry.editfile import ChangedOnDisk, EditedFile, check_unchanged
from followup.registry.layout import Layout, find_layout
from followup.registry.load import check_files
from followup.registry.report import Report

__all__ = [
    "EditIndex",
    "Opened",
    "Prepared",
    "commit",
    "opened",
    "prepare",
    "read_file",
    "registry_of",
]


@frozen
class EditIndex:
    """What an edit knows of the registry it holds, without its model: the manifest's
    values, each review file's check and the content hash of the bytes checked, and
    where each review and recommendation is."""

    info: RegistryInfo
    checked: Mapping[FsPath, Checked]
    digests: Mapping[FsPath, str]
    #: review id -> the file holding it
    reviews: Mapping[str, FsPath]
    #: recommendation id -> its review's id
    recs: Mapping[str, str]
    #: the manifest's context key (:func:`~followup.registry._factstore.context_key`)
    context_key: str


@frozen
class Opened:
    """A registry open for editing: its layout, what is known of it, the transaction."""

    layout: Layout
    index: EditIndex
    session: transaction.Session
    #: the review cache and the fact store (none with ``FOLLOWUP_NO_CACHE=1``)
    cache: ReviewCache | None
    store: FactStore | None


def _index(run: Run) -> EditIndex:
    assert run.info is not None
    reviews: dict[str, FsPath] = {}
    recs: dict[str, str] = {}
    for path, checked in run.checked.items():
        facts = checked.facts
        for ident, _ in facts.reviews:
            reviews.setdefault(ident, path)
        if len(facts.reviews) == 1:  # a review file: its recommendations are the review's
            recs.update(dict.fromkeys(facts.rec_ids, facts.reviews[0][0]))  # ids are unique
        else:  # a single-file registry: each recommendation's review is where it is
            roots = {where[:-1]: ident for ident, where in facts.reviews}
            for ident, where in zip(facts.rec_ids, facts.rec_paths, strict=True):
                recs.setdefault(ident, roots[where[:-3]])
    kept, digests = dict(run.checked), dict(run.digests)
    return EditIndex(run.info, kept, digests, reviews, recs, run.context_key)


@contextlib.contextmanager
def opened(
    path: str | os.PathLike[str], *, timeout: float, today: dt.date, fast: bool
) -> Iterator[Opened]:
    """Hold the registry at ``path`` for an edit: locked, checked, valid."""
    layout, problems = find_layout(path)
    if layout is None:
        raise RegistryError(Report.of(problems))
    with transaction.session(layout, timeout) as held:
        # under the lock, list the files again: another editor may have added one
        layout, problems = find_layout(path)
        if layout is None:
            raise RegistryError(Report.of(problems))
        cache = open_cache()
        store = None if cache is None else FactStore(cache)
        run = Run(layout, fast, today, cache=cache, models=False, store=store)
        run.problems.extend(problems)
        report = run.finish("errors")
        if report.errors or run.info is None:
            raise RegistryError(report)
        yield Opened(layout, _index(run), held, cache, store)


@frozen
class Prepared:
    """An edit made ready to write: the new texts, and the check of the registry they
    make (to keep for the next edit once written)."""

    layout: Layout
    texts: dict[FsPath, str]
    report: Report
    run: Run


def prepare(
    held: Opened, files: Mapping[FsPath, EditedFile], *, fast: bool, today: dt.date
) -> Prepared:
    """The new texts of the files an edit touched, and the check of the registry they
    make (:class:`followup.RegistryError` if it has errors)."""
    touched = [f for f in files.values() if f.touched]
    made = {f.path: f.new_text() for f in touched}
    texts = {path: text for path, (text, _) in made.items()}
    plain = {path: data for path, (_, data) in made.items()}
    layout = held.layout
    new_reviews = tuple(p for p in texts if p not in layout.reviews and p != layout.manifest)
    layout = evolve(layout, reviews=tuple(sorted((*layout.reviews, *new_reviews))))
    # the files not touched keep their checks, unless what the manifest says they are
    # checked against changed: then each is checked again (from the caches if it can)
    given = {p: c for p, c in held.index.checked.items() if p not in texts}
    run = Run(
        layout,
        fast,
        today,
        texts,
        plain,
        held.cache,
        models=False,
        given=given,
        given_key=held.index.context_key,
        store=held.store,
    )
    report = run.finish("errors")
    if report.errors or run.info is None:
        raise RegistryError(report)
    return Prepared(layout, texts, report, run)


def commit(held: Opened, files: Mapping[FsPath, EditedFile], *, fast: bool, today: dt.date) -> bool:
    """Write the files an edit touched as one transaction (False when none was)."""
    touched = [f for f in files.values() if f.touched]
    if not touched:
        return False
    ready = prepare(held, files, fast=fast, today=today)
    for file in touched:  # nobody changed a file meanwhile (text editors hold no lock)
        check_unchanged(file)
    written = {file.path: file.encoded(ready.texts[file.path]) for file in touched}
    held.session.commit(
        [transaction.Write(file.path, written[file.path], file.digest) for file in touched]
    )
    _keep(held, ready.run, written)
    return True


def _keep(held: Opened, run: Run, written: Mapping[FsPath, bytes]) -> None:
    """Keep the checks and cache entries of the files just written, for the next edit
    and the next load (failures only make those colder)."""
    cache, store = held.cache, held.store
    for path, data in written.items():
        checked, entry = run.checked.get(path), run.entries.get(path)
        if store is not None and checked is not None and not checked.has_errors:
            with contextlib.suppress(OSError):
                # just written: the next edit reads it (too recent for its status alone)
                info = path.stat()
                meta = store.fingerprint(path, data, content_hash(data), run.context_key, info)
                store.put(path, meta, checked)
        if cache is not None and entry is not None:
            with contextlib.suppress(OSError):
                cache.put(path, entry, cache.fingerprint(path, data))


def read_file(held: Opened, path: FsPath, *, fast: bool) -> EditedFile:
    """A file of the held registry, read for an edit: its bytes must be those checked
    when the registry was opened (else :class:`ChangedOnDisk`)."""
    shown = held.layout.display(path)
    try:
        raw = reading.read_bytes(path, yamlio.MAX_FILE_BYTES)
    except OSError as exc:
        raise ChangedOnDisk(f"{shown} cannot be read any more ({exc.strerror})") from None
    if content_hash(raw) != held.index.digests.get(path):
        raise ChangedOnDisk(
            f"{shown} changed since the edit read it (another program or person); "
            "nothing was written: run the edit again, it is safe to"
        )
    file = EditedFile(path, raw, shown)
    file.data = file.wanted = yamlio.parse(file.text, fast=fast)
    return file


def registry_of(
    held: Opened, layout: Layout, texts: Mapping[FsPath, str] | None, *, fast: bool, today: dt.date
) -> Registry:
    """The registry's model: as on disk, with the ``texts`` given for some files (a
    load's cost, from the review cache where it holds a file)."""
    registry, report = check_files(layout, [], texts, fast=fast, today=today, cache=held.cache)
    if registry is None:
        raise RegistryError(report)
    return registry

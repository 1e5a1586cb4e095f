"""One validation run over a registry's files (the public functions are in ``load``).

:class:`Run` reads each file (fast path first, see ``yamlio``), checks format versions,
turns plain data into model values with the one converter and checks each review file
against the manifest as soon as it is structured (:mod:`followup.registry._filecheck`),
then runs the checks across files on the facts every file gave
(:mod:`followup.registry.crosscheck`).

A run that keeps no models (``models=False``: an edit's) holds one file at a time: it
takes each file's :class:`~followup.registry._factstore.Checked` from ``given`` (the
files an edit did not touch) or from the fact store when the file's bytes and the
manifest are those it was checked with, and checks the others; then only the facts
across files are held, never the registry's model.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Mapping
from pathlib import Path as FsPath
from typing import Any

from cattrs.errors import BaseValidationError

from followup.model.manifest import RegistryInfo
from followup.model.records import Recommendation, Review
from followup.registry import _filedata, _structuring, yamlio
from followup.registry._factstore import (
    Checked,
    FactStore,
    content_hash,
    context_key,
    stat_key,
)
from followup.registry._filecheck import Context, FileCheck, FileFacts
from followup.registry.cache import CacheEntry, ReviewCache
from followup.registry.convert import FieldError, problems_from, structure
from followup.registry.crosscheck import check_manifest, check_registry
from followup.registry.layout import Layout
from followup.registry.locate import locate_problems
from followup.registry.report import Path, Problem, ProblemBudget, Report, Severity

__all__ = ["Run"]

_ERROR, _WARNING = Severity.ERROR, Severity.WARNING


class Run:
    """One validation run over a registry's files."""

    def __init__(
        self,
        layout: Layout,
        fast: bool,
        today: dt.date,
        texts: Mapping[FsPath, str] | None = None,
        plain: dict[FsPath, Any] | None = None,
        cache: ReviewCache | None = None,
        *,
        models: bool = True,
        given: Mapping[FsPath, Checked] | None = None,
        given_key: str = "",
        store: FactStore | None = None,
    ) -> None:
        self.cache = cache
        #: review files read (not taken from the cache) this run, for the cache
        self.fresh: list[tuple[FsPath, CacheEntry, dict[str, Any]]] = []
        self.texts = texts or {}
        self.plain = {} if plain is None else plain
        # keep each file's parsed data only for a caller who asked (the editor): a large
        # registry's plain data would otherwise double the memory a load needs
        self.keep_plain = plain is not None
        self.layout, self.fast, self.today = layout, fast, today
        self.models, self.given, self.store = models, given or {}, store
        #: the context key the checks ``given`` were made against: used only if equal
        self.given_key = given_key
        self.problems: list[Problem] = []
        #: at most MAX_PROBLEMS_PER_FILE problems made per file; the rest only counted
        self.budget = ProblemBudget()
        self.files: dict[str, FsPath] = {}
        self.info: RegistryInfo | None = None
        self.context: Context | None = None
        #: the key of the manifest's context in the fact store
        self.context_key = ""
        # (review, file shown, path of the review mapping)
        self.reviews: list[tuple[Review, str, Path]] = []
        # (recommendation, file shown, path of the recommendation)
        self.recs: list[tuple[Recommendation, str, Path]] = []
        self.review_count = 0
        #: every file's facts, in the registry's order
        self.facts: list[FileFacts] = []
        #: without models: each review file's check, and the content hash of the bytes
        #: checked (an edit keeps them); the cache entries of the files given as text
        self.checked: dict[FsPath, Checked] = {}
        self.digests: dict[FsPath, str] = {}
        self.entries: dict[FsPath, CacheEntry] = {}

    def finish(self, locate: str) -> Report:
        """Run the checks; the report, located as ``locate`` says (see
        :func:`followup.registry.load.check`)."""
        with yamlio.gc_paused():
            self.run()
        self.problems.extend(self.budget.summaries())
        has_errors = any(p.severity is _ERROR for p in self.problems)
        if locate == "all" or (locate == "errors" and has_errors):
            severities = {_ERROR, _WARNING, Severity.NOTICE}
            located = list(locate_problems(self.problems, self.files, severities, self.texts))
        else:
            located = self.problems
        return Report.of(located)

    def add(
        self,
        severity: Severity,
        code: str,
        message: str,
        file: str,
        path: Path,
        hint: str | None = None,
    ) -> None:
        problem = Problem(severity, code, message, file, path=path, hint=hint)
        if self.budget.take(problem):
            self.problems.append(problem)

    def structure(self, data: Any, cls: type[Any], file: str, path: Path) -> Any:
        try:
            return structure(data, cls)
        except (BaseValidationError, FieldError, ValueError, TypeError) as exc:
            self.problems.extend(problems_from(exc, file, path, cls, self.budget))
            return None

    # -- files -----------------------------------------------------------------------
    def read(self, path: FsPath, raw: bytes | None = None) -> tuple[dict[str, Any] | None, str]:
        shown = self.layout.display(path)
        self.files[shown] = path
        if path in self.plain:  # parsed already (by an editor)
            data, problems = _filedata.shape(self.plain[path], shown)
        else:
            if raw is None and not self.models and path not in self.texts:
                raw, problems = _filedata.read_bytes(path, shown)
                if raw is None:
                    self.problems.extend(problems)
                    return None, shown
            if raw is not None and not self.models:
                self.digests[path] = content_hash(raw)
            data, problems = _filedata.read(path, shown, self.fast, self.texts.get(path), raw)
            if data is not None and self.keep_plain:
                self.plain[path] = data
        self.problems.extend(problems)
        if data is not None:
            format_problems = _filedata.check_format(data, shown)
            self.problems.extend(format_problems)
            if any(p.code == "unsupported-format-version" for p in format_problems):
                return None, shown
        return data, shown

    def run(self) -> None:
        manifest_path = self.layout.manifest
        manifest, shown = self.read(manifest_path)
        if manifest is not None:
            self.manifest(manifest, shown)
            if self.layout.single_file:
                marks = self.marks()
                reviews = manifest.get("reviews", [])
                if not isinstance(reviews, list):
                    self.add(
                        _ERROR,
                        "invalid-type",
                        "`reviews` must be a list of reviews",
                        shown,
                        ("reviews",),
                    )
                    reviews = []
                for index, review in enumerate(reviews):
                    if not self.budget.room(shown):  # the rest is counted, not checked
                        self.budget.skip(shown, len(reviews) - index, ("reviews", index))
                        break
                    _structuring.review(self, review, shown, ("reviews", index))
                self.check_file(manifest_path, shown, marks)
        for path in self.layout.reviews:
            if path in self.given and self.context_key == self.given_key:
                self.apply(path, self.given[path])
            elif path in self.texts or path in self.plain:
                marks = self.marks()
                self.review_file(path)
                self.check_file(path, self.layout.display(path), marks)
            elif not self.models:
                self.review_file_stored(path)
            elif self.cache is not None:
                self.review_file_cached(path, self.cache)
            else:
                marks = self.marks()
                self.review_file(path)
                self.check_file(path, self.layout.display(path), marks)
        errors = any(p.severity is _ERROR for p in self.problems)
        if not self.review_count and not errors:
            self.add(
                _WARNING,
                "no-reviews",
                "the registry holds no review",
                self.layout.display(manifest_path),
                (),
                hint="add review files under reviews/ (see docs/registry-format.md)",
            )
        if self.context is not None:
            shown = self.layout.display(manifest_path)
            check_manifest(self.context, shown, self.today, self.add)
            check_registry(self.context, self.facts, shown, self.add)

    def marks(self) -> tuple[int, int, int]:
        """Where the next file's reviews, recommendations and problems begin."""
        return len(self.reviews), len(self.recs), len(self.problems)

    def check_file(self, path: FsPath, shown: str, marks: tuple[int, int, int]) -> None:
        """Check the file just structured against the manifest, and keep its facts."""
        reviews, recs = self.reviews[marks[0] :], self.recs[marks[1] :]
        self.review_count += len(reviews)
        if not self.models and path in self.plain and path != self.layout.manifest:
            # a file given as text (an edit's): its entry for the review cache
            self.entries[path] = CacheEntry(
                shown, tuple(reviews), tuple(recs), tuple(self.problems[marks[2] :])
            )
        if self.context is not None:
            facts = FileCheck(self.context, self.today, self.add).run(shown, reviews, recs)
            self.facts.append(facts)
            if not self.models or self.store is not None:
                own = tuple(self.problems[marks[2] :])
                self.checked[path] = Checked(facts, own, self.budget.state(shown))
        if not self.models:
            del self.reviews[marks[0] :], self.recs[marks[1] :]

    def apply(self, path: FsPath, checked: Checked) -> None:
        """A file's check made before (the file unchanged, the manifest too)."""
        shown = checked.facts.shown
        self.files[shown] = path
        self.problems.extend(checked.problems)
        self.budget.restore(shown, checked.budget)
        self.facts.append(checked.facts)
        self.review_count += len(checked.facts.reviews)
        self.checked[path] = checked

    def review_file(self, path: FsPath, raw: bytes | None = None) -> None:
        data, shown = self.read(path, raw)
        if data is not None:
            _structuring.review(self, {k: v for k, v in data.items() if k != "followup"}, shown, ())

    def read_raw(self, path: FsPath, shown: str) -> tuple[bytes | None, os.stat_result | None]:
        """A review file's bytes (None, its problem reported, when it cannot be read), and
        its status when it was the same before and after the read (else None)."""
        before = _status(path)
        raw, problems = _filedata.read_bytes(path, shown)
        if raw is None:
            self.files[shown] = path
            self.problems.extend(problems)
            return None, None
        after = _status(path)
        same = before is not None and after is not None and stat_key(before) == stat_key(after)
        return raw, after if same else None

    def review_file_stored(self, path: FsPath) -> None:
        """A review file whose check the fact store holds, for the file as it is and
        this manifest; else checked (from the review cache's entry for these bytes, or
        parsed), and the check kept in the store when the file has no error."""
        shown = self.layout.display(path)
        kept = self.kept(path, shown, _status(path))
        if kept is not None:  # unchanged since checked: not read
            self.digests[path] = kept[1]
            self.apply(path, kept[0])
            return
        raw, info = self.read_raw(path, shown)
        if raw is None:
            return
        digest = self.digests[path] = content_hash(raw)
        if self.store is not None and self.context is not None:
            meta = self.store.fingerprint(path, raw, digest, self.context_key, info)
            found = self.store.get(path, meta)
            if found is not None and self.usable(found, shown):
                self.apply(path, found)
                if info is not None:  # kept again with its status: the next edit need not read it
                    self.store.put(path, meta, found)
                return
        marks = self.marks()
        if self.cache is not None:
            self.review_file_cached(path, self.cache, raw, check=False)
        else:
            self.review_file(path, raw)
        self.check_file(path, shown, marks)
        self.keep(path, raw, digest, info)

    def usable(self, checked: Checked, shown: str) -> bool:
        """True when a kept check holds for this run: same file name shown, and no date
        in the file between the day it was made and today."""
        return checked.facts.shown == shown and checked.facts.holds_on(self.today)

    def kept(
        self, path: FsPath, shown: str, info: os.stat_result | None
    ) -> tuple[Checked, str] | None:
        """The check the fact store holds for a file unchanged since (see
        :meth:`FactStore.get_unchanged`), when it holds for this run, and the content
        hash of the bytes it was made from."""
        if self.store is None or self.context is None or info is None:
            return None
        found = self.store.get_unchanged(path, info, self.context_key)
        return found if found is not None and self.usable(found[0], shown) else None

    def keep(self, path: FsPath, raw: bytes, digest: str, info: os.stat_result | None) -> None:
        """Keep the file's check in the fact store, when it has no error."""
        checked = self.checked.get(path)
        if self.store is None or self.context is None or checked is None or checked.has_errors:
            return
        self.store.put(
            path, self.store.fingerprint(path, raw, digest, self.context_key, info), checked
        )

    def review_file_cached(
        self, path: FsPath, cache: ReviewCache, raw: bytes | None = None, *, check: bool = True
    ) -> None:
        """A review file from the cache when the bytes read now have an entry; else
        parsed from those same bytes, and (if it has no error) kept for the cache. With
        ``check``, checked against the manifest (or that check taken from the fact
        store) and the check kept there."""
        shown = self.layout.display(path)
        info = None
        if raw is None:
            raw, info = self.read_raw(path, shown)
            if raw is None:
                return
        meta = cache.fingerprint(path, raw)
        entry = cache.get(path, meta)
        marks = self.marks()
        if entry is not None and entry.shown == shown:
            self.files[shown] = path
            self.reviews.extend(entry.reviews)
            self.recs.extend(entry.recs)
            kept = self.kept(path, shown, info) if check else None
            if kept is not None:  # and the file's check, made against this manifest
                self.apply(path, kept[0])
                return
            self.problems.extend(entry.problems)
        else:
            self.review_file(path, raw)
            own = tuple(self.problems[marks[2] :])
            if not any(p.severity is _ERROR for p in own):
                made = CacheEntry(
                    shown, tuple(self.reviews[marks[0] :]), tuple(self.recs[marks[1] :]), own
                )
                if self.models:
                    self.fresh.append((path, made, meta))
                else:  # one file at a time: kept at once
                    cache.put(path, made, meta)
        if check:
            self.check_file(path, shown, marks)
            if self.store is not None:
                self.keep(path, raw, content_hash(raw), info)

    def manifest(self, data: dict[str, Any], shown: str) -> None:
        self.info = _structuring.manifest(self, data, shown, single_file=self.layout.single_file)
        if self.info is not None:
            self.context = Context.of(self.info)
            if not self.models or self.store is not None:
                self.context_key = context_key(self.info)


def _status(path: FsPath) -> os.stat_result | None:
    """A regular file's status, or None."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None

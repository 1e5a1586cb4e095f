"""Loading and validating a registry: every file read once, every problem reported.

``check`` does the work: it reads each file (fast path first, see ``yamlio``), checks
format versions, turns plain data into model values with the one converter, runs the
checks that need the whole registry, and, only for files that have problems, walks
their parser events once to put a line and column on each problem (see ``locate``).
At most MAX_PROBLEMS_PER_FILE problems are made per file (``ProblemBudget``): past
them, a file's remaining items are counted, not checked, in one ``too-many-problems``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path as FsPath
from typing import Any

from cattrs.errors import BaseValidationError

from followup.errors import RegistryError
from followup.model.manifest import RegistryInfo
from followup.model.records import Recommendation, Review
from followup.model.registry import Registry
from followup.registry import _filedata, yamlio
from followup.registry._consistent import read_registry
from followup.registry._filedata import FORMAT_VERSION
from followup.registry.cache import CacheEntry, ReviewCache
from followup.registry.convert import FieldError, problems_from, structure
from followup.registry.crosscheck import CrossChecks
from followup.registry.layout import Layout, find_layout
from followup.registry.locate import locate_problems
from followup.registry.report import Path, Problem, ProblemBudget, Report, Severity

__all__ = ["FORMAT_VERSION", "check", "check_files", "load", "validate"]

_ERROR, _WARNING, _NOTICE = Severity.ERROR, Severity.WARNING, Severity.NOTICE


class _Check:
    """One validation run over a registry's files."""

    def __init__(
        self,
        layout: Layout,
        fast: bool,
        today: dt.date,
        texts: Mapping[FsPath, str] | None = None,
        plain: dict[FsPath, Any] | None = None,
        cache: ReviewCache | None = None,
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
        self.problems: list[Problem] = []
        #: at most MAX_PROBLEMS_PER_FILE problems made per file; the rest only counted
        self.budget = ProblemBudget()
        self.files: dict[str, FsPath] = {}
        self.info: RegistryInfo | None = None
        # (review, file shown, path of the review mapping)
        self.reviews: list[tuple[Review, str, Path]] = []
        # (recommendation, file shown, path of the recommendation)
        self.recs: list[tuple[Recommendation, str, Path]] = []

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
        manifest, shown = self.read(self.layout.manifest)
        if manifest is not None:
            self.manifest(manifest, shown)
            if self.layout.single_file:
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
                    self.review(review, shown, ("reviews", index))
        for path in self.layout.reviews:
            if self.cache is None or path in self.texts or path in self.plain:
                self.review_file(path)
            else:
                self.review_file_cached(path, self.cache)
        if not self.reviews and not any(p.severity is _ERROR for p in self.problems):
            self.add(
                _WARNING,
                "no-reviews",
                "the registry holds no review",
                self.layout.display(self.layout.manifest),
                (),
                hint="add review files under reviews/ (see docs/registry-format.md)",
            )
        if self.info is not None:
            CrossChecks(self.layout, self.today, self.add).run(self.info, self.reviews, self.recs)

    def review_file(self, path: FsPath, raw: bytes | None = None) -> None:
        data, shown = self.read(path, raw)
        if data is not None:
            self.review({k: v for k, v in data.items() if k != "followup"}, shown, ())

    def review_file_cached(self, path: FsPath, cache: ReviewCache) -> None:
        """A review file from the cache when the bytes read now have an entry; else
        parsed from those same bytes, and (if it has no error) kept for the cache."""
        shown = self.layout.display(path)
        raw, problems = _filedata.read_bytes(path, shown)
        if raw is None:
            self.files[shown] = path
            self.problems.extend(problems)
            return
        meta = cache.fingerprint(path, raw)
        entry = cache.get(path, meta)
        if entry is not None and entry.shown == shown:
            self.files[shown] = path
            self.reviews.extend(entry.reviews)
            self.recs.extend(entry.recs)
            self.problems.extend(entry.problems)
            return
        counts = len(self.reviews), len(self.recs), len(self.problems)
        self.review_file(path, raw)
        own = tuple(self.problems[counts[2] :])
        if not any(p.severity is _ERROR for p in own):
            made = CacheEntry(
                shown, tuple(self.reviews[counts[0] :]), tuple(self.recs[counts[1] :]), own
            )
            self.fresh.append((path, made, meta))

    def manifest(self, data: dict[str, Any], shown: str) -> None:
        skip = {"followup", "reviews"} if self.layout.single_file else {"followup"}
        fields = {k: v for k, v in data.items() if k not in skip}
        version = fields.get("version")
        if version is not None and not isinstance(version, str):
            self.add(
                _ERROR,
                "version-not-string",
                f"the dataset version must be a quoted string, not {version!r}",
                shown,
                ("version",),
                hint=f'quote it: version: "{version}" (unquoted, 2025.10 reads as 2025.1)',
            )
            fields["version"] = str(version)
        if self.layout.single_file is False and "reviews" in data:
            self.add(
                _ERROR,
                "unknown-field",
                "`reviews` belongs in a single-file registry; this one has reviews/",
                shown,
                ("reviews",),
                hint="move each review into its own file in reviews/",
            )
            fields.pop("reviews")
        self.info = self.structure(fields, RegistryInfo, shown, ())

    def review(self, data: Any, shown: str, root: Path) -> None:
        if not isinstance(data, dict):
            self.add(_ERROR, "not-a-mapping", "a review must be a mapping", shown, root)
            return
        fields = {k: v for k, v in data.items() if k != "recommendations"}
        review = self.structure(fields, Review, shown, root)
        review_id = data.get("id") if review is None else review.id
        if review is not None:
            self.reviews.append((review, shown, root))
        recs = data.get("recommendations", [])
        if not isinstance(recs, list):
            self.add(
                _ERROR,
                "invalid-type",
                "`recommendations` must be a list",
                shown,
                (*root, "recommendations"),
            )
            return
        owner = review_id if isinstance(review_id, str) and review is not None else "unknown"
        for index, item in enumerate(recs):
            path = (*root, "recommendations", index)
            if not self.budget.room(shown):  # the rest is counted, not checked
                self.budget.skip(shown, len(recs) - index, path)
                break
            if not isinstance(item, dict):
                self.add(_ERROR, "not-a-mapping", "a recommendation must be a mapping", shown, path)
                continue
            if "review" in item:  # implied by the file; never written
                self.add(
                    _ERROR,
                    "unknown-field",
                    "unknown field 'review': a recommendation belongs to the review of its file",
                    shown,
                    (*path, "review"),
                    hint="remove `review:`",
                )
            fields = {k: v for k, v in item.items() if k != "review"}
            rec = self.structure({**fields, "review": owner}, Recommendation, shown, path)
            if rec is not None:
                self.recs.append((rec, shown, path))

    # -- checks across the registry -------------------------------------------------------


def check(
    path: str | os.PathLike[str],
    *,
    fast: bool = True,
    today: dt.date | None = None,
    locate: str = "all",
    cache: ReviewCache | None = None,
    timeout: float = 10.0,
) -> tuple[Registry | None, Report]:
    """Read and check a registry: the Registry (None if it has errors) and the Report.

    ``locate`` says which problems get a line and column: ``"all"``, ``"errors"`` (only
    when there are errors, as :func:`load` does) or ``"none"``. ``cache``: review files
    unchanged since they were cached are taken from it (see :mod:`followup.registry.cache`).

    The registry is read between edits, never in the middle of one (see
    :mod:`followup.registry._consistent`): a read that overlapped an edit being written
    is made again, for up to ``timeout`` seconds (then
    :class:`followup.registry.safefile.LockTimeout`). Temporary files left behind by an
    interrupted edit are listed as notices.
    """
    layout, problems = find_layout(path)
    if layout is None:
        return None, Report.of(problems)

    def run(
        found: Layout, extra: list[Problem], texts: Mapping[FsPath, str] | None
    ) -> tuple[Registry | None, Report]:
        return check_files(found, extra, texts, fast=fast, today=today, locate=locate, cache=cache)

    return read_registry(path, layout, problems, run, timeout)


def check_files(
    layout: Layout,
    problems: Sequence[Problem],
    texts: Mapping[FsPath, str] | None,
    *,
    fast: bool = True,
    today: dt.date | None = None,
    locate: str = "errors",
    plain: dict[FsPath, Any] | None = None,
    cache: ReviewCache | None = None,
) -> tuple[Registry | None, Report]:
    """:func:`check` on a layout, with the texts of some files given (``texts``: the
    editor checks a registry as it would be after an edit, before writing it).

    ``plain`` maps files to their parsed data: files in it are not parsed again, and the
    data of the files parsed here is added to it (the editor reads each file once).
    """
    run = _Check(layout, fast, today or dt.date.today(), texts, plain, cache)
    run.problems.extend(problems)
    with yamlio.gc_paused():
        run.run()
    run.problems.extend(run.budget.summaries())
    has_errors = any(p.severity is _ERROR for p in run.problems)
    if locate == "all" or (locate == "errors" and has_errors):
        located = list(
            locate_problems(run.problems, run.files, {_ERROR, _WARNING, _NOTICE}, run.texts)
        )
    else:
        located = run.problems
    report = Report.of(located)
    if has_errors or run.info is None:
        return None, report
    registry = Registry(
        info=run.info,
        reviews={review.id: review for review, _, _ in run.reviews},
        recommendations={rec.id: rec for rec, _, _ in run.recs},
    )
    if cache is not None and run.fresh:
        cache.put_all(run.fresh)
    return registry, report


def load(
    path: str | os.PathLike[str],
    *,
    fast: bool = True,
    today: dt.date | None = None,
    cache: bool | str | os.PathLike[str] = True,
    timeout: float = 10.0,
) -> Registry:
    """Load and validate a registry (a directory with registry.yaml, or a single file).

    Raises :class:`followup.RegistryError` carrying the full :class:`Report` when the
    registry has errors; warnings and notices do not stop loading (see :func:`validate`).

    ``cache``: keep parsed review files in the user's cache directory and take unchanged
    ones from it on the next load (True, the default), in this directory (a path), or
    not at all (False). Set ``FOLLOWUP_NO_CACHE=1`` to turn it off everywhere. A cached
    load gives the same registry and the same errors as a cold one (see
    :mod:`followup.registry.cache`).

    An edit being written is waited for, up to ``timeout`` seconds (see :func:`check`).
    """
    store: ReviewCache | None = None
    if cache is not False and os.environ.get("FOLLOWUP_NO_CACHE") != "1":
        store = ReviewCache(None if cache is True else FsPath(cache))
    registry, report = check(
        path, fast=fast, today=today, locate="errors", cache=store, timeout=timeout
    )
    if registry is None:
        raise RegistryError(report)
    return registry


def validate(
    path: str | os.PathLike[str],
    *,
    fast: bool = True,
    today: dt.date | None = None,
    timeout: float = 10.0,
) -> Report:
    """Every problem in a registry, each with file, line, column, field path and hint
    (an edit being written is waited for, up to ``timeout`` seconds)."""
    return check(path, fast=fast, today=today, locate="all", timeout=timeout)[1]

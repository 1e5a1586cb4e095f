"""Loading and validating a registry: every file read once, every problem reported.

``check`` does the work: a run (:mod:`followup.registry._check`) reads each file (fast
path first, see ``yamlio``), checks format versions, turns plain data into model values
with the one converter, checks each file against the manifest and then the registry
across its files; only for files that have problems, their parser events are walked
once to put a line and column on each problem (see ``locate``).
At most MAX_PROBLEMS_PER_FILE problems are made per file (``ProblemBudget``): past
them, a file's remaining items are counted, not checked, in one ``too-many-problems``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path as FsPath
from typing import Any

from followup.errors import RegistryError
from followup.model.registry import Registry
from followup.registry._check import Run
from followup.registry._consistent import read_registry
from followup.registry._factstore import FactStore
from followup.registry._filedata import FORMAT_VERSION
from followup.registry.cache import ReviewCache, open_cache
from followup.registry.layout import Layout, find_layout
from followup.registry.report import Problem, Report, Severity

__all__ = ["FORMAT_VERSION", "check", "check_files", "load", "validate"]

_ERROR, _WARNING, _NOTICE = Severity.ERROR, Severity.WARNING, Severity.NOTICE


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
    store = None if cache is None else FactStore(cache)
    run = Run(layout, fast, today or dt.date.today(), texts, plain, cache, store=store)
    run.problems.extend(problems)
    report = run.finish(locate)
    has_errors = bool(report.errors)
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
    registry, report = check(
        path, fast=fast, today=today, locate="errors", cache=open_cache(cache), timeout=timeout
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
    (an edit being written is waited for, up to ``timeout`` seconds), the decisions on
    suggested links kept beside the reviews (``links.yaml``) included."""
    registry, report = check(path, fast=fast, today=today, locate="all", timeout=timeout)
    if registry is None:
        return report
    from followup.registry.linkcheck import check_link_file

    more = check_link_file(path, registry)
    return Report.of((*report.problems, *more)) if more else report

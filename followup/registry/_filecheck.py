"""The checks of one file against the manifest: what needs no other review file.

States, authors, themes, judges, scales and levels, history order, dates in the future,
every ``unverified`` mark. :class:`FileCheck` runs them over the reviews and
recommendations the loader structured from one file and gives the file's
:class:`FileFacts`: what the checks across files (:mod:`followup.registry.crosscheck`)
need from it. An edit keeps the facts of the files it does not touch (see
:mod:`followup.registry._factstore`) instead of reading those files again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from attrs import frozen

from followup.model.dates import first_day
from followup.model.manifest import RegistryInfo
from followup.model.records import Assessment, HistoryEntry, Recommendation, Review
from followup.model.registry import suggest
from followup.model.scales import BUILTIN_SCALES, Scale
from followup.registry.report import Path, Severity

__all__ = ["Add", "Context", "FileCheck", "FileFacts", "future", "near"]

_ERROR, _WARNING, _NOTICE = Severity.ERROR, Severity.WARNING, Severity.NOTICE

#: The loader's ``add(severity, code, message, file, path, hint=None)``.
Add = Callable[..., None]


@frozen
class Context:
    """What the manifest says that every file is checked against."""

    info: RegistryInfo
    scales: dict[str, Scale]
    themes: frozenset[str]
    judges: frozenset[str]
    #: each scale's level ids, by scale id (an assessment's level is looked up here)
    levels: dict[str, frozenset[str]]

    @classmethod
    def of(cls, info: RegistryInfo) -> Context:
        """The context of a registry whose manifest says ``info``."""
        scales: dict[str, Scale] = dict(BUILTIN_SCALES)
        for ref in info.scales:
            if isinstance(ref, Scale):
                scales[ref.id] = ref
        return cls(
            info,
            scales,
            frozenset(t.id for t in info.themes),
            frozenset(j.id for j in info.judges),
            {scale_id: frozenset(scale.level_ids) for scale_id, scale in scales.items()},
        )


@frozen
class FileFacts:
    """What the checks across files need from one file, checked on ``today``.

    ``reviews``: the review ids structured, with their field paths, in file order;
    ``rec_ids`` and ``rec_paths``: the recommendations' ids and their field paths;
    ``references``: (recommendation id, link, field path, target id) for each
    ``reiterates``/``relates_to`` naming another recommendation; ``undeclared``: each
    judge name used without a declaration (when the manifest declares none), first use
    first; ``latest``: no date the checks compared with ``today`` is later (None: none
    was compared), so the facts hold on any day from ``latest`` on.
    """

    shown: str
    reviews: tuple[tuple[str, Path], ...]
    rec_ids: tuple[str, ...]
    rec_paths: tuple[Path, ...]
    references: tuple[tuple[str, str, Path, str], ...]
    undeclared: tuple[tuple[str, Path], ...]
    latest: dt.date | None
    today: dt.date

    def holds_on(self, day: dt.date) -> bool:
        """True when checking the file on ``day`` gives what it gave on :attr:`today`:
        no date it holds is after the earlier of the two days."""
        return self.latest is None or self.latest <= min(day, self.today)


class FileCheck:
    """The checks of one file; problems go to ``add``."""

    def __init__(self, context: Context, today: dt.date, add: Add) -> None:
        self.context, self.today, self.add = context, today, add
        self.latest: dt.date | None = None
        self.undeclared: dict[str, Path] = {}

    def _seen(self, value: dt.date) -> None:
        if self.latest is None or value > self.latest:
            self.latest = value

    def run(
        self,
        shown: str,
        reviews: Iterable[tuple[Review, str, Path]],
        recs: Iterable[tuple[Recommendation, str, Path]],
    ) -> FileFacts:
        """Check one file's reviews and recommendations (as structured, with the file
        shown and their field paths); the file's facts."""
        info = self.context.info
        own: dict[str, Review] = {}
        review_ids: list[tuple[str, Path]] = []
        for review, file, root in reviews:
            review_ids.append((review.id, (*root, "id")))
            own.setdefault(review.id, review)
            if review.state not in info.states:
                self.add(
                    _ERROR,
                    "unknown-state",
                    f"review of {review.state}, which is not among the registry's states "
                    f"({', '.join(info.states)})",
                    file,
                    (*root, "state"),
                    hint=f"add {review.state} to `states:` in the manifest, or fix the code",
                )
            if review.mechanism in ("NGO", "NHRI") and review.author is None:
                self.add(
                    _ERROR,
                    "missing-field",
                    f"an {review.mechanism} review needs `author:` (who made it)",
                    file,
                    root,
                    hint="add `author:` with the organisation's name",
                )
            self.future(review.date, file, (*root, "date"))
            for d_index, document in enumerate(review.documents):
                self.future(document.date, file, (*root, "documents", d_index, "date"))
            self.unverified(review, file, root)
            if review.follow_up is not None:
                self.unverified(review.follow_up, file, (*root, "follow_up"))
        rec_ids: list[str] = []
        rec_paths: list[Path] = []
        references: list[tuple[str, str, Path, str]] = []
        themes = self.context.themes
        for rec, file, path in recs:
            rec_ids.append(rec.id)
            rec_paths.append((*path, "id"))
            for index, theme_id in enumerate(rec.themes):
                if theme_id not in themes:
                    self.add(
                        _ERROR,
                        "unknown-theme",
                        f"theme {theme_id!r} is not declared",
                        file,
                        (*path, "themes", index),
                        hint=near(theme_id, themes, "themes in the manifest")
                        + " (or declare it under `themes:` in the manifest)",
                    )
            for link in ("reiterates", "relates_to"):
                for index, target in enumerate(getattr(rec, link)):
                    where = (*path, link, index)
                    if target == rec.id:
                        self.add(
                            _ERROR,
                            "self-reference",
                            f"{rec.id} {link} itself",
                            file,
                            where,
                            hint="remove this id",
                        )
                    else:
                        references.append((rec.id, link, where, target))
            self.unverified(rec, file, path)
            self.unverified(rec.source, file, (*path, "source"))
            self.history(rec, own.get(rec.review), file, path)
        return FileFacts(
            shown,
            tuple(review_ids),
            tuple(rec_ids),
            tuple(rec_paths),
            tuple(references),
            tuple(self.undeclared.items()),
            self.latest,
            self.today,
        )

    def history(self, rec: Recommendation, review: Review | None, shown: str, path: Path) -> None:
        """One recommendation's history: order, dates, judges, scales and levels, marks."""
        previous: dt.date | None = None
        today = self.today
        review_date = review.date if review is not None else None
        judges = self.context.judges
        scales, levels = self.context.scales, self.context.levels
        default_scale = self.context.info.default_scale
        for index, entry in enumerate(rec.history):
            # the hot path of every load: field paths are built only for a problem
            date = entry.date
            if date is None:  # a reply known to exist, its date not established
                self.undated(entry, shown, (*path, "history", index))
                continue
            if previous is not None and date < previous:
                self.add(
                    _ERROR,
                    "history-order",
                    f"dated {date}, before the entry above it ({previous})",
                    shown,
                    (*path, "history", index, "date"),
                    hint="keep history oldest first: move this entry up",
                )
            previous = date if previous is None or date > previous else previous
            if review_date is not None and date < review_date:
                self.add(
                    _WARNING,
                    "date-before-review",
                    f"dated {date}, before the review itself ({review_date})",
                    shown,
                    (*path, "history", index, "date"),
                    hint="check the date, or the review's date",
                )
            if date > today:
                self.future(date, shown, (*path, "history", index, "date"))
            if entry.unverified:
                self.unverified(entry, shown, (*path, "history", index))
            for e_index, evidence in enumerate(entry.evidence):
                if evidence.date is not None:
                    self._seen(evidence.date)
                    if evidence.date > today:
                        where = (*path, "history", index, "evidence", e_index, "date")
                        self.future(evidence.date, shown, where)
                if evidence.unverified:
                    self.unverified(evidence, shown, (*path, "history", index, "evidence", e_index))
            if type(entry) is Assessment:
                if entry.by not in judges or entry.fact_date is not None:  # the rare case
                    self.judge(entry, shown, (*path, "history", index))
                scale_id = entry.scale or default_scale
                scale = scales.get(scale_id)
                if scale is None:
                    if entry.scale is not None:
                        self.add(
                            _ERROR,
                            "unknown-scale",
                            f"unknown scale {scale_id!r}",
                            shown,
                            (*path, "history", index, "scale"),
                            hint=near(scale_id, scales, "scales"),
                        )
                elif entry.status not in levels[scale_id]:
                    self.add(
                        _ERROR,
                        "unknown-level",
                        f"{entry.status!r} is not a level of scale {scale_id!r}",
                        shown,
                        (*path, "history", index, "status"),
                        hint=near(entry.status, scale.level_ids, "levels"),
                    )
        if previous is not None:
            self._seen(previous)

    def judge(self, entry: Assessment, shown: str, path: Path) -> None:
        """``by:`` names a declared judge; free text (older files) is a notice, once a name
        across the registry (the checks across files give it)."""
        judges = self.context.judges
        if entry.by in judges:
            pass  # declared
        elif judges:
            self.add(
                _ERROR,
                "unknown-judge",
                f"by: {entry.by!r} is not a judge declared in the manifest",
                shown,
                (*path, "by"),
                hint=near(entry.by, judges, "judges") + " (or declare it under `judges:`)",
            )
        else:
            self.undeclared.setdefault(entry.by, (*path, "by"))
        if entry.fact_date is not None:
            self.future(entry.fact_date, shown, (*path, "fact_date"))
            if first_day(entry.fact_date) > entry.date:
                self.add(
                    _WARNING,
                    "fact-after-assessment",
                    f"fact_date {entry.fact_date} is after the assessment's date {entry.date}",
                    shown,
                    (*path, "fact_date"),
                    hint="an assessment can only reflect facts up to the day it was made",
                )

    def undated(self, entry: HistoryEntry, shown: str, path: Path) -> None:
        """A response known to exist but not dated must say why (``unverified``)."""
        if not entry.unverified:
            self.add(
                _ERROR,
                "missing-field",
                "a response without `date:` must say in `unverified:` why its date is not "
                "established",
                shown,
                path,
                hint="add the date (2017-05-31, 2017-05 or 2017), or an `unverified:` "
                "explanation of what is known and where to check",
            )
        else:
            self.unverified(entry, shown, path)
        for e_index, evidence in enumerate(entry.evidence):
            if evidence.date is not None:
                self._seen(evidence.date)
                if evidence.date > self.today:
                    self.future(evidence.date, shown, (*path, "evidence", e_index, "date"))
            if evidence.unverified:
                self.unverified(evidence, shown, (*path, "evidence", e_index))

    def future(self, value: dt.date | None, shown: str, path: Path) -> None:
        """A warning for a date that has not come yet (a month or year once begun is not)."""
        if value is not None:
            self._seen(value)
            future(value, shown, path, self.today, self.add)

    def unverified(self, item: Any, shown: str, path: Path) -> None:
        """A notice for each ``unverified`` mark, so nothing unchecked is published unknowingly."""
        mark = getattr(item, "unverified", None)
        if mark:
            self.add(
                _NOTICE,
                "unverified",
                f"unverified: {mark}",
                shown,
                (*path, "unverified"),
                hint="check this against its source before publishing",
            )


def future(value: dt.date | None, shown: str, path: Path, today: dt.date, add: Add) -> None:
    """A warning for a date that has not come by ``today`` (a month or year once begun
    has)."""
    if value is not None and first_day(value) > today:
        add(
            _WARNING,
            "future-date",
            f"{value} is in the future",
            shown,
            path,
            hint="check the year; record events once they have happened",
        )


def near(name: str, known: Any, what: str) -> str:
    """A hint naming the known ids nearest to ``name`` (or listing some)."""
    near_ids = suggest(name, known)
    if near_ids:
        return f"did you mean {', '.join(repr(n) for n in near_ids)}?"
    listed = ", ".join(sorted(known)[:12])
    return f"known {what}: {listed}" if listed else f"no {what} are declared"

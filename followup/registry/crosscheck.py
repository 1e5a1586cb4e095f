"""Checks across the files of a registry: what one file cannot know alone.

Unknown scales, levels, themes, States, judges and references; ids used twice; history
out of date order; dates in the future; the headline scope; every ``unverified`` mark
listed as a notice. :class:`CrossChecks` runs them over what the loader structured and
reports each problem, located by its field path, through the loader's ``add``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from followup.model.dates import first_day
from followup.model.manifest import RegistryInfo
from followup.model.records import Assessment, HistoryEntry, Recommendation, Review
from followup.model.registry import suggest
from followup.model.scales import BUILTIN_SCALES, Scale
from followup.registry.layout import Layout
from followup.registry.report import Path, Severity

__all__ = ["CrossChecks"]

_ERROR, _WARNING, _NOTICE = Severity.ERROR, Severity.WARNING, Severity.NOTICE

#: The loader's ``add(severity, code, message, file, path, hint=None)``.
Add = Callable[..., None]


@functools.lru_cache(maxsize=64)
def _level_ids(scale: Scale) -> frozenset[str]:
    return frozenset(scale.level_ids)


class CrossChecks:
    """One run of the cross-file checks; problems go to ``add``."""

    def __init__(self, layout: Layout, today: dt.date, add: Add) -> None:
        self.layout, self.today, self.add = layout, today, add
        self.reviews: list[tuple[Review, str, Path]] = []
        self.recs: list[tuple[Recommendation, str, Path]] = []
        self.undeclared_judges: set[str] = set()
        self.judges: set[str] = set()

    def run(
        self,
        info: RegistryInfo,
        reviews_found: list[tuple[Review, str, Path]],
        recs: list[tuple[Recommendation, str, Path]],
    ) -> None:
        """Every check across files, for the manifest ``info`` and what the files hold:
        (review, file shown, path) and (recommendation, file shown, path)."""
        self.reviews, self.recs = reviews_found, recs
        self.judges = {j.id for j in info.judges}
        shown_manifest = self.layout.display(self.layout.manifest)
        scales: dict[str, Scale] = dict(BUILTIN_SCALES)
        for index, ref in enumerate(info.scales):
            if isinstance(ref, Scale):
                scales[ref.id] = ref
            elif ref not in BUILTIN_SCALES:
                self.add(
                    _ERROR,
                    "unknown-scale",
                    f"unknown scale {ref!r}",
                    shown_manifest,
                    ("scales", index),
                    hint=_near(ref, scales, "built-in scales"),
                )
        for scale_id, overrides in info.scores.items():
            if scale_id not in scales:
                self.add(
                    _ERROR,
                    "unknown-scale",
                    f"scores given for unknown scale {scale_id!r}",
                    shown_manifest,
                    ("scores", scale_id),
                    hint=_near(scale_id, scales, "scales"),
                )
                continue
            for level_id in overrides:
                if level_id not in scales[scale_id]:
                    self.add(
                        _ERROR,
                        "unknown-level",
                        f"{level_id!r} is not a level of scale {scale_id!r}",
                        shown_manifest,
                        ("scores", scale_id, level_id),
                        hint=_near(level_id, scales[scale_id].level_ids, "levels"),
                    )
        if info.default_scale not in scales:
            self.add(
                _ERROR,
                "unknown-scale",
                f"unknown default scale {info.default_scale!r}",
                shown_manifest,
                ("default_scale",),
                hint=_near(info.default_scale, scales, "scales"),
            )
        themes = {t.id for t in info.themes}
        seen_theme: set[str] = set()
        for index, theme in enumerate(info.themes):
            if theme.id in seen_theme:
                self.add(
                    _ERROR,
                    "duplicate-id",
                    f"theme id {theme.id!r} is used twice",
                    shown_manifest,
                    ("themes", index, "id"),
                )
            seen_theme.add(theme.id)
        self.future(info.updated, shown_manifest, ("updated",))

        first: dict[str, tuple[str, Path]] = {}
        reviews: dict[str, Review] = {}
        for review, shown, root in self.reviews:
            self.unique(review.id, shown, (*root, "id"), first, "review")
            reviews.setdefault(review.id, review)
            if review.state not in info.states:
                self.add(
                    _ERROR,
                    "unknown-state",
                    f"review of {review.state}, which is not among the registry's states "
                    f"({', '.join(info.states)})",
                    shown,
                    (*root, "state"),
                    hint=f"add {review.state} to `states:` in the manifest, or fix the code",
                )
            if review.mechanism in ("NGO", "NHRI") and review.author is None:
                self.add(
                    _ERROR,
                    "missing-field",
                    f"an {review.mechanism} review needs `author:` (who made it)",
                    shown,
                    root,
                    hint="add `author:` with the organisation's name",
                )
            self.future(review.date, shown, (*root, "date"))
            for d_index, document in enumerate(review.documents):
                self.future(document.date, shown, (*root, "documents", d_index, "date"))
            self.unverified(review, shown, root)
            if review.follow_up is not None:
                self.unverified(review.follow_up, shown, (*root, "follow_up"))
        self.scope(info, reviews, shown_manifest)
        rec_ids = {rec.id for rec, _, _ in self.recs}
        for rec, shown, path in self.recs:
            self.unique(rec.id, shown, (*path, "id"), first, "recommendation")
            for index, theme_id in enumerate(rec.themes):
                if theme_id not in themes:
                    self.add(
                        _ERROR,
                        "unknown-theme",
                        f"theme {theme_id!r} is not declared",
                        shown,
                        (*path, "themes", index),
                        hint=_near(theme_id, themes, "themes in the manifest")
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
                            shown,
                            where,
                            hint="remove this id",
                        )
                    elif target not in rec_ids:
                        self.add(
                            _ERROR,
                            "unknown-reference",
                            f"{link} names unknown recommendation {target!r}",
                            shown,
                            where,
                            hint=_near(target, rec_ids, "recommendation ids"),
                        )
            self.unverified(rec, shown, path)
            self.unverified(rec.source, shown, (*path, "source"))
            self.history(rec, reviews.get(rec.review), info, scales, shown, path)

    def history(
        self,
        rec: Recommendation,
        review: Review | None,
        info: RegistryInfo,
        scales: dict[str, Scale],
        shown: str,
        path: Path,
    ) -> None:
        """One recommendation's history: order, dates, judges, scales and levels, marks."""
        previous: dt.date | None = None
        today = self.today
        review_date = review.date if review is not None else None
        judges = self.judges
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
                if evidence.date is not None and evidence.date > today:
                    where = (*path, "history", index, "evidence", e_index, "date")
                    self.future(evidence.date, shown, where)
                if evidence.unverified:
                    self.unverified(evidence, shown, (*path, "history", index, "evidence", e_index))
            if type(entry) is Assessment:
                if entry.by not in judges or entry.fact_date is not None:  # the rare case
                    self.judge(entry, judges, shown, (*path, "history", index))
                scale_id = entry.scale or info.default_scale
                scale = scales.get(scale_id)
                if scale is None:
                    if entry.scale is not None:
                        self.add(
                            _ERROR,
                            "unknown-scale",
                            f"unknown scale {scale_id!r}",
                            shown,
                            (*path, "history", index, "scale"),
                            hint=_near(scale_id, scales, "scales"),
                        )
                elif entry.status not in _level_ids(scale):
                    self.add(
                        _ERROR,
                        "unknown-level",
                        f"{entry.status!r} is not a level of scale {scale_id!r}",
                        shown,
                        (*path, "history", index, "status"),
                        hint=_near(entry.status, scale.level_ids, "levels"),
                    )

    def unique(
        self, ident: str, shown: str, path: Path, first: dict[str, tuple[str, Path]], kind: str
    ) -> None:
        """An id used once across the registry (``first`` remembers where)."""
        if ident in first:
            other_file, _ = first[ident]
            self.add(
                _ERROR,
                "duplicate-id",
                f"{kind} id {ident!r} is already used",
                shown,
                path,
                hint=f"ids are unique across the registry; the first is in "
                f"{other_file}: rename one of them",
            )
        else:
            first[ident] = (shown, path)

    def scope(self, info: RegistryInfo, reviews: dict[str, Review], shown: str) -> None:
        """The headline scope names reviews and judges the registry has."""
        if info.headline is None:
            return
        judges = {j.id for j in info.judges}
        for field_name, named, known in (
            ("reviews", info.headline.reviews, reviews),
            ("judges", info.headline.judges, judges),
        ):
            for index, ident in enumerate(named):
                if ident not in known:
                    self.add(
                        _ERROR,
                        "unknown-reference",
                        f"headline {field_name} names unknown id {ident!r}",
                        shown,
                        ("headline", field_name, index),
                        hint=_near(ident, known, field_name),
                    )

    def judge(self, entry: Assessment, judges: set[str], shown: str, path: Path) -> None:
        """``by:`` names a declared judge; free text (older files) is a notice, once a name."""
        if entry.by in judges:
            pass  # declared
        elif judges:
            self.add(
                _ERROR,
                "unknown-judge",
                f"by: {entry.by!r} is not a judge declared in the manifest",
                shown,
                (*path, "by"),
                hint=_near(entry.by, judges, "judges") + " (or declare it under `judges:`)",
            )
        elif entry.by not in self.undeclared_judges:
            self.undeclared_judges.add(entry.by)
            self.add(
                _NOTICE,
                "undeclared-judge",
                f"by: {entry.by!r} names no judge declared in the manifest",
                shown,
                (*path, "by"),
                hint="declare who judges under `judges:` in registry.yaml (id, name, role) "
                "and write the judge's id here; scorecards then say whose judgement counts",
            )
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
            if evidence.unverified:
                self.unverified(evidence, shown, (*path, "evidence", e_index))

    def future(self, value: dt.date | None, shown: str, path: Path) -> None:
        """A warning for a date that has not come yet (a month or year once begun is not)."""
        if value is not None and first_day(value) > self.today:
            self.add(
                _WARNING,
                "future-date",
                f"{value} is in the future",
                shown,
                path,
                hint="check the year; record events once they have happened",
            )

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


def _near(name: str, known: Any, what: str) -> str:
    near = suggest(name, known)
    if near:
        return f"did you mean {', '.join(repr(n) for n in near)}?"
    listed = ", ".join(sorted(known)[:12])
    return f"known {what}: {listed}" if listed else f"no {what} are declared"

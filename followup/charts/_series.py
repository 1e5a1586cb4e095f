"""The lines of the score-over-time chart as plain data (no matplotlib needed).

:func:`trend_series` computes what :func:`followup.charts.score_over_time` draws (each
line's label, and at each date its score and whether that score changed), so a table
made from it and the chart cannot disagree. The scorecards' Markdown and JSON use it in
a core install, where matplotlib is not installed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from followup.i18n import message
from followup.scoring.score import ScoreResult

__all__ = ["TrendLine", "TrendPoint", "key_label", "trend_series"]

#: Two scores closer than this are the same score (means of the same levels computed in
#: another order may differ in the last bits).
_SAME = 1e-9


class TrendPoint(NamedTuple):
    """One date of a line: the group's score (None: no score), and whether it changed.

    ``changed`` is True where the line has a score that differs from its score at the
    line's previous date, or where it has a score after a date with none. It is False at
    the first date (nothing before it to compare with) and wherever the score is None.
    """

    date: dt.date
    score: float | None
    changed: bool


class TrendLine(NamedTuple):
    """One line of the chart: its label and one point per result date, oldest first."""

    label: str
    points: tuple[TrendPoint, ...]


def key_label(key: tuple[str, ...], labels: Mapping[str, str] | None) -> str:
    """A group's display label: each part through ``labels``, joined by `` / ``."""
    names = labels or {}
    return " / ".join(names.get(part, part) for part in key)


def trend_series(
    results: Sequence[ScoreResult],
    *,
    labels: Mapping[str, str] | None = None,
    include_overall: bool = False,
    language: str = "en",
) -> tuple[TrendLine, ...]:
    """The lines :func:`followup.charts.score_over_time` draws from ``results``, as data.

    One line for all recommendations (labelled with the catalogue's ``chart.overall`` in
    ``language``) when the results are ungrouped or ``include_overall``, first; then one
    per group key in sorted order, labelled through ``labels``. Each line has a point at
    every result's date (oldest first): the group's score there, or None where the group
    is absent or has no score, and whether that score changed (see :class:`TrendPoint`).
    Raises ValueError for no results, results grouped differently from each other, or
    results grouped by more than one dimension.
    """
    if not results:
        raise ValueError("score_over_time needs at least one result")
    ordered = sorted(results, key=lambda r: r.as_of)
    by = ordered[0].by
    if any(r.by != by for r in ordered):
        raise ValueError("every result must be grouped by the same dimensions")
    if len(by) > 1:
        raise ValueError("score_over_time draws results grouped by at most one dimension")
    days = [r.as_of for r in ordered]
    columns: list[tuple[str, list[float | None]]] = []
    if not by or include_overall:
        overall = [r.overall.score for r in ordered]
        columns.append((message("chart.overall", language), overall))
    for key in sorted({g.key for r in ordered for g in r.groups}) if by else []:
        scores = [next((g.score for g in r.groups if g.key == key), None) for r in ordered]
        columns.append((key_label(key, labels), scores))
    return tuple(TrendLine(label, tuple(_points(days, scores))) for label, scores in columns)


def _points(days: Sequence[dt.date], scores: Sequence[float | None]) -> Iterable[TrendPoint]:
    """Each date's score, marked as changed where it differs from the date before."""
    previous: float | None = None
    for index, (day, value) in enumerate(zip(days, scores, strict=True)):
        changed = (
            index > 0
            and value is not None
            and (previous is None or not math.isclose(value, previous, abs_tol=_SAME))
        )
        yield TrendPoint(day, value, changed)
        previous = value

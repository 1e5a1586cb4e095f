"""Progress over time and across reviews: score series, what moved, lineages.

- :func:`series`: a group's scores at each date an assessment changed something, or at
  dates you give (:func:`period_ends` makes month or quarter ends).
- :func:`change`: what moved between two dates: a transition matrix (how many went from
  each level to each other level, and which) and the score before and after.
- :func:`lineages`: recommendations linked by ``reiterates`` across reviews, oldest
  first, with how long each stayed unimplemented or took to be implemented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence

from attrs import frozen

from followup.model.dates import DateLike, as_date, as_optional_date
from followup.model.records import Assessment, Recommendation
from followup.model.registry import Registry
from followup.scoring.score import UNKNOWN, ScoreResult, score
from followup.scoring.status import LATEST, Policy, in_force

__all__ = [
    "Change",
    "Lineage",
    "change",
    "change_dates",
    "lineages",
    "period_ends",
    "series",
]


def change_dates(
    registry: Registry,
    *,
    scale: str | None = None,
    where: Callable[[Recommendation], bool] | None = None,
) -> tuple[dt.date, ...]:
    """The dates of assessments on ``scale`` (the default scale when None), in order."""
    scale_id = scale or registry.info.default_scale
    default = registry.info.default_scale
    dates = {
        entry.date
        for rec in registry.recommendations.values()
        if where is None or where(rec)
        for entry in rec.history
        if type(entry) is Assessment and (entry.scale or default) == scale_id
    }
    return tuple(sorted(dates))


def period_ends(start: DateLike, end: DateLike, every: str = "quarter") -> tuple[dt.date, ...]:
    """The last day of each month or quarter (``every``) from ``start``'s to ``end``'s
    (dates or ISO strings such as ``"2025-06-30"``)."""
    start, end = as_date(start, "start"), as_date(end, "end")
    step = {"month": 1, "quarter": 3, "year": 12}.get(every)
    if step is None:
        raise ValueError(f"every must be month, quarter or year, not {every!r}")
    month = ((start.month - 1) // step + 1) * step  # the period's last month
    year = start.year
    out = []
    while True:
        next_month = dt.date(year + month // 12, month % 12 + 1, 1)
        last = next_month - dt.timedelta(days=1)
        out.append(last)
        if last >= end:
            return tuple(out)
        month += step
        if month > 12:
            month -= 12
            year += 1


def series(
    registry: Registry,
    by: str | Sequence[str] = (),
    *,
    dates: Iterable[DateLike] | None = None,
    **options: object,
) -> tuple[ScoreResult, ...]:
    """Scores at each date of ``dates`` (default: every date an assessment was made).

    ``options`` go to :func:`followup.score` (``scale``, ``where``, ``policy``, ...).
    """
    when = (
        tuple(as_date(day, "dates") for day in dates)
        if dates is not None
        else change_dates(registry)
    )
    return tuple(score(registry, by, as_of=day, **options) for day in when)  # type: ignore[arg-type]


@frozen
class Change:
    """What moved between two dates (``before`` and ``after``, on one scale)."""

    before: dt.date
    after: dt.date
    scale: str
    #: (from level, to level) -> recommendation ids; levels include UNKNOWN
    transitions: Mapping[tuple[str, str], tuple[str, ...]]
    score_before: float | None
    score_after: float | None

    def count(self, source: str, target: str) -> int:
        """How many went from ``source`` to ``target``."""
        return len(self.transitions.get((source, target), ()))

    @property
    def moved(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """Only the transitions between different levels."""
        return {k: v for k, v in self.transitions.items() if k[0] != k[1]}

    @property
    def total(self) -> int:
        """Recommendations present at both dates (the matrix's total)."""
        return sum(len(v) for v in self.transitions.values())


def change(
    registry: Registry,
    before: DateLike,
    after: DateLike,
    *,
    scale: str | None = None,
    where: Callable[[Recommendation], bool] | None = None,
    policy: Policy = LATEST,
) -> Change:
    """The transition matrix between ``before`` and ``after`` for recommendations that
    existed at both dates (their review took place on or before ``before``); dates or
    ISO strings such as ``"2025-06-30"``."""
    before, after = as_date(before, "before"), as_date(after, "after")
    if after < before:
        raise ValueError("`after` must not be before `before`")
    scale_id = scale or registry.info.default_scale
    default = registry.info.default_scale
    present = [
        rec
        for rec in registry.recommendations.values()
        if (where is None or where(rec)) and registry.reviews[rec.review].date <= before
    ]
    moves: dict[tuple[str, str], list[str]] = {}
    for rec in present:
        old = in_force(rec, before, scale_id, default, policy)
        new = in_force(rec, after, scale_id, default, policy)
        key = (old.status if old else UNKNOWN, new.status if new else UNKNOWN)
        moves.setdefault(key, []).append(rec.id)
    ids = {r.id for r in present}

    def chosen(rec: Recommendation) -> bool:
        return rec.id in ids

    return Change(
        before=before,
        after=after,
        scale=scale_id,
        transitions={k: tuple(sorted(v)) for k, v in sorted(moves.items())},
        score_before=score(
            registry, as_of=before, where=chosen, scale=scale_id, policy=policy
        ).overall.score,
        score_after=score(
            registry, as_of=after, where=chosen, scale=scale_id, policy=policy
        ).overall.score,
    )


@frozen
class Lineage:
    """Recommendations linked by ``reiterates``, oldest review first."""

    ids: tuple[str, ...]
    first_raised: dt.date  # the date of the oldest review
    status: str  # the latest recommendation's level as of the date asked (or UNKNOWN)
    implemented_on: dt.date | None  # first assessment at 'implemented' in the lineage
    as_of: dt.date

    @property
    def years_open(self) -> float:
        """Years from first raised to implemented (or to ``as_of`` while not)."""
        end = self.implemented_on or self.as_of
        return round((end - self.first_raised).days / 365.25, 1)


def lineages(
    registry: Registry,
    *,
    as_of: DateLike | None = None,
    scale: str | None = None,
    implemented: str = "implemented",
    policy: Policy = LATEST,
) -> tuple[Lineage, ...]:
    """Every chain of two or more recommendations linked by ``reiterates``.

    A chain follows ``reiterates`` back from each recommendation that nothing later
    reiterates; "raised in 2016, reiterated in 2025, still not implemented after 9
    years" reads from :attr:`Lineage.first_raised`, :attr:`Lineage.status` and
    :attr:`Lineage.years_open`.
    """
    day = as_optional_date(as_of, "as_of") or dt.date.today()
    scale_id = scale or registry.info.default_scale
    default = registry.info.default_scale
    recs = registry.recommendations
    reiterated = {old for rec in recs.values() for old in rec.reiterates}
    out = []
    for rec in recs.values():
        if rec.id in reiterated or not rec.reiterates:
            continue
        chain: list[str] = []
        stack = [rec.id]
        while stack:  # every ancestor once (a recommendation may reiterate several)
            current = stack.pop()
            if current in chain or current not in recs:
                continue
            chain.append(current)
            stack.extend(recs[current].reiterates)
        chain.sort(key=lambda i: (registry.reviews[recs[i].review].date, i))
        dates = [
            entry.date
            for i in chain
            for entry in recs[i].history
            if type(entry) is Assessment
            and entry.status == implemented
            and (entry.scale or default) == scale_id
            and entry.date <= day
        ]
        latest = in_force(recs[chain[-1]], day, scale_id, default, policy)
        out.append(
            Lineage(
                ids=tuple(chain),
                first_raised=registry.reviews[recs[chain[0]].review].date,
                status=latest.status if latest else UNKNOWN,
                implemented_on=min(dates) if dates else None,
                as_of=day,
            )
        )
    return tuple(sorted(out, key=lambda lineage: (lineage.first_raised, lineage.ids)))

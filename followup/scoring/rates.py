"""The implementation rate under named definitions, and regressions counted apart.

"How much is implemented?" has more than one honest answer, so a scorecard gives each
under its name, with the count and the denominator behind it (see
``docs/methodology.md``):

- ``implemented``: the scored recommendations at the scale's top level;
- ``implemented-or-partially``: those at a level counted as fully or partially
  implemented (UPR Info's usual reading; :func:`~followup.scoring.score.implemented_levels`);
- ``any-progress``: those whose level in force is higher than at their first recorded
  assessment on the scale: movement, not status.

The denominator of each is the *scored* recommendations (assessed at a level that
carries a score). Regressions (the ``regressed`` level, and levels of other scales the
registry's equivalences read as regressed, :mod:`followup.scoring.equivalence`) are
counted by :func:`regressions`, never folded silently into a zero.
"""

from __future__ import annotations

from collections.abc import Callable

from attrs import frozen

from followup.model.dates import DateLike, as_date
from followup.model.registry import Registry
from followup.model.scales import Scale
from followup.scoring.equivalence import equivalences_of
from followup.scoring.score import GroupScore, implemented_levels

__all__ = ["DEFINITIONS", "REGRESSED", "Rate", "rates", "regressions"]

#: The definitions, in the order a scorecard shows them.
DEFINITIONS = ("implemented", "implemented-or-partially", "any-progress")

#: The level id that means measures were taken against a recommendation.
REGRESSED = "regressed"


@frozen
class Rate:
    """One definition's figure: ``count`` of the ``of`` scored recommendations."""

    key: str
    count: int
    of: int
    ids: tuple[str, ...]  # the recommendations counted

    @property
    def share(self) -> float | None:
        """``count / of``, None when nothing is scored."""
        return self.count / self.of if self.of else None


def _scored_levels(scale: Scale) -> list[str]:
    return [lv.id for lv in scale.levels if lv.score is not None]


def rates(registry: Registry, group: GroupScore, scale: Scale, as_of: DateLike) -> tuple[Rate, ...]:
    """The three definitions' figures for ``group`` (a group of a score on ``scale``).

    ``registry`` must be the one the group was scored on (the same view), so that the
    first assessment of a recommendation is looked up in the same history. ``as_of`` is
    a date or an ISO string such as ``"2025-06-30"``.
    """
    as_of = as_date(as_of, "as_of")
    scored = _scored_levels(scale)
    rank = {level: i for i, level in enumerate(sorted(scored, key=_score_key(scale)))}
    top = max((lv for lv in scale.levels if lv.score is not None), key=lambda lv: lv.score or 0.0)
    counted = implemented_levels(scale)
    implemented = tuple(group.ids.get(top.id, ()))
    either = tuple(i for level in scored if level in counted for i in group.ids.get(level, ()))
    progress: list[str] = []
    default = registry.info.default_scale
    for level in scored:
        for rec_id in group.ids.get(level, ()):
            first = next(
                (
                    e
                    for e in registry.recommendations[rec_id].assessments
                    if e.date <= as_of and (e.scale or default) == scale.id
                ),
                None,
            )
            if first is not None and first.status in rank and rank[level] > rank[first.status]:
                progress.append(rec_id)
    return (
        Rate("implemented", len(implemented), group.scored, tuple(sorted(implemented))),
        Rate("implemented-or-partially", len(either), group.scored, tuple(sorted(either))),
        Rate("any-progress", len(progress), group.scored, tuple(sorted(progress))),
    )


def _score_key(scale: Scale) -> Callable[[str], tuple[float, int]]:
    order = {lv.id: i for i, lv in enumerate(scale.levels)}

    def key(level_id: str) -> tuple[float, int]:
        score = scale.level(level_id).score
        return (score if score is not None else -1.0, order[level_id])

    return key


def regressions(registry: Registry, group: GroupScore, scale: Scale) -> tuple[str, ...]:
    """The recommendations of ``group`` whose level in force is a regression."""
    if scale.id == registry.info.default_scale:
        levels = {REGRESSED}
    else:  # levels of another scale that read as regressed (the Committee's E)
        mapped = equivalences_of(registry, scale.id)
        levels = {level for level, target in mapped.items() if target == REGRESSED}
    return tuple(sorted(i for level in levels for i in group.ids.get(level, ())))

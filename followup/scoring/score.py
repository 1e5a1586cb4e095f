"""Compliance scores of groups of recommendations as of a date.

For each group (a theme, a review, a theme and a review, ...) :func:`score` counts the
recommendations, how many have an assessment in force (coverage), how many are at each
level, and from the levels' scores the group's compliance score and the implementation
rate UPR Info publishes. Every count keeps the ids behind it, so every number can be
traced to the assessments that make it. The formulas are in ``docs/methodology.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from attrs import frozen

from followup.errors import FollowupError
from followup.model.dates import DateLike, as_optional_date
from followup.model.records import Assessment, Recommendation
from followup.model.registry import Registry, UnknownIdError
from followup.model.scales import Scale
from followup.scoring import _tables
from followup.scoring.status import LATEST, Policy, in_force

__all__ = [
    "DIMENSIONS",
    "UNKNOWN",
    "GroupScore",
    "ScoreResult",
    "implemented_levels",
    "score",
]

#: The level key of recommendations with no assessment in force.
UNKNOWN = "unknown"

#: What recommendations can be grouped by (any one, or any two together).
DIMENSIONS = ("theme", "right", "mechanism", "review", "state", "follow-up", "judge")

#: Levels counted as "implemented or partially implemented" (UPR Info's rate), by scale;
#: for other scales, levels whose score is 0.5 or more.
_IMPLEMENTED = {
    "implementation": frozenset({"partially-implemented", "implemented"}),
    "hrc-follow-up": frozenset({"A", "B"}),
}


def implemented_levels(scale: Scale) -> frozenset[str]:
    """The levels the implementation rate counts (fully or partially implemented)."""
    if scale.id in _IMPLEMENTED:
        return _IMPLEMENTED[scale.id]
    return frozenset(lv.id for lv in scale.levels if lv.score is not None and lv.score >= 0.5)


@frozen
class GroupScore:
    """The figures of one group; ``key`` holds its value for each grouping dimension."""

    key: tuple[str, ...]
    total: int  # recommendations in the group
    assessed: int  # with an assessment in force (any level)
    scored: int  # ... at a level that carries a score
    counts: Mapping[str, int]  # per level id, and UNKNOWN
    ids: Mapping[str, tuple[str, ...]]  # the recommendations behind each count
    score: float | None  # (weighted) mean level score over the scored; None if none
    implementation_rate: float | None  # share implemented or partially, of the scored

    @property
    def coverage(self) -> float | None:
        """Share of the group with an assessment in force (None for an empty group)."""
        return self.assessed / self.total if self.total else None


@frozen(repr=False)
class ScoreResult:
    """Scores by group as of a date, with what produced them."""

    by: tuple[str, ...]
    as_of: dt.date
    scale: str
    policy: str
    weighted: bool
    levels: tuple[str, ...]  # the scale's level ids, worst first
    groups: tuple[GroupScore, ...]  # sorted by key
    overall: GroupScore  # all recommendations selected, once each

    def group(self, *key: str) -> GroupScore:
        """The group with this key (e.g. ``result.group("assembly")``)."""
        for group in self.groups:
            if group.key == key:
                return group
        raise UnknownIdError("group", " / ".join(key), [" / ".join(g.key) for g in self.groups])

    def rows(self) -> list[dict[str, Any]]:
        """One plain row per group, then the overall row with ``"(all)"`` for each
        dimension (what ``followup score`` prints). For analysis prefer
        :meth:`group_rows` and :meth:`overall_row`, which keep the two apart."""
        overall = _tables.row(self, self.overall, ("(all)",) * len(self.by))
        return [*_tables.group_rows(self), overall]

    def group_rows(self) -> list[dict[str, Any]]:
        """One plain row per group (keys, counts, figures, ids), no overall row."""
        return _tables.group_rows(self)

    def overall_row(self) -> dict[str, Any]:
        """The overall figures as a plain row (its dimension columns None)."""
        return _tables.overall_row(self)

    def to_frame(self, *, include_overall: bool = False) -> Any:
        """The groups as a pandas DataFrame, one row each (sums and plots add up).

        With ``include_overall=True`` the overall figures come last, as a row whose
        dimension columns are empty and whose ``overall`` column is True (False on the
        groups). See also :meth:`overall_frame`. Needs pandas
        (``pip install 'followup[pandas]'``).
        """
        return _tables.frame(self, include_overall=include_overall)

    def overall_frame(self) -> Any:
        """The overall figures as a one-row pandas DataFrame."""
        return _tables.overall_frame(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: what was scored, ``groups`` and ``overall``; numbers rounded
        once here (:func:`followup.scoring.output.for_output`), never in the arithmetic."""
        return _tables.to_dict(self)

    def __repr__(self) -> str:
        return _tables.result_repr(self)

    def _repr_html_(self) -> str:
        """Jupyter: the score table, overall last."""
        return _tables.result_html(self)


# -- grouping ---------------------------------------------------------------------------

_Keys = Callable[[Registry, Recommendation, Assessment | None], tuple[str, ...]]


def _theme(_r: Registry, rec: Recommendation, _a: Assessment | None) -> tuple[str, ...]:
    return rec.themes or ("(no theme)",)


def _right(reg: Registry, rec: Recommendation, _a: Assessment | None) -> tuple[str, ...]:
    return reg.rights_of(rec) or ("(no right)",)


def _mechanism(reg: Registry, rec: Recommendation, _a: Assessment | None) -> tuple[str, ...]:
    return (reg.reviews[rec.review].mechanism.value,)


def _review(_r: Registry, rec: Recommendation, _a: Assessment | None) -> tuple[str, ...]:
    return (rec.review,)


def _state(reg: Registry, rec: Recommendation, _a: Assessment | None) -> tuple[str, ...]:
    return (reg.reviews[rec.review].state,)


def _follow_up(_r: Registry, rec: Recommendation, _a: Assessment | None) -> tuple[str, ...]:
    return ("follow-up" if rec.follow_up else "not follow-up",)


def _judge(_r: Registry, _rec: Recommendation, a: Assessment | None) -> tuple[str, ...]:
    return (a.by if a is not None else "(not assessed)",)


_GROUPINGS: dict[str, _Keys] = {
    "theme": _theme,
    "right": _right,
    "mechanism": _mechanism,
    "review": _review,
    "state": _state,
    "follow-up": _follow_up,
    "judge": _judge,
}


def _group_score(
    key: tuple[str, ...],
    ids: dict[str, list[str]],
    level_score: Mapping[str, float | None],
    done_levels: frozenset[str],
    weight_of: Mapping[str, float] | None,
) -> GroupScore:
    """A group's figures from the ids at each level (every figure follows from the level)."""
    counts = {level: len(found) for level, found in ids.items()}
    total = sum(counts.values())
    scored = implemented = 0
    weighted_sum = weights = 0.0
    for level, found in ids.items():
        value = level_score.get(level)
        if value is None:
            continue
        count = counts[level]
        scored += count
        if level in done_levels:
            implemented += count
        if weight_of is None:
            weighted_sum += value * count
            weights += count
        else:
            level_weight = sum(weight_of[rec_id] for rec_id in found)
            weighted_sum += value * level_weight
            weights += level_weight
    return GroupScore(
        key=key,
        total=total,
        assessed=total - counts.get(UNKNOWN, 0),
        scored=scored,
        counts=counts,
        ids={level: tuple(sorted(found)) for level, found in ids.items()},
        score=weighted_sum / weights if weights else None,
        implementation_rate=implemented / scored if scored else None,
    )


def _values(
    dim: str, registry: Registry
) -> Callable[[Recommendation, Assessment | None], Iterable[str]]:
    """The dimension's distinct values for a recommendation (lookups resolved once;
    ``theme`` and ``review`` are read in :func:`score` itself)."""
    if dim == "mechanism":
        mechanisms = {rid: rev.mechanism.value for rid, rev in registry.reviews.items()}
        return lambda rec, _a: (mechanisms[rec.review],)
    if dim == "state":
        states = {rid: rev.state for rid, rev in registry.reviews.items()}
        return lambda rec, _a: (states[rec.review],)
    keyer = _GROUPINGS[dim]
    return lambda rec, a: dict.fromkeys(keyer(registry, rec, a))


_ALONE: tuple[None] = (None,)
_NO_THEME = ("(no theme)",)


def score(
    registry: Registry,
    by: str | Sequence[str] = (),
    *,
    as_of: DateLike | None = None,
    where: Callable[[Recommendation], bool] | None = None,
    scale: str | None = None,
    policy: Policy = LATEST,
    weighted: bool = False,
    scores: Mapping[str, float | None] | None = None,
) -> ScoreResult:
    """Scores of the registry's recommendations grouped ``by`` one or two dimensions.

    - ``by``: ``"theme"``, ``"right"``, ``"mechanism"``, ``"review"``, ``"state"``,
      ``"follow-up"``, ``"judge"``, or two of them (``("theme", "review")``); empty: one
      group of all. A recommendation in two themes counts in both themes' groups (and
      once in :attr:`ScoreResult.overall`).
    - ``as_of``: the date (today when None), a date or an ISO string such as
      ``"2025-06-30"``; assessments after it are not seen.
    - ``where``: which recommendations (a predicate); ``scale``: whose levels (the
      registry's default scale when None); ``policy``: whose assessment is in force.
    - ``weighted``: weigh each recommendation by its ``weight`` field.
    - ``scores``: override level scores for this call (``{"B": 0.5}``).
    """
    dims = (by,) if isinstance(by, str) else tuple(by)
    if len(dims) > 2:
        raise FollowupError("group by at most two dimensions")
    for dim in dims:
        if dim not in _GROUPINGS:
            raise UnknownIdError("grouping", dim, DIMENSIONS)
    day = as_optional_date(as_of, "as_of") or dt.date.today()
    scale_id = scale or registry.info.default_scale
    if scale_id not in registry.scales:
        raise UnknownIdError("scale", scale_id, registry.scales)
    the_scale = registry.scales[scale_id]
    level_score = {lv.id: lv.score for lv in the_scale.levels}
    if scores:
        for level_id, value in scores.items():
            if level_id not in level_score:
                raise UnknownIdError("level", level_id, level_score)
            if value is not None and not 0.0 <= value <= 1.0:
                raise FollowupError(f"score {value!r} for {level_id!r} is outside 0..1")
            level_score[level_id] = value
    done_levels = implemented_levels(the_scale)
    default_scale = registry.info.default_scale
    values = [_values(d, registry) for d in dims]
    first = values[0] if values else None
    second = values[1] if len(values) > 1 else None
    # the commonest dimensions are read straight off the recommendation (the hot path)
    first_is = dims[0] if dims and dims[0] in ("theme", "review") else None
    second_is = dims[1] if len(dims) > 1 and dims[1] in ("theme", "review") else None
    prefer = policy.prefer
    weight_of: dict[str, float] | None = {} if weighted else None
    # per level, per first key, per second key (None for one dimension): the ids; every
    # figure is derived from them at the end
    by_level: dict[str, dict[str, dict[str | None, list[str]]]] = {}
    overall: dict[str, list[str]] = {}
    for rec in registry.recommendations.values():
        if where is not None and not where(rec):
            continue
        entry: Assessment | None = None
        if prefer:
            entry = in_force(rec, day, scale_id, default_scale, policy)
        else:  # in_force() with the latest policy, inlined
            for item in reversed(rec.history):
                if (
                    type(item) is Assessment
                    and item.date <= day
                    and (item.scale or default_scale) == scale_id
                ):
                    entry = item
                    break
        level = UNKNOWN if entry is None else entry.status
        rec_id = rec.id
        if weight_of is not None:
            weight_of[rec_id] = rec.weight
        bucket = by_level.get(level)
        if bucket is None:
            bucket = by_level[level] = {}
            overall[level] = [rec_id]
        else:
            overall[level].append(rec_id)
        if first is None:
            continue
        if first_is == "theme":
            firsts: Iterable[str] = rec.themes or _NO_THEME
        elif first_is == "review":
            firsts = (rec.review,)
        else:
            firsts = first(rec, entry)
        if second is None:
            seconds: Iterable[str | None] = _ALONE
        elif second_is == "theme":
            seconds = rec.themes or _NO_THEME
        elif second_is == "review":
            seconds = (rec.review,)
        else:
            seconds = second(rec, entry)
        for a in firsts:
            inner = bucket.get(a)
            if inner is None:
                inner = bucket[a] = {}
            for b in seconds:
                found = inner.get(b)
                if found is None:
                    inner[b] = [rec_id]
                else:
                    found.append(rec_id)
    tuple_keys: dict[tuple[str, ...], dict[str, list[str]]] = {}
    for level, bucket in by_level.items():
        for a, inner in bucket.items():
            for b, ids in inner.items():
                key = (a,) if b is None else (a, b)
                found_levels = tuple_keys.get(key)
                if found_levels is None:
                    tuple_keys[key] = {level: ids}
                else:
                    found_levels[level] = ids
    if not dims and overall:
        tuple_keys[()] = overall  # one group of all
    return ScoreResult(
        by=dims,
        as_of=day,
        scale=scale_id,
        policy=policy.name,
        weighted=weighted,
        levels=the_scale.level_ids,
        groups=tuple(
            _group_score(k, tuple_keys[k], level_score, done_levels, weight_of)
            for k in sorted(tuple_keys)
        ),
        overall=_group_score((), overall, level_score, done_levels, weight_of),
    )


def _product(
    keyers: list[_Keys], registry: Registry, rec: Recommendation, entry: Assessment | None
) -> Iterable[tuple[str, ...]]:
    if not keyers:
        return [()]
    if len(keyers) == 1:
        return [(k,) for k in dict.fromkeys(keyers[0](registry, rec, entry))]
    first = dict.fromkeys(keyers[0](registry, rec, entry))
    second = dict.fromkeys(keyers[1](registry, rec, entry))
    return [(a, b) for a in first for b in second]

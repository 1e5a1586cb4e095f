"""Which assessment is in force for a recommendation on a date, and by which policy.

The assessment in force on a date is the latest one dated on or before it, on the scale
asked for. When several judges assess the same recommendation (the Committee, an NGO,
the national institution), a :class:`Policy` says whose word counts:

- ``Policy()`` (the default, *latest*): the latest assessment, whoever made it;
- ``Policy(prefer=("Human Rights Committee", "IPHR"))``: the latest assessment by the
  first judge in the list who has made one by that date; judges not in the list count
  only when none of the listed ones has assessed (then the latest of them).

A recommendation with no assessment in force is *unknown*: it is never scored as 0.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import field, frozen

from followup.model.dates import DateLike, as_date
from followup.model.records import Assessment, Recommendation

__all__ = ["LATEST", "Policy", "in_force"]


def _as_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _judges(_i: object, _a: object, value: tuple[str, ...]) -> None:
    if len(set(value)) != len(value) or any(not j.strip() for j in value):
        raise ValueError("judges must be non-empty names, each once")


@frozen
class Policy:
    """How to choose the assessment in force when several judges disagree."""

    prefer: tuple[str, ...] = field(default=(), converter=_as_tuple, validator=_judges)

    @property
    def name(self) -> str:
        """``latest``, or ``prefer: A > B``."""
        return "latest" if not self.prefer else "prefer: " + " > ".join(self.prefer)


#: The default policy: the latest assessment, whoever made it.
LATEST = Policy()


def in_force(
    rec: Recommendation,
    as_of: DateLike,
    scale: str,
    default_scale: str,
    policy: Policy = LATEST,
) -> Assessment | None:
    """The assessment of ``rec`` in force on ``as_of`` on ``scale`` (None: unknown).

    ``default_scale`` is the scale of assessments that name none (the registry's).
    History is in date order (the loader checks it), so the search runs from the end.
    ``as_of`` is a date or an ISO string such as ``"2025-06-30"``.
    """
    as_of = as_date(as_of, "as_of")
    history = rec.history
    if not policy.prefer:
        for entry in reversed(history):
            if (
                type(entry) is Assessment
                and entry.date <= as_of
                and (entry.scale or default_scale) == scale
            ):
                return entry
        return None
    best: Assessment | None = None
    best_rank = len(policy.prefer) + 1
    for entry in reversed(history):
        if (
            type(entry) is not Assessment
            or entry.date > as_of
            or (entry.scale or default_scale) != scale
        ):
            continue
        rank = policy.prefer.index(entry.by) if entry.by in policy.prefer else len(policy.prefer)
        if rank < best_rank:  # the latest of each rank comes first, going backwards
            best, best_rank = entry, rank
            if rank == 0:
                break
    return best

"""Views of a registry that a figure may be computed on: a scope, or verified facts only.

Both return a new :class:`~followup.model.registry.Registry` (values, never mutation),
so every scoring function works on them unchanged:

- :func:`scoped`: the recommendations of a :class:`~followup.model.scope.Scope`'s
  mechanisms and reviews, with only its judges' assessments;
- :func:`verified_view`: without the facts not yet checked against their source:
  every recommendation carrying a recommendation-level ``unverified`` mark is left out,
  and every assessment carrying one is treated as not recorded.
"""

from __future__ import annotations

import attrs

from followup.model.records import Assessment, Recommendation
from followup.model.registry import Registry
from followup.model.scope import Scope

__all__ = ["VerifiedView", "scoped", "verified_view"]


def scoped(registry: Registry, scope: Scope) -> Registry:
    """``registry`` with only the recommendations and the judges' assessments of ``scope``."""
    recs: dict[str, Recommendation] = {}
    for rec_id, rec in registry.recommendations.items():
        review = registry.reviews[rec.review]
        if not scope.counts_review(review.id, review.mechanism):
            continue
        kept = rec
        if scope.judges:
            history = tuple(
                e for e in rec.history if type(e) is not Assessment or scope.counts_judge(e.by)
            )
            if history != rec.history:
                kept = attrs.evolve(rec, history=history)
        recs[rec_id] = kept
    reviews = {r.id: r for r in registry.reviews.values() if scope.counts_review(r.id, r.mechanism)}
    return Registry(info=registry.info, reviews=reviews, recommendations=recs)


@attrs.frozen
class VerifiedView:
    """A registry without its unverified facts, and how many were left out."""

    registry: Registry
    recommendations_left_out: int
    assessments_left_out: int


def verified_view(registry: Registry) -> VerifiedView:
    """``registry`` without unverified recommendations and assessments (see the module)."""
    recs: dict[str, Recommendation] = {}
    left_recs = left_assessments = 0
    for rec_id, rec in registry.recommendations.items():
        if rec.unverified:
            left_recs += 1
            continue
        history = tuple(e for e in rec.history if type(e) is not Assessment or not e.unverified)
        left_assessments += len(rec.history) - len(history)
        recs[rec_id] = attrs.evolve(rec, history=history) if history != rec.history else rec
    view = Registry(info=registry.info, reviews=registry.reviews, recommendations=recs)
    return VerifiedView(view, left_recs, left_assessments)

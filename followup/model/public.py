"""The public view of a registry: what scorecards and exports may show.

Fields marked ``confidential`` load and serve the NGO's own scripts, but public output
never shows them. :func:`public_view` makes a registry without them, so a renderer
cannot leak one by mistake, not even through a figure computed from it:

- an item marked ``confidential: true`` (a recommendation, a history entry, an evidence
  item) is left out whole, and so is an item whose *required* field is confidential (a
  recommendation's ``text`` or ``source``, an assessment's ``status``, ``date`` or
  ``by``, a response's ``date`` or ``response``, an evidence item's only citation);
- a confidential optional field (``note``, ``url``, ``evidence``, ...) is emptied;
- links (``reiterates``, ``relates_to``) to a recommendation left out are dropped.

A confidential assessment therefore does not count in a published score: publishing
the score would publish the assessment.
"""

from __future__ import annotations

from typing import Any, TypeVar

import attrs

from followup.model.records import (
    Assessment,
    Evidence,
    HistoryEntry,
    Recommendation,
    Response,
    confidential_fields,
)
from followup.model.registry import Registry

__all__ = ["PublicView", "public_view"]

_T = TypeVar("_T", bound=Recommendation | Assessment | Response | Evidence)


@attrs.frozen
class PublicView:
    """A registry without its confidential data, and how many items were left out."""

    registry: Registry
    withheld: int  # items left out whole (recommendations, history entries, evidence)
    emptied: int  # confidential fields emptied in items that stay


def _strip(item: _T) -> tuple[_T | None, int]:
    """``item`` without its confidential fields (None when it must go whole) and the
    number of fields emptied."""
    names = confidential_fields(item)
    if not names:
        return item, 0
    if item.confidential is True:
        return None, 0
    changes: dict[str, Any] = {"confidential": False}
    for field in attrs.fields(type(item)):
        if field.name not in names:
            continue
        if field.default is attrs.NOTHING:
            return None, 0  # a required field: the item cannot be shown without it
        changes[field.name] = field.default
    if (
        isinstance(item, Evidence)
        and changes.get("url", item.url) is None
        and changes.get("document", item.document) is None
    ):
        return None, 0  # nothing left to cite
    return attrs.evolve(item, **changes), len(changes) - 1


def _evidence(items: tuple[Evidence, ...]) -> tuple[tuple[Evidence, ...], int, int]:
    kept, withheld, emptied = [], 0, 0
    for item in items:
        clean, n = _strip(item)
        if clean is None:
            withheld += 1
        else:
            kept.append(clean)
            emptied += n
    return tuple(kept), withheld, emptied


def public_view(registry: Registry) -> PublicView:
    """``registry`` as public output may show it (see the module's documentation)."""
    withheld = emptied = 0
    recommendations: dict[str, Recommendation] = {}
    for rec_id, rec in registry.recommendations.items():
        clean, n = _strip(rec)
        if clean is None:
            withheld += 1
            continue
        emptied += n
        history: list[HistoryEntry] = []
        for entry in clean.history:
            kept, m = _strip(entry)
            if kept is None:
                withheld += 1
                continue
            evidence, w, e = _evidence(kept.evidence)
            withheld, emptied = withheld + w, emptied + m + e
            history.append(attrs.evolve(kept, evidence=evidence) if w or e else kept)
        recommendations[rec_id] = (
            attrs.evolve(clean, history=tuple(history))
            if tuple(history) != clean.history
            else clean
        )
    for rec_id, rec in recommendations.items():
        reiterates = tuple(i for i in rec.reiterates if i in recommendations)
        relates_to = tuple(i for i in rec.relates_to if i in recommendations)
        if reiterates != rec.reiterates or relates_to != rec.relates_to:
            recommendations[rec_id] = attrs.evolve(
                rec, reiterates=reiterates, relates_to=relates_to
            )
    if not withheld and not emptied:
        return PublicView(registry, 0, 0)
    view = Registry(info=registry.info, reviews=registry.reviews, recommendations=recommendations)
    return PublicView(view, withheld, emptied)

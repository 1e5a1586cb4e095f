"""The rows of the export's tables (:mod:`followup.interop.tables`) from a registry.

Each table has a generator of row tuples in column order; :func:`batches` groups them
into column-wise batches for the Parquet and SQLite writers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from followup.interop.tables import table
from followup.model.public import public_view
from followup.model.records import Response
from followup.model.registry import Registry
from followup.model.text import Text
from followup.scoring.status import in_force

__all__ = ["batches", "rows", "visible"]


def visible(registry: Registry, include_confidential: bool) -> Registry:
    """``registry`` without its confidential data unless ``include_confidential``."""
    return registry if include_confidential else public_view(registry).registry


def _pick(value: Text | None, language: str) -> str | None:
    return None if value is None else value.pick(language, default_language=language)


def _recommendations(registry: Registry, as_of: dt.date) -> Iterator[tuple[Any, ...]]:
    reg_id, language = registry.info.id, registry.info.language
    default = registry.info.default_scale
    scores = {lv.id: lv.score for lv in registry.scales[default].levels}
    for rec in registry.recommendations.values():
        review = registry.reviews[rec.review]
        response = rec.latest_response(as_of)
        found = in_force(rec, as_of, default, default)
        yield (
            reg_id,
            rec.id,
            rec.review,
            review.mechanism.value,
            review.state,
            rec.source.document,
            rec.paragraph if rec.paragraph is not None else rec.source.paragraph,
            _pick(rec.text, language),
            list(rec.themes),
            list(rec.rights),
            list(rec.sdg_targets),
            list(rec.affected_persons),
            list(rec.recommended_by),
            rec.follow_up,
            rec.weight,
            rec.uhri_id,
            None if response is None else response.response.value,
            None if response is None else response.date,
            default,
            None if found is None else found.status,
            None if found is None else found.date,
            None if found is None else found.by,
            None if found is None else scores.get(found.status),
            as_of,
        )


def _history(registry: Registry, _as_of: dt.date) -> Iterator[tuple[Any, ...]]:
    reg_id, language = registry.info.id, registry.info.language
    default = registry.info.default_scale
    scales = registry.scales
    for rec in registry.recommendations.values():
        state = registry.reviews[rec.review].state
        for seq, entry in enumerate(rec.history):
            head = (reg_id, rec.id, seq, rec.review, state)
            evidence = [e.citation for e in entry.evidence]
            note = _pick(entry.note, language)
            if isinstance(entry, Response):
                yield (
                    *head,
                    "response",
                    entry.date,
                    entry.response.value,
                    None,
                    None,
                    None,
                    entry.by,
                    entry.document,
                    entry.url,
                    evidence,
                    note,
                )
            else:
                scale = entry.scale or default
                level_score = scales[scale].level(entry.status).score if scale in scales else None
                yield (
                    *head,
                    "assessment",
                    entry.date,
                    None,
                    entry.status,
                    scale,
                    level_score,
                    entry.by,
                    None,
                    None,
                    evidence,
                    note,
                )


def _reviews(registry: Registry, _as_of: dt.date) -> Iterator[tuple[Any, ...]]:
    reg_id, language = registry.info.id, registry.info.language
    for review in registry.reviews.values():
        due = None if review.follow_up is None else review.follow_up.due
        yield (
            reg_id,
            review.id,
            review.mechanism.value,
            review.state,
            _pick(review.title, language),
            review.date,
            review.author,
            review.cycle,
            review.session,
            due,
            [doc.symbol for doc in review.documents],
        )


def _themes(registry: Registry, _as_of: dt.date) -> Iterator[tuple[Any, ...]]:
    reg_id, language = registry.info.id, registry.info.language
    for theme in registry.info.themes:
        yield (
            reg_id,
            theme.id,
            _pick(theme.label, language),
            list(theme.rights),
            _pick(theme.description, language),
        )


def _levels(registry: Registry, _as_of: dt.date) -> Iterator[tuple[Any, ...]]:
    reg_id, language = registry.info.id, registry.info.language
    for scale in registry.scales.values():
        is_default = scale.id == registry.info.default_scale
        for rank, level in enumerate(scale.levels):
            yield (
                reg_id,
                scale.id,
                level.id,
                rank,
                _pick(level.label, language),
                level.score,
                is_default,
            )


_ROWS = {
    "recommendations": _recommendations,
    "history": _history,
    "reviews": _reviews,
    "themes": _themes,
    "levels": _levels,
}


def rows(registry: Registry, name: str, as_of: dt.date) -> Iterator[tuple[Any, ...]]:
    """The rows of table ``name`` as tuples in column order (``registry`` as given:
    filter it with :func:`visible` first)."""
    return _ROWS[name](registry, as_of)


def batches(
    registry: Registry, name: str, as_of: dt.date, *, size: int = 8192
) -> Iterator[dict[str, list[Any]]]:
    """The rows of table ``name`` in batches of at most ``size``, each a dict of one list
    of values per column (in column order). An empty table gives no batch."""
    names = table(name).names
    chunk: list[tuple[Any, ...]] = []
    for row in rows(registry, name, as_of):
        chunk.append(row)
        if len(chunk) >= size:
            yield dict(zip(names, map(list, zip(*chunk, strict=True)), strict=True))
            chunk = []
    if chunk:
        yield dict(zip(names, map(list, zip(*chunk, strict=True)), strict=True))

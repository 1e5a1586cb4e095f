"""Writing a planned table import: one edit, whole or not at all.

:func:`apply` declares the States and themes the rows need, adds the new reviews and
the new recommendations, all in a single :func:`followup.registry.editing.edit` block:
the editor validates the whole registry with every change before it writes a byte, so
a clash (an id the registry holds for something else), a bad value or a failure half
way (out of memory, interrupted) leaves every file as it was. A new registry is built
beside the target and moved into place once written (:mod:`._staging`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

from followup.errors import FollowupError
from followup.interop._staging import holds_registry, new_registry
from followup.interop._table_plan import Plan, slug
from followup.model.manifest import RegistryInfo, Theme
from followup.model.text import Text

__all__ = ["Outcome", "apply"]


@attrs.frozen
class Outcome:
    """What an import did (or, in a dry run, would do)."""

    reviews_added: int
    recommendations_added: int
    already_there: int
    declared: tuple[str, ...]
    created: bool


class _DryRun(Exception):  # noqa: N818
    pass


def apply(
    found: Plan, target: Path, *, dry_run: bool = False, today: dt.date | None = None
) -> Outcome:
    """Write a plan into the registry at ``target`` (a directory; made if new) in one
    edit; a dry run checks everything the write would, then writes nothing."""
    if not found.recommendations:
        return Outcome(0, 0, 0, (), False)
    if holds_registry(target):
        return _edit(target, found, dry_run=dry_run, today=today, created=False)
    if not found.states:  # every planned row names its State; kept as a guard
        raise FollowupError(
            f"{target}: no State to declare in the new registry: give the rows a State column"
        )
    name = target.resolve().name
    info = RegistryInfo(
        id=slug(name) or "imported",
        title=Text.plain(f"Recommendations imported into {name}"),
        version="0.1",
        states=tuple(sorted(found.states)),
    )
    with new_registry(target, info) as (work, publish):
        try:
            outcome = _edit(work, found, dry_run=dry_run, today=today, created=True)
        except FollowupError as exc:  # name the target, not the temporary directory
            raise FollowupError(str(exc).replace(str(work), str(target))) from None
        if not dry_run:
            publish()
    return outcome


def _edit(
    path: Path, found: Plan, *, dry_run: bool, today: dt.date | None, created: bool
) -> Outcome:
    from followup.registry.editing import edit

    try:
        with edit(path, today=today) as ed:
            registry = ed.registry
            for review in found.reviews.values():
                held = registry.reviews.get(review.id)
                if held is not None and (held.state, held.mechanism) != (
                    review.state,
                    review.mechanism,
                ):
                    raise FollowupError(
                        f"{path}: review {review.id!r} is already the registry's "
                        f"{held.mechanism.value} review of {held.state}, and the table's rows "
                        f"for it are a {review.mechanism.value} review of {review.state}: "
                        "change `review: id:` in the mapping (nothing was written)"
                    )
            for rec in found.recommendations.values():
                there = registry.recommendations.get(rec.id)
                if there is not None and there.review != rec.review:
                    raise FollowupError(
                        f"{path}: recommendation {rec.id!r} is already in review "
                        f"{there.review}, and the table puts it in {rec.review}: give the "
                        "row another id (nothing was written)"
                    )
            new_recs = [
                r for r in found.recommendations.values() if r.id not in registry.recommendations
            ]
            new_reviews = [r for r in found.reviews.values() if r.id not in registry.reviews]
            declared: list[str] = []
            if new_recs or new_reviews:
                for state in found.states:
                    if state not in registry.info.states:
                        ed.add_state(state)
                        declared.append(f"state {state}")
                for theme_id, label in found.themes.items():
                    if theme_id not in registry.themes:
                        ed.add_theme(Theme(theme_id, Text.plain(label)))
                        declared.append(f"theme {theme_id}")
                for review in new_reviews:
                    ed.add_review(review)
                for rec in new_recs:
                    ed.add_recommendation(rec)
            outcome = Outcome(
                len(new_reviews),
                len(new_recs),
                len(found.recommendations) - len(new_recs),
                () if created else tuple(declared),
                created,
            )
            if dry_run:
                ed.verify()
                raise _DryRun
    except _DryRun:
        pass
    return outcome

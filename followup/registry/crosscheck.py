"""Checks across the files of a registry: what one file cannot know alone.

The manifest's own references (scales, scores, the default scale, theme ids, the
headline scope), ids used twice, references to recommendations of any file, and the
notice for each judge named without a declaration (once a name). The checks of each
file against the manifest are in :mod:`followup.registry._filecheck`; these run on
what they give (:class:`FileFacts`), so an edit can check a registry from the facts of
the files it did not touch and those it did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from followup.model.scales import BUILTIN_SCALES
from followup.registry._filecheck import Add, Context, FileFacts, future, near
from followup.registry.report import Path, Severity

__all__ = ["check_manifest", "check_registry"]

_ERROR, _WARNING, _NOTICE = Severity.ERROR, Severity.WARNING, Severity.NOTICE


def check_manifest(context: Context, shown: str, today: dt.date, add: Add) -> None:
    """The manifest's scales, scores, default scale, theme ids and date."""
    info, scales = context.info, context.scales
    for index, ref in enumerate(info.scales):
        if isinstance(ref, str) and ref not in BUILTIN_SCALES:
            add(
                _ERROR,
                "unknown-scale",
                f"unknown scale {ref!r}",
                shown,
                ("scales", index),
                hint=near(ref, scales, "built-in scales"),
            )
    for scale_id, overrides in info.scores.items():
        if scale_id not in scales:
            add(
                _ERROR,
                "unknown-scale",
                f"scores given for unknown scale {scale_id!r}",
                shown,
                ("scores", scale_id),
                hint=near(scale_id, scales, "scales"),
            )
            continue
        for level_id in overrides:
            if level_id not in scales[scale_id]:
                add(
                    _ERROR,
                    "unknown-level",
                    f"{level_id!r} is not a level of scale {scale_id!r}",
                    shown,
                    ("scores", scale_id, level_id),
                    hint=near(level_id, scales[scale_id].level_ids, "levels"),
                )
    if info.default_scale not in scales:
        add(
            _ERROR,
            "unknown-scale",
            f"unknown default scale {info.default_scale!r}",
            shown,
            ("default_scale",),
            hint=near(info.default_scale, scales, "scales"),
        )
    seen_theme: set[str] = set()
    for index, theme in enumerate(info.themes):
        if theme.id in seen_theme:
            add(
                _ERROR,
                "duplicate-id",
                f"theme id {theme.id!r} is used twice",
                shown,
                ("themes", index, "id"),
            )
        seen_theme.add(theme.id)
    future(info.updated, shown, ("updated",), today, add)


def check_registry(context: Context, files: Sequence[FileFacts], shown: str, add: Add) -> None:
    """Ids used twice, references to unknown recommendations, the headline scope and
    undeclared judges, over every file's facts in the registry's order (``shown``: the
    manifest as shown)."""
    first: dict[str, str] = {}
    review_ids: set[str] = set()
    for facts in files:
        for ident, path in facts.reviews:
            _unique(ident, facts.shown, path, first, "review", add)
            review_ids.add(ident)
    _scope(context, review_ids, shown, add)
    rec_ids: set[str] = set()
    for facts in files:
        rec_ids.update(facts.rec_ids)
    noticed: set[str] = set()
    for facts in files:
        ids = facts.rec_ids
        if first.keys().isdisjoint(ids) and len(set(ids)) == len(ids):  # the common case
            first.update(dict.fromkeys(ids, facts.shown))
        else:
            for ident, path in zip(ids, facts.rec_paths, strict=True):
                _unique(ident, facts.shown, path, first, "recommendation", add)
        for _, link, where, target in facts.references:
            if target not in rec_ids:
                add(
                    _ERROR,
                    "unknown-reference",
                    f"{link} names unknown recommendation {target!r}",
                    facts.shown,
                    where,
                    hint=near(target, rec_ids, "recommendation ids"),
                )
        for name, where in facts.undeclared:
            if name not in noticed:
                noticed.add(name)
                add(
                    _NOTICE,
                    "undeclared-judge",
                    f"by: {name!r} names no judge declared in the manifest",
                    facts.shown,
                    where,
                    hint="declare who judges under `judges:` in registry.yaml (id, name, "
                    "role) and write the judge's id here; scorecards then say whose "
                    "judgement counts",
                )


def _unique(ident: str, shown: str, path: Path, first: dict[str, str], kind: str, add: Add) -> None:
    """An id used once across the registry (``first`` remembers the file of each)."""
    if ident in first:
        add(
            _ERROR,
            "duplicate-id",
            f"{kind} id {ident!r} is already used",
            shown,
            path,
            hint=f"ids are unique across the registry; the first is in "
            f"{first[ident]}: rename one of them",
        )
    else:
        first[ident] = shown


def _scope(context: Context, reviews: set[str], shown: str, add: Add) -> None:
    """The headline scope names reviews and judges the registry has."""
    headline = context.info.headline
    if headline is None:
        return
    for field_name, named, known in (
        ("reviews", headline.reviews, reviews),
        ("judges", headline.judges, context.judges),
    ):
        for index, ident in enumerate(named):
            if ident not in known:
                add(
                    _ERROR,
                    "unknown-reference",
                    f"headline {field_name} names unknown id {ident!r}",
                    shown,
                    ("headline", field_name, index),
                    hint=near(ident, known, field_name),
                )

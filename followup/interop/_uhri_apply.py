"""Turning UHRI records into reviews and recommendations, through the editor: ids,
new reviews, and updates of the imported fields of recommendations already there."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from attrs import evolve

from followup.interop import _theme_ids
from followup.interop import _uhri_text as tx
from followup.interop._uhri_record import UhriRecord
from followup.model.manifest import Theme
from followup.model.records import Document, Recommendation, Response, Review, Source
from followup.model.registry import Registry
from followup.model.text import Text
from followup.model.values import Mechanism

if TYPE_CHECKING:
    from followup.interop.uhri import ImportResult, _Options

__all__ = ["apply_records"]


# -- ids --------------------------------------------------------------------------------------


def _short_aid(aid: str) -> str:
    hexes = re.sub(r"[^0-9a-f]", "", aid.lower())
    return hexes[:8] if len(hexes) >= 8 else tx.slug(aid, 8)


def _body_slug(record: UhriRecord) -> str:
    return "sp" if record.mechanism is Mechanism.SP else tx.slug(record.body, 20)


def _review_key(record: UhriRecord) -> tuple[str, str]:
    if record.mechanism is Mechanism.UPR and record.upr_cycle is not None:
        return ("UPR", f"cycle {record.upr_cycle}")
    return (record.body, record.symbol)


def _review_base_id(record: UhriRecord, state: str) -> str:
    st = state.lower()
    if record.mechanism is Mechanism.UPR and record.upr_cycle is not None:
        return f"{st}-upr-cycle-{record.upr_cycle}"
    parts = record.symbol.split("/")
    upper = [p.upper() for p in parts]
    if state in upper[1:]:
        after = parts[upper.index(state, 1) + 1 :]
        if after:
            return tx.slug(f"{st}-{_body_slug(record)}-{'-'.join(after)}")
    return tx.slug(f"{st}-{_body_slug(record)}-{record.symbol}")


def _rec_base_id(record: UhriRecord, state: str) -> str:
    head = tx.slug(f"{state.lower()}-{record.symbol}", 80)
    if record.paragraph is None:
        return f"{head}-{_short_aid(record.annotation_id)}"
    return tx.slug(f"{head}-p{record.paragraph}")


def _unique_id(base: str, aid: str, taken: set[str]) -> str:
    candidate = base
    if candidate in taken:
        candidate = f"{tx.slug(base, 90)}-{_short_aid(aid)}"
    counter = 2
    while candidate in taken:
        candidate = f"{tx.slug(base, 86)}-{_short_aid(aid)}-{counter}"
        counter += 1
    taken.add(candidate)
    return candidate


class _ThemeIds:
    """Theme ids for UHRI's theme labels in one import: a label the registry holds keeps
    its theme's id; a new label gets its slug, or a suffixed one (and a notice) when
    another theme holds that slug, so that two themes are never merged without a word
    (see :mod:`followup.interop._theme_ids`)."""

    def __init__(self, registry: Registry) -> None:
        held = {t.id: [label for _, label in t.label.items] for t in registry.themes.values()}
        keys, first = _theme_ids.held_keys(held)
        self.keys: dict[str, str] = dict(keys)
        self.labels: dict[str, str] = dict(first)
        self.new: list[_theme_ids.Proposal] = []

    def __call__(self, label: str) -> str:
        """The id of the theme ``label``, proposing a new one when it is not known."""
        key = _theme_ids.label_key(label)
        if key not in self.keys:
            (proposal,) = _theme_ids.propose([label], self.labels, self.keys)
            self.keys[key] = proposal.id
            self.labels[proposal.id] = label
            self.new.append(proposal)
        return self.keys[key]


# -- planning and applying ------------------------------------------------------------------


def _new_review(records: list[UhriRecord], review_id: str, state: str) -> Review:
    first = records[0]
    date = min(r.published for r in records)
    symbols = list(dict.fromkeys(r.symbol for r in records))
    documents = []
    for symbol in symbols:
        kind = None
        if "/CO/" in symbol.upper():
            kind = "concluding-observations"
        elif first.mechanism is Mechanism.UPR:
            kind = "upr-working-group-report"
        on = min(r.published for r in records if r.symbol == symbol)
        documents.append(Document(symbol=symbol, kind=kind, date=on))
    if first.mechanism is Mechanism.UPR and first.upr_cycle is not None:
        title = f"Universal Periodic Review, cycle {first.upr_cycle}"
    else:
        title = f"{first.body}: {first.symbol}"
    return Review(
        id=review_id,
        mechanism=first.mechanism,
        state=state,
        title=Text.plain(title),
        date=date,
        cycle=first.upr_cycle if first.mechanism is Mechanism.UPR else None,
        session=first.upr_session if first.mechanism is Mechanism.UPR else None,
        documents=tuple(documents),
    )


def _recommendation(
    record: UhriRecord, rec_id: str, review_id: str, theme_id: Callable[[str], str]
) -> Recommendation:
    history = tuple(
        Response(date=record.published, response=p, document=record.symbol)
        for p in record.positions
    )
    return Recommendation(
        id=rec_id,
        review=review_id,
        text=Text.plain(record.text),
        source=Source(document=record.symbol, paragraph=record.paragraph),
        paragraph=record.paragraph,
        themes=tuple(theme_id(t) for t in record.themes),
        sdg_targets=record.sdg_targets,
        recommended_by=record.recommended_by,
        affected_persons=record.affected_persons,
        uhri_id=record.annotation_id,
        history=history,
    )


def _text_update(old: Text, new: str) -> Text | None:
    """The text to write when the imported text changed (None: unchanged)."""
    if old.is_plain:
        return None if old.items[0][1] == new else Text.plain(new)
    if old.get("en") is None or old.get("en") == new:
        return None
    return Text(tuple((lang, new if lang == "en" else value) for lang, value in old.items))


_IMPORTED = ("paragraph", "themes", "sdg_targets", "affected_persons", "recommended_by")


def apply_records(
    ed: Any, registry: Registry, records: list[UhriRecord], options: _Options, result: ImportResult
) -> None:
    """Add and update through the editor ``ed`` (a :class:`followup.Editor`)."""
    state = options.state
    by_uhri = {r.uhri_id: r for r in registry.recommendations.values() if r.uhri_id}
    theme_id = _ThemeIds(registry)
    themes_known = set(registry.themes)
    taken_recs = set(registry.recommendations)
    taken_reviews = set(registry.reviews)

    def declare(labels: Iterable[str]) -> None:
        for label in labels:
            tid = theme_id(label)
            if tid not in themes_known:
                ed.add_theme(Theme(id=tid, label=Text.plain(label)))
                themes_known.add(tid)
                result.themes_added.append(tid)
                notice = next((p.notice for p in theme_id.new if p.id == tid), None)
                if notice:
                    result.theme_notices.append(notice)

    # groups of new records, by review
    groups: dict[tuple[str, str], list[UhriRecord]] = {}
    for record in records:
        existing = by_uhri.get(record.annotation_id)
        if existing is None:
            groups.setdefault(_review_key(record), []).append(record)
            continue
        changes = _update(ed, existing, record, declare, theme_id)
        if changes:
            result.changed.append(f"{existing.id}: {', '.join(changes)}")
        else:
            result.unchanged += 1
    review_ids: dict[tuple[str, str], str] = {}
    for key in sorted(groups):
        group = groups[key]
        base = _review_base_id(group[0], state)
        review_id = base
        if (
            review_id in registry.reviews
            and registry.reviews[review_id].mechanism is not group[0].mechanism
        ):
            review_id = tx.slug(f"{base}-{tx.slug(group[0].body, 30)}")
        if review_id not in registry.reviews:
            if review_id in taken_reviews:
                review_id = _unique_id(
                    tx.slug(f"{base}-{tx.slug(group[0].body, 30)}"), "", set(taken_reviews)
                )
            taken_reviews.add(review_id)
            ed.add_review(_new_review(group, review_id, state))
            result.reviews_added.append(review_id)
        review_ids[key] = review_id
    for record in records:
        key = _review_key(record)
        if record.annotation_id in by_uhri or key not in review_ids:
            continue
        rec_id = _unique_id(_rec_base_id(record, state), record.annotation_id, taken_recs)
        declare(record.themes)
        ed.add_recommendation(_recommendation(record, rec_id, review_ids[key], theme_id))
        result.added.append(rec_id)
    seen = {r.annotation_id for r in records} | result.seen_ids
    for rec in registry.recommendations.values():
        if not rec.uhri_id or rec.uhri_id in seen:
            continue
        review = registry.reviews[rec.review]
        if options.bodies and review.mechanism.value not in options.bodies:
            continue
        if options.since is not None and review.date < options.since:
            continue
        result.vanished.append(f"{rec.id} (AnnotationId {rec.uhri_id})")


def _update(
    ed: Any,
    existing: Recommendation,
    record: UhriRecord,
    declare: Callable[[Iterable[str]], None],
    theme_id: Callable[[str], str],
) -> list[str]:
    """Bring the imported fields of ``existing`` in line with ``record``; the names of the
    fields that changed."""
    changed: list[str] = []
    new_text = _text_update(existing.text, record.text)
    if new_text is not None:
        ed.set(existing.id, "text", new_text)
        changed.append("text")
    wanted = _recommendation(record, existing.id, existing.review, theme_id)
    for name in _IMPORTED:
        if getattr(existing, name) != getattr(wanted, name):
            if name == "themes":
                declare(record.themes)
            ed.set(existing.id, name, getattr(wanted, name) or None)
            changed.append(name)
    if existing.source.paragraph != record.paragraph and existing.source.document == record.symbol:
        ed.set(existing.id, "source", evolve(existing.source, paragraph=record.paragraph))
        if "paragraph" not in changed:
            changed.append("source paragraph")
    had = {(e.date, e.response) for e in existing.responses}
    for entry in wanted.responses:
        if (entry.date, entry.response) not in had:
            ed.add_entry(existing.id, entry)
            changed.append(f"response {entry.response.value}")
    return changed

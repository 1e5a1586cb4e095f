"""``followup import uhri``: recommendations from the OHCHR Universal Human Rights Index.

The bulk export is one JSON array of several hundred megabytes; :func:`iter_records`
reads it as a stream (flat memory). :func:`parse_record` turns one record into a
:class:`UhriRecord`; :func:`import_uhri` keeps the records of one State and adds them to
a registry (made if new) through the comment-keeping editor, idempotently: a second
import of the same export changes nothing on disk.
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import json
import os
import re
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TextIO

from attrs import evolve, field, frozen

from followup._progress import ProgressBar
from followup.errors import FollowupError
from followup.interop import _uhri_text as tx
from followup.interop._uhri_countries import names_of, normalise
from followup.model.manifest import RegistryInfo, Theme
from followup.model.records import Document, Recommendation, Response, Review, Source
from followup.model.registry import Registry
from followup.model.text import Text
from followup.model.values import Mechanism, Position, check_state

__all__ = [
    "ImportResult",
    "UhriError",
    "UhriRecord",
    "UhriRecordError",
    "annotation_kind",
    "concerns_state",
    "import_uhri",
    "iter_records",
    "parse_record",
    "run_cli",
]

CHUNK_SIZE = 1 << 20
#: A single record larger than this is taken for malformed JSON.
MAX_RECORD = 16 << 20
_SPACE = re.compile(r"[ \t\n\r]*")
_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
)

Progress = Callable[[int, int, str], None]


class UhriError(FollowupError):
    """The export cannot be read (not a JSON array, malformed JSON)."""


class UhriRecordError(FollowupError):
    """One record cannot be understood; names its index and AnnotationId."""

    def __init__(self, index: int, annotation_id: str | None, message: str) -> None:
        self.index, self.annotation_id, self.reason = index, annotation_id, message
        super().__init__(f"record {index} (AnnotationId {annotation_id or '?'}): {message}")


# -- reading the stream ---------------------------------------------------------------------


class _Buffer:
    """Decoded text of the stream read so far, from ``base`` bytes on."""

    def __init__(self, stream: IO[Any], progress: Progress | None, total: int) -> None:
        self.stream, self.progress, self.total = stream, progress, total
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
        self.text = ""
        self.pos = 0
        self.base = 0  # bytes before text[0]
        self.read = 0
        self.eof = False
        self.records = 0

    def fill(self) -> bool:
        """Read one more chunk; False at the end of the stream."""
        if self.eof:
            return False
        chunk = self.stream.read(CHUNK_SIZE)
        if isinstance(chunk, str):
            data, size = chunk, len(chunk.encode("utf-8"))
        else:
            size = len(chunk)
            try:
                data = self.decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                raise UhriError(
                    f"the export is not UTF-8 text (near byte {self.read + exc.start})"
                ) from None
        if self.read == 0 and not isinstance(chunk, str) and chunk.startswith(codecs.BOM_UTF8):
            self.base = len(codecs.BOM_UTF8)  # not in the decoded text
        self.read += size
        if not chunk:
            self.eof = True
        if self.pos > CHUNK_SIZE and self.pos > len(self.text) // 2:
            self.base += len(self.text[: self.pos].encode("utf-8"))
            self.text, self.pos = self.text[self.pos :], 0
        self.text += data
        if self.progress is not None:
            self.progress(min(self.read, self.total), self.total, f"records {self.records}")
        return bool(chunk)

    def offset(self, pos: int) -> int:
        return self.base + len(self.text[:pos].encode("utf-8"))

    def next_char(self) -> str | None:
        """The next non-space character (not consumed), None at the end."""
        while True:
            match = _SPACE.match(self.text, self.pos)
            assert match is not None
            self.pos = match.end()
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.fill():
                return None


def iter_records(
    stream: IO[Any], *, progress: Progress | None = None, total: int = 0
) -> Iterator[tuple[int, Any]]:
    """The records of a UHRI export (a JSON array) as ``(index, record)``, read in chunks
    so that memory stays flat however large the file. Records are normally dicts; the
    caller judges them. Malformed JSON raises :class:`UhriError` naming the byte offset
    and the record index."""
    buf = _Buffer(stream, progress, total)
    decoder = json.JSONDecoder()
    first = buf.next_char()
    if first != "[":
        found = "nothing" if first is None else repr(first)
        raise UhriError(
            f"the export is not a JSON array: found {found} at byte {buf.offset(buf.pos)}"
        )
    buf.pos += 1
    index = 0
    char = buf.next_char()
    if char == "]":
        buf.pos += 1
        _check_end(buf)
        return
    while True:
        if char is None:
            raise UhriError(
                f"the export ends inside the array, before record {index} (truncated file?)"
            )
        while True:
            try:
                record, end = decoder.raw_decode(buf.text, buf.pos)
            except json.JSONDecodeError as exc:
                if len(buf.text) - buf.pos < MAX_RECORD and buf.fill():
                    continue
                raise UhriError(
                    f"malformed JSON in record {index} at byte {buf.offset(exc.pos)}: {exc.msg}"
                ) from None
            if end >= len(buf.text) and buf.fill():
                continue  # a number might go on in the next chunk
            break
        buf.pos = end
        buf.records = index + 1
        yield index, record
        index += 1
        char = buf.next_char()
        if char == ",":
            buf.pos += 1
            char = buf.next_char()
            continue
        if char == "]":
            buf.pos += 1
            _check_end(buf)
            return
        found = "the end of the file" if char is None else repr(char)
        raise UhriError(
            f"malformed JSON after record {index - 1} at byte {buf.offset(buf.pos)}: "
            f"expected ',' or ']', found {found}"
        )


def _check_end(buf: _Buffer) -> None:
    char = buf.next_char()
    if char is not None:
        raise UhriError(f"data after the end of the array at byte {buf.offset(buf.pos)}")
    if buf.progress is not None and buf.total:
        buf.progress(buf.total, buf.total, f"records {buf.records}")


# -- one record -----------------------------------------------------------------------------


@frozen
class UhriRecord:
    """One UHRI record, cleaned: prefixes stripped, text without its paragraph number."""

    index: int
    annotation_id: str
    body: str  # short code (CCPR, CRC-OP-AC) or a special procedure's name
    mechanism: Mechanism
    symbol: str
    published: dt.date
    text: str
    paragraph: str | None = None
    countries: tuple[str, ...] = ()
    document_id: str | None = None
    themes: tuple[str, ...] = ()
    affected_persons: tuple[str, ...] = ()
    sdg_targets: tuple[str, ...] = ()
    upr_cycle: int | None = None
    upr_session: str | None = None
    positions: tuple[Position, ...] = ()
    recommended_by: tuple[str, ...] = ()
    #: Things not understood that do not stop the import (e.g. an unknown position).
    problems: tuple[str, ...] = field(default=())


def _aid(raw: Any) -> str | None:
    value = raw.get("AnnotationId") if isinstance(raw, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def annotation_kind(raw: dict[str, Any]) -> str | None:
    """``"recommendation"``, ``"concern"``, or None when AnnotationType is missing or a
    UUID (a known defect). Anything else raises ValueError."""
    value = raw.get("AnnotationType")
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"AnnotationType is {type(value).__name__}, not text")
    kind = tx.clean(value).lower()
    if not kind or _UUID.match(kind):
        return None
    if kind in ("recommendations", "recommendation"):
        return "recommendation"
    if kind.startswith(("concerns", "observations", "concern")):
        return "concern"
    raise ValueError(f"unknown AnnotationType {value!r}")


def _strings(raw: dict[str, Any], name: str) -> list[str]:
    value = raw.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{name} is not a list of text")
    return [v for v in (tx.clean(v) for v in value) if v]


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def concerns_state(raw: dict[str, Any], state: str, names: frozenset[str]) -> bool:
    """True when the record is about ``state``: its alpha-3 code is a part of the
    document symbol (``CCPR/C/KAZ/CO/3``) or one of its ``Countries`` is a known name."""
    symbol = raw.get("Symbol")
    if isinstance(symbol, str) and state in symbol.upper().replace(" ", "").split("/")[1:]:
        return True
    countries = raw.get("Countries")
    if isinstance(countries, str):
        countries = [countries]
    if isinstance(countries, list) and names:
        return any(isinstance(c, str) and normalise(c) in names for c in countries)
    return False


def parse_record(index: int, raw: Any) -> UhriRecord:
    """One record as a :class:`UhriRecord`; :class:`UhriRecordError` (with the index and
    AnnotationId) when it cannot be understood."""
    aid = _aid(raw)
    try:
        return _parse(index, raw, aid)
    except (ValueError, TypeError) as exc:
        raise UhriRecordError(index, aid, str(exc)) from None


def _parse(index: int, raw: Any, aid: str | None) -> UhriRecord:
    if not isinstance(raw, dict):
        raise ValueError(f"a record is a JSON object, not {type(raw).__name__}")
    if aid is None:
        raise ValueError("no AnnotationId")
    body_raw = raw.get("Body")
    if not isinstance(body_raw, str):
        raise ValueError("no Body")
    body, mechanism = tx.body_code(body_raw)
    symbol = raw.get("Symbol")
    if not isinstance(symbol, str) or not tx.clean(symbol):
        raise ValueError("no document Symbol")
    symbol = tx.clean(symbol).replace(" ", "")
    published_raw = raw.get("PublicationDate")
    if not isinstance(published_raw, str):
        raise ValueError("no PublicationDate")
    published = tx.parse_datetime(published_raw)
    on_uhri = raw.get("PublicationDateOnUhri")
    if on_uhri is not None and not isinstance(on_uhri, str):
        raise ValueError("PublicationDateOnUhri is not text")
    if isinstance(on_uhri, str) and on_uhri.strip():
        tx.parse_datetime(on_uhri)
    text_raw = raw.get("Text")
    if text_raw is None:
        text_raw = ""
    if not isinstance(text_raw, str):
        raise ValueError(f"Text is {type(text_raw).__name__}, not text")
    paragraph, text = tx.split_paragraph(tx.html_to_text(text_raw))
    problems: list[str] = []
    recommended_by = _unique(_strings(raw, "UprRecommendingCountry"))
    if mechanism is Mechanism.UPR:
        text, from_text = tx.upr_suffix(text)
        recommended_by = recommended_by or from_text
    sdgs = _unique(t for t in (tx.sdg_target(s) for s in _strings(raw, "Sdgs")) if t)
    positions: list[Position] = []
    for value in _strings(raw, "UprPositions"):
        try:
            positions.append(tx.position(value))
        except ValueError as exc:
            problems.append(str(exc))
    found = set(positions)
    if {Position.SUPPORTED, Position.NOTED} <= found:
        positions = [Position.PARTIALLY_SUPPORTED]
        problems.append("both supported and noted: recorded as partially-supported")
    cycle_raw = raw.get("UprCycle")
    cycle: int | None = None
    if isinstance(cycle_raw, list):
        cycle_raw = cycle_raw[0] if cycle_raw else None
    if isinstance(cycle_raw, bool):
        raise ValueError("UprCycle is true/false")
    if isinstance(cycle_raw, int) and cycle_raw >= 1:
        cycle = cycle_raw
    elif isinstance(cycle_raw, str) and cycle_raw.strip():
        digits = re.search(r"\d+", cycle_raw)
        if digits and int(digits.group()) >= 1:
            cycle = int(digits.group())
        else:
            problems.append(f"UprCycle {cycle_raw!r} not understood")
    sessions = (
        _strings(raw, "UprSession")
        if not isinstance(raw.get("UprSession"), int)
        else [str(raw["UprSession"])]
    )
    document_id = raw.get("DocumentId")
    return UhriRecord(
        index=index,
        annotation_id=aid,
        body=body,
        mechanism=mechanism,
        symbol=symbol,
        published=published,
        text=text,
        paragraph=paragraph,
        countries=tuple(_strings(raw, "Countries")),
        document_id=document_id if isinstance(document_id, str) else None,
        themes=_unique(_strings(raw, "Themes")),
        affected_persons=_unique(_strings(raw, "AffectedPersons")),
        sdg_targets=sdgs,
        upr_cycle=cycle,
        upr_session=sessions[0] if sessions else None,
        positions=_unique_positions(positions),
        recommended_by=recommended_by,
        problems=tuple(problems),
    )


def _unique_positions(values: list[Position]) -> tuple[Position, ...]:
    return tuple(dict.fromkeys(values))


# -- the import -----------------------------------------------------------------------------


class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    def __init__(self) -> None:
        self.added: list[str] = []
        self.changed: list[str] = []  # "id: fields"
        self.unchanged = 0
        self.vanished: list[str] = []
        self.skipped: Counter[str] = Counter()
        self.problems: list[str] = []
        self.bad: list[UhriRecordError] = []
        self.reviews_added: list[str] = []
        self.themes_added: list[str] = []
        self.created = False
        #: AnnotationIds of every record about the State (imported or not).
        self.seen_ids: set[str] = set()

    def summary(self, limit: int = 50) -> str:
        """What the import did, for a person: counts by outcome, then the problems
        (at most ``limit``)."""
        lines = [
            f"added: {len(self.added)}  changed: {len(self.changed)}  "
            f"unchanged: {self.unchanged}  vanished: {len(self.vanished)}  "
            f"skipped: {sum(self.skipped.values())}"
        ]
        for reason, count in sorted(self.skipped.items()):
            lines.append(f"  skipped {count:>7}  {reason}")
        if self.reviews_added:
            lines.append(f"new reviews: {', '.join(self.reviews_added)}")
        for what, items in (
            ("changed (imported fields updated)", self.changed),
            ("vanished from the export (kept in the registry)", self.vanished),
            ("bad records (skipped)", [str(b) for b in self.bad]),
            ("problems", self.problems),
        ):
            if items:
                lines.append(f"{what}:")
                lines.extend(f"  {item}" for item in items[:limit])
                if len(items) > limit:
                    lines.append(f"  ... and {len(items) - limit} more")
        return "\n".join(lines) + "\n"


@frozen
class _Options:
    state: str
    bodies: frozenset[str]
    since: dt.date | None
    skip_bad: bool


def _body_filter(bodies: Iterable[str]) -> frozenset[str]:
    known = {m.value for m in Mechanism} - {"NGO", "NHRI"}
    out = set()
    for body in bodies:
        code = body.strip().upper()
        if code not in known and code.split("-OP-")[0] not in known:
            raise FollowupError(
                f"--body {body!r}: not a body code; use one of {', '.join(sorted(known))} "
                "(or e.g. CRC-OP-AC)"
            )
        out.add(code)
    return frozenset(out)


def _wanted_body(record: UhriRecord, bodies: frozenset[str]) -> bool:
    return not bodies or record.body.upper() in bodies or record.mechanism.value in bodies


def _collect(
    stream: IO[Any], options: _Options, result: ImportResult, progress: Progress | None, total: int
) -> list[UhriRecord]:
    names = names_of(options.state)
    records: list[UhriRecord] = []
    seen: dict[str, int] = {}
    for index, raw in iter_records(stream, progress=progress, total=total):
        try:
            if not isinstance(raw, dict):
                raise UhriRecordError(index, None, f"not a JSON object ({type(raw).__name__})")
            if not concerns_state(raw, options.state, names):
                result.skipped["other States"] += 1
                continue
            aid = _aid(raw)
            if aid is not None:
                result.seen_ids.add(aid)
            try:
                kind = annotation_kind(raw)
            except ValueError as exc:
                raise UhriRecordError(index, aid, str(exc)) from None
            if kind == "concern":
                result.skipped["concerns/observations"] += 1
                continue
            if kind is None:
                result.skipped["missing or UUID AnnotationType"] += 1
                result.problems.append(
                    f"record {index} (AnnotationId {aid or '?'}): AnnotationType is missing or "
                    "a UUID; not imported (check it in UHRI)"
                )
                continue
            record = parse_record(index, raw)
        except UhriRecordError as exc:
            if not options.skip_bad:
                raise UhriRecordError(
                    exc.index,
                    exc.annotation_id,
                    f"{exc.reason} (nothing was written; --skip-bad skips such records)",
                ) from None
            result.bad.append(exc)
            result.skipped["bad records"] += 1
            continue
        if not _wanted_body(record, options.bodies):
            result.skipped["other bodies (--body)"] += 1
            continue
        if options.since is not None and record.published < options.since:
            result.skipped["published before --since"] += 1
            continue
        where = f"record {index} (AnnotationId {record.annotation_id})"
        if record.annotation_id in seen:
            result.skipped["duplicate AnnotationId"] += 1
            result.problems.append(
                f"{where}: same AnnotationId as record {seen[record.annotation_id]}; "
                "the first one is imported"
            )
            continue
        seen[record.annotation_id] = index
        if not record.text:
            result.skipped["empty text"] += 1
            result.problems.append(f"{where}: the text is empty; not imported")
            continue
        result.problems.extend(f"{where}: {p}" for p in record.problems)
        records.append(record)
    return records


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


def _theme_id(label: str) -> str:
    return tx.slug(label, 100)


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


def _recommendation(record: UhriRecord, rec_id: str, review_id: str) -> Recommendation:
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
        themes=tuple(_theme_id(t) for t in record.themes),
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


def _apply(
    ed: Any, registry: Registry, records: list[UhriRecord], options: _Options, result: ImportResult
) -> None:
    """Add and update through the editor ``ed`` (a :class:`followup.Editor`)."""
    state = options.state
    by_uhri = {r.uhri_id: r for r in registry.recommendations.values() if r.uhri_id}
    themes_known = set(registry.themes)
    taken_recs = set(registry.recommendations)
    taken_reviews = set(registry.reviews)

    def declare(labels: Iterable[str]) -> None:
        for label in labels:
            theme_id = _theme_id(label)
            if theme_id not in themes_known:
                ed.add_theme(Theme(id=theme_id, label=Text.plain(label)))
                themes_known.add(theme_id)
                result.themes_added.append(theme_id)

    # groups of new records, by review
    groups: dict[tuple[str, str], list[UhriRecord]] = {}
    for record in records:
        existing = by_uhri.get(record.annotation_id)
        if existing is None:
            groups.setdefault(_review_key(record), []).append(record)
            continue
        changes = _update(ed, existing, record, declare)
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
        ed.add_recommendation(_recommendation(record, rec_id, review_ids[key]))
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
    ed: Any, existing: Recommendation, record: UhriRecord, declare: Callable[[Iterable[str]], None]
) -> list[str]:
    """Bring the imported fields of ``existing`` in line with ``record``; the names of the
    fields that changed."""
    changed: list[str] = []
    new_text = _text_update(existing.text, record.text)
    if new_text is not None:
        ed.set(existing.id, "text", new_text)
        changed.append("text")
    wanted = _recommendation(record, existing.id, existing.review)
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


class _DryRun(Exception):  # noqa: N818
    pass


def import_uhri(
    path: str | os.PathLike[str],
    *,
    state: str,
    output: str | os.PathLike[str],
    bodies: Iterable[str] = (),
    since: dt.date | None = None,
    skip_bad: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Import the recommendations to ``state`` from the UHRI export at ``path`` into the
    registry directory ``output`` (made if it does not exist). See docs/interop.md."""
    from followup.registry.dump import dump_manifest
    from followup.registry.editing import edit

    try:
        check_state(state)
    except ValueError as exc:
        raise FollowupError(f"--state: {exc}") from None
    options = _Options(state, _body_filter(bodies), since, skip_bad)
    result = ImportResult()
    source = Path(path)
    try:
        with source.open("rb") as stream:
            total = os.fstat(stream.fileno()).st_size
            records = _collect(stream, options, result, progress, total)
    except OSError as exc:
        raise FollowupError(f"{source}: cannot read the export ({exc.strerror})") from None
    target = Path(output)
    work = target
    if not target.exists():
        result.created = True
        work = target.parent / f".{target.name}.uhri-{os.getpid()}.tmp"
        try:
            (work / "reviews").mkdir(parents=True)
            info = RegistryInfo(
                id=tx.slug(f"{state.lower()}-uhri"),
                title=Text.plain(
                    f"UN recommendations to {state} (from the Universal Human Rights Index)"
                ),
                version="1",
                states=(state,),
            )
            (work / "registry.yaml").write_text(dump_manifest(info), encoding="utf-8")
        except OSError as exc:
            shutil.rmtree(work, ignore_errors=True)
            raise FollowupError(f"{target}: cannot create the registry ({exc.strerror})") from None
    elif not (target / "registry.yaml").is_file():
        raise FollowupError(
            f"{target}: not a registry directory (no registry.yaml); give a new path or a "
            "registry made by followup"
        )
    try:
        try:
            with edit(work, today=today) as ed:
                if state not in ed.registry.info.states:
                    raise FollowupError(
                        f"{target}: the registry's states are {', '.join(ed.registry.info.states)}"
                        f", not {state}; import into another registry"
                    )
                _apply(ed, ed.registry, records, options, result)
                if dry_run:
                    ed.check()
                    raise _DryRun
        except _DryRun:
            pass
        if result.created and not dry_run:
            work.rename(target)
    finally:
        if work != target and work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return result


def run_cli(args: argparse.Namespace, out: TextIO) -> int:
    """``followup import uhri``: run the import and print its summary."""
    result = import_uhri(
        args.file,
        state=args.state,
        output=args.output,
        bodies=args.body or (),
        since=args.since,
        skip_bad=args.skip_bad,
        dry_run=args.dry_run,
        progress=ProgressBar(sys.stderr),
    )
    head = "dry run, nothing written: " if args.dry_run else ""
    made = " (new registry)" if result.created and not args.dry_run else ""
    out.write(f"{head}import from {args.file} into {args.output}{made}\n")
    out.write(result.summary())
    return 0

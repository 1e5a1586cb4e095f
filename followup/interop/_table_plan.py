"""Rows of a table -> reviews and recommendations, by a mapping: :func:`plan_rows`.

Each row is checked as it comes (bad rows are kept with their row number, column and
problem; the first :data:`MAX_LISTED` of them, the rest counted), so a table is planned
in one pass over a stream of rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import ChainMap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from followup.interop import states as _states
from followup.interop._table_mapping import MappingError, TableMapping
from followup.interop._theme_ids import held_keys, label_key, propose
from followup.interop._uhri_text import slug as _slug
from followup.model.records import Assessment, Recommendation, Response, Review, Source
from followup.model.text import Text
from followup.model.values import Mechanism, Position

__all__ = ["MAX_LISTED", "BadRow", "Plan", "plan", "plan_rows", "slug"]

#: Bad rows kept for the report; beyond, they are counted only.
MAX_LISTED = 1000
_WHOLE = re.compile(r"[0-9]{1,9}")


@attrs.frozen
class BadRow:
    """A row that cannot be read: its 1-based row number (the header is row 1), the
    column (header name and position) and the problem."""

    row: int
    column: str | None
    problem: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.problem}"


def slug(text: str) -> str:
    """An id from a label: ``"Women's rights"`` -> ``"women-s-rights"``,
    ``"Права женщин"`` -> ``"prava-zhenshchin"`` (the same rule as the UHRI
    importer's, so both give a theme the same id)."""
    return _slug(text, 100)


@attrs.define
class Plan:
    """What a table holds, ready to write: reviews, recommendations, themes and States
    (in first-seen order), the bad rows, the rows left out as repeats and notices (a
    theme given a suffixed id because another label has its slug)."""

    reviews: dict[str, Review] = attrs.field(factory=dict)
    recommendations: dict[str, Recommendation] = attrs.field(factory=dict)
    themes: dict[str, str] = attrs.field(factory=dict)  # id -> label
    theme_keys: dict[str, str] = attrs.field(factory=dict)  # label_key(label) -> id
    held_themes: dict[str, str] = attrs.field(factory=dict)  # id -> label, in the registry
    notices: list[str] = attrs.field(factory=list)
    states: list[str] = attrs.field(factory=list)
    bad: list[BadRow] = attrs.field(factory=list)
    #: Bad rows beyond the first :data:`MAX_LISTED` (counted, not kept).
    unlisted: int = 0
    repeated: int = 0

    @property
    def bad_count(self) -> int:
        """How many rows cannot be read, listed or not."""
        return len(self.bad) + self.unlisted

    def note_bad(self, row: BadRow) -> None:
        """Keep a bad row for the report (the first :data:`MAX_LISTED`, then counted)."""
        if len(self.bad) < MAX_LISTED:
            self.bad.append(row)
        else:
            self.unlisted += 1


class _RowError(Exception):
    def __init__(self, column: str | None, problem: str) -> None:
        super().__init__(problem)
        self.column, self.problem = column, problem


def _resolve_columns(mapping: TableMapping, header: Sequence[str]) -> dict[str, tuple[int, str]]:
    """field -> (0-based index, how to name the column in messages)."""
    out: dict[str, tuple[int, str]] = {}
    for field, ref in mapping.columns.items():
        if isinstance(ref, int):
            if ref > len(header):
                raise MappingError(
                    f"mapping {mapping.name}: columns.{field}: position {ref}, but the file "
                    f"has {len(header)} columns"
                )
            label = header[ref - 1] or "?"
            out[field] = (ref - 1, f"{ref} ({label})")
            continue
        positions = [i for i, name in enumerate(header) if name == ref]
        if not positions:
            raise MappingError(
                f"mapping {mapping.name}: columns.{field}: no column {ref!r}; the header has: "
                + ", ".join(header[:40])
                + (f" and {len(header) - 40} more" if len(header) > 40 else "")
            )
        if len(positions) > 1:
            raise MappingError(
                f"mapping {mapping.name}: columns.{field}: {ref!r} is in the header "
                f"{len(positions)} times (positions "
                + ", ".join(str(p + 1) for p in positions)
                + "): name the column by its position"
            )
        out[field] = (positions[0], f"{positions[0] + 1} ({ref})")
    return out


class _Row:
    def __init__(self, cells: Sequence[str], columns: dict[str, tuple[int, str]]) -> None:
        self.cells, self.columns = cells, columns

    def label(self, field: str) -> str | None:
        return self.columns[field][1] if field in self.columns else None

    def get(self, field: str) -> str | None:
        if field not in self.columns:
            return None
        index = self.columns[field][0]
        value = self.cells[index].strip() if index < len(self.cells) else ""
        return value or None

    def need(self, field: str) -> str:
        value = self.get(field)
        if value is None:
            raise _RowError(self.label(field), f"{field} is empty")
        return value

    def date(self, field: str) -> dt.date | None:
        value = self.get(field)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            raise _RowError(
                self.label(field), f"{value!r} is not a date (write YYYY-MM-DD)"
            ) from None


def _split(mapping: TableMapping, field: str, value: str | None) -> list[str]:
    if value is None:
        return []
    separator = mapping.separators.get(field)
    parts = value.split(separator) if separator else [value]
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


def _translate(mapping: TableMapping, row: _Row, field: str, value: str) -> str:
    table = mapping.values.get(field)
    if not table:
        return value
    if value in table:
        return table[value]
    if value in table.values():
        return value
    raise _RowError(
        row.label(field), f"unknown {field} {value!r}; the mapping knows: {', '.join(table)}"
    )


def _cycle_of(mapping: TableMapping, row: _Row, session: int | None) -> int | None:
    text = row.get("cycle")
    if text is not None:
        if not _WHOLE.fullmatch(text) or int(text) < 1:
            raise _RowError(row.label("cycle"), f"cycle {text!r} is not a whole number >= 1")
        return int(text)
    if session is None:
        return None
    for first, last, cycle in mapping.cycles:
        if first <= session <= last:
            return cycle
    if mapping.cycles:
        raise _RowError(row.label("session"), f"session {session} belongs to no cycle")
    return None


def _template(mapping: TableMapping, key: str, default: str, values: dict[str, Any]) -> str:
    text = mapping.review.get(key, default)
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        raise MappingError(f"mapping {mapping.name}: review.{key}: bad template ({exc})") from None


def _state_code(mapping: TableMapping, row: _Row) -> str:
    name = row.need("state")
    if name in mapping.states:
        return mapping.states[name]
    if re.fullmatch(r"[A-Z]{3}", name):
        return name
    try:
        return _states.code_of(name)
    except _states.UnknownStateError as exc:
        raise _RowError(
            row.label("state"),
            f"{exc}: write the State's name or alpha-3 code, or add "
            f"`{name}: <alpha-3 code>` under `states:` in the mapping",
        ) from None


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


def _one_row(mapping: TableMapping, row: _Row, out: Plan) -> None:
    text = row.need("text")
    state = _state_code(mapping, row)
    session_text = row.get("session")
    session: int | None = None
    if session_text is not None:
        if not _WHOLE.fullmatch(session_text) or int(session_text) < 1:
            raise _RowError(
                row.label("session"), f"session {session_text!r} is not a whole number >= 1"
            )
        session = int(session_text)
    cycle = _cycle_of(mapping, row, session)
    mechanism_name = mapping.review.get("mechanism", "UPR")
    try:
        mechanism = Mechanism(mechanism_name)
    except ValueError:
        raise MappingError(
            f"mapping {mapping.name}: review.mechanism: {mechanism_name!r}"
        ) from None
    values: dict[str, Any] = {
        "state": state,
        "state_lower": state.lower(),
        "state_name": row.need("state"),
        "mechanism": mechanism.value,
        "mechanism_lower": mechanism.value.lower(),
        "session": session if session is not None else "",
        "cycle": cycle if cycle is not None else "",
    }
    review_id = row.get("review") or _template(
        mapping,
        "id",
        "{state_lower}-{mechanism_lower}-{cycle}" if cycle else "{state_lower}-{mechanism_lower}",
        values,
    )
    review_date = row.date("review_date") or (
        mapping.session_dates.get(session) if session is not None else None
    )
    dated_by_table = row.get("review_date") is None and review_date is not None
    if review_date is None:
        review_date = row.date("date")
    if review_date is None:
        raise _RowError(
            row.label("session") or row.label("review_date"),
            "no review date: add a review_date column, or the session's date under "
            "`session_dates:` in the mapping",
        )
    document = row.get("document") or _template(
        mapping, "document", "{mechanism} review of {state}", values
    )
    try:
        review = out.reviews.get(review_id) or Review(
            id=review_id,
            mechanism=mechanism,
            state=state,
            title=Text.plain(_template(mapping, "title", "{mechanism} review of {state}", values)),
            date=review_date,
            cycle=cycle,
            session=str(session) if session is not None else None,
            unverified=mapping.review.get("unverified") if dated_by_table else None,
        )
    except ValueError as exc:
        raise _RowError(row.label("review"), f"review {review_id!r}: {exc}") from None
    if review.state != state:
        raise _RowError(row.label("state"), f"review {review_id} is of {review.state}, not {state}")
    labels = [
        _translate(mapping, row, "themes", c) for c in _split(mapping, "themes", row.get("themes"))
    ]
    proposals = propose(labels, ChainMap(out.themes, out.held_themes), out.theme_keys)
    new_ids = {p.key: p.id for p in proposals}
    themes: list[str] = []
    for label in labels:
        key = label_key(label)
        theme_id = out.theme_keys.get(key) or new_ids[key]
        if theme_id not in themes:
            themes.append(theme_id)
    history: list[Response | Assessment] = []
    response = row.get("response")
    if response is not None:
        position_name = _translate(mapping, row, "response", response)
        try:
            position = Position(position_name)
        except ValueError:
            raise _RowError(
                row.label("response"),
                f"unknown response {response!r}: map it under `values: response:` to one of "
                + ", ".join(p.value for p in Position),
            ) from None
        # a fresh date object: YAML writers anchor a value shared between entries
        on = row.date("response_date") or dt.date.fromordinal(review.date.toordinal())
        history.append(
            Response(
                date=on,
                response=position,
                unverified=None
                if row.get("response_date")
                else "response date taken as the review date; check the outcome report",
            )
        )
    status = row.get("status")
    if status is not None:
        judged_on = row.date("date")
        by = row.get("assessed_by") or mapping.assessed_by
        if judged_on is None or by is None:
            raise _RowError(row.label("status"), "a status needs a date column and who assessed it")
        try:
            history.append(
                Assessment(date=judged_on, status=_translate(mapping, row, "status", status), by=by)
            )
        except ValueError as exc:
            raise _RowError(row.label("status"), str(exc)) from None
    history.sort(key=lambda e: e.date or dt.date.min)
    recommended_by = _split(mapping, "recommended_by", row.get("recommended_by"))
    rec_id = row.get("id") or (
        f"{review_id}-{_digest(state, str(session or ''), text, *recommended_by)}"
    )
    if rec_id in out.recommendations:
        existing = out.recommendations[rec_id]
        if existing.text.pick() == text and existing.review == review_id:
            out.repeated += 1
            return
        raise _RowError(row.label("id"), f"id {rec_id!r} is used by an earlier row")
    paragraph = row.get("paragraph")
    try:
        rec = Recommendation(
            id=rec_id,
            review=review_id,
            text=Text.plain(text),
            source=Source(document=document, paragraph=paragraph),
            paragraph=paragraph,
            themes=tuple(themes),
            rights=tuple(_split(mapping, "rights", row.get("rights"))),
            recommended_by=tuple(recommended_by),
            affected_persons=tuple(
                _split(mapping, "affected_persons", row.get("affected_persons"))
            ),
            history=tuple(history),
        )
    except ValueError as exc:
        raise _RowError(row.label("id"), str(exc)) from None
    if state not in out.states:
        out.states.append(state)
    out.recommendations[rec_id] = rec
    out.reviews.setdefault(review_id, review)
    for proposal in proposals:
        out.themes[proposal.id] = proposal.label
        out.theme_keys[proposal.key] = proposal.id
        if proposal.notice is not None:
            out.notices.append(proposal.notice)


def plan_rows(
    mapping: TableMapping,
    header: Sequence[str],
    rows: Iterable[tuple[int, Sequence[str]]],
    held_themes: Mapping[str, Iterable[str]] | None = None,
) -> Plan:
    """Reviews and recommendations from a table's rows, given as ``(row number, cells)``
    and checked one at a time; bad rows are collected in :attr:`Plan.bad`.
    ``held_themes`` (id -> labels) are the themes of the registry imported into."""
    columns = _resolve_columns(mapping, header)
    out = Plan()
    out.theme_keys, out.held_themes = held_keys(held_themes or {})
    for number, cells in rows:
        if not any(c.strip() for c in cells):
            continue  # blank line
        try:
            _one_row(mapping, _Row(cells, columns), out)
        except _RowError as exc:
            out.note_bad(BadRow(number, exc.column, exc.problem))
        except (ValueError, TypeError) as exc:  # a model check the row tripped
            out.note_bad(BadRow(number, None, str(exc)))
    return out


def plan(mapping: TableMapping, header: Sequence[str], data: Iterable[Sequence[str]]) -> Plan:
    """Reviews and recommendations from a table's data rows (row numbers count the
    header as row 1); see :func:`plan_rows`."""
    return plan_rows(mapping, header, enumerate(data, start=2))

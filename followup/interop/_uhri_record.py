"""One record of the UHRI export, understood: :func:`parse_record` and its helpers."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from typing import Any

from attrs import field, frozen

from followup.errors import FollowupError
from followup.interop import _uhri_text as tx
from followup.interop._uhri_countries import normalise
from followup.model.values import Mechanism, Position

__all__ = [
    "UhriRecord",
    "UhriRecordError",
    "annotation_id",
    "annotation_kind",
    "concerns_state",
    "parse_record",
]

_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
)


class UhriRecordError(FollowupError):
    """One record cannot be understood; names its index and AnnotationId."""

    def __init__(
        self,
        index: int,
        annotation_id: str | None,
        message: str,
        *,
        source: str | os.PathLike[str] | None = None,
    ) -> None:
        self.index, self.annotation_id, self.reason = index, annotation_id, message
        where = f"{os.fspath(source)}: " if source is not None else ""
        super().__init__(f"{where}record {index} (AnnotationId {annotation_id or '?'}): {message}")


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


def annotation_id(raw: Any) -> str | None:
    """The record's AnnotationId (stripped), None when it has none."""
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
    aid = annotation_id(raw)
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
        digits = re.search(r"(?<!\d)\d{1,4}(?!\d)", cycle_raw)
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

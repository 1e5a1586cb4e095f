"""Model values built from simple arguments, for the editor's methods and the CLI.

Bad values raise :class:`~followup.registry.editfile.EditError` naming the value's
kind, never a bare ``ValueError``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from followup.model.dates import parse_date
from followup.model.records import Evidence, Recommendation, Source
from followup.model.text import Text
from followup.registry.convert import unstructure
from followup.registry.editfile import EditError

__all__ = ["build", "build_recommendation", "entry_date", "evidence_of", "plain", "text_of"]

_T = TypeVar("_T")


def build_recommendation(
    *,
    id: str,
    review: str,
    text: Text | str,
    document: str,
    paragraph: str | None = None,
    url: str | None = None,
    themes: Sequence[str] = (),
    rights: Sequence[str] = (),
    follow_up: bool = False,
    reiterates: Sequence[str] = (),
    relates_to: Sequence[str] = (),
    note: Text | str | None = None,
    unverified: str | None = None,
) -> Recommendation:
    """A new :class:`Recommendation` from simple values (for scripts and the CLI); the
    paragraph is the source's. Bad values raise :class:`EditError`."""
    source = build(Source, document=document, paragraph=paragraph, url=url)
    return build(
        Recommendation,
        id=id,
        review=review,
        text=text_of(text),
        source=source,
        themes=tuple(themes),
        rights=tuple(rights),
        follow_up=follow_up,
        reiterates=tuple(reiterates),
        relates_to=tuple(relates_to),
        note=text_of(note),
        unverified=unverified,
    )


def entry_date(entry: Any) -> dt.date:
    """A written entry's date as the model reads it (``2025-05`` is 31 May); an entry
    with none or an unreadable one sorts first."""
    value = entry.get("date") if isinstance(entry, dict) else None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str | int) and not isinstance(value, bool):
        try:
            return parse_date(value)
        except ValueError:
            pass
    return dt.date.min


def text_of(value: Text | str | None) -> Text | None:
    """Text from a plain string (in the registry's language), or as given."""
    return Text.plain(value) if isinstance(value, str) else value


def evidence_of(value: Evidence | str) -> Evidence:
    """Evidence from a URL or a document symbol, or as given."""
    if isinstance(value, Evidence):
        return value
    if value.startswith(("http://", "https://")):
        return build(Evidence, url=value)
    return build(Evidence, document=value)


def build(cls: Callable[..., _T], **fields: Any) -> _T:
    """``cls(**fields)``, its ``ValueError`` or ``TypeError`` as an :class:`EditError`."""
    try:
        return cls(**fields)
    except (ValueError, TypeError) as exc:
        raise EditError(f"{getattr(cls, '__name__', 'value').lower()}: {exc}") from None


def plain(value: Any) -> Any:
    """A value as the registry's plain data (tuples as lists, model values unstructured)."""
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if hasattr(value, "__attrs_attrs__") or isinstance(value, Text):
        return unstructure(value)
    return value

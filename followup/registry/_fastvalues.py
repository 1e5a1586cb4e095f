"""The fast build's checks of single values: each returns the value as the model holds it,
or raises :class:`Declined`.

Each check is the converter's hook for that kind of field followed by the field's
validator (:mod:`followup.registry.convert`, :mod:`followup.model._validators`), with the
same patterns and ``check_*`` rules, but accepting only exact built-in types (``str``,
``int``, ``bool``, ``list``, ``dict``, ``datetime.date``): anything else declines, and the
converter decides. :mod:`followup.registry._fastbuild` builds the records from them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, Final

from followup.model._raw import maker
from followup.model.dates import PartialDate, parse_date
from followup.model.scales import _LEVEL_ID
from followup.model.text import _LANGUAGE_TAG, Text
from followup.model.values import _DOUBLE, _ID, _URL, Mechanism, Position

__all__ = ["Declined"]


class Declined(Exception):  # noqa: N818 (internal signal, always caught)
    """The data is not in the fast build's plain valid shape: the converter decides."""


_MISSING: Final = object()
# the converter's own test of a partial date's form (see convert._date)
_PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$").match
_ID_MATCH, _DOUBLE_SEARCH = _ID.match, _DOUBLE.search
_URL_FULL, _LEVEL_MATCH, _TAG_MATCH = _URL.fullmatch, _LEVEL_ID.match, _LANGUAGE_TAG.match
_POSITIONS: Final = {str(p.value): p for p in Position}
_MECHANISMS: Final = {str(m.value): m for m in Mechanism}
_DATE, _STR, _INT, _DICT, _LIST, _BOOL = dt.date, str, int, dict, list, bool


_new_text: Callable[..., Text] = maker(Text)


# -- scalars: each returns the checked value or raises Declined ------------------------------
def _id(value: Any) -> str:
    if type(value) is not _STR or not _ID_MATCH(value) or _DOUBLE_SEARCH(value):
        raise Declined
    return value


def _opt_id(value: Any) -> str | None:
    return None if value is None else _id(value)


def _nonempty(value: Any) -> str:
    if type(value) is not _STR or not value.strip():
        raise Declined
    return value


def _opt_nonempty(value: Any) -> str | None:
    if value is None:
        return None
    if type(value) is not _STR or not value.strip():
        raise Declined
    return value


def _opt_url(value: Any) -> str | None:
    if value is None:
        return None
    if type(value) is not _STR or not _URL_FULL(value):
        raise Declined
    return value


def _paragraph(value: Any) -> str:
    """The converter's paragraph hook and its validator (``null`` is declined, as the
    converter refuses it)."""
    kind = type(value)
    if kind is _INT:
        return str(value)
    if kind is not _STR or not value.strip():
        raise Declined
    return value  # type: ignore[no-any-return]


def _date(value: Any) -> dt.date:
    kind = type(value)
    if kind is _DATE:
        return value  # type: ignore[no-any-return]
    if kind is _INT and 1000 <= value <= 9999:
        return PartialDate(value)  # type: ignore[no-any-return]
    if kind is _STR and _PARTIAL_DATE(value):
        return parse_date(value)  # a ValueError declines (see build)
    raise Declined


def _opt_date(value: Any) -> dt.date | None:
    return None if value is None else _date(value)


def _text(value: Any) -> Text:
    kind = type(value)
    if kind is _STR:
        if not value.strip():
            raise Declined
        return _new_text((("", value),))
    if kind is not _DICT or not value:
        raise Declined
    for language, item in value.items():
        if type(language) is not _STR or type(item) is not _STR or not item.strip():
            raise Declined
        if language and not _TAG_MATCH(language):
            raise Declined
    return _new_text(tuple(value.items()))


def _opt_text(value: Any) -> Text | None:
    return None if value is None else _text(value)


def _ids(value: Any) -> tuple[str, ...]:
    if type(value) is not _LIST:
        raise Declined
    for item in value:
        if type(item) is not _STR or not _ID_MATCH(item) or _DOUBLE_SEARCH(item):
            raise Declined
    if len(set(value)) != len(value):
        raise Declined
    return tuple(value)


def _confidential(value: Any, marks: frozenset[str]) -> bool | tuple[str, ...]:
    kind = type(value)
    if kind is _BOOL:
        return value  # type: ignore[no-any-return]
    if kind is not _LIST:
        raise Declined
    for name in value:
        if type(name) is not _STR or name not in marks:
            raise Declined
    return tuple(value)


def _all_nonempty(value: Any) -> tuple[str, ...]:
    if type(value) is not _LIST:
        raise Declined
    for item in value:
        if type(item) is not _STR or not item.strip():
            raise Declined
    return tuple(value)

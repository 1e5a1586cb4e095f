"""Model values back to plain data, in the registry's own key order and wording.

The unstructure hooks of the converter in :mod:`followup.registry.convert`: fields in
each class's own order with defaults left out, dates as precise as they were written
(a month as ``"2025-05"``, a year as a number), text and enums as plain strings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import attrs
from cattrs import Converter
from cattrs.gen import make_dict_unstructure_fn

from followup.model.dates import PartialDate
from followup.model.judges import Role
from followup.model.scales import Scale
from followup.model.text import Text
from followup.model.values import Mechanism, Position

__all__ = ["register_unstructure_hooks"]


def _omit_defaults(converter: Converter, cls: type) -> Callable[[Any], dict[str, Any]]:
    """Fields in the class's own order (keyword-only ones included), defaults left out."""
    base: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
        cls, converter, _cattrs_omit_if_default=True
    )
    order = {a.name: i for i, a in enumerate(attrs.fields(cls))}
    if all(not a.kw_only for a in attrs.fields(cls)):
        return base

    def in_order(value: Any) -> dict[str, Any]:
        data = base(value)
        return {k: data[k] for k in sorted(data, key=lambda k: order.get(k, len(order)))}

    return in_order


def _unstructure_date(day: dt.date) -> dt.date | str | int:
    """A day as a date; a month as ``"2025-05"``; a year as a number, as people write it."""
    if not isinstance(day, PartialDate):
        return day
    return day.year if day.precision == "year" else day.isoformat()


def register_unstructure_hooks(converter: Converter, classes: Iterable[type]) -> None:
    """Register on ``converter`` the hooks for scalars and for each of ``classes``."""
    converter.register_unstructure_hook(Text, lambda t: t.as_plain())
    converter.register_unstructure_hook(dt.date, _unstructure_date)
    for enum_type in (Mechanism, Position, Role):
        converter.register_unstructure_hook(enum_type, lambda e: str(e.value))
    converter.register_unstructure_hook(
        bool | tuple[str, ...], lambda v: v if isinstance(v, bool) else list(v)
    )
    converter.register_unstructure_hook(
        str | Scale, lambda v: v if isinstance(v, str) else converter.unstructure(v, Scale)
    )
    for cls in classes:
        converter.register_unstructure_hook(cls, _omit_defaults(converter, cls))

"""The attrs validators the model's value classes share, one per kind of field.

Each wraps a ``check_*`` function of :mod:`followup.model.values` in attrs' validator
signature. The JSON Schema generator (:mod:`followup.interop.schema`) recognises a
field's check by the validator's name, so these names are part of that contract.
"""

from __future__ import annotations

import datetime as dt

from followup.model.scales import check_level_id
from followup.model.values import (
    Position,
    check_date,
    check_id,
    check_nonempty,
    check_state,
    check_url,
)


def _id(_i: object, _a: object, value: str) -> None:
    check_id(value)


def _opt_id(_i: object, _a: object, value: str | None) -> None:
    if value is not None:
        check_id(value)


def _ids(_i: object, _a: object, values: tuple[str, ...]) -> None:
    for value in values:
        check_id(value)
    if len(set(values)) != len(values):
        repeated = sorted({v for v in values if values.count(v) > 1})
        raise ValueError(f"listed more than once: {', '.join(repeated)}")


def _opt_url(_i: object, _a: object, value: str | None) -> None:
    if value is not None:
        check_url(value)


def _position(_i: object, _a: object, value: Position) -> None:
    if not isinstance(value, Position):
        raise ValueError(
            f"{value!r} is not a position such as Position.SUPPORTED "
            "(a response's date is a keyword: Response(date=..., response=...))"
        )


def _date(_i: object, _a: object, value: dt.date) -> None:
    check_date(value)


def _opt_date(_i: object, _a: object, value: dt.date | None) -> None:
    if value is not None:
        check_date(value)


def _nonempty(_i: object, _a: object, value: str) -> None:
    check_nonempty(value)


def _opt_nonempty(_i: object, _a: object, value: str | None) -> None:
    if value is not None:
        check_nonempty(value)


def _nonempty_all(_i: object, _a: object, values: tuple[str, ...]) -> None:
    for value in values:
        check_nonempty(value)


def _state(_i: object, _a: object, value: str) -> None:
    check_state(value)


def _states(_i: object, _a: object, values: tuple[str, ...]) -> None:
    if not values:
        raise ValueError("name at least one State")
    for value in values:
        check_state(value)


def _positive(_i: object, _a: object, value: float) -> None:
    if not value > 0:
        raise ValueError(f"weight must be greater than 0, not {value!r}")


def _cycle(_i: object, _a: object, value: int | None) -> None:
    if value is not None and value < 1:
        raise ValueError(f"cycle must be 1 or more, not {value!r}")


def _level(_i: object, _a: object, value: str) -> None:
    check_level_id(value)

"""Dates as precise as their source: a day, a month or a year.

Sources often give only "May 2025" or "in 2017". A registry writes such a date as
``2025-05`` or ``2017`` and followup carries it as a :class:`PartialDate`, never as a
made-up day. The one rule for computations: **a date known to the month or the year
counts from the last day of that month or year** (``2025-05`` is on or before an as-of
date only from 31 May 2025 on), so no figure claims a fact earlier than its source
allows. A ``PartialDate`` therefore *is* that last day for every comparison and
subtraction (it subclasses :class:`datetime.date`), and differs from a plain date only in
how it is written (``2025-05``, "May 2025") and in equality: ``2025-05`` is not equal to
``2025-05-31``, because they say different things.

>>> d = PartialDate(2025, 5)
>>> d.isoformat(), d.precision, d.first_day
('2025-05', 'month', datetime.date(2025, 5, 1))
>>> d <= dt.date(2025, 5, 31), d <= dt.date(2025, 5, 30)
(True, False)
>>> parse_date("2017"), precision_of(dt.date(2017, 3, 1))
(PartialDate(2017), 'day')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, Literal

from followup.errors import FollowupError

__all__ = [
    "DateLike",
    "InvalidDate",
    "PartialDate",
    "Precision",
    "as_date",
    "as_optional_date",
    "first_day",
    "parse_date",
    "precision_of",
]

Precision = Literal["day", "month", "year"]

_FORMS = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

#: What the public API takes for a date: a :class:`datetime.date` or an ISO date string
#: such as ``"2025-06-30"``.
DateLike = dt.date | str


class InvalidDate(FollowupError, ValueError):  # noqa: N818 (reads as the situation it names)
    """A string given for a date that is not an ISO date (``2025-06-30``) of the calendar."""


class PartialDate(dt.date):
    """A date known only to the month (``PartialDate(2025, 5)``) or the year.

    It compares, subtracts and sorts as the last day of its month or year; arithmetic
    on it (``d + timedelta``) gives a plain :class:`datetime.date`. Immutable and
    hashable like a date.
    """

    __slots__ = ("_precision",)
    _precision: Precision

    def __new__(cls, year: int, month: int | None = None, day: int | None = None) -> Any:
        if day is not None:
            # what date arithmetic and replace() call: a computed day is a plain date
            return dt.date(year, month or 1, day)
        if month is None:
            self = super().__new__(cls, year, 12, 31)
            object.__setattr__(self, "_precision", "year")
        else:
            if not 1 <= month <= 12:
                raise ValueError(f"month must be in 1..12, not {month}")
            last = calendar.monthrange(year, month)[1]
            self = super().__new__(cls, year, month, last)
            object.__setattr__(self, "_precision", "month")
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"PartialDate is immutable (cannot set {name})")

    @property
    def precision(self) -> Precision:
        """``month`` or ``year``."""
        return self._precision

    @property
    def first_day(self) -> dt.date:
        """The first day the date may stand for (1 May 2025 for ``2025-05``)."""
        return dt.date(self.year, 1 if self._precision == "year" else self.month, 1)

    @property
    def last_day(self) -> dt.date:
        """The day the date counts from in every computation, as a plain date."""
        return dt.date(self.year, self.month, self.day)

    def isoformat(self) -> str:
        """``2025-05`` or ``2017``: the date as precise as it is known."""
        if self._precision == "year":
            return f"{self.year:04d}"
        return f"{self.year:04d}-{self.month:02d}"

    __str__ = isoformat

    def __repr__(self) -> str:
        if self._precision == "year":
            return f"PartialDate({self.year})"
        return f"PartialDate({self.year}, {self.month})"

    def __reduce__(self) -> tuple[Any, ...]:
        if self._precision == "year":
            return (PartialDate, (self.year,))
        return (PartialDate, (self.year, self.month))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, dt.date) and not isinstance(other, dt.datetime):
            return self.toordinal() == other.toordinal() and precision_of(other) == self._precision
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash((self.toordinal(), self._precision))


def precision_of(day: dt.date) -> Precision:
    """``day``, ``month`` or ``year``: how precisely ``day`` is known."""
    return day.precision if isinstance(day, PartialDate) else "day"


def first_day(day: dt.date) -> dt.date:
    """The earliest day ``day`` may stand for: itself, or the first of its month or year."""
    return day.first_day if isinstance(day, PartialDate) else day


def parse_date(value: str | int) -> dt.date:
    """``2025-05-31`` gives a date, ``2025-05`` a month and ``2017`` (text or number) a
    year; anything else raises ValueError."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a date")
    if isinstance(value, int):
        if 1 <= value <= 9999:
            return PartialDate(value)  # type: ignore[no-any-return]
        raise ValueError(f"{value!r} is not a year")
    match = _FORMS.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"{value!r} is not a date: write 2025-05-31, 2025-05 or 2025")
    year, month, day = match.groups()
    if day is not None:
        return dt.date(int(year), int(month), int(day))
    found: dt.date = (
        PartialDate(int(year), int(month)) if month is not None else PartialDate(int(year))
    )
    return found


def as_date(value: object, name: str) -> dt.date:
    """``value`` as a date: a :class:`datetime.date` as it is (a datetime's day), an ISO
    string ``YYYY-MM-DD`` parsed. Anything else raises TypeError (ValueError for a string
    that is not a real day) naming the parameter ``name`` and the format.

    >>> as_date("2025-06-30", "as_of")
    datetime.date(2025, 6, 30)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _ISO_DAY.fullmatch(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise InvalidDate(f"{name}: {value!r} is not a day of the calendar") from None
        raise InvalidDate(
            f"{name} must be a date or an ISO date string like '2025-06-30', got {value!r}"
        )
    raise TypeError(f"{name} must be a date or an ISO date string like '2025-06-30', got {value!r}")


def as_optional_date(value: object, name: str) -> dt.date | None:
    """:func:`as_date`, with None kept as None."""
    return None if value is None else as_date(value, name)

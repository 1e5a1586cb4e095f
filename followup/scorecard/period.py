"""Reporting periods: a month, a quarter, a half-year or a year, written ``2025-Q3``.

>>> p = Period.parse("2025-Q3")
>>> p.start, p.end
(datetime.date(2025, 7, 1), datetime.date(2025, 9, 30))
>>> str(p.previous), str(p.next)
('2025-Q2', '2025-Q4')
>>> [str(q) for q in periods(Period.parse("2024-Q4"), Period.parse("2025-Q2"))]
['2024-Q4', '2025-Q1', '2025-Q2']
"""

from __future__ import annotations

import datetime as dt
import re

from attrs import field, frozen

from followup.errors import FollowupError
from followup.i18n import format_date, message
from followup.model.dates import PartialDate

__all__ = ["KINDS", "Period", "PeriodError", "periods"]

#: Period kinds and how many months each spans.
KINDS = {"month": 1, "quarter": 3, "half": 6, "year": 12}

_FORMS = (
    (re.compile(r"^(\d{4})-Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-H([12])$"), "half"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})$"), "year"),
)


class PeriodError(FollowupError, ValueError):
    """A period written in a form followup does not read."""


def _kind(_i: object, _a: object, value: str) -> None:
    if value not in KINDS:
        raise PeriodError(f"a period is a month, quarter, half or year, not {value!r}")


@frozen(order=True)
class Period:
    """A calendar period: ``kind`` (month, quarter, half, year), ``year`` and ``number``
    (the month 1-12, the quarter 1-4, the half 1-2; 1 for a year)."""

    year: int
    number: int
    kind: str = field(validator=_kind)

    def __attrs_post_init__(self) -> None:
        count = 12 // KINDS[self.kind]
        if not 1 <= self.number <= count:
            raise PeriodError(f"a {self.kind} is numbered 1 to {count}, not {self.number}")
        if not 1 <= self.year <= 9999:
            raise PeriodError(f"year {self.year} is out of range")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2025-Q3``, ``2025-H1``, ``2025-07`` or ``2025``."""
        value = text.strip().upper()
        for pattern, kind in _FORMS:
            match = pattern.match(value)
            if match:
                year = int(match.group(1))
                number = int(match.group(2)) if kind != "year" else 1
                return cls(year, number, kind)
        raise PeriodError(
            f"{text!r} is not a period: write a quarter (2025-Q3), a half-year (2025-H1), "
            "a month (2025-07) or a year (2025)"
        )

    @classmethod
    def containing(cls, day: dt.date, kind: str = "quarter") -> Period:
        """The period of ``kind`` that holds ``day``."""
        if kind not in KINDS:
            raise PeriodError(f"a period is a month, quarter, half or year, not {kind!r}")
        return cls(day.year, (day.month - 1) // KINDS[kind] + 1, kind)

    @property
    def start(self) -> dt.date:
        """The period's first day."""
        return dt.date(self.year, (self.number - 1) * KINDS[self.kind] + 1, 1)

    @property
    def end(self) -> dt.date:
        """The period's last day."""
        last_month = self.number * KINDS[self.kind]
        if last_month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, last_month + 1, 1) - dt.timedelta(days=1)

    @property
    def next(self) -> Period:
        """The period right after this one."""
        if self.number < 12 // KINDS[self.kind]:
            return Period(self.year, self.number + 1, self.kind)
        return Period(self.year + 1, 1, self.kind)

    @property
    def previous(self) -> Period:
        """The period right before this one."""
        if self.number > 1:
            return Period(self.year, self.number - 1, self.kind)
        return Period(self.year - 1, 12 // KINDS[self.kind], self.kind)

    def __str__(self) -> str:
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        if self.kind == "half":
            return f"{self.year}-H{self.number}"
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        return f"{self.year}"

    def label(self, language: str = "en") -> str:
        """The period as the language writes it: ``Q3 2025``, ``3-й квартал 2025 г.``."""
        if self.kind == "month":  # as the language writes a month: "July 2025", "2025年7月"
            return format_date(PartialDate(self.year, self.number), language)
        if self.kind == "quarter":
            return message("period.quarter", language, quarter=self.number, year=self.year)
        if self.kind == "half":
            return message("period.half", language, half=self.number, year=self.year)
        return message("period.year", language, year=self.year)


def periods(first: Period, last: Period) -> tuple[Period, ...]:
    """Every period from ``first`` to ``last`` (both included, of the same kind)."""
    if first.kind != last.kind:
        raise PeriodError(f"{first} and {last} are not periods of the same kind")
    if last < first:
        raise PeriodError(f"{last} comes before {first}")
    out = [first]
    while out[-1] != last:
        out.append(out[-1].next)
    return tuple(out)

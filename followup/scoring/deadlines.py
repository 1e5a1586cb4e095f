"""Follow-up deadlines: what is due when, whether the State replied, the grades, what is overdue.

A procedure is in one of three states as of a date (:attr:`Deadline.reply`):

- ``recorded``: a dated reply is recorded for every paragraph under follow-up;
- ``undated``: a reply is known for every paragraph, but for some its date is not
  established (a response without ``date:``);
- ``none``: no reply is known for some paragraph.

Only the last can be *overdue*: a reply known to exist is never called missing.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Literal

from attrs import frozen

from followup.model.dates import DateLike, as_date, as_optional_date
from followup.model.records import Assessment, Response
from followup.model.registry import Registry
from followup.model.values import Position

__all__ = ["Deadline", "FollowUpItem", "ReplyState", "deadlines", "elapsed"]

#: ``recorded``, ``undated`` or ``none`` (see the module's docstring).
ReplyState = Literal["recorded", "undated", "none"]

_REPLIED = {Position.REPLY_RECEIVED}


@frozen
class FollowUpItem:
    """One recommendation under follow-up: the State's reply and the Committee's grade."""

    rec_id: str
    paragraph: str | None
    replied_on: dt.date | None  # the first reply received on or before the date asked
    grade: str | None  # the latest grade on the hrc-follow-up scale, on or before it
    graded_on: dt.date | None
    unverified: bool  # the recommendation or its grade carries an `unverified` mark
    reply_undated: bool = False  # a reply is known to exist, its date not established

    @property
    def reply(self) -> ReplyState:
        """``recorded``, ``undated`` or ``none`` for this paragraph."""
        if self.replied_on is not None:
            return "recorded"
        return "undated" if self.reply_undated else "none"


@frozen
class Deadline:
    """A review's follow-up procedure as of a date."""

    review: str
    due: dt.date | None
    due_unverified: str | None  # the follow-up's `unverified` mark, if any
    items: tuple[FollowUpItem, ...]
    as_of: dt.date
    reviewed_on: dt.date | None = None  # the review's date (when the procedure began)

    @property
    def replied(self) -> bool:
        """True when a dated reply is recorded for every paragraph under follow-up."""
        return bool(self.items) and all(i.replied_on is not None for i in self.items)

    @property
    def reply(self) -> ReplyState:
        """The procedure's state: the least known of its paragraphs' (``none`` if none)."""
        states = {i.reply for i in self.items}
        if not states or "none" in states:
            return "none"
        return "undated" if "undated" in states else "recorded"

    @property
    def overdue(self) -> bool:
        """Due before the date asked, and no reply is known for some paragraph."""
        return self.due is not None and self.due < self.as_of and self.reply == "none"

    @property
    def days_left(self) -> int | None:
        """Days from the date asked to the due date (negative once past)."""
        return None if self.due is None else (self.due - self.as_of).days


def deadlines(
    registry: Registry, as_of: DateLike | None = None, grade_scale: str = "hrc-follow-up"
) -> tuple[Deadline, ...]:
    """Each review with a follow-up procedure, by due date (unknown due dates last)."""
    day = as_optional_date(as_of, "as_of") or dt.date.today()
    out = []
    for review in registry.reviews.values():
        if review.follow_up is None:
            continue
        items = []
        for rec in registry.by_review(review.id):
            if not rec.follow_up:
                continue
            replies = [
                e.date
                for e in rec.history
                if type(e) is Response
                and e.response in _REPLIED
                and e.date is not None
                and e.date <= day
            ]
            undated = any(
                type(e) is Response and e.response in _REPLIED and e.date is None
                for e in rec.history
            )
            grades = [
                e
                for e in rec.history
                if type(e) is Assessment and e.scale == grade_scale and e.date <= day
            ]
            grade = grades[-1] if grades else None
            items.append(
                FollowUpItem(
                    rec_id=rec.id,
                    paragraph=rec.paragraph or rec.source.paragraph,
                    replied_on=replies[0] if replies else None,
                    reply_undated=undated,
                    grade=grade.status if grade else None,
                    graded_on=grade.date if grade else None,
                    unverified=rec.unverified is not None
                    or (grade is not None and grade.unverified is not None),
                )
            )
        out.append(
            Deadline(
                review=review.id,
                due=review.follow_up.due,
                due_unverified=review.follow_up.unverified,
                items=tuple(items),
                as_of=day,
                reviewed_on=review.date,
            )
        )
    return tuple(sorted(out, key=lambda d: (d.due is None, d.due or dt.date.min, d.review)))


def elapsed(start: DateLike, end: DateLike) -> tuple[int, int, int]:
    """Whole years, months and days from ``start`` to ``end`` (``end`` not before it).

    >>> elapsed(dt.date(2017, 7, 11), dt.date(2025, 9, 30))
    (8, 2, 19)

    Dates or ISO strings such as ``"2025-06-30"``.
    """
    start, end = as_date(start, "start"), as_date(end, "end")
    if end < start:
        raise ValueError(f"{end} is before {start}")
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    years, months = divmod(months, 12)
    anchor_month = start.month + months
    anchor_year = start.year + years + (anchor_month - 1) // 12
    anchor_month = (anchor_month - 1) % 12 + 1
    last = calendar.monthrange(anchor_year, anchor_month)[1]
    anchor = dt.date(anchor_year, anchor_month, min(start.day, last))
    return years, months, (end - anchor).days

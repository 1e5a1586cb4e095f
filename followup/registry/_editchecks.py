"""Checks an edit makes at once, before any text is made: dates and assessment levels."""

from __future__ import annotations

import datetime as dt

from followup.model.dates import first_day
from followup.model.manifest import RegistryInfo
from followup.model.records import Assessment
from followup.model.registry import UnknownIdError, suggest
from followup.registry._filecheck import Context
from followup.registry.editfile import EditError

__all__ = ["check_date", "check_level"]


def check_date(today: dt.date, on: dt.date, what: str) -> None:
    """Refuse what is not a date, or a date after ``today``."""
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise EditError(
            f"{what}: {on!r} is not a date (YYYY-MM-DD, or PartialDate(2025, 5) for a month)"
        )
    if first_day(on) > today:
        raise EditError(f"{what}: {on.isoformat()} is in the future (today is {today.isoformat()})")


def check_level(info: RegistryInfo, rec_id: str, entry: Assessment) -> None:
    """Refuse an assessment whose level is not one of its scale's."""
    scale_id = entry.scale or info.default_scale
    scales = Context.of(info).scales
    if scale_id not in scales:
        raise UnknownIdError("scale", scale_id, scales)
    scale = scales[scale_id]
    if entry.status not in scale:
        allowed = ", ".join(scale.level_ids)
        near = suggest(entry.status, scale.level_ids)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        raise EditError(
            f"{rec_id}: {entry.status!r} is not a level of scale {scale_id!r}{hint}; "
            f"use one of: {allowed}"
        )

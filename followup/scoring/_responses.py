"""The States' latest responses, counted by group (apart from the implementation scores)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from attrs import frozen

from followup.model.dates import DateLike, as_optional_date
from followup.model.records import Recommendation
from followup.model.registry import Registry, UnknownIdError
from followup.scoring.score import _GROUPINGS, DIMENSIONS, _product

__all__ = ["NO_RESPONSE", "ResponseGroup", "responses"]


#: The response key of recommendations with no response recorded by the date.
NO_RESPONSE = "no-response"


@frozen
class ResponseGroup:
    """The States' latest responses in one group: position -> recommendation ids."""

    key: tuple[str, ...]
    ids: Mapping[str, tuple[str, ...]]  # by position value, and NO_RESPONSE

    def count(self, position: str) -> int:
        """How many recommendations' latest response is ``position``."""
        return len(self.ids.get(position, ()))


def responses(
    registry: Registry,
    by: str | Sequence[str] = (),
    *,
    as_of: DateLike | None = None,
    where: Callable[[Recommendation], bool] | None = None,
) -> tuple[ResponseGroup, ...]:
    """The latest response of each recommendation as of a date, counted by group.

    Responses (supported, noted, reply received, ...) say what a State answered, not
    what it did: they are reported apart from the implementation scores.
    """
    dims = (by,) if isinstance(by, str) else tuple(by)
    for dim in dims:
        if dim not in _GROUPINGS or dim == "judge":
            raise UnknownIdError("grouping", dim, [d for d in DIMENSIONS if d != "judge"])
    day = as_optional_date(as_of, "as_of") or dt.date.today()
    keyers = [_GROUPINGS[d] for d in dims]
    groups: dict[Any, dict[str, list[str]]] = {}
    for rec in registry.recommendations.values():
        if where is not None and not where(rec):
            continue
        latest = rec.latest_response(day)
        position = latest.response.value if latest is not None else NO_RESPONSE
        for key in _product(keyers, registry, rec, None):
            groups.setdefault(key, {}).setdefault(position, []).append(rec.id)
    return tuple(
        ResponseGroup(key, {p: tuple(sorted(ids)) for p, ids in groups[key].items()})
        for key in sorted(groups)
    )

"""Mapping files of ``followup import table``: which column holds which field.

A mapping (YAML, see ``docs/interop.md`` and the shipped ``mappings/*.yaml``) names
columns by header or by 1-based position, says how to split multi-valued cells, how to
translate values (``Accepted: supported``), which UPR session belongs to which cycle and
how to name reviews. :func:`load_mapping` reads one (bounded, through
:mod:`followup.registry.reading`); :func:`parse_mapping` checks its plain data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from followup.errors import FollowupError
from followup.interop import states as _states

__all__ = [
    "FIELDS",
    "MAPPINGS_DIR",
    "SHIPPED",
    "MappingError",
    "TableMapping",
    "load_mapping",
    "parse_mapping",
]

MAPPINGS_DIR = Path(__file__).with_name("mappings")
#: Names of the mappings shipped with followup (``--mapping upr-info``).
SHIPPED = ("upr-info", "upr-info-csv")

#: Fields a mapping's ``columns`` may name.
FIELDS = (
    "id",
    "review",
    "state",
    "text",
    "paragraph",
    "document",
    "themes",
    "rights",
    "affected_persons",
    "recommended_by",
    "response",
    "response_date",
    "status",
    "date",
    "assessed_by",
    "session",
    "cycle",
    "review_date",
)
_MAPPING_KEYS = frozenset(
    {
        "followup-mapping",
        "description",
        "columns",
        "separators",
        "values",
        "states",
        "cycles",
        "session_dates",
        "review",
        "assessed_by",
    }
)
_REVIEW_KEYS = frozenset({"mechanism", "id", "title", "document", "unverified"})


class MappingError(FollowupError):
    """A mapping file that cannot be used."""


@attrs.frozen
class TableMapping:
    """A parsed mapping file."""

    name: str
    columns: Mapping[str, str | int]
    separators: Mapping[str, str]
    values: Mapping[str, Mapping[str, str]]
    states: Mapping[str, str]
    cycles: tuple[tuple[int, int, int], ...]  # (first session, last session, cycle)
    session_dates: Mapping[int, dt.date]
    review: Mapping[str, str]
    assessed_by: str | None


def _fail(name: str, where: str, problem: str) -> MappingError:
    return MappingError(f"mapping {name}: {where}: {problem}")


def load_mapping(name_or_path: str) -> TableMapping:
    """A mapping from a file, or a shipped one by name (``upr-info``, ``upr-info-csv``)."""
    from followup.registry import yamlio
    from followup.registry.reading import read_bounded

    path = Path(name_or_path)
    if not path.is_file() and name_or_path in SHIPPED:
        path = MAPPINGS_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        raise MappingError(
            f"no mapping {name_or_path!r}: give a mapping file or one of {', '.join(SHIPPED)}"
        )
    try:
        data = yamlio.safe_load(yamlio.decode(read_bounded(path, what="mapping")))
    except OSError as exc:
        raise MappingError(f"{path}: cannot read the mapping ({exc.strerror or exc})") from None
    except yamlio.ParseFailure as failure:
        p = failure.problem
        raise MappingError(f"{path}:{p.line or 1}:{p.column or 1}: {p.message}") from None
    return parse_mapping(data, str(path))


def _str_map(data: Any, name: str, where: str) -> dict[str, str]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _fail(name, where, "expected a mapping")
    out = {}
    for key, value in data.items():
        if not isinstance(value, str):
            raise _fail(name, f"{where}.{key}", f"expected text, found {value!r}")
        out[str(key)] = value
    return out


def parse_mapping(data: Any, name: str = "<mapping>") -> TableMapping:
    """A :class:`TableMapping` from the plain data of a mapping file (checked)."""
    if not isinstance(data, dict):
        raise _fail(name, "file", "a mapping file is a YAML mapping")
    if data.get("followup-mapping") != 1:
        raise _fail(name, "followup-mapping", "start the file with `followup-mapping: 1`")
    for key in data:
        if key not in _MAPPING_KEYS:
            raise _fail(name, str(key), f"unknown key; known: {', '.join(sorted(_MAPPING_KEYS))}")
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, dict) or not raw_columns:
        raise _fail(name, "columns", "name the columns: `columns: {text: Recommendation, ...}`")
    columns: dict[str, str | int] = {}
    for key, value in raw_columns.items():
        if key not in FIELDS:
            raise _fail(name, f"columns.{key}", f"unknown field; known: {', '.join(FIELDS)}")
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise _fail(name, f"columns.{key}", "a header name or a 1-based position")
        if isinstance(value, int) and value < 1:
            raise _fail(name, f"columns.{key}", "positions count from 1")
        columns[key] = value
    if "text" not in columns:
        raise _fail(name, "columns", "the `text` column is required")
    if "state" not in columns:
        raise _fail(
            name,
            "columns",
            "the `state` column is required: the State under review, as a name "
            "(Kazakhstan, Republic of Korea) or an alpha-3 code (KAZ)",
        )
    values: dict[str, dict[str, str]] = {}
    raw_values = data.get("values") or {}
    if not isinstance(raw_values, dict):
        raise _fail(name, "values", "expected a mapping of field -> {cell: value}")
    for key, table in raw_values.items():
        values[str(key)] = _str_map(table, name, f"values.{key}")
    cycles: list[tuple[int, int, int]] = []
    for index, rule in enumerate(data.get("cycles") or []):
        sessions = rule.get("sessions") if isinstance(rule, dict) else None
        cycle = rule.get("cycle") if isinstance(rule, dict) else None
        if (
            not isinstance(sessions, list)
            or len(sessions) != 2
            or not all(isinstance(s, int) for s in sessions)
            or not isinstance(cycle, int)
        ):
            raise _fail(name, f"cycles[{index}]", "write `{sessions: [first, last], cycle: n}`")
        cycles.append((sessions[0], sessions[1], cycle))
    session_dates: dict[int, dt.date] = {}
    raw_dates = data.get("session_dates") or {}
    if not isinstance(raw_dates, dict):
        raise _fail(name, "session_dates", "expected a mapping of session -> date")
    for key, value in raw_dates.items():
        if not isinstance(key, int) or not isinstance(value, dt.date):
            raise _fail(name, f"session_dates.{key}", "a session number and a date")
        session_dates[key] = value
    review = _str_map(data.get("review"), name, "review")
    for key in review:
        if key not in _REVIEW_KEYS:
            raise _fail(name, f"review.{key}", f"unknown key; known: {', '.join(_REVIEW_KEYS)}")
    assessed_by = data.get("assessed_by")
    if assessed_by is not None and not isinstance(assessed_by, str):
        raise _fail(name, "assessed_by", "expected text")
    states = _str_map(data.get("states"), name, "states")
    for key, code in states.items():
        if code not in _states.CODES:
            guess = _states.lookup(key)
            hint = f" ({key} is {guess})" if guess else ""
            raise _fail(name, f"states.{key}", f"{code!r} is not an alpha-3 State code{hint}")
    return TableMapping(
        name=name,
        columns=columns,
        separators=_str_map(data.get("separators"), name, "separators"),
        values=values,
        states=states,
        cycles=tuple(cycles),
        session_dates=session_dates,
        review=review,
        assessed_by=assessed_by,
    )

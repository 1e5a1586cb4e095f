"""Export a registry for analysts: flat rows (CSV, Parquet, DataFrames) and JSON.

- :func:`rows` flattens a registry: one row per recommendation with its latest response
  and the assessment in force (on the default scale) as of a date, or with
  ``history=True`` one row per history entry.
- :func:`to_json` writes the registry in the converter's own wire format (the plain data
  of a single-file registry) as one JSON document; :func:`registry_from_json` reads it
  back, validated as :func:`followup.load` validates files.
- :func:`export` makes CSV, JSON or Parquet bytes; :func:`run_cli` is ``followup
  export``, which writes them atomically and never through a symbolic link
  (:mod:`followup.registry.outputs`).

Confidential data is left out unless asked for (see :mod:`followup.model.public`).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from followup.errors import FollowupError, RegistryError
from followup.interop._rows import visible
from followup.interop.spreadsheet import write_csv, write_xlsx
from followup.interop.tables import TABLES
from followup.model.records import Assessment, HistoryEntry, Recommendation, Response
from followup.model.registry import Registry
from followup.model.text import Text
from followup.scoring.status import in_force

__all__ = [
    "HISTORY_COLUMNS",
    "RECOMMENDATION_COLUMNS",
    "export",
    "export_dataset",
    "registry_from_json",
    "rows",
    "to_csv",
    "to_json",
    "to_parquet",
]

#: Columns of :func:`rows` (one row per recommendation), in order.
RECOMMENDATION_COLUMNS: tuple[str, ...] = (
    "id",
    "review",
    "mechanism",
    "state",
    "document",
    "paragraph",
    "text",
    "themes",
    "rights",
    "sdg_targets",
    "affected_persons",
    "recommended_by",
    "follow_up",
    "uhri_id",
    "response",
    "response_date",
    "status",
    "status_date",
    "status_by",
)

#: Columns of :func:`rows` with ``history=True`` (one row per history entry), in order.
HISTORY_COLUMNS: tuple[str, ...] = (
    "recommendation",
    "kind",
    "date",
    "position",
    "status",
    "scale",
    "by",
    "document",
    "url",
    "evidence",
    "note",
)

_LIST_COLUMNS = frozenset(
    {"themes", "rights", "sdg_targets", "affected_persons", "recommended_by", "evidence"}
)


def _text(value: Text | None, language: str) -> str | None:
    if value is None:
        return None
    return value.pick(language, default_language=language)


def _rec_row(registry: Registry, rec: Recommendation, as_of: dt.date) -> dict[str, Any]:
    review = registry.reviews[rec.review]
    language = registry.info.language
    default_scale = registry.info.default_scale
    response = rec.latest_response(as_of)
    assessment = in_force(rec, as_of, default_scale, default_scale)
    return {
        "id": rec.id,
        "review": rec.review,
        "mechanism": review.mechanism.value,
        "state": review.state,
        "document": rec.source.document,
        "paragraph": rec.paragraph if rec.paragraph is not None else rec.source.paragraph,
        "text": _text(rec.text, language),
        "themes": list(rec.themes),
        "rights": list(rec.rights),
        "sdg_targets": list(rec.sdg_targets),
        "affected_persons": list(rec.affected_persons),
        "recommended_by": list(rec.recommended_by),
        "follow_up": rec.follow_up,
        "uhri_id": rec.uhri_id,
        "response": None if response is None else response.response.value,
        "response_date": None if response is None else response.date,
        "status": None if assessment is None else assessment.status,
        "status_date": None if assessment is None else assessment.date,
        "status_by": None if assessment is None else assessment.by,
    }


def _history_row(registry: Registry, rec: Recommendation, entry: HistoryEntry) -> dict[str, Any]:
    is_response = isinstance(entry, Response)
    return {
        "recommendation": rec.id,
        "kind": "response" if is_response else "assessment",
        "date": entry.date,
        "position": entry.response.value if isinstance(entry, Response) else None,
        "status": entry.status if isinstance(entry, Assessment) else None,
        "scale": (entry.scale or registry.info.default_scale)
        if isinstance(entry, Assessment)
        else None,
        "by": entry.by,
        "document": entry.document if isinstance(entry, Response) else None,
        "url": entry.url if isinstance(entry, Response) else None,
        "evidence": [e.citation for e in entry.evidence],
        "note": _text(entry.note, registry.info.language),
    }


def rows(
    registry: Registry,
    *,
    as_of: dt.date | None = None,
    history: bool = False,
    include_confidential: bool = False,
) -> list[dict[str, Any]]:
    """The registry as flat rows (dicts keyed by :data:`RECOMMENDATION_COLUMNS`, or by
    :data:`HISTORY_COLUMNS` with ``history=True``).

    List-valued cells (themes, rights, ...) are lists; dates are :class:`datetime.date`.
    ``as_of`` (default today) chooses the latest response and the assessment in force on
    the registry's default scale; history rows list every entry whatever its date.
    Confidential data is left out unless ``include_confidential``.
    """
    registry = visible(registry, include_confidential)
    if history:
        return [
            _history_row(registry, rec, entry)
            for rec in registry.recommendations.values()
            for entry in rec.history
        ]
    day = as_of or dt.date.today()
    return [_rec_row(registry, rec, day) for rec in registry.recommendations.values()]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def to_csv(table: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """CSV text (header row, lists joined with ``"; "``, empty cells for nothing)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in table:
        writer.writerow([_cell(row.get(name)) for name in columns])
    return buffer.getvalue()


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")  # pragma: no cover


def to_plain_json(registry: Registry, *, include_confidential: bool = False) -> dict[str, Any]:
    """The registry as JSON-ready plain data (the single-file layout; dates as text)."""
    from followup.registry.dump import to_plain

    data = to_plain(visible(registry, include_confidential))
    result: dict[str, Any] = json.loads(json.dumps(data, default=_json_default))
    return result


def to_json(registry: Registry, *, include_confidential: bool = False) -> str:
    """The registry as one JSON document in the converter's wire format."""
    data = to_plain_json(registry, include_confidential=include_confidential)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def registry_from_json(data: Any) -> Registry:
    """A registry from the data of :func:`to_json` (parsed JSON, or the JSON text).

    The data is checked as :func:`followup.load` checks a single-file registry (field
    types, unknown fields, ids, themes, links, scales, history order); errors raise
    :class:`followup.RegistryError`.
    """
    from followup.registry.layout import Layout
    from followup.registry.load import check_files

    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise FollowupError(f"not JSON: {exc}") from None
    where = Path("<json>")
    layout = Layout(Path(), where, (), single_file=True)
    registry, report = check_files(layout, [], None, locate="none", plain={where: data})
    if registry is None:
        raise RegistryError(report)
    return registry


def to_parquet(table: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """Parquet bytes of the rows (needs the ``parquet`` extra: pyarrow), typed as the same
    columns of the dataset's ``recommendations`` or ``history`` table."""
    from followup.interop._parquet import rows_parquet

    name = "history" if tuple(columns) == HISTORY_COLUMNS else "recommendations"
    return rows_parquet(table, columns, name)


def export_dataset(
    registry: Registry,
    directory: str | Path,
    *,
    as_of: dt.date | None = None,
    include_confidential: bool = False,
) -> list[Path]:
    """Write the Parquet dataset (``recommendations.parquet``, ``history.parquet``,
    ``reviews.parquet``, ``themes.parquet``, ``levels.parquet``; see
    :mod:`followup.interop.tables`) and its ``datapackage.json``
    (:mod:`followup.interop.datapackage`) into ``directory`` (made if missing, its parent must
    exist). Every file is made in memory before the first is written; each is then
    written whole or not at all, never through a symbolic link. Returns the paths."""
    from followup.interop._parquet import dataset_files
    from followup.interop.datapackage import DESCRIPTOR, descriptor_bytes
    from followup.registry.outputs import check_folder, write_folder

    where = {
        "what": "Parquet dataset",
        "hint": "give a directory, or a path ending in .parquet for one file of recommendations",
    }
    names = [f"{item.name}.parquet" for item in TABLES] + [DESCRIPTOR]
    folder = check_folder(directory, names, **where)  # refused before any work
    day = as_of or dt.date.today()
    shown = visible(registry, include_confidential)
    files = dataset_files(shown, day)
    files[DESCRIPTOR] = descriptor_bytes(shown, "parquet", as_of=day)
    return write_folder(folder, files, **where)


def export(
    registry: Registry,
    format: str,
    *,
    as_of: dt.date | None = None,
    history: bool = False,
    include_confidential: bool = False,
    bom: bool = True,
) -> bytes:
    """The export in ``format`` (``csv``, ``json``, ``parquet`` or ``sqlite``) as bytes
    (UTF-8 text for CSV and JSON). JSON holds the whole registry and SQLite every table
    (:mod:`followup.interop.tables`): ``history`` does not apply to them, nor ``as_of``
    to JSON. Parquet here is one file of flat rows (see :func:`export_dataset`).

    CSV starts with a UTF-8 byte-order mark unless ``bom=False`` (so that a spreadsheet
    program reads Cyrillic, Arabic or Chinese right) and its text cells are neutralised
    against formulas (:func:`followup.interop.spreadsheet.neutralise`)."""
    if format == "json":
        return to_json(registry, include_confidential=include_confidential).encode("utf-8")
    if format == "sqlite":
        from followup.interop._sqlite import sqlite_bytes

        shown = visible(registry, include_confidential)
        return sqlite_bytes(shown, as_of or dt.date.today())
    if format not in ("csv", "parquet"):
        raise FollowupError(f"unknown export format {format!r}: use csv, json, parquet or sqlite")
    table = rows(registry, as_of=as_of, history=history, include_confidential=include_confidential)
    columns = HISTORY_COLUMNS if history else RECOMMENDATION_COLUMNS
    if format == "csv":
        buffer = io.BytesIO()
        write_csv(buffer, columns, table, bom=bom)
        return buffer.getvalue()
    return to_parquet(table, columns)


def export_sqlite(
    registry: Registry,
    path: str | os.PathLike[str],
    *,
    as_of: dt.date | None = None,
    include_confidential: bool = False,
) -> Path:
    """Write the SQLite database of every table (keys, indexes, full-text search; see
    :mod:`followup.interop._sqlite`) to ``path``: built in a temporary file beside it and
    renamed in, so it is written whole or not at all and never held in memory whole."""
    from followup.interop._sqlite import write_sqlite

    shown = visible(registry, include_confidential)
    return write_sqlite(shown, path, as_of or dt.date.today())


def export_workbook(
    registry: Registry,
    path: str | os.PathLike[str],
    *,
    as_of: dt.date | None = None,
    include_confidential: bool = False,
) -> Path:
    """Write an Excel workbook with one sheet per table of :mod:`followup.interop.tables`
    (header frozen, dates as dates, text neutralised against formulas; see
    :func:`followup.interop.spreadsheet.write_xlsx`). Needs ``followup[xlsx]``."""
    from followup.interop._rows import rows as table_rows

    shown = visible(registry, include_confidential)
    day = as_of or dt.date.today()
    return write_xlsx(path, [(t.name, t.names, table_rows(shown, t.name, day)) for t in TABLES])


def run_cli(args: argparse.Namespace, out: TextIO) -> int:
    """``followup export PATH --format F [--history] [--as-of D] [--include-confidential]
    [--no-bom] -o FILE|DIR|-`` (see :mod:`followup.interop._export_command`)."""
    from followup.interop._export_command import run

    return run(args, out)

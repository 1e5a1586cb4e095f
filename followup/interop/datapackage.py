"""A Frictionless data package: ``datapackage.json`` beside the CSV or Parquet dataset.

The descriptor (`Data Package <https://datapackage.org/>`_, version 2) names the
package after the registry (its id, title, dataset version, licence and description
from the manifest), says when it was made and by which followup version, and lists one
resource per table of :mod:`followup.interop.tables` with a Table Schema derived from
the same definitions as the Parquet and SQLite exports: every column's name, type,
description and whether it is required, the primary key and the foreign keys.

How the kinds of :mod:`followup.interop.tables` are typed:

- ``string`` and ``enum``: ``string``; ``date``: ``date`` (ISO 8601); ``bool``:
  ``boolean``; ``int``: ``integer``; ``float``: ``number``.
- ``list``: in a CSV file a cell holds the items joined with ``"; "`` (as every CSV of
  followup does), typed ``list`` with ``delimiter: "; "`` and ``itemType: string``; an
  item that itself contains ``"; "`` cannot be told apart from two items there. In
  Parquet the column is a real list, typed ``array``.
- An empty cell is a missing value (``missingValues: [""]``). In CSV an empty list is
  an empty cell too, so list columns are never marked required there.
- A date known only to the month or the year is written as the day followup counts it
  from (its last day), as in the Parquet dataset, so that every date column is a date.
- A foreign key whose columns may be partly empty (a recommendation's ``status`` when
  nothing was assessed, beside its ``registry`` and ``scale``) is left out of the
  package: a data package checks a key unless *all* its cells are empty, where SQL
  skips a key with *any* empty cell. The Parquet and SQLite exports keep it.

CSV files are written by :func:`followup.interop.spreadsheet.write_csv`: UTF-8 with a
byte-order mark (``encoding: utf-8-sig`` in the descriptor; ``utf-8`` when written
without the mark), CRLF line ends, text cells neutralised against spreadsheet formulas
(a text beginning with ``=``, ``+``, ``-`` or ``@`` gets a leading ``'``).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from followup.interop._rows import rows, visible
from followup.interop.spreadsheet import LIST_SEPARATOR, write_csv
from followup.interop.tables import FORMAT_VERSION, TABLES, Column, ForeignKey, Table
from followup.model.dates import PartialDate
from followup.model.registry import Registry
from followup.registry.outputs import check_folder, write_folder

__all__ = [
    "CSV_ENCODING",
    "DESCRIPTOR",
    "descriptor_bytes",
    "export_csv_dataset",
    "package_descriptor",
    "table_schema",
    "write_datapackage",
]

#: The descriptor's file name.
DESCRIPTOR = "datapackage.json"
#: The encoding of the CSV files as the descriptor names it (UTF-8, byte-order mark).
CSV_ENCODING = "utf-8-sig"
PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"

Format = Literal["csv", "parquet"]

_TYPES = {
    "string": "string",
    "enum": "string",
    "date": "date",
    "bool": "boolean",
    "int": "integer",
    "float": "number",
}
_MEDIA_TYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}


def _field(column: Column, format: Format) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": column.name}
    if column.kind == "list":
        if format == "csv":
            spec.update(type="list", delimiter=LIST_SEPARATOR, itemType="string")
        else:
            spec.update(type="array")
    else:
        spec["type"] = _TYPES[column.kind]
    description = column.description
    if column.kind == "list" and format == "csv":
        description += f' A list: items joined with "{LIST_SEPARATOR}"; empty if none.'
    spec["description"] = description
    if not column.nullable and not (column.kind == "list" and format == "csv"):
        spec["constraints"] = {"required": True}
    return spec


def _kept(item: Table, key: ForeignKey) -> bool:
    """Whether the package keeps foreign key ``key``: not if its columns may be partly
    empty (see the module's documentation)."""
    nullable = {c.name for c in item.columns if c.nullable}
    empty = [name in nullable for name in key.columns]
    return len(key.columns) == 1 or not any(empty)


def table_schema(item: Table, format: Format = "csv") -> dict[str, Any]:
    """The Table Schema of ``item`` for its CSV or Parquet file."""
    schema: dict[str, Any] = {
        "$schema": SCHEMA_PROFILE,
        "fields": [_field(column, format) for column in item.columns],
        "missingValues": [""],
        "primaryKey": list(item.primary_key),
    }
    keys = [
        {
            "fields": list(key.columns),
            "reference": {"resource": key.table, "fields": list(key.references)},
        }
        for key in item.foreign_keys
        if _kept(item, key)
    ]
    if keys:
        schema["foreignKeys"] = keys
    return schema


def _resource(item: Table, format: Format, bom: bool) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "name": item.name,
        "type": "table",
        "path": f"{item.name}.{format}",
        "format": format,
        "mediatype": _MEDIA_TYPES[format],
    }
    if format == "csv":
        resource["encoding"] = CSV_ENCODING if bom else "utf-8"
    resource["description"] = item.description
    resource["schema"] = table_schema(item, format)
    return resource


def _timestamp(created: dt.datetime | None) -> str:
    moment = created or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def package_descriptor(
    registry: Registry,
    format: Format,
    *,
    as_of: dt.date,
    created: dt.datetime | None = None,
    bom: bool = True,
) -> dict[str, Any]:
    """The ``datapackage.json`` descriptor of the CSV or Parquet dataset of ``registry``
    as of ``as_of`` (``created``: when it was made, now if not given; ``bom``: whether
    the CSV files begin with a byte-order mark)."""
    import followup

    info = registry.info
    language = info.language
    descriptor: dict[str, Any] = {
        "$schema": PACKAGE_PROFILE,
        "name": info.id.lower(),
        "title": info.title.pick(language, default_language=language),
        "version": info.version,
    }
    if info.description is not None:
        descriptor["description"] = info.description.pick(language, default_language=language)
    if info.licence is not None:
        descriptor["licenses"] = [{"name": info.licence}]
    descriptor["created"] = _timestamp(created)
    descriptor["followup"] = {
        "version": followup.__version__,
        "export_format": FORMAT_VERSION,
        "as_of": as_of.isoformat(),
        "registry": info.id,
    }
    descriptor["resources"] = [_resource(item, format, bom) for item in TABLES]
    return descriptor


def descriptor_bytes(
    registry: Registry,
    format: Format,
    *,
    as_of: dt.date,
    created: dt.datetime | None = None,
    bom: bool = True,
) -> bytes:
    """:func:`package_descriptor` as the bytes of ``datapackage.json`` (UTF-8 JSON)."""
    descriptor = package_descriptor(registry, format, as_of=as_of, created=created, bom=bom)
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_datapackage(
    registry: Registry,
    directory: str | os.PathLike[str],
    format: Format,
    *,
    as_of: dt.date,
    created: dt.datetime | None = None,
) -> Path:
    """Write ``datapackage.json`` describing the ``format`` dataset of ``registry`` (as
    of ``as_of``) into ``directory``, beside its files; return its path. For the Parquet
    dataset of :func:`followup.interop.export.export_dataset`, with the same ``as_of``."""
    data = descriptor_bytes(registry, format, as_of=as_of, created=created)
    return write_folder(directory, {DESCRIPTOR: data}, what="data package")[0]


def _plain_dates(item: Table, table_rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """The rows with every partial date replaced by its last day (a plain date)."""
    dates = [i for i, column in enumerate(item.columns) if column.kind == "date"]
    for row in table_rows:
        if not any(isinstance(row[i], PartialDate) for i in dates):
            yield row
            continue
        cells = list(row)
        for i in dates:
            if isinstance(cells[i], PartialDate):
                cells[i] = cells[i].last_day
        yield tuple(cells)


def _csv_files(registry: Registry, as_of: dt.date, bom: bool) -> dict[str, bytes]:
    """``{file name: CSV bytes}`` for every table (``registry`` already without what
    must not be shown)."""
    files: dict[str, bytes] = {}
    for item in TABLES:
        buffer = io.BytesIO()
        table_rows = _plain_dates(item, rows(registry, item.name, as_of))
        write_csv(buffer, item.names, table_rows, bom=bom)
        files[f"{item.name}.csv"] = buffer.getvalue()
    return files


def export_csv_dataset(
    registry: Registry,
    directory: str | os.PathLike[str],
    *,
    as_of: dt.date | None = None,
    include_confidential: bool = False,
    created: dt.datetime | None = None,
    bom: bool = True,
) -> list[Path]:
    """Write the CSV dataset into ``directory`` (made if missing, its parent must exist):
    one CSV file per table of :mod:`followup.interop.tables` (``recommendations.csv``,
    ...) and ``datapackage.json`` describing them (see the module's documentation).
    Confidential data is left out unless ``include_confidential``; the CSV files begin
    with a byte-order mark unless ``bom=False``. Every file is made in
    memory before the first is written; each is then written whole or not at all, never
    through a symbolic link. Returns the paths, the descriptor last."""
    names = [f"{item.name}.csv" for item in TABLES] + [DESCRIPTOR]
    folder = check_folder(directory, names, what="CSV dataset")  # refused before any work
    day = as_of or dt.date.today()
    shown = visible(registry, include_confidential)
    files = _csv_files(shown, day, bom)
    files[DESCRIPTOR] = descriptor_bytes(shown, "csv", as_of=day, created=created, bom=bom)
    return write_folder(folder, files, what="CSV dataset")

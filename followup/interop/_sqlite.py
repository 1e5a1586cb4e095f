"""The SQLite export: the tables of :mod:`followup.interop.tables` in one database, with
primary and foreign keys, indexes and full-text search (FTS5) on recommendation texts,
ready for Datasette (``datasette FILE.db``) or ``sqlite-utils``.

A database holds one registry: its keys are the tables' keys without the ``registry``
column (the column itself stays). Dates are ISO 8601 text, booleans 0 or 1, lists JSON
arrays (Datasette shows them as such). The full-text index is an external-content FTS5 table named
``recommendations_fts`` over ``recommendations``, the layout ``sqlite-utils`` and
Datasette detect. :func:`write_sqlite` builds the database in a temporary file beside
the target and renames it in, so the file is written whole or not at all;
:func:`sqlite_bytes` builds it in memory.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from followup.errors import FollowupError
from followup.interop._rows import batches
from followup.interop.tables import FORMAT_VERSION, SQLITE_TYPES, TABLES, Table
from followup.model.registry import Registry
from followup.registry import yamlio
from followup.registry.outputs import output_path

__all__ = ["create_sql", "sqlite_bytes", "write_sqlite"]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(_q(n) for n in names)


def _local(columns: tuple[str, ...]) -> tuple[str, ...]:
    """Keys without the ``registry`` column: a database holds one registry, and
    single-column keys let Datasette link rows to the rows they refer to."""
    return tuple(c for c in columns if c != "registry")


def create_sql(item: Table) -> list[str]:
    """The statements that create ``item``'s table and its indexes."""
    parts = [
        f"{_q(c.name)} {SQLITE_TYPES[c.kind]}{'' if c.nullable else ' NOT NULL'}"
        for c in item.columns
    ]
    parts.append(f"PRIMARY KEY ({_names(_local(item.primary_key))})")
    parts += [
        f"FOREIGN KEY ({_names(_local(fk.columns))}) "
        f"REFERENCES {_q(fk.table)} ({_names(_local(fk.references))})"
        for fk in item.foreign_keys
    ]
    statements = [f"CREATE TABLE {_q(item.name)} (\n  " + ",\n  ".join(parts) + "\n)"]
    for columns in map(_local, item.indexes):
        index = "idx_" + item.name + "_" + "_".join(columns)
        statements.append(f"CREATE INDEX {_q(index)} ON {_q(item.name)} ({_names(columns)})")
    return statements


def _converter(kind: str) -> Callable[[Any], Any] | None:
    if kind == "list":
        return lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
    if kind == "date":
        return lambda v: None if v is None else v.isoformat()
    if kind == "bool":
        return lambda v: None if v is None else int(v)
    return None


def _fill(db: sqlite3.Connection, registry: Registry, item: Table, as_of: dt.date) -> None:
    insert = (
        f"INSERT INTO {_q(item.name)} ({_names(item.names)}) "
        f"VALUES ({', '.join('?' for _ in item.columns)})"
    )
    converters = [_converter(c.kind) for c in item.columns]
    for batch in batches(registry, item.name, as_of):
        columns = [
            values if convert is None else [convert(v) for v in values]
            for convert, values in zip(converters, batch.values(), strict=True)
        ]
        db.executemany(insert, zip(*columns, strict=True))


def _full_text(db: sqlite3.Connection, item: Table) -> None:
    fts = _q(item.name + "_fts")
    db.execute(
        f"CREATE VIRTUAL TABLE {fts} USING FTS5 ({_names(item.full_text)}, content={_q(item.name)})"
    )
    db.execute(
        f"INSERT INTO {fts} (rowid, {_names(item.full_text)}) "
        f"SELECT rowid, {_names(item.full_text)} FROM {_q(item.name)}"
    )


def _build(db: sqlite3.Connection, registry: Registry, as_of: dt.date) -> None:
    """Create and fill every table in the empty database ``db``."""
    import followup

    db.execute("PRAGMA foreign_keys = ON")
    # tables referred to are created and filled first
    order = ("levels", "reviews", "themes", "recommendations", "history")
    by_name = {item.name: item for item in TABLES}
    with yamlio.gc_paused(), db:  # no collection passes over the loaded registry meanwhile
        for name in order:
            for statement in create_sql(by_name[name]):
                db.execute(statement)
            _fill(db, registry, by_name[name], as_of)
            if by_name[name].full_text:
                _full_text(db, by_name[name])
        db.execute("CREATE TABLE _followup (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.executemany(
            "INSERT INTO _followup VALUES (?, ?)",
            [
                ("followup_version", followup.__version__),
                ("export_format", FORMAT_VERSION),
                ("as_of", as_of.isoformat()),
                ("registry", registry.info.id),
            ],
        )
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:  # pragma: no cover - the loader checks every link
        raise FollowupError(
            f"the registry {registry.info.id} has links the loader missed "
            f"({problems[:3]}): run `followup validate` on it"
        )


def sqlite_bytes(registry: Registry, as_of: dt.date) -> bytes:
    """The SQLite database of every table (``registry`` already without what must not be
    shown), as the bytes of a database file (built in memory: for a large registry,
    :func:`write_sqlite` costs half the memory)."""
    db = sqlite3.connect(":memory:")
    try:
        _build(db, registry, as_of)
        return db.serialize()
    finally:
        db.close()


def write_sqlite(registry: Registry, path: str | os.PathLike[str], as_of: dt.date) -> Path:
    """Write the database of :func:`sqlite_bytes` to ``path``, built in a temporary file
    beside it and renamed over it once complete: whole or not at all, never through a
    symbolic link (:func:`followup.registry.outputs.check_output`), and never held in
    memory as a whole."""
    with output_path(path) as temporary:
        db = sqlite3.connect(temporary)
        try:
            db.execute("PRAGMA journal_mode = OFF")  # the rename is the transaction
            _build(db, registry, as_of)
        finally:
            db.close()
    return Path(path)

"""The Parquet export: one file per table of :mod:`followup.interop.tables`, each under
a fixed Arrow schema, written batch by batch with :class:`pyarrow.parquet.ParquetWriter`.

Every file's schema depends only on the table and :data:`~followup.interop.tables.FORMAT_VERSION`,
never on the data: a column with no value is still typed, so the files of several
registries read as one dataset. The schema's metadata carries the followup version,
the format version, the as-of date, the registry's id and the table's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from followup.errors import FollowupError
from followup.interop._rows import batches
from followup.interop.tables import FORMAT_VERSION, TABLES, Column, Table, table
from followup.model.registry import Registry

__all__ = ["PARQUET_EXTRA", "arrow_schema", "dataset_files", "rows_parquet", "table_parquet"]

PARQUET_EXTRA = "pip install 'followup[parquet]'"


def _pyarrow() -> Any:
    try:
        import pyarrow as pa  # type: ignore[import-untyped]
        import pyarrow.parquet  # type: ignore[import-untyped]
    except ImportError:
        raise FollowupError(f"Parquet export needs pyarrow: {PARQUET_EXTRA}") from None
    return pa


def _arrow_type(pa: Any, kind: str) -> Any:
    return {
        "string": pa.string,
        "enum": lambda: pa.dictionary(pa.int32(), pa.string()),
        "date": pa.date32,
        "bool": pa.bool_,
        "int": pa.int32,
        "float": pa.float64,
        "list": lambda: pa.list_(pa.string()),
    }[kind]()


def _field(pa: Any, column: Column) -> Any:
    return pa.field(column.name, _arrow_type(pa, column.kind), nullable=column.nullable)


def arrow_schema(
    item: Table | str, metadata: dict[str, str] | None = None, columns: Sequence[str] = ()
) -> Any:
    """The Arrow schema of a table (all its columns, or only ``columns`` in that order),
    with ``metadata`` attached."""
    pa = _pyarrow()
    item = table(item) if isinstance(item, str) else item
    by_name = {c.name: c for c in item.columns}
    chosen = [by_name[name] for name in columns] if columns else list(item.columns)
    return pa.schema([_field(pa, c) for c in chosen], metadata=metadata)


def _metadata(registry: Registry, name: str, as_of: dt.date) -> dict[str, str]:
    import followup

    return {
        "followup.version": followup.__version__,
        "followup.export_format": FORMAT_VERSION,
        "followup.as_of": as_of.isoformat(),
        "followup.registry": registry.info.id,
        "followup.table": name,
    }


def table_parquet(
    registry: Registry, name: str, as_of: dt.date, *, batch_size: int = 8192
) -> bytes:
    """The Parquet bytes of table ``name`` (``registry`` already without what must not be
    shown), written in batches of ``batch_size`` rows."""
    pa = _pyarrow()
    import pyarrow.parquet as pq

    schema = arrow_schema(name, _metadata(registry, name, as_of))
    sink = pa.BufferOutputStream()
    with pq.ParquetWriter(sink, schema, compression="zstd") as writer:
        for batch in batches(registry, name, as_of, size=batch_size):
            writer.write_batch(pa.RecordBatch.from_pydict(batch, schema=schema))
    data: bytes = sink.getvalue().to_pybytes()
    return data


def dataset_files(
    registry: Registry, as_of: dt.date, *, batch_size: int = 8192
) -> dict[str, bytes]:
    """``{file name: Parquet bytes}`` for every table (``recommendations.parquet``, ...).
    Python's collector is paused meanwhile: its passes over a large loaded registry took
    about 40% of the time."""
    from followup.registry import yamlio

    with yamlio.gc_paused():
        return {
            f"{item.name}.parquet": table_parquet(registry, item.name, as_of, batch_size=batch_size)
            for item in TABLES
        }


def rows_parquet(table_rows: Sequence[dict[str, Any]], columns: Sequence[str], name: str) -> bytes:
    """Parquet bytes of the flat rows of :func:`followup.interop.export.rows` (the
    single-file export), typed as the same columns of table ``name``."""
    pa = _pyarrow()
    import pyarrow.parquet as pq

    schema = arrow_schema(name, {"followup.export_format": FORMAT_VERSION}, columns)
    arrays = [
        pa.array([row.get(field.name) for row in table_rows], type=field.type) for field in schema
    ]
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), sink)
    data: bytes = sink.getvalue().to_pybytes()
    return data

"""``followup export``: which export the command's arguments ask for, and where it goes.

- ``--format csv``: one file of flat rows (``-o FILE`` or ``-o -``), or, when the output
  is a directory (an existing one, or a path ending in ``/``), the CSV dataset: one file
  per table and its ``datapackage.json``.
- ``--format parquet``: a path ending in ``.parquet`` gets one file of flat rows; any
  other path is a directory that gets the Parquet dataset and its ``datapackage.json``.
- ``--format sqlite``: one database file; ``--format xlsx``: one workbook.
- ``--format json``: the whole registry.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TextIO

from followup.errors import FollowupError
from followup.interop.datapackage import export_csv_dataset
from followup.interop.export import export, export_dataset, export_sqlite, export_workbook
from followup.interop.tables import TABLES

__all__ = ["run"]


def run(args: argparse.Namespace, out: TextIO) -> int:
    """``followup export PATH --format F [--history] [--as-of D] [--include-confidential]
    -o FILE|DIR|-``.

    ``--format parquet``: a path ending in ``.parquet`` gets one file of flat rows (as
    CSV has them); any other path is a directory that gets the Parquet dataset, one file
    per table (:func:`export_dataset`). ``--format sqlite`` writes one database file.
    """
    from followup.registry import load
    from followup.registry.outputs import check_output, write_output

    binary = args.format in ("parquet", "sqlite", "xlsx")
    dataset = args.format == "parquet" and not args.output.lower().endswith(".parquet")
    if binary and args.output == "-":
        kind = {"parquet": "Parquet", "sqlite": "SQLite", "xlsx": "XLSX"}[args.format]
        raise FollowupError(f"{kind} is binary: write it to a file with -o FILE, not to '-'")
    if args.format == "json" and (args.history or args.as_of is not None):
        raise FollowupError(
            "JSON holds the whole registry with its history: --history and --as-of apply to "
            "csv and parquet only"
        )
    csv_dataset = (
        args.format == "csv"
        and args.output != "-"
        and (args.output.endswith(("/", os.sep)) or Path(args.output).is_dir())
    )
    if args.history and (dataset or csv_dataset or args.format in ("sqlite", "xlsx")):
        raise FollowupError(
            "the Parquet dataset, the SQLite database and the workbook always hold the "
            "history table: drop --history (or give a FILE.parquet for one file of history rows)"
        )
    if csv_dataset:
        export_csv_dataset(
            load(args.path),
            args.output,
            as_of=args.as_of,
            include_confidential=args.include_confidential,
            bom=args.bom,
        )
        out.write(f"wrote {args.output} (CSV dataset: {len(TABLES)} tables and datapackage.json)\n")
        return 0
    if args.format == "sqlite":
        check_output(args.output)
        export_sqlite(
            load(args.path),
            args.output,
            as_of=args.as_of,
            include_confidential=args.include_confidential,
        )
        out.write(f"wrote {args.output} (SQLite: {len(TABLES)} tables)\n")
        return 0
    if args.format == "xlsx":
        check_output(args.output)
        registry = load(args.path)
        export_workbook(
            registry, args.output, as_of=args.as_of, include_confidential=args.include_confidential
        )
        out.write(f"wrote {args.output} (workbook: {len(TABLES)} sheets)\n")
        return 0
    if dataset:
        registry = load(args.path)
        export_dataset(
            registry, args.output, as_of=args.as_of, include_confidential=args.include_confidential
        )
        out.write(f"wrote {args.output} (Parquet dataset: {len(TABLES)} tables)\n")
        return 0
    if args.output != "-":
        check_output(args.output)  # a link at the output path is refused before any work
    registry = load(args.path)
    data = export(
        registry,
        args.format,
        as_of=args.as_of,
        history=args.history,
        include_confidential=args.include_confidential,
        bom=args.bom and args.output != "-",  # no byte-order mark inside a pipe
    )
    if args.output == "-":
        out.write(data.decode("utf-8"))
        return 0
    target = Path(args.output)
    if not target.parent.is_dir():
        raise FollowupError(f"cannot write {target}: no directory {target.parent}")
    try:
        write_output(target, data)
    except OSError as exc:
        raise FollowupError(f"cannot write {target}: {exc.strerror or exc}") from None
    out.write(f"wrote {target} ({args.format})\n")
    return 0

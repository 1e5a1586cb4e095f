"""Commands of the interop layer: ``import uhri|table``, ``export``, ``schema``.

Each is run by the ``run_cli`` function of its module in :mod:`followup.interop`.
"""

from __future__ import annotations

import argparse
import importlib
from typing import TextIO

from followup.cli._base import Parser, Subparsers, date_arg, path_arg

__all__ = ["add_export", "add_import", "add_schema", "interop"]


def add_import(commands: Subparsers) -> None:
    """``followup import uhri|table``."""
    imports = commands.add_parser("import", help="import recommendations into a registry")
    sources = imports.add_subparsers(dest="source", required=True, parser_class=Parser)
    uhri = sources.add_parser(
        "uhri", help="from the UN Universal Human Rights Index's bulk JSON export"
    )
    uhri.add_argument("file", help="the export (a JSON array; read as a stream)")
    uhri.add_argument("--state", required=True, help="ISO 3166-1 alpha-3 code, e.g. KAZ")
    uhri.add_argument("--body", nargs="+", default=[], help="only these bodies (CCPR UPR ...)")
    uhri.add_argument("--since", type=date_arg, default=None, help="published on or after")
    _import_options(uhri, "records")
    table = sources.add_parser("table", help="from a spreadsheet (CSV or XLSX) with a mapping")
    table.add_argument("file", help="a .csv or .xlsx file")
    table.add_argument(
        "--mapping", required=True, help="a mapping file, or a shipped one: upr-info, upr-info-csv"
    )
    _import_options(table, "rows")


def add_export(commands: Subparsers) -> None:
    """``followup export``."""
    export = commands.add_parser(
        "export", help="export a registry for analysts (CSV, JSON, Parquet, SQLite, XLSX)"
    )
    path_arg(export)
    export.add_argument(
        "--format",
        choices=("csv", "json", "parquet", "sqlite", "xlsx"),
        required=True,
        help="parquet: a DIR gets one file per table, a FILE.parquet one file of rows; "
        "xlsx: one sheet per table (needs followup[xlsx])",
    )
    export.add_argument(
        "--no-bom",
        dest="bom",
        action="store_false",
        help="CSV without the UTF-8 byte-order mark spreadsheet programs need to read "
        "non-Latin text (never written to stdout)",
    )
    export.add_argument("--history", action="store_true", help="one row per history entry")
    export.add_argument("--as-of", type=date_arg, default=None, help="statuses as of (today)")
    export.add_argument(
        "--include-confidential", action="store_true", help="keep fields marked confidential"
    )
    export.add_argument(
        "-o", "--output", required=True, help="the file or directory to write ('-': stdout)"
    )


def add_schema(commands: Subparsers) -> None:
    """``followup schema``."""
    schema = commands.add_parser("schema", help="print the JSON Schema of registry files")
    schema.add_argument("-o", "--output", default=None, help="write it to this file")


def _import_options(parser: argparse.ArgumentParser, items: str) -> None:
    parser.add_argument("-o", "--output", required=True, help="registry directory (made if new)")
    parser.add_argument("--skip-bad", action="store_true", help=f"skip {items} that cannot be read")
    parser.add_argument("--dry-run", action="store_true", help="report, write nothing")


def interop(args: argparse.Namespace, out: TextIO) -> int:
    """``import``, ``export`` and ``schema``: the interop layer's own command functions."""
    name = args.source if args.command == "import" else args.command  # uhri, table, ...
    module = importlib.import_module(f"followup.interop.{name}")
    code: int = module.run_cli(args, out)
    return code

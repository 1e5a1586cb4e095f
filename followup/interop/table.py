"""Import recommendations from a spreadsheet (CSV or XLSX) with a mapping file.

A *mapping* (YAML, see ``docs/interop.md`` and the shipped ``mappings/*.yaml``) says
which column holds which field, by header name or by 1-based position (the UPR Info
export repeats header names), how to split multi-valued cells, how to translate values
(``Accepted: supported``), which UPR session belongs to which cycle and how to name
reviews and recommendations (:mod:`._table_mapping`).

:func:`open_table` streams a file's rows one at a time, within bounds
(:mod:`._table_read`); :func:`plan_rows` turns them into reviews and recommendations,
bad rows reported with their row number and column (:mod:`._table_plan`); :func:`apply`
writes them into a registry in one edit through the comment-keeping editor, declaring
the States and themes they need, creating the registry when it does not exist and
skipping what it holds already, so importing the same file twice changes nothing; a
failed import changes no byte (:mod:`._table_write`).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from followup.interop._staging import holds_registry
from followup.interop._table_mapping import (
    FIELDS,
    MAPPINGS_DIR,
    SHIPPED,
    MappingError,
    TableMapping,
    load_mapping,
    parse_mapping,
)
from followup.interop._table_plan import BadRow, Plan, plan, plan_rows, slug
from followup.interop._table_read import TableError, open_table
from followup.interop._table_write import Outcome, apply

__all__ = [
    "FIELDS",
    "SHIPPED",
    "BadRow",
    "MappingError",
    "Outcome",
    "Plan",
    "TableError",
    "TableMapping",
    "apply",
    "load_mapping",
    "open_table",
    "parse_mapping",
    "plan",
    "plan_rows",
    "read_table",
    "run_cli",
    "slug",
]


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header and the data rows of a CSV or XLSX file, every cell as stripped text
    (blank rows as empty lists, so that row numbers hold). It holds every row in memory:
    for large files use :func:`open_table` and :func:`plan_rows`, as the command does."""
    with open_table(path) as (header, rows):
        data: list[list[str]] = []
        for number, cells in rows:
            data.extend([] for _ in range(number - 2 - len(data)))
            data.append(cells)
    return header, data


def _report(bad: Sequence[BadRow], unlisted: int, out: TextIO) -> None:
    for item in bad[:50]:
        out.write(f"  {item}\n")
    if len(bad) + unlisted > 50:
        out.write(f"  ... and {len(bad) + unlisted - 50} more\n")


def run_cli(args: argparse.Namespace, out: TextIO) -> int:
    """``followup import table FILE --mapping M -o DIR [--skip-bad] [--dry-run]``."""
    mapping = load_mapping(args.mapping)
    with open_table(Path(args.file)) as (header, rows):
        found = plan_rows(mapping, header, rows, _held_themes(Path(args.output)))
    if found.bad:
        verb = "skipped" if args.skip_bad else "cannot be read"
        out.write(f"{args.file}: {found.bad_count} row(s) {verb}:\n")
        _report(found.bad, found.unlisted, out)
        if not args.skip_bad:
            out.write("nothing written: fix these rows, or give --skip-bad to leave them out\n")
            return 1
    outcome = apply(found, Path(args.output), dry_run=args.dry_run)
    what = "would add" if args.dry_run else "added"
    out.write(
        f"{what} {outcome.reviews_added} review(s) and {outcome.recommendations_added} "
        f"recommendation(s) to {args.output}"
        + (" (new registry)" if outcome.created else "")
        + f"; {outcome.already_there} already there\n"
    )
    if found.repeated:
        out.write(f"{found.repeated} repeated row(s) left out\n")
    for notice in found.notices:
        out.write(f"notice: {notice}\n")
    if outcome.declared:
        verb = "would declare" if args.dry_run else "declared"
        out.write(f"{verb} in the manifest: {', '.join(outcome.declared)}\n")
    return 0


def _held_themes(target: Path) -> dict[str, list[str]] | None:
    """The themes of the registry imported into (id -> its labels in every language), so
    that a label it already has keeps its id; None for a new registry."""
    if not holds_registry(target):
        return None
    from followup.registry import load

    themes = load(target).themes.values()  # from the review cache when it is warm
    return {t.id: [label for _, label in t.label.items] for t in themes}


def _iter_shipped() -> Iterator[Path]:  # pragma: no cover - for tooling
    yield from sorted(MAPPINGS_DIR.glob("*.yaml"))

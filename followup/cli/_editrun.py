"""How the commands that change a registry run an edit: the options they share
(``--unverified``, ``--timeout``, ``--dry-run``) and :func:`run_edit`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TextIO

from followup.cli._base import EXIT_OK
from followup.registry import edit
from followup.registry.editing import Editor

__all__ = ["edit_options", "run_edit", "unverified_option"]


def unverified_option(parser: argparse.ArgumentParser) -> None:
    """``--unverified TEXT``: what is not yet checked against its source."""
    parser.add_argument(
        "--unverified",
        default=None,
        metavar="TEXT",
        help="what is not yet checked against its source, and what to check",
    )


def edit_options(parser: argparse.ArgumentParser) -> None:
    """``--timeout`` and ``--dry-run``."""
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds to wait for another editor (10)"
    )
    parser.add_argument("--dry-run", action="store_true", help="check the edit, write nothing")


class _DryRun(Exception):  # noqa: N818 (leaves the edit without writing)
    pass


def run_edit(args: argparse.Namespace, out: TextIO, apply: Callable[[Editor], object]) -> int:
    """Open the registry ``args.path`` for an edit, let ``apply`` make it, and write it
    (or with ``--dry-run`` check it and say what would change); prints the changes."""
    try:
        with edit(args.path, timeout=args.timeout) as editor:
            apply(editor)
            if args.dry_run:
                editor.verify()
                for change in editor.changes:
                    out.write(f"would change {change}\n")
                raise _DryRun
    except _DryRun:
        return EXIT_OK
    for change in editor.changes:
        out.write(f"{change}\n")
    return EXIT_OK

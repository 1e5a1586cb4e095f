"""What every command module of the CLI shares: exit codes, the parser class, dates."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from typing import Any, TextIO, TypeAlias

from followup.model.dates import parse_date

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "Handler",
    "Parser",
    "Subparsers",
    "date_arg",
    "path_arg",
    "source_date_arg",
]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

#: A command's function: parsed arguments and the output stream in, exit code out.
Handler = Callable[[argparse.Namespace, TextIO], int]

#: What ``add_subparsers`` returns: command modules add their parsers to it.
Subparsers: TypeAlias = "argparse._SubParsersAction[Parser]"


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit 2 with a message, never a traceback."""

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def source_date_arg(value: str) -> dt.date:
    """A date as precise as its source (2025-06-30, 2025-06 or 2025); a usage error otherwise."""
    try:
        return parse_date(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date such as 2025-06-30, 2025-06 or 2025"
        ) from None


def date_arg(value: str) -> dt.date:
    """An ISO date from the command line; a usage error otherwise."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date such as 2025-06-30") from None


def path_arg(parser: argparse.ArgumentParser) -> None:
    """The registry argument most commands take first."""
    parser.add_argument("path", help="registry directory (with registry.yaml) or file")

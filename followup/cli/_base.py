"""What every command module of the CLI shares: exit codes, the parser class, dates, the
public view of a registry."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from typing import Any, TextIO, TypeAlias

from attrs import frozen

from followup.cli._suggest import hint
from followup.model.dates import parse_date
from followup.model.public import public_view
from followup.model.registry import Registry

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "Handler",
    "Parser",
    "Subparsers",
    "View",
    "confidential_arg",
    "date_arg",
    "path_arg",
    "source_date_arg",
    "view_of",
]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

#: A command's function: parsed arguments and the output stream in, exit code out.
Handler = Callable[[argparse.Namespace, TextIO], int]

#: What ``add_subparsers`` returns: command modules add their parsers to it.
Subparsers: TypeAlias = "argparse._SubParsersAction[Parser]"


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit 2 with a message, never a traceback."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        # a value not among the choices (a misspelled command, --format jsn): say the
        # nearest choices too
        try:
            super()._check_value(action, value)
        except argparse.ArgumentError as exc:
            near = hint(str(value), [str(c) for c in action.choices or ()])
            if isinstance(action, argparse._SubParsersAction):
                message = f"{value!r} is not a command{near} (`{self.prog} --help` lists them)"
                raise argparse.ArgumentError(None, message) from None
            if not near:
                raise
            raise argparse.ArgumentError(action, f"{exc.message}{near}") from None

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


def confidential_arg(parser: argparse.ArgumentParser, what: str = "data") -> None:
    """``--include-confidential``: without it a command works on the public view."""
    parser.add_argument(
        "--include-confidential",
        action="store_true",
        help=f"count {what} marked confidential (never for publication); "
        "without it the command works on the public view",
    )


@frozen
class View:
    """The registry a command works on, and how the output names it."""

    registry: Registry
    public: bool
    withheld: int  # items left out whole (recommendations, history entries, evidence)
    label: str  # "public view", "public view: 2 confidential items left out", ...

    def line(self) -> str:
        """The line text output gives it: which view, and how to get the other."""
        if not self.public:
            return f"View: {self.label} (not for publication)"
        more = " (--include-confidential counts them)" if self.withheld else ""
        return f"View: {self.label}{more}"

    def data(self) -> dict[str, object]:
        """What JSON output gives it: ``view`` (the label) and ``withheld``."""
        return {"view": self.label, "withheld": self.withheld}


def view_of(registry: Registry, include_confidential: bool, what: str = "data") -> View:
    """The public view of ``registry`` (confidential items and fields left out, see
    :func:`followup.model.public.public_view`), or all of it with
    ``include_confidential``."""
    if include_confidential:
        return View(registry, False, 0, f"including confidential {what}")
    view = public_view(registry)
    items = "item" if view.withheld == 1 else "items"
    left = f": {view.withheld} confidential {items} left out" if view.withheld else ""
    return View(view.registry, True, view.withheld, f"public view{left}")

"""The ``followup`` command line: argument parsing, output and exit codes only.

Exit codes: 0 success, 1 problems found (or a user mistake), 2 usage error,
3 internal error. A user mistake never shows a traceback; an unexpected error says
"internal error, please report" and shows one only with ``--debug``.

This module assembles the parser and runs a command; the commands live in modules by
concept: :mod:`~followup.cli.publish` (validate, info, scorecard),
:mod:`~followup.cli.edit` (assess, respond, add-recommendation, migrate),
:mod:`~followup.cli.analysis` (score, progress, deadlines),
:mod:`~followup.cli.agreement` (agreement) and :mod:`~followup.cli.interop`
(import, export, schema).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from followup.cli import agreement, analysis, edit, interop, publish
from followup.cli._base import (
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    Handler,
    Parser,
    Subparsers,
)
from followup.cli.publish import summary
from followup.errors import FollowupError
from followup.registry import check

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "check",
    "main",
    "run",
    "summary",
]


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    # `check` is looked up here at call time, so tests can replace followup.cli.check
    return publish.validate(args, out, check)


#: Every command in the order ``followup --help`` lists them: how to add its parser,
#: and the function that runs it.
_COMMANDS: tuple[tuple[str, Callable[[Subparsers], None], Handler], ...] = (
    ("validate", publish.add_validate, _validate),
    ("info", publish.add_info, publish.info),
    ("assess", edit.add_assess, edit.assess),
    ("respond", edit.add_respond, edit.respond),
    ("add-recommendation", edit.add_add_recommendation, edit.add_recommendation),
    ("score", analysis.add_score, analysis.scores),
    ("progress", analysis.add_progress, analysis.progress),
    ("deadlines", analysis.add_deadlines, analysis.follow_up_deadlines),
    ("agreement", agreement.add_agreement, agreement.judges_agreement),
    ("scorecard", publish.add_scorecard, publish.scorecard),
    ("import", interop.add_import, interop.interop),
    ("export", interop.add_export, interop.interop),
    ("schema", interop.add_schema, interop.interop),
    ("migrate", edit.add_migrate, edit.migrate_files),
)


def _version() -> str:
    from followup import __version__

    return __version__


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="followup",
        description="Track UN human-rights recommendations, State responses and implementation.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for _name, add, _run in _COMMANDS:
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    out = out or sys.stdout
    parser = _parser()
    args = parser.parse_args(argv)
    handlers = {name: handler for name, _add, handler in _COMMANDS}
    try:
        return handlers[args.command](args, out)
    except FollowupError as exc:
        sys.stderr.write(f"followup: {exc}\n")
        return EXIT_PROBLEMS
    except BrokenPipeError:  # e.g. `followup score ... | head`: the reader left
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("followup: interrupted\n")
        return 130
    except OSError as exc:  # a path that cannot be read or written: say which, no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(f"followup: {where}{exc.strerror or exc}\n")
        return EXIT_PROBLEMS
    except Exception:
        if args.debug:
            raise
        sys.stderr.write(
            "followup: internal error, please report it with the command you ran "
            "(run again with --debug for details)\n"
        )
        return EXIT_INTERNAL


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())

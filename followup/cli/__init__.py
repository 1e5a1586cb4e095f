"""The ``followup`` command line: argument parsing, output and exit codes only.

Exit codes: 0 success, 1 problems found (or a user mistake), 2 usage error,
3 internal error. A user mistake never shows a traceback; an unexpected error says
"internal error, please report" and shows one only with ``--debug``.

This module assembles the parser and runs a command; the commands live in modules by
concept: :mod:`~followup.cli.start` (init, add-review),
:mod:`~followup.cli.publish` (validate, info), :mod:`~followup.cli.cards` (scorecard),
:mod:`~followup.cli.edit` (assess, respond, add-recommendation, migrate),
:mod:`~followup.cli.analysis` (score, progress, deadlines),
:mod:`~followup.cli.agreement` (agreement), :mod:`~followup.cli.interop`
(import, export, schema) and :mod:`~followup.cli.completion` (completion).

``--debug`` is taken before or after the command; a misspelled command or choice gets
the nearest ones; every command's ``--help`` ends with its date formats and an example
(:mod:`followup.cli._help`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TextIO

from followup.cli import agreement, analysis, cards, completion, edit, interop, publish, start
from followup.cli._base import (
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    Handler,
    Parser,
    Subparsers,
)
from followup.cli._help import add_epilogs, subparsers_of
from followup.cli._terminal import escape, safe_output
from followup.cli.links import add_links, links_command
from followup.cli.publish import summary
from followup.errors import FollowupError
from followup.registry import check
from followup.registry.reading import MAX_FILE_BYTES

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


def _completion(args: argparse.Namespace, out: TextIO) -> int:
    return completion.completion(args, out, _parser)


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    # `check` is looked up here at call time, so tests can replace followup.cli.check
    return publish.validate(args, out, check)


#: Every command in the order ``followup --help`` lists them: how to add its parser,
#: and the function that runs it.
_COMMANDS: tuple[tuple[str, Callable[[Subparsers], None], Handler], ...] = (
    ("init", start.add_init, start.init),
    ("add-review", start.add_add_review, start.add_review),
    ("validate", publish.add_validate, _validate),
    ("info", publish.add_info, publish.info),
    ("assess", edit.add_assess, edit.assess),
    ("respond", edit.add_respond, edit.respond),
    ("add-recommendation", edit.add_add_recommendation, edit.add_recommendation),
    ("score", analysis.add_score, analysis.scores),
    ("progress", analysis.add_progress, analysis.progress),
    ("deadlines", analysis.add_deadlines, analysis.follow_up_deadlines),
    ("agreement", agreement.add_agreement, agreement.judges_agreement),
    ("scorecard", cards.add_scorecard, cards.scorecard),
    ("import", interop.add_import, interop.interop),
    ("export", interop.add_export, interop.interop),
    ("schema", interop.add_schema, interop.interop),
    ("links", add_links, links_command),
    ("migrate", edit.add_migrate, edit.migrate_files),
    ("completion", completion.add_completion, _completion),
)

_DEBUG_HELP = "show tracebacks of internal errors (before or after the command)"
_NO_CACHE_HELP = (
    "neither read nor write the cache of checked files (as FOLLOWUP_NO_CACHE=1; "
    "before or after the command)"
)


def _version() -> str:
    from followup import __version__

    return __version__


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="followup",
        description="Track UN human-rights recommendations, State responses and implementation.",
        epilog="`followup COMMAND --help` gives a command's options, the date formats it "
        "reads and an example. To start a registry: followup init DIR --state CODE (see "
        "docs/tutorial.md).",
    )
    parser.add_argument("--debug", action="store_true", help=_DEBUG_HELP)
    parser.add_argument("--no-cache", action="store_true", help=_NO_CACHE_HELP)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=Parser, metavar="COMMAND"
    )
    for _name, add, _run in _COMMANDS:
        add(commands)
    for sub in subparsers_of(parser).values():
        _debug_anywhere(sub)
    add_epilogs(parser)
    return parser


def _debug_anywhere(parser: argparse.ArgumentParser) -> None:
    """``--debug`` and ``--no-cache`` after the command too: the command's parser takes
    them, leaving the main parser's value alone when not given (``SUPPRESS``)."""
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=_DEBUG_HELP)
    parser.add_argument(
        "--no-cache", action="store_true", default=argparse.SUPPRESS, help=_NO_CACHE_HELP
    )
    for sub in subparsers_of(parser).values():
        _debug_anywhere(sub)


@contextlib.contextmanager
def _cache_turned_off(off: bool) -> Iterator[None]:
    """``--no-cache``: FOLLOWUP_NO_CACHE=1 for this command only (loads and edits read it
    through :func:`followup.registry.cache.open_cache`), as it was afterwards."""
    if not off:
        yield
        return
    before = os.environ.get("FOLLOWUP_NO_CACHE")
    os.environ["FOLLOWUP_NO_CACHE"] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ["FOLLOWUP_NO_CACHE"]
        else:
            os.environ["FOLLOWUP_NO_CACHE"] = before


def _say(text: str) -> None:
    """A message on standard error, control characters escaped (it may quote the registry)."""
    sys.stderr.write(escape(f"followup: {text}\n"))


def _out_of_memory(args: argparse.Namespace) -> str:
    """What to say when a command ran out of memory: the input it was reading, the limit."""
    given = getattr(args, "path", None) or getattr(args, "file", None)
    where = f" while working on {given}" if given else ""
    return (
        f"out of memory{where}: followup reads files of up to {MAX_FILE_BYTES // 2**20} MiB "
        "each, and a file near that size, or many of them, can need more memory than this "
        "machine has free; split the input into smaller files, or run it where more memory "
        "is free"
    )


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it).

    Everything printed passes through :func:`followup.cli._terminal.escape`: control
    characters in registry text are shown as ``\\uXXXX``, never sent to the terminal.
    """
    stream = safe_output(out or sys.stdout)
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        with _cache_turned_off(args.no_cache):
            return _dispatch(args, stream)
    except MemoryError:  # said below, once the failed command's memory is released
        pass
    _say(_out_of_memory(args))
    return EXIT_PROBLEMS


def _dispatch(args: argparse.Namespace, out: TextIO) -> int:
    """Run the command of ``args``; every error but MemoryError becomes a message and an
    exit code here."""
    handlers = {name: handler for name, _add, handler in _COMMANDS}
    try:
        return handlers[args.command](args, out)
    except FollowupError as exc:
        _say(str(exc))
        return EXIT_PROBLEMS
    except BrokenPipeError:  # e.g. `followup score ... | head`: the reader left
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except OSError as exc:  # a path that cannot be read or written: say which, no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        _say(f"{where}{exc.strerror or exc}")
        return EXIT_PROBLEMS
    except MemoryError:  # never a traceback, not even with --debug: main() says it
        raise
    except Exception:
        if args.debug:
            raise
        _say(
            "internal error, please report it with the command you ran "
            "(run again with --debug for details)"
        )
        return EXIT_INTERNAL


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())

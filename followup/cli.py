"""The ``followup`` command line: argument parsing, output and exit codes only.

Exit codes: 0 success, 1 problems found (or a user mistake), 2 usage error,
3 internal error. A user mistake never shows a traceback; an unexpected error says
"internal error, please report" and shows one only with ``--debug``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any, TextIO

from followup.errors import FollowupError
from followup.model.registry import Registry
from followup.registry import check, load
from followup.registry.report import Report

__all__ = ["main"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # usage errors: exit 2, no traceback
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date such as 2025-06-30") from None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="followup",
        description="Track UN human-rights recommendations, State responses and implementation.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    validate = commands.add_parser(
        "validate", help="check a registry and list every problem with its place"
    )
    validate.add_argument("path", help="registry directory (with registry.yaml) or file")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    validate.add_argument("--quiet", "-q", action="store_true", help="leave out notices")
    validate.add_argument("--no-fast", action="store_true", help="read with ruamel.yaml only")

    info = commands.add_parser("info", help="summarise what a registry holds")
    info.add_argument("path", help="registry directory (with registry.yaml) or file")
    info.add_argument("--as-of", type=_date, default=None, help="date for statuses (today)")
    info.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _version() -> str:
    from followup import __version__

    return __version__


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    _, report = check(args.path, fast=not args.no_fast)
    if args.quiet:
        report = Report.of(p for p in report.problems if p.severity != "notice")
    if args.format == "json":
        out.write(report.to_json() + "\n")
    else:
        out.write(report.to_text() + "\n")
    if report.errors or (args.strict and report.warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


def summary(registry: Registry, as_of: dt.date) -> dict[str, Any]:
    """The facts ``followup info`` prints, as plain data."""
    reviews = []
    for review in registry.reviews.values():
        recs = registry.by_review(review.id)
        reviews.append(
            {
                "id": review.id,
                "mechanism": str(review.mechanism),
                "state": review.state,
                "date": review.date.isoformat(),
                "title": review.title.pick(default_language=registry.info.language),
                "recommendations": len(recs),
                "follow_up": sum(r.follow_up for r in recs),
                "follow_up_due": (
                    review.follow_up.due.isoformat()
                    if review.follow_up and review.follow_up.due
                    else None
                ),
            }
        )
    mechanisms: Counter[str] = Counter()
    themes: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    unverified = 0
    for rec in registry.recommendations.values():
        mechanisms[str(registry.review_of(rec).mechanism)] += 1
        for theme in rec.themes or ("(no theme)",):
            themes[theme] += 1
        latest = registry.latest_assessment(rec.id, as_of)
        statuses[latest.status if latest else "unknown (not assessed)"] += 1
        unverified += _count_unverified(rec)
    for review in registry.reviews.values():
        unverified += bool(review.unverified)
        unverified += bool(review.follow_up and review.follow_up.unverified)
    return {
        "id": registry.info.id,
        "title": registry.info.title.pick(default_language=registry.info.language),
        "version": registry.info.version,
        "states": list(registry.info.states),
        "as_of": as_of.isoformat(),
        "recommendations": len(registry),
        "reviews": reviews,
        "by_mechanism": dict(mechanisms.most_common()),
        "by_theme": dict(themes.most_common()),
        "by_status": dict(statuses.most_common()),
        "unverified_marks": unverified,
    }


def _count_unverified(rec: Any) -> int:
    count = bool(rec.unverified) + bool(rec.source.unverified)
    for entry in rec.history:
        count += bool(entry.unverified)
        count += sum(bool(e.unverified) for e in entry.evidence)
    return count


def _info(args: argparse.Namespace, out: TextIO) -> int:
    registry = load(args.path)
    data = summary(registry, args.as_of or dt.date.today())
    if args.format == "json":
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    w = out.write
    w(f"{data['title']}\n")
    w(
        f"  registry {data['id']}, dataset version {data['version']}, "
        f"states: {', '.join(data['states'])}\n"
    )
    w(
        f"  {data['recommendations']} recommendations in {len(data['reviews'])} reviews; "
        f"statuses as of {data['as_of']}\n\n"
    )
    w("Reviews\n")
    for r in data["reviews"]:
        due = f", follow-up due {r['follow_up_due']}" if r["follow_up_due"] else ""
        flagged = f", {r['follow_up']} under follow-up" if r["follow_up"] else ""
        w(
            f"  {r['date']}  {r['id']:<22} {r['mechanism']:<5} "
            f"{r['recommendations']:>4} recommendations{flagged}{due}\n"
        )
    for title, key in (
        ("By mechanism", "by_mechanism"),
        ("By theme", "by_theme"),
        ("By latest status", "by_status"),
    ):
        w(f"\n{title}\n")
        for name, count in data[key].items():
            w(f"  {count:>5}  {name}\n")
    w(
        f"\n{data['unverified_marks']} facts carry an `unverified` mark: "
        "run `followup validate` to list them before publishing.\n"
    )
    return EXIT_OK


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    out = out or sys.stdout
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args, out)
        if args.command == "info":
            return _info(args, out)
    except FollowupError as exc:
        sys.stderr.write(f"followup: {exc}\n")
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        sys.stderr.write("followup: interrupted\n")
        return 130
    except Exception:
        if args.debug:
            raise
        sys.stderr.write(
            "followup: internal error, please report it with the command you ran "
            "(run again with --debug for details)\n"
        )
        return EXIT_INTERNAL
    return EXIT_USAGE  # pragma: no cover - argparse only accepts known commands


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())

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
from followup.registry import check, edit, load, migrate
from followup.registry.editing import Editor, build_recommendation
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

    assess = commands.add_parser(
        "assess", help="record an implementation assessment of a recommendation"
    )
    assess.add_argument("path", help="registry directory (with registry.yaml) or file")
    assess.add_argument("rec_id", metavar="REC_ID", help="the recommendation's id")
    assess.add_argument("--status", required=True, help="a level of the scale")
    assess.add_argument("--on", type=_date, required=True, help="date of the judgement")
    assess.add_argument("--by", required=True, help="who judged (an organisation)")
    assess.add_argument("--scale", default=None, help="scale id (the registry's default)")
    assess.add_argument(
        "--evidence", nargs="+", default=[], metavar="URL_OR_SYMBOL", help="sources"
    )
    assess.add_argument("--note", default=None, help="a note on the judgement")
    _edit_options(assess)

    respond = commands.add_parser("respond", help="record a State's response")
    respond.add_argument("path", help="registry directory (with registry.yaml) or file")
    respond.add_argument("rec_id", metavar="REC_ID", help="the recommendation's id")
    respond.add_argument(
        "--position",
        required=True,
        help="supported, partially-supported, noted, reply-received or no-reply",
    )
    respond.add_argument("--on", type=_date, required=True, help="date of the response")
    respond.add_argument("--document", default=None, help="symbol of the document holding it")
    respond.add_argument("--url", default=None, help="where to read it")
    respond.add_argument("--note", default=None)
    _edit_options(respond)

    add = commands.add_parser("add-recommendation", help="add a recommendation to a review")
    add.add_argument("path", help="registry directory (with registry.yaml) or file")
    add.add_argument("--review", required=True, help="id of the review it belongs to")
    add.add_argument("--id", required=True, dest="rec_id", help="its id (e.g. kaz-ccpr-3-p12)")
    add.add_argument("--text", required=True, help="the recommendation in your own words")
    add.add_argument("--document", required=True, help="symbol of the source document")
    add.add_argument("--paragraph", default=None, help="paragraph in the source")
    add.add_argument("--url", default=None, help="URL of the source")
    add.add_argument("--theme", nargs="+", default=[], dest="themes", help="theme ids")
    add.add_argument("--right", nargs="+", default=[], dest="rights", help="rights concerned")
    add.add_argument("--follow-up", action="store_true", help="selected for follow-up")
    add.add_argument("--reiterates", nargs="+", default=[], help="ids it reiterates")
    add.add_argument("--unverified", default=None, help="what is not yet checked")
    _edit_options(add)

    migrate = commands.add_parser("migrate", help="rewrite older-format files to this format")
    migrate.add_argument("path", help="registry directory (with registry.yaml) or file")
    migrate.add_argument(
        "--check", action="store_true", help="only say what would change (exit 1 if anything)"
    )
    return parser


def _edit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds to wait for another editor (10)"
    )
    parser.add_argument("--dry-run", action="store_true", help="check the edit, write nothing")


class _DryRun(Exception):  # noqa: N818 (leaves the edit without writing)
    pass


def _edit(args: argparse.Namespace, out: TextIO, apply: Any) -> int:
    try:
        with edit(args.path, timeout=args.timeout) as editor:
            apply(editor)
            if args.dry_run:
                editor.check()
                for change in editor.changes:
                    out.write(f"would change {change}\n")
                raise _DryRun
    except _DryRun:
        return EXIT_OK
    for change in editor.changes:
        out.write(f"{change}\n")
    return EXIT_OK


def _assess(args: argparse.Namespace, out: TextIO) -> int:
    return _edit(
        args,
        out,
        lambda ed: ed.assess(
            args.rec_id,
            status=args.status,
            on=args.on,
            by=args.by,
            scale=args.scale,
            evidence=args.evidence,
            note=args.note,
        ),
    )


def _respond(args: argparse.Namespace, out: TextIO) -> int:
    return _edit(
        args,
        out,
        lambda ed: ed.respond(
            args.rec_id,
            position=args.position,
            on=args.on,
            document=args.document,
            url=args.url,
            note=args.note,
        ),
    )


def _add_recommendation(args: argparse.Namespace, out: TextIO) -> int:
    def apply(ed: Editor) -> None:
        ed.add_recommendation(
            build_recommendation(
                id=args.rec_id,
                review=args.review,
                text=args.text,
                document=args.document,
                paragraph=args.paragraph,
                url=args.url,
                themes=args.themes,
                rights=args.rights,
                follow_up=args.follow_up,
                reiterates=args.reiterates,
                unverified=args.unverified,
            )
        )

    return _edit(args, out, apply)


def _migrate(args: argparse.Namespace, out: TextIO) -> int:
    done = migrate(args.path, check=args.check)
    verb = "would migrate" if args.check else "migrated"
    for item in done:
        for step in item.steps:
            out.write(f"{verb} {item.file}: {step}\n")
    if not done:
        out.write("every file is in the current format\n")
    return EXIT_PROBLEMS if args.check and done else EXIT_OK


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
        commands = {
            "assess": _assess,
            "respond": _respond,
            "add-recommendation": _add_recommendation,
            "migrate": _migrate,
        }
        return commands[args.command](args, out)
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


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())

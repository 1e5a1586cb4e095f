"""The ``followup`` command line: argument parsing, output and exit codes only.

Exit codes: 0 success, 1 problems found (or a user mistake), 2 usage error,
3 internal error. A user mistake never shows a traceback; an unexpected error says
"internal error, please report" and shows one only with ``--debug``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from followup._progress import ProgressBar as _ProgressBar
from followup.errors import FollowupError
from followup.model.registry import Registry
from followup.registry import check, edit, load, migrate
from followup.registry.editing import Editor, build_recommendation
from followup.registry.report import Report
from followup.scoring import DIMENSIONS, UNKNOWN, Policy, change, deadlines, score

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

    score_cmd = commands.add_parser("score", help="compliance scores by group as of a date")
    score_cmd.add_argument("path", help="registry directory (with registry.yaml) or file")
    score_cmd.add_argument(
        "--by",
        action="append",
        default=[],
        choices=DIMENSIONS,
        help="group by (give twice for two dimensions)",
    )
    score_cmd.add_argument("--as-of", type=_date, default=None, help="the date (today)")
    score_cmd.add_argument("--scale", default=None, help="scale id (the registry's default)")
    score_cmd.add_argument(
        "--prefer", nargs="+", default=[], metavar="JUDGE", help="judges whose word counts first"
    )
    score_cmd.add_argument("--weighted", action="store_true", help="weigh by `weight`")
    score_cmd.add_argument("--format", choices=("table", "json", "csv"), default="table")

    progress = commands.add_parser("progress", help="what moved between two dates")
    progress.add_argument("path", help="registry directory (with registry.yaml) or file")
    progress.add_argument("--from", dest="start", type=_date, required=True)
    progress.add_argument("--to", dest="end", type=_date, required=True)
    progress.add_argument("--scale", default=None, help="scale id (the registry's default)")
    progress.add_argument("--format", choices=("text", "json"), default="text")

    due = commands.add_parser("deadlines", help="follow-up deadlines, replies, grades")
    due.add_argument("path", help="registry directory (with registry.yaml) or file")
    due.add_argument("--as-of", type=_date, default=None, help="the date (today)")
    due.add_argument("--format", choices=("text", "json"), default="text")

    card = commands.add_parser(
        "scorecard",
        help="write the scorecard of a period (HTML, PDF, Markdown, JSON), or of a series",
        description="Write the scorecard of one period, or with --every one per period "
        "from --from to --to and an index page linking them.",
    )
    card.add_argument("path", help="registry directory (with registry.yaml) or file")
    card.add_argument(
        "--period",
        default="latest",
        help="2025-Q3, 2025-H1, 2025-07 or 2025; 'latest' (default): the period of the "
        "registry's latest dated fact",
    )
    card.add_argument(
        "--every",
        choices=("month", "quarter", "half", "year"),
        default=None,
        help="write a series: one scorecard per period from --from to --to",
    )
    card.add_argument("--from", dest="first", default=None, help="first period (or a date)")
    card.add_argument(
        "--to", dest="last", default=None, help="last period (or a date); default: latest"
    )
    card.add_argument(
        "--language",
        default=None,
        help="en, ru, or several (en,ru); default: the registry's language",
    )
    card.add_argument(
        "--format", default="html,pdf", help="html, pdf, md, json, comma-separated (html,pdf)"
    )
    card.add_argument("-o", "--output", default="scorecards", help="directory (./scorecards)")
    card.add_argument("--scale", default=None, help="scale id (the registry's default)")
    card.add_argument(
        "--horizon", type=int, default=90, help="days ahead a follow-up deadline is near (90)"
    )
    card.add_argument(
        "--jobs", type=int, default=0, help="processes for a series (0: one per core)"
    )
    card.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")

    imports = commands.add_parser("import", help="import recommendations into a registry")
    sources = imports.add_subparsers(dest="source", required=True, parser_class=_Parser)
    uhri = sources.add_parser(
        "uhri", help="from the UN Universal Human Rights Index's bulk JSON export"
    )
    uhri.add_argument("file", help="the export (a JSON array; read as a stream)")
    uhri.add_argument("--state", required=True, help="ISO 3166-1 alpha-3 code, e.g. KAZ")
    uhri.add_argument("--body", nargs="+", default=[], help="only these bodies (CCPR UPR ...)")
    uhri.add_argument("--since", type=_date, default=None, help="published on or after")
    _import_options(uhri, "records")
    table = sources.add_parser("table", help="from a spreadsheet (CSV or XLSX) with a mapping")
    table.add_argument("file", help="a .csv or .xlsx file")
    table.add_argument(
        "--mapping", required=True, help="a mapping file, or a shipped one: upr-info, upr-info-csv"
    )
    _import_options(table, "rows")

    export = commands.add_parser(
        "export", help="export a registry for analysts (CSV, JSON, Parquet)"
    )
    export.add_argument("path", help="registry directory (with registry.yaml) or file")
    export.add_argument("--format", choices=("csv", "json", "parquet"), required=True)
    export.add_argument("--history", action="store_true", help="one row per history entry")
    export.add_argument("--as-of", type=_date, default=None, help="statuses as of (today)")
    export.add_argument(
        "--include-confidential", action="store_true", help="keep fields marked confidential"
    )
    export.add_argument("-o", "--output", required=True, help="the file to write ('-': stdout)")

    schema = commands.add_parser("schema", help="print the JSON Schema of registry files")
    schema.add_argument("-o", "--output", default=None, help="write it to this file")

    migrate = commands.add_parser("migrate", help="rewrite older-format files to this format")
    migrate.add_argument("path", help="registry directory (with registry.yaml) or file")
    migrate.add_argument(
        "--check", action="store_true", help="only say what would change (exit 1 if anything)"
    )
    return parser


def _import_options(parser: argparse.ArgumentParser, items: str) -> None:
    parser.add_argument("-o", "--output", required=True, help="registry directory (made if new)")
    parser.add_argument("--skip-bad", action="store_true", help=f"skip {items} that cannot be read")
    parser.add_argument("--dry-run", action="store_true", help="report, write nothing")


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


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _score(args: argparse.Namespace, out: TextIO) -> int:
    if len(args.by) > 2:
        raise FollowupError("give --by at most twice")
    registry = load(args.path)
    result = score(
        registry,
        args.by,
        as_of=args.as_of,
        scale=args.scale,
        policy=Policy(args.prefer),
        weighted=args.weighted,
    )
    rows = result.rows()
    if args.format == "json":
        payload = {
            "as_of": result.as_of.isoformat(),
            "scale": result.scale,
            "policy": result.policy,
            "by": list(result.by),
            "groups": rows,
        }
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    levels = [*result.levels, UNKNOWN]
    if args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        head = [*result.by, "total", "assessed", "coverage", "scored", "score", "rate", *levels]
        writer.writerow(head)
        for row in rows:
            writer.writerow(
                [
                    *(row[d] for d in result.by),
                    row["total"],
                    row["assessed"],
                    "" if row["coverage"] is None else f"{row['coverage']:.4f}",
                    row["scored"],
                    "" if row["score"] is None else f"{row['score']:.4f}",
                    ""
                    if row["implementation_rate"] is None
                    else f"{row['implementation_rate']:.4f}",
                    *(row[level] for level in levels),
                ]
            )
        return EXIT_OK
    head = [" / ".join(result.by) or "group", "recs", "assessed", "score", "impl.", *levels]
    table = [head]
    for row in rows:
        name = " / ".join(str(row[d]) for d in result.by) if result.by else "(all)"
        score_text = "-" if row["score"] is None else f"{row['score']:.2f}"
        table.append(
            [
                name,
                str(row["total"]),
                f"{row['assessed']} ({_percent(row['coverage'])})",
                score_text,
                _percent(row["implementation_rate"]),
                *(str(row[level]) for level in levels),
            ]
        )
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    out.write(
        f"Scores as of {result.as_of.isoformat()} on scale {result.scale!r} "
        f"(policy: {result.policy}{', weighted' if result.weighted else ''})\n"
    )
    for index, cells in enumerate(table):
        line = "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )
        out.write(line.rstrip() + "\n")
        if index == 0 or index == len(table) - 2:
            out.write("  ".join("-" * w for w in widths) + "\n")
    out.write(
        "score: mean level score of the assessed; impl.: share implemented or partially "
        "implemented, of the assessed (see docs/methodology.md)\n"
    )
    return EXIT_OK


def _progress(args: argparse.Namespace, out: TextIO) -> int:
    registry = load(args.path)
    moved = change(registry, args.start, args.end, scale=args.scale)
    if args.format == "json":
        payload = {
            "from": moved.before.isoformat(),
            "to": moved.after.isoformat(),
            "scale": moved.scale,
            "score_from": moved.score_before,
            "score_to": moved.score_after,
            "transitions": [
                {"from": a, "to": b, "count": len(ids), "ids": list(ids)}
                for (a, b), ids in moved.transitions.items()
            ],
        }
        out.write(json.dumps(payload, indent=2) + "\n")
        return EXIT_OK
    out.write(
        f"From {moved.before.isoformat()} to {moved.after.isoformat()} on scale "
        f"{moved.scale!r}: {moved.total} recommendations present at both dates\n"
    )
    before = "-" if moved.score_before is None else f"{moved.score_before:.2f}"
    after = "-" if moved.score_after is None else f"{moved.score_after:.2f}"
    out.write(f"score {before} -> {after}\n")
    if not moved.moved:
        out.write("nothing moved\n")
    for (source, target), ids in moved.moved.items():
        out.write(f"  {source} -> {target}: {len(ids)} ({', '.join(ids)})\n")
    return EXIT_OK


def _deadlines(args: argparse.Namespace, out: TextIO) -> int:
    registry = load(args.path)
    found = deadlines(registry, args.as_of)
    if args.format == "json":
        payload = [
            {
                "review": d.review,
                "due": d.due.isoformat() if d.due else None,
                "due_unverified": d.due_unverified,
                "overdue": d.overdue,
                "items": [
                    {
                        "recommendation": i.rec_id,
                        "paragraph": i.paragraph,
                        "replied_on": i.replied_on.isoformat() if i.replied_on else None,
                        "grade": i.grade,
                        "unverified": i.unverified,
                    }
                    for i in d.items
                ],
            }
            for d in found
        ]
        out.write(json.dumps(payload, indent=2) + "\n")
        return EXIT_OK
    if not found:
        out.write("no review has a follow-up procedure\n")
    for d in found:
        due = d.due.isoformat() if d.due else "unknown"
        state = "OVERDUE" if d.overdue else ("replied" if d.replied else "open")
        mark = " (due date unverified)" if d.due_unverified else ""
        out.write(f"{d.review}: due {due}{mark}: {state}\n")
        for i in d.items:
            reply = i.replied_on.isoformat() if i.replied_on else "no reply recorded"
            grade = f"grade {i.grade}" if i.grade else "not graded"
            flag = " [unverified]" if i.unverified else ""
            out.write(f"  {i.rec_id} (para. {i.paragraph or '?'}): {reply}; {grade}{flag}\n")
    return EXIT_OK


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
    hidden = 0
    if args.quiet:
        hidden = len(report.notices)
        report = Report.of(p for p in report.problems if p.severity != "notice")
    if args.format == "json":
        out.write(report.to_json() + "\n")
    else:
        text = report.to_text()
        if hidden:  # the summary must not read as if there were none
            text += f" ({hidden} notices left out by --quiet, e.g. unverified facts)"
        out.write(text + "\n")
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


def _interop(args: argparse.Namespace, out: TextIO) -> int:
    """``import``, ``export`` and ``schema``: the interop layer's own command functions."""
    import importlib

    name = args.source if args.command == "import" else args.command  # uhri, table, ...
    module = importlib.import_module(f"followup.interop.{name}")
    code: int = module.run_cli(args, out)
    return code


def _period_arg(text: str, kind: str, end: bool) -> Any:
    """A period of ``kind`` from a period of any kind or a date (its start or end)."""
    from followup.scorecard import Period

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        period = Period.parse(text)
        day = period.end if end else period.start
    return Period.containing(day, kind)


def _scorecard(args: argparse.Namespace, out: TextIO) -> int:
    from followup.scorecard import Period, build, latest_period, periods, write, write_series
    from followup.scorecard.render import check_formats

    formats = check_formats([f.strip() for f in args.format.split(",") if f.strip()])
    languages = [lang.strip() for lang in (args.language or "").split(",") if lang.strip()]
    registry = load(args.path)
    output = Path(args.output)
    say = (lambda _text: None) if args.quiet else (lambda text: out.write(f"{text}\n"))
    try:
        if args.every is None:
            if args.first or args.last:
                raise FollowupError("--from and --to make a series: give --every too")
            period = (
                latest_period(registry)
                if args.period == "latest"
                else _period_arg(args.period, Period.parse(args.period).kind, True)
            )
            for language in languages or [None]:
                card = build(
                    registry,
                    period,
                    language=language,
                    scale=args.scale,
                    horizon_days=args.horizon,
                )
                for path in write(card, output, formats):
                    say(f"wrote {path}")
            return EXIT_OK
        if args.first is None:
            raise FollowupError("a series needs --from (the first period, e.g. 2022-Q4)")
        first = _period_arg(args.first, args.every, False)
        last = (
            _period_arg(args.last, args.every, True)
            if args.last
            else latest_period(registry, args.every)
        )
        chosen = periods(first, last)
        for language in languages or [None]:
            entries, index = write_series(
                registry,
                chosen,
                output,
                formats,
                language=language,
                scale=args.scale,
                horizon_days=args.horizon,
                workers=args.jobs,
                progress=None if args.quiet else _ProgressBar(sys.stderr),
            )
            say(f"wrote {sum(len(e.files) for e in entries)} files for {len(entries)} periods")
            say(f"wrote {index}")
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        raise FollowupError(f"cannot write{where}: {exc.strerror or exc}") from None
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
            "score": _score,
            "progress": _progress,
            "deadlines": _deadlines,
            "scorecard": _scorecard,
            "import": _interop,
            "export": _interop,
            "schema": _interop,
        }
        return commands[args.command](args, out)
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

"""Commands that compute from a registry: ``score``, ``progress``, ``deadlines``.

Each works on the public view of the registry (confidential recommendations and
assessments left out, as in a published scorecard) unless ``--include-confidential``
is given, and says which: a ``View:`` line in text, ``view`` and ``withheld`` in JSON.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
from typing import TextIO

from followup.cli._base import EXIT_OK, Subparsers, confidential_arg, date_arg, path_arg, view_of
from followup.cli._levels import scale_of
from followup.errors import FollowupError
from followup.i18n import counted
from followup.registry import load
from followup.scoring import DIMENSIONS, UNKNOWN, Deadline, Policy, change, deadlines, score
from followup.scoring.deadlines import elapsed
from followup.scoring.output import for_output

__all__ = [
    "add_deadlines",
    "add_progress",
    "add_score",
    "duration",
    "follow_up_deadlines",
    "progress",
    "scores",
]


def add_score(commands: Subparsers) -> None:
    """``followup score``."""
    score_cmd = commands.add_parser("score", help="compliance scores by group as of a date")
    path_arg(score_cmd)
    score_cmd.add_argument(
        "--by",
        action="append",
        default=[],
        choices=DIMENSIONS,
        help="group by (give twice for two dimensions)",
    )
    score_cmd.add_argument("--as-of", type=date_arg, default=None, help="the date (today)")
    score_cmd.add_argument("--scale", default=None, help="scale id (the registry's default)")
    score_cmd.add_argument(
        "--prefer", nargs="+", default=[], metavar="JUDGE", help="judges whose word counts first"
    )
    score_cmd.add_argument("--weighted", action="store_true", help="weigh by `weight`")
    score_cmd.add_argument("--format", choices=("table", "json", "csv"), default="table")
    confidential_arg(score_cmd)


def add_progress(commands: Subparsers) -> None:
    """``followup progress``."""
    progress_cmd = commands.add_parser("progress", help="what moved between two dates")
    path_arg(progress_cmd)
    progress_cmd.add_argument(
        "--from", dest="start", type=date_arg, required=True, help="the earlier date (YYYY-MM-DD)"
    )
    progress_cmd.add_argument(
        "--to", dest="end", type=date_arg, required=True, help="the later date (YYYY-MM-DD)"
    )
    progress_cmd.add_argument("--scale", default=None, help="scale id (the registry's default)")
    progress_cmd.add_argument("--format", choices=("text", "json"), default="text")
    confidential_arg(progress_cmd)


def add_deadlines(commands: Subparsers) -> None:
    """``followup deadlines``."""
    due = commands.add_parser("deadlines", help="follow-up deadlines, replies, grades")
    path_arg(due)
    due.add_argument("--as-of", type=date_arg, default=None, help="the date (today)")
    due.add_argument("--format", choices=("text", "json"), default="text")
    confidential_arg(due)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def scores(args: argparse.Namespace, out: TextIO) -> int:
    """``followup score PATH [--by DIM]... [--as-of D] [--format table|json|csv]``."""
    if len(args.by) > 2:
        raise FollowupError("give --by at most twice")
    view = view_of(load(args.path), args.include_confidential)
    scale_of(view.registry.info, args.scale)
    result = score(
        view.registry,
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
            **view.data(),
            "groups": rows,
        }
        out.write(json.dumps(for_output(payload), ensure_ascii=False, indent=2) + "\n")
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
        f"{view.line()}\n"
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


def progress(args: argparse.Namespace, out: TextIO) -> int:
    """``followup progress PATH --from D --to D [--scale S] [--format text|json]``."""
    if args.start > args.end:
        raise FollowupError(
            f"--from {args.start.isoformat()} is after --to {args.end.isoformat()}: "
            "give the earlier date to --from (e.g. --from "
            f"{args.end.isoformat()} --to {args.start.isoformat()})"
        )
    view = view_of(load(args.path), args.include_confidential)
    scale_of(view.registry.info, args.scale)
    moved = change(view.registry, args.start, args.end, scale=args.scale)
    if args.format == "json":
        payload = {
            "from": moved.before.isoformat(),
            "to": moved.after.isoformat(),
            "scale": moved.scale,
            **view.data(),
            "score_from": moved.score_before,
            "score_to": moved.score_after,
            "transitions": [
                {"from": a, "to": b, "count": len(ids), "ids": list(ids)}
                for (a, b), ids in moved.transitions.items()
            ],
        }
        out.write(json.dumps(for_output(payload), indent=2) + "\n")
        return EXIT_OK
    out.write(f"{view.line()}\n")
    out.write(
        f"From {moved.before.isoformat()} to {moved.after.isoformat()} on scale "
        f"{moved.scale!r}: {counted('counted.recommendations', moved.total)} present at both "
        "dates\n"
    )
    before = "-" if moved.score_before is None else f"{moved.score_before:.2f}"
    after = "-" if moved.score_after is None else f"{moved.score_after:.2f}"
    out.write(f"score {before} -> {after}\n")
    if not moved.moved:
        out.write("nothing moved\n")
    for (source, target), ids in moved.moved.items():
        out.write(f"  {source} -> {target}: {len(ids)} ({', '.join(ids)})\n")
    return EXIT_OK


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def duration(start: dt.date, end: dt.date) -> str:
    """How long from ``start`` to ``end``: in years and months from a year on ("8 years
    2 months", "1 year"), in days below ("1 day", "45 days")."""
    years, months, _days = elapsed(start, end)
    if years == 0:
        return _count((end - start).days, "day")
    return _count(years, "year") + (f" {_count(months, 'month')}" if months else "")


def _procedure_state(d: Deadline) -> str:
    if d.overdue and d.due is not None:  # overdue implies a due date
        return f"no reply known, overdue by {duration(d.due, d.as_of)}"
    return {
        "recorded": "reply recorded",
        "undated": "reply known, not dated",
        "none": "no reply known",
    }[d.reply]


def follow_up_deadlines(args: argparse.Namespace, out: TextIO) -> int:
    """``followup deadlines PATH [--as-of D] [--format text|json]``."""
    view = view_of(load(args.path), args.include_confidential)
    as_of = args.as_of or dt.date.today()
    found = deadlines(view.registry, as_of)
    if args.format == "json":
        procedures = [
            {
                "review": d.review,
                "due": d.due.isoformat() if d.due else None,
                "due_unverified": d.due_unverified,
                "reply": d.reply,
                "overdue": d.overdue,
                "items": [
                    {
                        "recommendation": i.rec_id,
                        "paragraph": i.paragraph,
                        "reply": i.reply,
                        "replied_on": i.replied_on.isoformat() if i.replied_on else None,
                        "grade": i.grade,
                        "unverified": i.unverified,
                    }
                    for i in d.items
                ],
            }
            for d in found
        ]
        payload = {"as_of": as_of.isoformat(), **view.data(), "procedures": procedures}
        out.write(json.dumps(for_output(payload), indent=2) + "\n")
        return EXIT_OK
    out.write(f"{view.line()}\n")
    if not found:
        out.write("no review has a follow-up procedure\n")
    for d in found:
        due = d.due.isoformat() if d.due else "unknown"
        mark = " (due date unverified)" if d.due_unverified else ""
        out.write(f"{d.review}: due {due}{mark}: {_procedure_state(d)}\n")
        for i in d.items:
            if i.replied_on is not None:
                reply = f"reply recorded ({i.replied_on.isoformat()})"
            else:
                reply = "reply known, not dated" if i.reply == "undated" else "no reply known"
            grade = f"grade {i.grade}" if i.grade else "not graded"
            flag = " [unverified]" if i.unverified else ""
            out.write(f"  {i.rec_id} (para. {i.paragraph or '?'}): {reply}; {grade}{flag}\n")
    return EXIT_OK

"""Commands that check, summarise and publish a registry: ``validate``, ``info``,
``scorecard``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from followup._progress import ProgressBar
from followup.cli._base import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Subparsers,
    confidential_arg,
    date_arg,
    path_arg,
    view_of,
)
from followup.errors import FollowupError
from followup.i18n import counted
from followup.model.registry import Registry
from followup.registry import load
from followup.registry.report import Report
from followup.scorecard.card import Scorecard

__all__ = [
    "add_info",
    "add_scorecard",
    "add_validate",
    "info",
    "scorecard",
    "summary",
    "validate",
]


def add_validate(commands: Subparsers) -> None:
    """``followup validate``."""
    validate_cmd = commands.add_parser(
        "validate", help="check a registry and list every problem with its place"
    )
    path_arg(validate_cmd)
    validate_cmd.add_argument("--format", choices=("text", "json"), default="text")
    validate_cmd.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    validate_cmd.add_argument("--quiet", "-q", action="store_true", help="leave out notices")
    validate_cmd.add_argument("--no-fast", action="store_true", help="read with ruamel.yaml only")


def add_info(commands: Subparsers) -> None:
    """``followup info``."""
    info_cmd = commands.add_parser("info", help="summarise what a registry holds")
    path_arg(info_cmd)
    info_cmd.add_argument("--as-of", type=date_arg, default=None, help="date for statuses (today)")
    info_cmd.add_argument("--format", choices=("text", "json"), default="text")
    confidential_arg(info_cmd)


def add_scorecard(commands: Subparsers) -> None:
    """``followup scorecard``."""
    card = commands.add_parser(
        "scorecard",
        help="write the scorecard of a period (HTML, PDF, Markdown, JSON), or of a series",
        description="Write the scorecard of one period, or with --every one per period "
        "from --from to --to and an index page linking them.",
    )
    path_arg(card)
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
    card.add_argument(
        "--exclude-unverified",
        action="store_true",
        help="leave out of the figures the facts that carry an `unverified` mark",
    )
    card.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")


def validate(
    args: argparse.Namespace, out: TextIO, check: Callable[..., tuple[Any, Report]]
) -> int:
    """``followup validate PATH``; ``check`` is :func:`followup.check` (the caller's, so
    that it can be replaced in tests)."""
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


def info(args: argparse.Namespace, out: TextIO) -> int:
    """``followup info PATH [--as-of D] [--format text|json] [--include-confidential]``:
    on the public view unless ``--include-confidential``."""
    view = view_of(load(args.path), args.include_confidential)
    data = {**summary(view.registry, args.as_of or dt.date.today()), **view.data()}
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
        f"  {counted('counted.recommendations', data['recommendations'])} in "
        f"{counted('counted.reviews', len(data['reviews']))}; "
        f"statuses as of {data['as_of']}\n"
    )
    w(f"  {view.line()}\n\n")
    w("Reviews\n")
    for r in data["reviews"]:
        due = f", follow-up due {r['follow_up_due']}" if r["follow_up_due"] else ""
        flagged = f", {r['follow_up']} under follow-up" if r["follow_up"] else ""
        w(
            f"  {r['date']:<10}  {r['id']:<22} {r['mechanism']:<5} "
            f"{counted('counted.recommendations', r['recommendations']):>19}{flagged}{due}\n"
        )
    for title, key in (
        ("By mechanism", "by_mechanism"),
        ("By theme", "by_theme"),
        ("By latest status", "by_status"),
    ):
        w(f"\n{title}\n")
        for name, count in data[key].items():
            w(f"  {count:>5}  {name}\n")
    marks = data["unverified_marks"]
    w(
        f"\n{marks} fact{' carries' if marks == 1 else 's carry'} an `unverified` mark: "
        "run `followup validate` to list them before publishing.\n"
    )
    return EXIT_OK


def _period_arg(text: str, kind: str, end: bool) -> Any:
    """A period of ``kind`` from a period of any kind or a date (its start or end)."""
    from followup.scorecard import Period

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        period = Period.parse(text)
        day = period.end if end else period.start
    return Period.containing(day, kind)


def _fallback_notice(card: Scorecard, say: Callable[[str], object]) -> None:
    """Say how many registry texts the scorecard shows in another language."""
    from followup.i18n import language_name
    from followup.scorecard.languages import foreign_texts
    from followup.scorecard.layout import document

    counts = foreign_texts(document(card))
    if not counts:
        return
    total = sum(counts.values())
    shown = ", ".join(f"{language_name(code)} ({n})" for code, n in counts.items())
    say(
        f"notice: {total} text{'s' if total != 1 else ''} of the registry "
        f"{'have' if total != 1 else 'has'} no {language_name(card.language)} version "
        f"and {'are' if total != 1 else 'is'} shown in {shown}, marked with "
        f"{'their' if total != 1 else 'its'} language; a registry text takes a version keyed "
        f"'{card.language}:' beside its own (the explanations of unverified marks "
        "stay in the registry's language)"
    )


def scorecard(args: argparse.Namespace, out: TextIO) -> int:
    """``followup scorecard PATH [--period P | --every K --from P [--to P]] ...``."""
    from followup.scorecard import Period, build, latest_period, periods, write, write_series
    from followup.scorecard.build import shared_scores
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
            with shared_scores():  # each language's card computes the same scores
                for language in languages or [None]:
                    card = build(
                        registry,
                        period,
                        language=language,
                        scale=args.scale,
                        horizon_days=args.horizon,
                        exclude_unverified=args.exclude_unverified,
                    )
                    for path in write(card, output, formats):
                        say(f"wrote {path}")
                    _fallback_notice(card, say)
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
                progress=None if args.quiet else ProgressBar(sys.stderr),
                exclude_unverified=args.exclude_unverified,
            )
            say(f"wrote {sum(len(e.files) for e in entries)} files for {len(entries)} periods")
            say(f"wrote {index}")
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        raise FollowupError(f"cannot write{where}: {exc.strerror or exc}") from None
    return EXIT_OK

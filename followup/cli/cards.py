"""``followup scorecard``: the scorecard of one period, or a series of them.

A period is checked against the registry before anything is drawn: one that ends
before the registry's first review, or starts after today, would give an empty page,
so it gets a message naming the periods the registry covers instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from followup._progress import ProgressBar
from followup.cli._base import EXIT_OK, Subparsers, path_arg
from followup.cli._levels import scale_of
from followup.cli._suggest import period_guess
from followup.errors import FollowupError
from followup.model.registry import Registry
from followup.registry import load
from followup.registry.linkfile import read_link_decisions

if TYPE_CHECKING:
    from followup.scorecard import Period
    from followup.scorecard.card import Scorecard

__all__ = ["add_scorecard", "check_period", "scorecard"]


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


def _parse(text: str) -> Period:
    """``Period.parse``, its error saying which period was likely meant."""
    from followup.scorecard import Period
    from followup.scorecard.period import PeriodError

    try:
        return Period.parse(text)
    except PeriodError as exc:
        guess = period_guess(text)
        if guess is None:
            raise
        raise PeriodError(f"{exc}; did you mean {guess!r}?") from None


def check_period(
    registry: Registry, first: Period, last: Period, given: str, today: dt.date | None = None
) -> None:
    """Refuse periods that hold nothing of the registry: wholly before its first review
    (or no review at all), or wholly after ``today``."""
    from followup.scorecard import Period

    day = today or dt.date.today()
    reviews = sorted(registry.reviews.values(), key=lambda r: r.date)
    if not reviews:
        raise FollowupError(
            "the registry has no review yet, so a scorecard would be empty: add one with "
            "`followup add-review`, and its recommendations with `followup add-recommendation`"
        )
    start = reviews[0].date
    option = "--period" if first == last else "--from"
    if last.end < start:
        covers = Period.containing(start, last.kind)
        raise FollowupError(
            f"{given} ends on {last.end.isoformat()}, before the registry's first review "
            f"({reviews[0].id}, {start.isoformat()}): nothing of the registry falls in it; "
            f"the registry starts in {covers} (e.g. {option} {covers}, or --period latest)"
        )
    if first.start > day:
        now = Period.containing(day, first.kind)
        raise FollowupError(
            f"{given}: the period {first} has not begun yet (today is {day.isoformat()}), "
            f"nothing is known of it; the current one is {now} "
            "(or --period latest: the period of the registry's latest fact)"
        )


def _period_arg(text: str, kind: str, end: bool) -> Any:
    """A period of ``kind`` from a period of any kind or a date (its start or end)."""
    from followup.scorecard import Period

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        period = _parse(text)
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
    from followup.scorecard import build, latest_period, periods, write, write_series
    from followup.scorecard.build import shared_scores
    from followup.scorecard.render import check_formats

    formats = check_formats([f.strip() for f in args.format.split(",") if f.strip()])
    languages = [lang.strip() for lang in (args.language or "").split(",") if lang.strip()]
    registry = load(args.path)
    scale_of(registry.info, args.scale)
    links = read_link_decisions(args.path)  # accepted clusters: "asked by N bodies"
    output = Path(args.output)
    say = (lambda _text: None) if args.quiet else (lambda text: out.write(f"{text}\n"))
    try:
        if args.every is None:
            if args.first or args.last:
                raise FollowupError("--from and --to make a series: give --every too")
            if args.period == "latest":
                period = latest_period(registry)
            else:
                period = _period_arg(args.period, _parse(args.period).kind, True)
                check_period(registry, period, period, f"--period {args.period}")
            with shared_scores():  # each language's card computes the same scores
                for language in languages or [None]:
                    card = build(
                        registry,
                        period,
                        language=language,
                        scale=args.scale,
                        horizon_days=args.horizon,
                        exclude_unverified=args.exclude_unverified,
                        links=links,
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
        given = f"--from {args.first}" + (f" --to {args.last}" if args.last else "")
        chosen = periods(first, last)
        check_period(registry, first, last, f"the series {given}")
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
                links=links,
            )
            say(f"wrote {sum(len(e.files) for e in entries)} files for {len(entries)} periods")
            say(f"wrote {index}")
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        raise FollowupError(f"cannot write{where}: {exc.strerror or exc}") from None
    return EXIT_OK

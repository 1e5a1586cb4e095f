"""How fast ``followup.scoring.score`` groups a large registry, next to a bare count.

Usage::

    python bench/score.py [--recommendations N] [--reviews R] [--repeat K] [--seed S]
                          [--json OUT] [--profile]

It builds in memory (no YAML: building 100,000 recommendations through files would take
far longer than scoring them) a :class:`followup.Registry` of N recommendations, default
100,000, spread over R reviews (default 50; mechanisms in turn, all of Kazakhstan) and
tagged with 1-3 of 12 themes declared in the manifest. Each recommendation has three
history entries in date order, after its review's date: a response, then two assessments
on the default scale ``implementation`` at random levels (``no-information`` included)
by one of three judges. The build is timed apart and is not part of any figure.

It then times, in one run, the best of K passes (garbage collector disabled during each
timed pass, and a full collection before each) of:

- the baseline: one plain-Python pass over the same assessments that only counts them by
  level (``for rec in ...: for entry in rec.history: if type(entry) is Assessment: ...``);
- ``score(registry, ("theme", "review"), as_of=...)``: the target;
- ``score(registry, "theme", ...)`` and ``score(registry, "review", ...)``: for
  information, without targets.

The target is a ratio against the baseline measured in the same run (the machine is
noisy): scoring grouped by theme and review takes at most 3x the baseline's time. The
script exits with status 1 when it is missed, or when a result fails its sanity check
(the overall group counts every recommendation once).

``--profile`` adds a cProfile of one grouped ``score`` call (top 25 functions by own and
by cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from followup import (
    Assessment,
    Mechanism,
    Position,
    Recommendation,
    Registry,
    RegistryInfo,
    Response,
    Review,
    ScoreResult,
    Source,
    Text,
    Theme,
    score,
)

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # e.g. run as ``python -m bench.score``
    sys.path.insert(0, str(HERE))

import profiling  # noqa: E402 (bench/ is not a package)

T = TypeVar("T")

#: The target, as a ratio to the baseline of the same run.
TARGET = 3.0  # score by ("theme", "review") takes at most this many times the baseline

THEMES = (
    ("accountability", "Accountability for past events"),
    ("torture", "Torture and ill-treatment"),
    ("expression", "Freedom of expression and of the media"),
    ("assembly", "Freedom of peaceful assembly"),
    ("association", "Freedom of association"),
    ("participation", "Participation in public life"),
    ("defenders", "Human rights defenders and journalists"),
    ("death-penalty", "Death penalty"),
    ("fair-trial", "Fair trial and liberty"),
    ("non-discrimination", "Equality and non-discrimination"),
    ("gender", "Gender equality and violence against women"),
    ("children", "Rights of the child"),
)
MECHANISMS = (
    Mechanism.CCPR,
    Mechanism.CAT,
    Mechanism.UPR,
    Mechanism.CEDAW,
    Mechanism.CESCR,
    Mechanism.CRC,
    Mechanism.CERD,
    Mechanism.CRPD,
    Mechanism.NGO,
)
LEVELS = ("not-implemented", "partially-implemented", "implemented", "regressed", "no-information")
JUDGES = ("IPHR", "KIBHR", "CCPR Centre")
POSITIONS = (Position.SUPPORTED, Position.NOTED, Position.REPLY_RECEIVED, Position.NO_REPLY)
FIRST_REVIEW, LAST_REVIEW = dt.date(2005, 3, 1), dt.date(2020, 11, 30)
LAST_DAY = dt.date(2025, 12, 31)  # no history entry is dated after it
AS_OF = dt.date(2026, 1, 1)  # after all history: every assessment is seen


def _after(date: dt.date, rng: random.Random, low: int, high: int) -> dt.date:
    return min(LAST_DAY, date + dt.timedelta(days=rng.randint(low, high)))


def build_registry(recommendations: int, reviews: int = 50, seed: int = 0) -> Registry:
    """A registry of ``recommendations`` recommendations over ``reviews`` reviews, in memory.

    Recommendations are split evenly over the reviews, in order; the output depends only
    on the arguments.
    """
    if recommendations < 0 or reviews < 1:
        raise ValueError("recommendations must be >= 0 and reviews >= 1")
    rng = random.Random(seed)
    themes = tuple(Theme(id=tid, label=Text.plain(label)) for tid, label in THEMES)
    theme_ids = [theme.id for theme in themes]
    info = RegistryInfo(
        id="bench-score",
        title=Text.plain(f"Synthetic scoring benchmark ({recommendations:,} recommendations)"),
        version="2025.1",
        states=("KAZ",),
        themes=themes,
    )
    review_list: list[Review] = []
    for index in range(reviews):
        mechanism = MECHANISMS[index % len(MECHANISMS)]
        cycle = index // len(MECHANISMS) + 1
        date = FIRST_REVIEW + (LAST_REVIEW - FIRST_REVIEW) * index // max(1, reviews - 1)
        review_list.append(
            Review(
                id=f"bench-{mechanism.value.lower()}-{index + 1}",
                mechanism=mechanism,
                state="KAZ",
                title=Text.plain(f"{mechanism.value} review of Kazakhstan, cycle {cycle}"),
                date=date,
                cycle=cycle,
            )
        )
    recs: dict[str, Recommendation] = {}
    for number in range(recommendations):
        review = review_list[number * reviews // max(1, recommendations)]
        responded = _after(review.date, rng, 60, 400)
        first = _after(responded, rng, 30, 700)
        second = _after(first, rng, 30, 900)
        rec_id = f"bench-r{number:06d}"
        recs[rec_id] = Recommendation(
            id=rec_id,
            review=review.id,
            text=Text.plain(f"Recommendation {number} (synthetic)."),
            source=Source(document=f"{review.id.upper()}/CO", paragraph=str(number % 200 + 1)),
            themes=tuple(rng.sample(theme_ids, rng.randint(1, 3))),
            history=(
                Response(date=responded, response=rng.choice(POSITIONS)),
                Assessment(date=first, status=rng.choice(LEVELS), by=rng.choice(JUDGES)),
                Assessment(date=second, status=rng.choice(LEVELS), by=rng.choice(JUDGES)),
            ),
        )
    return Registry(
        info=info, reviews={review.id: review for review in review_list}, recommendations=recs
    )


def count_levels(registry: Registry) -> dict[str, int]:
    """The baseline: every assessment counted by level, in one plain-Python pass."""
    counts: dict[str, int] = {}
    for rec in registry.recommendations.values():
        for entry in rec.history:
            if type(entry) is Assessment:
                counts[entry.status] = counts.get(entry.status, 0) + 1
    return counts


def best_of(repeat: int, run: Callable[[], T]) -> tuple[float, T]:
    """Best wall time of ``repeat`` calls of ``run`` (GC off while timed), and a result.

    A full collection runs before each pass, outside the timing; the first pass's result
    is kept for checking, the others are dropped.
    """
    best = float("inf")
    first: list[T] = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            result = run()
            elapsed = time.perf_counter() - start
        finally:
            gc.enable()
        best = min(best, elapsed)
        if not first:
            first.append(result)
        del result
    gc.collect()
    return best, first[0]


def check_result(name: str, result: ScoreResult, recommendations: int) -> list[str]:
    """What is wrong with a score result (empty when nothing): overall counts all, once."""
    problems = []
    overall = result.overall
    if overall.total != recommendations:
        problems.append(f"{name}: overall.total is {overall.total}, not {recommendations}")
    counted = sum(overall.counts.values())
    if counted != recommendations:
        problems.append(f"{name}: overall counts sum to {counted}, not {recommendations}")
    if not result.groups:
        problems.append(f"{name}: no groups")
    return problems


def profile_score(registry: Registry, top: int = 25) -> str:
    """cProfile of one ``score(registry, ("theme", "review"))``: top functions by own time."""
    gc.collect()
    gc.disable()
    profiler = cProfile.Profile()
    try:
        profiler.enable()
        result = score(registry, ("theme", "review"), as_of=AS_OF)
        profiler.disable()
    finally:
        gc.enable()
    del result
    return profiling.report(profiler, top)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when the target is met and results check, 1 otherwise."""
    parser = argparse.ArgumentParser(description="followup scoring benchmark")
    parser.add_argument("--recommendations", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3, help="passes per figure (best kept)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile of one grouped score (top 25)"
    )
    args = parser.parse_args(argv)
    if args.recommendations < 1 or args.repeat < 1:
        parser.error("--recommendations and --repeat must be at least 1")

    start = time.perf_counter()
    registry = build_registry(args.recommendations, args.reviews, args.seed)
    built = time.perf_counter() - start
    assessments = sum(
        type(e) is Assessment for r in registry.recommendations.values() for e in r.history
    )
    print(
        f"registry: {args.recommendations:,} recommendations, {len(registry.reviews)} reviews, "
        f"{len(registry.info.themes)} themes, {assessments:,} assessments; "
        f"built in memory in {built:.2f} s (not timed below)"
    )
    print(f"as of {AS_OF.isoformat()}; best of {args.repeat} passes, GC disabled while timed\n")

    runs: dict[str, Callable[[], Any]] = {
        "baseline: count assessments by level": lambda: count_levels(registry),
        'score(by=("theme", "review"))': lambda: score(registry, ("theme", "review"), as_of=AS_OF),
        'score(by="theme")': lambda: score(registry, "theme", as_of=AS_OF),
        'score(by="review")': lambda: score(registry, "review", as_of=AS_OF),
    }
    figures: dict[str, float] = {}
    problems: list[str] = []
    for name, run in runs.items():
        seconds, result = best_of(args.repeat, run)
        figures[name] = seconds
        if isinstance(result, ScoreResult):
            problems += check_result(name, result, args.recommendations)
        elif sum(result.values()) != assessments:
            problems.append(f"{name}: counted {sum(result.values())}, not {assessments}")
        del result
    profile = profile_score(registry) if args.profile else None

    baseline = figures["baseline: count assessments by level"]
    grouped = figures['score(by=("theme", "review"))']
    width = max(len(name) for name in figures)
    print(f"{'':{width}}  {'seconds':>8}  {'recs/s':>10}  {'x baseline':>10}")
    for name, seconds in figures.items():
        rate = args.recommendations / seconds
        print(f"{name:{width}}  {seconds:8.4f}  {rate:10,.0f}  {seconds / baseline:9.2f}x")

    ratio = grouped / baseline
    met = ratio <= TARGET
    print()
    print(
        f"{'met   ' if met else 'MISSED'}  score by theme and review takes at most "
        f"{TARGET:g}x the baseline (is {ratio:.2f}x)"
    )
    for problem in problems:
        print(f"FAILED  {problem}")
    if not problems:
        print("ok      overall.total and the overall counts equal the recommendations")
    if profile is not None:
        print('\ncProfile of one score(by=("theme", "review")):\n')
        print(profile)

    if args.json is not None:
        args.json.write_text(
            json.dumps(
                {
                    "recommendations": args.recommendations,
                    "reviews": len(registry.reviews),
                    "themes": len(registry.info.themes),
                    "assessments": assessments,
                    "build_seconds": built,
                    "repeat": args.repeat,
                    "seconds": figures,
                    "ratio_vs_baseline": {name: s / baseline for name, s in figures.items()},
                    "target": {"max_ratio": TARGET, "ratio": ratio, "met": met},
                    "problems": problems,
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0 if met and not problems else 1


if __name__ == "__main__":
    sys.exit(main())

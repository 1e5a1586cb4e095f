"""Scorecards at scale: one State's scorecard, and a series of 12, in a UN-sized registry.

Usage::

    python bench/scorecard_scale.py [--recommendations N] [--states S] [--per-file F]
                                    [--state KAZ] [--quarters 12] [--workers W]

Generates (or reuses ``bench/out/un-N/``, as ``bench/un_scale.py`` does) a registry
shaped like the UN's index (by default 200,000 recommendations over 190 States) and
times, in one run, each phase in a fresh process:

- ``cold``: ``followup.load`` with the cache off (the baseline);
- ``cards``: a (warm) load and a full garbage collection (timed apart: the first one
  after a load walks every object the load made, whatever runs next), then the
  scorecard of one State (its reviews and their
  recommendations taken from the registry, then ``followup.scorecard.build`` and
  ``Scorecard.write`` to HTML and PDF, timed together), then a series of
  ``--quarters`` quarterly scorecards of that State ending with the latest quarter
  (``followup.scorecard.write_series``, HTML and PDF and the index page).

Targets, as ratios in the same run: the one-State scorecard at most 1/4 of the cold
load; the series of 12 quarterly scorecards at most 3x the one scorecard. Exit status 1
when one is missed.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

GIB = 1024**3


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def phase_cold(path: Path) -> dict[str, Any]:
    """``followup.load`` in a fresh process with no cache: the baseline."""
    import followup

    start = time.perf_counter()
    registry = followup.load(path, cache=False)
    elapsed = time.perf_counter() - start
    return {"cold": elapsed, "recommendations": len(registry.recommendations), "peak": _peak()}


def phase_cards(path: Path, state: str, quarters: int, workers: int, out: Path) -> dict[str, Any]:
    """One State's scorecard, then a series of quarterly ones, on a loaded registry."""
    import followup
    import followup.scorecard
    from followup.scorecard import latest_period, periods, write_series

    start = time.perf_counter()
    registry = followup.load(path)  # the user's cache: warm after the first run
    figures: dict[str, Any] = {"load": time.perf_counter() - start}
    # The first full collection after a load walks every object the load made (4 s of
    # the scorecard's 5 s build at 200,000): the load's cost, timed apart
    start = time.perf_counter()
    gc.collect()
    figures["collect"] = time.perf_counter() - start
    start = time.perf_counter()
    reviews = {k: r for k, r in registry.reviews.items() if r.state == state}
    one = followup.Registry(
        info=registry.info,
        reviews=reviews,
        recommendations={k: r for k, r in registry.recommendations.items() if r.review in reviews},
    )
    card = followup.scorecard.build(one, language="en")
    built = time.perf_counter() - start
    card.write(out / "one", ["html", "pdf"])
    figures["scorecard"] = time.perf_counter() - start
    figures["build"] = built
    figures["state_recommendations"] = len(one.recommendations)
    figures["period"] = str(card.period)
    last = latest_period(one)
    first = last
    for _ in range(quarters - 1):
        first = first.previous
    start = time.perf_counter()
    entries, _index = write_series(
        one, periods(first, last), out / "series", ("html", "pdf"), workers=workers
    )
    figures["series"] = time.perf_counter() - start
    figures["series_periods"] = f"{entries[0].period} to {entries[-1].period} ({len(entries)})"
    figures["peak"] = _peak()
    return figures


def _run(name: str, *args: str) -> dict[str, Any]:
    """Run one phase in a fresh Python process; its figures as a dict."""
    result = subprocess.run(
        [sys.executable, __file__, "--phase", name, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recommendations", type=int, default=200_000)
    parser.add_argument("--states", type=int, default=190)
    parser.add_argument("--per-file", type=int, default=200)
    parser.add_argument("--state", default="KAZ", help="the State of the scorecards")
    parser.add_argument("--quarters", type=int, default=12, help="periods in the series")
    parser.add_argument("--workers", type=int, default=1, help="processes for the series")
    parser.add_argument("--phase", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        figures = {
            "cold": lambda: phase_cold(args.path),
            "cards": lambda: phase_cards(
                args.path, args.state, args.quarters, args.workers, args.out
            ),
        }[args.phase]()
        print(json.dumps(figures))
        return 0

    from generate import generate

    path = HERE / "out" / f"un-{args.recommendations}"
    if not (path / "registry.yaml").is_file():
        start = time.perf_counter()
        generate(path, args.recommendations, args.per_file, 0, args.states)
        print(f"generated {path} in {time.perf_counter() - start:.0f} s")
    size = sum(p.stat().st_size for p in path.rglob("*.yaml"))
    files = len(list((path / "reviews").glob("*.yaml")))
    print(
        f"registry: {args.recommendations:,} recommendations, {args.states} States, "
        f"{files} review files, {size / 1e6:.0f} MB of YAML"
    )
    with tempfile.TemporaryDirectory() as scratch:
        where = ["--path", str(path), "--out", scratch, "--state", args.state]
        cold = _run("cold", *where)
        cards = _run(
            "cards", *where, "--quarters", str(args.quarters), "--workers", str(args.workers)
        )
    one, series = cards["scorecard"], cards["series"]
    print(f"cold load (no cache):  {cold['cold']:7.1f} s  (peak {cold['peak'] / GIB:.2f} GiB)")
    print(
        f"warm load:             {cards['load']:7.1f} s  (then a full garbage collection, "
        f"{cards['collect']:.1f} s, not counted below)"
    )
    print(
        f"one-State scorecard:   {one:7.1f} s  ({args.state}, {cards['state_recommendations']:,} "
        f"recommendations, {cards['period']}; build {cards['build']:.1f} s, then HTML and PDF)"
    )
    print(
        f"series of {args.quarters} quarterly: {series:7.1f} s  ({cards['series_periods']}, "
        f"HTML and PDF, {args.workers} process(es); peak {cards['peak'] / GIB:.2f} GiB)"
    )
    ratio_one = one / cold["cold"]
    ratio_series = series / one
    print(f"scorecard / cold load: {ratio_one:.3f} (target <= 1/4)")
    print(f"series / scorecard:    {ratio_series:.2f}x (target <= 3x)")
    checks = {
        "one-State scorecard <= 1/4 of the cold load": ratio_one <= 1 / 4,
        f"series of {args.quarters} quarterly <= 3x one scorecard": ratio_series <= 3,
    }
    for name, ok in checks.items():
        print(f"  {'PASS' if ok else 'FAIL'} {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

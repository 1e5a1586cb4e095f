"""How fast a scorecard renders for a web app, against a cold load of its registry.

Usage::

    python bench/render.py [--path DIR] [--period P] [--language L] [--repeat K]
                           [--profile]

In one run (the machine is shared, so only ratios within a run are compared), it times:

- a cold ``followup.load(path, cache=False)``: a fresh Python process that imports
  followup and loads the registry with nothing cached, median of K processes (the
  baseline);
- a cold render: a fresh process that loads the registry the same way, builds the
  scorecard of ``--period`` and renders it with ``card.render("html")``, median of K;
- the same two with the default review-file cache (filled once before), for reference;
- in this process, once imports and fonts are warm: building a new scorecard and
  rendering it as ``html``, ``md``, ``json`` and ``pdf`` (each a new card, so every chart
  is drawn), then rendering the same card again (its charts are kept on the card).

Target: the cold render at most 10x the cold load (issue 16), each timed from the
process's start until its result is ready (the child prints a line then); the time until
the process has ended (Python's shutdown frees matplotlib's objects: about 0.3 s a web
app never pays) and the CPU time (user+system, steadier when other jobs run) are
printed beside it. The script exits with status 1 when the target is missed.

``--profile`` adds a cProfile of one HTML render of a new card in this process.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import followup
import followup.scorecard

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import profiling  # noqa: E402 (bench/ is not a package)

#: The cold HTML render at most this many times a cold load (wall clock, medians).
TARGET = 10.0

_LOAD = "import followup\nfollowup.load({path!r}, cache={cache})\n"
_RENDER = (
    "import followup, followup.scorecard\n"
    "registry = followup.load({path!r}, cache={cache})\n"
    "card = followup.scorecard.build(registry, {period!r}, language={language!r})\n"
    "assert card.render('html').startswith('<!doctype html>')\n"
)


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cold(code: str, repeat: int, env: dict[str, str]) -> tuple[float, float, float]:
    """Medians over ``repeat`` fresh processes running ``code``: wall-clock seconds until
    its result is ready (it prints a line then), until the process has ended (Python's
    own shutdown included), and the process's CPU seconds."""
    ready, ended, cpus = [], [], []
    for _ in range(repeat):
        cpu = _child_cpu()
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", code + "print('ready', flush=True)\n"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None
        line = child.stdout.readline()
        ready.append(time.perf_counter() - start)
        child.stdout.read()
        if child.wait() != 0 or line != b"ready\n":
            raise SystemExit(f"the benchmark's child process failed:\n{code}")
        ended.append(time.perf_counter() - start)
        cpus.append(_child_cpu() - cpu)
    return statistics.median(ready), statistics.median(ended), statistics.median(cpus)


def median_time(run: Callable[[], object], repeat: int) -> float:
    """Median wall-clock seconds of ``repeat`` calls of ``run``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _render_new(card: Callable[[], followup.scorecard.Scorecard], fmt: str) -> object:
    return card().render(fmt)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--path", default=str(ROOT / "registries" / "kazakhstan"))
    parser.add_argument("--period", default="2025-Q3")
    parser.add_argument("--language", default="en")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    path = str(Path(args.path).resolve())
    fields = {"path": path, "period": args.period, "language": args.language}

    with tempfile.TemporaryDirectory(prefix="followup-bench-render-") as cache:
        env = {**os.environ, "FOLLOWUP_CACHE_DIR": cache}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
        print(f"registry {path}, period {args.period}, {args.language}; medians of {args.repeat}")
        load, load_end, load_cpu = cold(_LOAD.format(cache=False, **fields), args.repeat, env)
        html, html_end, html_cpu = cold(_RENDER.format(cache=False, **fields), args.repeat, env)
        ratio = html / load
        print("                                  result   process ends   CPU")
        print(
            f"cold load (cache=False)          {load:6.2f} s  {load_end:9.2f} s  {load_cpu:5.2f} s"
        )
        print(
            f"cold load + build + render html  {html:6.2f} s  {html_end:9.2f} s  {html_cpu:5.2f} s"
        )
        verdict = "met" if ratio <= TARGET else "MISSED"
        print(
            f"ratio {ratio:.1f}x until the result (target at most {TARGET:.0f}x: {verdict}); "
            f"{html_end / load_end:.1f}x until the process ends, {html_cpu / load_cpu:.1f}x CPU"
        )
        subprocess.run(
            [sys.executable, "-c", _LOAD.format(cache=True, **fields)], check=True, env=env
        )
        cached_load = cold(_LOAD.format(cache=True, **fields), args.repeat, env)[0]
        cached_html = cold(_RENDER.format(cache=True, **fields), args.repeat, env)[0]
        print(
            f"with the review-file cache: load {cached_load:.2f} s, render {cached_html:.2f} s "
            f"({cached_html / cached_load:.1f}x)"
        )

    registry = followup.load(path, cache=False)

    def card() -> followup.scorecard.Scorecard:
        return followup.scorecard.build(registry, args.period, language=args.language)

    card().render("html")  # imports, fonts and templates loaded once
    print("\nin this process, warm (median wall-clock seconds):")
    print("format  new card  same card again")
    for fmt in ("html", "md", "json", "pdf"):
        first = median_time(partial(_render_new, card, fmt), args.repeat)
        same = card()
        same.render(fmt)
        again = median_time(partial(same.render, fmt), args.repeat)
        print(f"{fmt:6}  {first:8.3f}  {again:15.3f}")

    if args.profile:
        fresh = card()
        profiler = cProfile.Profile()
        profiler.enable()
        fresh.render("html")
        profiler.disable()
        print("\n" + profiling.report(profiler, 25))
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())

"""How fast followup loads a registry, next to a bare ruamel.yaml parse and orjson.

Usage::

    python bench/load.py [--recommendations N] [--path DIR] [--repeat K] [--json OUT]
                         [--profile]

It measures the registry at ``--path``, or reuses ``bench/out/un-N/`` or
``bench/out/registry-N/`` when one exists, or else generates a synthetic registry of N
recommendations (``bench/generate.py``) into a temporary directory, and times, in one
run, the best of K passes of:

- ``followup.load(path, cache=False)``: a cold load, full validation, fast YAML path on;
- ``followup.load(path, fast=False)``: ruamel.yaml only (users without the ``fast`` extra);
- a bare ruamel.yaml C-safe parse of the same files (``YAML(typ="safe", pure=False).load``
  per file, garbage collector running): the baseline;
- ``orjson.loads`` of the same content as JSON (converted once, dates as ISO strings).

Set ``FOLLOWUP_BENCH_CLOCK=cpu`` to time this process's CPU time instead of wall time
(steadier on a machine other jobs share; ``bench/warm.py`` follows it too). MB/s are
megabytes of YAML read per second (the JSON row too, for comparison). The
targets are ratios against the baselines measured in the same run (the machine is
noisy): ``followup.load`` at least 18x faster than the bare parse (about 25 MB/s) and at
most 5x ``orjson.loads`` of the same content, and ``load(fast=False)`` no slower than
the bare parse. The script exits with status 1 when a target is missed.

``--profile`` adds where ``followup.load``'s time goes: the fast path's parts timed
without a profiler (fastyaml's guards, ``yaml_rs.load``, the depth check), then a
cProfile of one load (top 25 functions by own and by cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from ruamel.yaml import YAML

import followup
from followup.registry import fastyaml, yamlio

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # e.g. run as ``python -m bench.load``
    sys.path.insert(0, str(HERE))

import profiling  # noqa: E402 (bench/ is not a package)
from generate import generate  # noqa: E402 (bench/ has no __init__: a sibling module)

#: Targets, as ratios to the bare ruamel.yaml parse of the same run.
FAST_TARGET = 18.0  # followup.load (fast path) at least this many times faster
SLOW_TARGET = 1.0  # followup.load(fast=False) at least as fast
ORJSON_TARGET = 5.0  # followup.load at most this many times orjson.loads of the same content
#: ``cpu``: time this process's CPU time instead of wall time (see best_of)
CLOCK_VARIABLE = "FOLLOWUP_BENCH_CLOCK"


def best_of(
    repeat: int, run: Callable[[], Any], check: Callable[[Any], None] | None = None
) -> float:
    """Best time of ``repeat`` calls of ``run`` (wall time, or this process's CPU time
    when ``FOLLOWUP_BENCH_CLOCK=cpu``: on a machine other jobs share, CPU time is
    steadier); ``check`` sees the first result.

    Results are dropped and garbage collected between passes, outside the timing, so
    one pass's objects do not slow the collector in the next.
    """
    clock = time.process_time if os.environ.get(CLOCK_VARIABLE) == "cpu" else time.perf_counter
    best = float("inf")
    for index in range(repeat):
        gc.collect()
        start = clock()
        result = run()
        elapsed = clock() - start
        best = min(best, elapsed)
        if check is not None and index == 0:
            check(result)
        del result
    gc.collect()
    return best


def registry_files(path: Path) -> list[Path]:
    """The manifest and the review files, in the order followup reads them."""
    return [path / "registry.yaml", *sorted((path / "reviews").glob("*.yaml"))]


def bare_ruamel(texts: list[str]) -> list[Any]:
    """The baseline: ruamel.yaml's C safe loader per file, garbage collector running."""
    out = []
    for text in texts:
        out.append(YAML(typ="safe", pure=False).load(text))
    return out


def as_json(data: Any) -> bytes:
    """``data`` as JSON (dates as ISO strings)."""
    return orjson.dumps(data)


def find_registry(recommendations: int, tmp: Path, given: Path | None = None) -> tuple[Path, str]:
    """The registry to measure and where it came from: ``given``, a kept one in
    ``bench/out/`` (``un-N``, then ``registry-N``), or one generated into ``tmp``."""
    if given is not None:
        return given, f"given {given}"
    for name in (f"un-{recommendations}", f"registry-{recommendations}"):
        kept = HERE / "out" / name
        if (kept / "registry.yaml").is_file():
            return kept, f"reused {kept}"
    start = time.perf_counter()
    path = generate(tmp / f"registry-{recommendations}", recommendations)
    return path, f"generated in {time.perf_counter() - start:.1f} s into {path}"


def profile_load(path: Path, top: int = 25) -> str:
    """cProfile of one ``followup.load(path)``: the ``top`` functions by own time."""
    gc.collect()
    profiler = cProfile.Profile()
    profiler.enable()
    registry = followup.load(path, cache=False)
    profiler.disable()
    del registry
    return profiling.report(profiler, top)


def parse_breakdown(texts: list[str]) -> dict[str, float]:
    """Seconds (no profiler, GC paused as in load) of the fast path's parts over ``texts``.

    Uses fastyaml's private parts when they are there (the guards ``_declines``, the
    ``yaml_rs`` module, ``_depth_ok``); a part that is not found is left out.
    """
    guard = getattr(fastyaml, "_declines", None)
    module = getattr(fastyaml, "_yaml_rs", None)
    depth_ok = getattr(fastyaml, "_depth_ok", None)
    out: dict[str, float] = {}

    def timed(name: str, run: Callable[[], object]) -> None:
        gc.collect()
        with yamlio.gc_paused():
            start = time.perf_counter()
            run()
            out[name] = time.perf_counter() - start

    if guard is not None:
        timed("fastyaml guards (_declines)", lambda: [guard(t) for t in texts])
    if module is not None:
        data = [module.load(t.encode("utf-8", "surrogatepass"), parse_datetime=True) for t in texts]
        timed(
            "yaml_rs.load(bytes, parse_datetime=True)",
            lambda: [
                module.load(t.encode("utf-8", "surrogatepass"), parse_datetime=True) for t in texts
            ],
        )
        if depth_ok is not None:
            timed("fastyaml depth check (_depth_ok)", lambda: [depth_ok(d) for d in data])
        del data
    gc.collect()
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when both targets are met, 1 otherwise."""
    parser = argparse.ArgumentParser(description="followup load benchmark")
    parser.add_argument("--recommendations", type=int, default=20_000)
    parser.add_argument("--path", type=Path, help="measure this registry (N recommendations)")
    parser.add_argument("--repeat", type=int, default=3, help="passes per figure (best kept)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile of one followup.load (top 25)"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="followup-bench-") as tmp:
        path, origin = find_registry(args.recommendations, Path(tmp), args.path)
        files = registry_files(path)
        raw = [p.read_bytes() for p in files]
        texts = [yamlio.decode(b) for b in raw]
        size = sum(len(b) for b in raw)
        mb = size / 1e6
        declined = [
            p.name
            for p, t in zip(files, texts, strict=True)
            if fastyaml.parse(t) is fastyaml.DECLINED
        ]
        # the JSON copy, made once outside the timing (check_same compares the parses)
        jsons = [as_json(yamlio.parse(t)) for t in texts]
        json_mb = sum(len(j) for j in jsons) / 1e6

        print(
            f"registry: {args.recommendations:,} recommendations, {len(files)} files, "
            f"{mb:.1f} MB of YAML ({json_mb:.1f} MB as JSON); {origin}"
        )
        print(
            f"fast parser: {'yaml-rs' if fastyaml.available() else 'NOT INSTALLED'}; "
            f"files it declines: {', '.join(declined) or 'none'}"
        )
        clock = "CPU time" if os.environ.get(CLOCK_VARIABLE) == "cpu" else "wall time"
        print(f"best of {args.repeat} passes ({clock})\n")

        def check_registry(registry: Any) -> None:
            count = len(registry.recommendations)
            if count != args.recommendations:
                raise SystemExit(f"loaded {count} recommendations, not {args.recommendations}")

        def check_same(data: Any) -> None:
            # the fast path gives the reference's plain data (outside the timing)
            for file, text, reference in zip(files, texts, data, strict=True):
                if yamlio.parse(text) != reference:
                    raise SystemExit(f"fast path and ruamel.yaml differ on {file}")

        figures = {
            "followup.load": best_of(
                args.repeat, lambda: followup.load(path, cache=False), check_registry
            ),
            "followup.load(fast=False)": best_of(
                args.repeat, lambda: followup.load(path, fast=False, cache=False), check_registry
            ),
            "bare ruamel.yaml C safe": best_of(args.repeat, lambda: bare_ruamel(texts), check_same),
            "orjson.loads (same as JSON)": best_of(
                args.repeat, lambda: [orjson.loads(j) for j in jsons]
            ),
        }
        profile = profile_load(path) if args.profile else None
        breakdown = parse_breakdown(texts) if args.profile else None

    baseline = figures["bare ruamel.yaml C safe"]
    width = max(len(name) for name in figures)
    print(f"{'':{width}}  {'seconds':>8}  {'MB/s':>7}  {'vs bare ruamel':>14}")
    for name, seconds in figures.items():
        print(f"{name:{width}}  {seconds:8.3f}  {mb / seconds:7.1f}  {baseline / seconds:13.2f}x")

    fast_ratio = baseline / figures["followup.load"]
    slow_ratio = baseline / figures["followup.load(fast=False)"]
    orjson_ratio = figures["followup.load"] / figures["orjson.loads (same as JSON)"]
    ratios = {
        f"followup.load >= {FAST_TARGET:g}x faster than bare ruamel": fast_ratio,
        f"followup.load <= {ORJSON_TARGET:g}x orjson.loads": orjson_ratio,
        "followup.load(fast=False) no slower than bare ruamel": slow_ratio,
    }
    targets = {
        name: (ratio <= ORJSON_TARGET if "orjson" in name else ratio >= FAST_TARGET)
        if name.startswith("followup.load ")
        else ratio >= SLOW_TARGET
        for name, ratio in ratios.items()
    }
    print()
    for name, met in targets.items():
        print(f"{'met   ' if met else 'MISSED'}  {name} (is {ratios[name]:.2f}x)")
    if breakdown is not None:
        total = figures["followup.load"]
        print("\nfollowup.load, where the time goes (no profiler; GC paused as in load):")
        for name, seconds in breakdown.items():
            print(f"  {name:42}  {seconds:7.3f} s  {100 * seconds / total:5.1f}%")
        rest = total - sum(breakdown.values())
        print(
            f"  {'the rest (model, validation, I/O)':42}  {rest:7.3f} s  {100 * rest / total:5.1f}%"
        )
    if profile is not None:
        print("\ncProfile of one followup.load:\n")
        print(profile)

    if args.json is not None:
        args.json.write_text(
            json.dumps(
                {
                    "recommendations": args.recommendations,
                    "files": len(files),
                    "yaml_mb": round(mb, 3),
                    "json_mb": round(json_mb, 3),
                    "repeat": args.repeat,
                    "declined_files": declined,
                    "seconds": figures,
                    "mb_per_s": {name: mb / s for name, s in figures.items()},
                    "ratio_vs_bare_ruamel": {name: baseline / s for name, s in figures.items()},
                    "load_vs_orjson": orjson_ratio,
                    "targets": targets,
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

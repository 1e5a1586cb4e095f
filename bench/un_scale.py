"""The whole index's size: 200,000 recommendations over 190 States and every mechanism.

Usage::

    python bench/un_scale.py [--recommendations N] [--states S] [--per-file F] [--skip-ruamel]

Generates (or reuses ``bench/out/un-N/``) a registry shaped like the UN's index and
times, in one run, each phase in a fresh process (so each has its own peak memory):

- ``ruamel``: a bare ruamel.yaml C-safe parse of every file, the parsed data kept as a
  load keeps it, garbage collector running (the baseline, as in ``bench/load.py``);
- ``cold``: ``followup.load`` with an empty cache (the accelerated parser extra on),
  then ``score(by=["theme", "review"])``, then the scorecard of one State (build, HTML
  and PDF), each timed;
- ``warm``: ``followup.load`` again, every file now cached;
- ``json.loads`` of the same content as JSON (the warm load's baseline).

Targets, as ratios in the same run: cold load + score + one-State scorecard at most 1/3
of the bare ruamel parse; the warm load at most 5x ``json.loads``; every phase's peak
memory under 2 GiB. Exit status 1 when one is missed.
"""

from __future__ import annotations

import argparse
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


def phase_ruamel(path: Path) -> dict[str, Any]:
    from ruamel.yaml import YAML

    files = [path / "registry.yaml", *sorted((path / "reviews").glob("*.yaml"))]
    start = time.perf_counter()
    kept = [YAML(typ="safe", pure=False).load(file.read_text("utf-8")) for file in files]
    elapsed = time.perf_counter() - start  # the data is kept, as a load keeps it
    return {"ruamel": elapsed, "files": len(kept), "peak": _peak()}


def phase_cold(path: Path, cache: Path, state: str, out: Path) -> dict[str, Any]:
    import followup
    import followup.scorecard

    figures: dict[str, Any] = {}
    start = time.perf_counter()
    registry = followup.load(path, cache=cache)
    figures["load"] = time.perf_counter() - start
    figures["recommendations"] = len(registry.recommendations)
    start = time.perf_counter()
    result = followup.score(registry, ["theme", "review"])
    figures["score"] = time.perf_counter() - start
    figures["groups"] = len(result.groups)
    start = time.perf_counter()
    reviews = {k: r for k, r in registry.reviews.items() if r.state == state}
    one = followup.Registry(
        info=registry.info,
        reviews=reviews,
        recommendations={k: r for k, r in registry.recommendations.items() if r.review in reviews},
    )
    card = followup.scorecard.build(one, language="en")
    card.write(out, ["html", "pdf"])
    figures["scorecard"] = time.perf_counter() - start
    figures["state_recommendations"] = len(one.recommendations)
    figures["peak"] = _peak()
    return figures


def phase_warm(path: Path, cache: Path) -> dict[str, Any]:
    import followup

    start = time.perf_counter()
    registry = followup.load(path, cache=cache)
    elapsed = time.perf_counter() - start
    return {"warm": elapsed, "recommendations": len(registry.recommendations), "peak": _peak()}


def phase_json(path: Path) -> dict[str, Any]:
    import gc

    import orjson
    import yaml_rs

    files = [path / "registry.yaml", *sorted((path / "reviews").glob("*.yaml"))]
    content = orjson.dumps([yaml_rs.loads(f.read_text("utf-8")) for f in files]).decode()
    best = float("inf")
    for _ in range(3):
        gc.collect()
        start = time.perf_counter()
        data = json.loads(content)
        best = min(best, time.perf_counter() - start)
        del data
    return {"json": best, "json_mb": len(content) / 1e6, "peak": _peak()}


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
    parser.add_argument("--state", default="KAZ", help="the State of the scorecard")
    parser.add_argument("--skip-ruamel", action="store_true", help="no baseline (quick run)")
    parser.add_argument("--phase", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        figures = {
            "ruamel": lambda: phase_ruamel(args.path),
            "cold": lambda: phase_cold(args.path, args.cache, args.state, args.out),
            "warm": lambda: phase_warm(args.path, args.cache),
            "json": lambda: phase_json(args.path),
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
        cache, out = Path(scratch) / "cache", Path(scratch) / "out"
        where = [
            "--path",
            str(path),
            "--cache",
            str(cache),
            "--out",
            str(out),
            "--state",
            args.state,
        ]
        cold = _run("cold", *where)
        warm = _run("warm", *where)
        base = _run("json", *where)
        ruamel = None if args.skip_ruamel else _run("ruamel", *where)
    together = cold["load"] + cold["score"] + cold["scorecard"]
    print(
        f"cold load:          {cold['load']:7.1f} s  (peak {cold['peak'] / GIB:.2f} GiB for "
        "load, score and scorecard)"
    )
    print(f"score theme x review: {cold['score']:5.1f} s  ({cold['groups']} groups)")
    print(
        f"one-State scorecard: {cold['scorecard']:6.1f} s  ({args.state}, "
        f"{cold['state_recommendations']} recommendations, HTML and PDF)"
    )
    print(f"warm load:          {warm['warm']:7.1f} s  (peak {warm['peak'] / GIB:.2f} GiB)")
    print(f"json.loads:         {base['json']:7.1f} s  ({base['json_mb']:.0f} MB of JSON)")
    checks = {
        "warm load <= 5x json.loads": warm["warm"] <= 5 * base["json"],
        "peak memory < 2 GiB": max(cold["peak"], warm["peak"]) < 2 * GIB,
    }
    print(f"warm / json.loads:  {warm['warm'] / base['json']:.2f}x (target <= 5x)")
    if ruamel is not None:
        print(f"bare ruamel parse:  {ruamel['ruamel']:7.1f} s")
        ratio = together / ruamel["ruamel"]
        print(
            f"cold load + score + scorecard = {together:.1f} s = {ratio:.3f} of the ruamel "
            "parse (target <= 1/3)"
        )
        checks["cold + score + scorecard <= 1/3 of ruamel"] = ratio <= 1 / 3
    for name, ok in checks.items():
        print(f"  {'met   ' if ok else 'MISSED'} {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

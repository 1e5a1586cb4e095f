"""How fast the semantic method is: one State's whole index record (2,000 recommendations
against the same 2,000), cold and warm, next to a cold ``followup.load`` of the registry.

Usage::

    python bench/links_semantic.py [--recommendations N] [--path DIR] [--repeat K]

It takes the registry at ``--path`` (or reuses ``bench/out/un-N/`` or
``bench/out/registry-N/``, or generates a synthetic one), then runs each phase in a
fresh Python process (so that its peak memory, ``ru_maxrss``, is its own):

- ``load``: ``followup.load(path, cache=False)``, a cold load (best of K);
- ``cold``: the semantic step with an empty embedding cache: every recommendation's text
  embedded by the model (numpy and the model imported and loaded inside the timing),
  the cosine of every pair, the ten best targets of each source;
- ``warm``: the same step again with the cache filled by the cold run (best of K): the
  model is not run (the phase checks that).

- ``suggest``: once ``followup.links.suggest`` takes ``method=``, the whole of
  ``suggest(registry, first_half, second_half, method="semantic")`` with the cache
  filled (with ``--path bench/out/links-4000``: 2,000 against 2,000), for
  comparison (its ranking loop is the lexical method's).

The semantic step's time excludes the registry's load (measured apart). Target, as a
ratio in the same run: the warm step at most 3x the cold load. The script exits with
status 1 when the target is missed.
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

from load import find_registry  # noqa: E402 (bench/ is not a package)

TARGET = 3.0  # the warm semantic step at most this many times a cold followup.load
TOP = 10


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def phase_load(path: Path) -> dict[str, Any]:
    import followup

    start = time.perf_counter()
    registry = followup.load(path, cache=False)
    elapsed = time.perf_counter() - start
    return {"seconds": elapsed, "recommendations": len(registry.recommendations), "peak": _peak()}


def phase_semantic(path: Path, cache: Path) -> dict[str, Any]:
    import followup
    from followup.links import semantic

    registry = followup.load(path, cache=False)
    start = time.perf_counter()
    recs = list(registry.recommendations.values())
    texts = [r.text if isinstance(r.text, str) else r.text.items[0][1] for r in recs]
    found = semantic.similarity_matrix(texts, texts, cache=cache)
    best = [[p for p, _ in found.top(i, TOP + 1) if p != i][:TOP] for i in range(len(recs))]
    elapsed = time.perf_counter() - start
    return {
        "seconds": elapsed,
        "pairs": len(recs) ** 2,
        "suggestions": sum(map(len, best)),
        "model_loaded": semantic._encoder.cache_info().currsize > 0,
        "peak": _peak(),
    }


def phase_suggest(path: Path, cache: Path) -> dict[str, Any]:
    import os

    import followup
    from followup import links

    os.environ["FOLLOWUP_CACHE_DIR"] = str(cache)
    registry = followup.load(path, cache=False)
    ids = list(registry.recommendations)
    half = len(ids) // 2  # the first half of the registry against the second
    start = time.perf_counter()
    found = links.suggest(registry, ids[:half], ids[half:], top=TOP, method="semantic")
    elapsed = time.perf_counter() - start
    return {"seconds": elapsed, "suggestions": len(found), "peak": _peak()}


def _takes_method() -> bool:
    import inspect

    from followup import links

    return "method" in inspect.signature(links.suggest).parameters


def _run(*args: str) -> dict[str, Any]:
    """Run one phase in a fresh Python process; its figures as a dict."""
    done = subprocess.run(
        [sys.executable, __file__, "--phase", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return min(runs, key=lambda r: float(r["seconds"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recommendations", type=int, default=2_000)
    parser.add_argument("--path", type=Path, help="measure this registry (N recommendations)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        name, *rest = args.phase
        if name == "load":
            figures = phase_load(Path(rest[0]))
        elif name == "suggest":
            figures = phase_suggest(Path(rest[0]), Path(rest[1]))
        else:
            figures = phase_semantic(Path(rest[0]), Path(rest[1]))
        print(json.dumps(figures))
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        path, origin = find_registry(args.recommendations, Path(scratch), args.path)
        cache = Path(scratch) / "cache"
        cold = _run("semantic", str(path), str(cache))
        warm = _best([_run("semantic", str(path), str(cache)) for _ in range(args.repeat)])
        load = _best([_run("load", str(path)) for _ in range(args.repeat)])
        whole = _run("suggest", str(path), str(cache)) if _takes_method() else None
        stored = sum(f.stat().st_size for f in cache.rglob("*.emb"))
    assert cold["model_loaded"] and not warm["model_loaded"], "the warm run ran the model"
    n = load["recommendations"]
    ratio = warm["seconds"] / load["seconds"]
    mib = 1024 * 1024
    print(f"registry: {n} recommendations ({origin})")
    print(f"semantic step, {n} x {n} ({cold['pairs']} pairs, top {TOP} per source):")
    print(
        f"  cold (empty cache, model run): {cold['seconds']:.2f} s, "
        f"{n / cold['seconds']:.0f} texts/s, peak {cold['peak'] / mib:.0f} MiB"
    )
    print(
        f"  warm (cache filled, best of {args.repeat}): {warm['seconds']:.3f} s, peak "
        f"{warm['peak'] / mib:.0f} MiB"
    )
    print(f"  cache on disk: {stored / mib:.1f} MiB")
    print(
        f"followup.load, cold (best of {args.repeat}): {load['seconds']:.3f} s, peak "
        f"{load['peak'] / mib:.0f} MiB"
    )
    if whole is not None:
        print(
            f"links.suggest(method='semantic'), warm: {whole['seconds']:.3f} s "
            f"({whole['suggestions']} suggestions) = {whole['seconds'] / load['seconds']:.2f}x "
            f"a cold load, peak {whole['peak'] / mib:.0f} MiB"
        )
    met = ratio <= TARGET
    print(f"warm semantic step / cold load: {ratio:.2f}x")
    print(f"target: warm at most {TARGET:.0f}x a cold load: {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())

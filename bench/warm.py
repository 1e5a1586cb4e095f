"""How fast a warm load is: followup.load with the review-file cache filled, next to a
bare ``orjson.loads`` of the same content.

Usage::

    python bench/warm.py [--recommendations N] [--path DIR] [--repeat K]

It takes the registry at ``--path`` (or reuses ``bench/out/un-N/`` or
``bench/out/registry-N/``, or generates a synthetic one), fills a cache in a temporary
directory with one cold load, then times in one run the best of K passes of:

- ``followup.load(path, cache=DIR)`` with every review file cached (a warm load: the
  files are still read and hashed, cross-file checks still run);
- ``followup.load(path, cache=False)``: a cold load, for comparison;
- ``orjson.loads`` of the same content as JSON (the registry's plain data, dates as ISO
  strings), the baseline; ``json.loads`` too, for comparison with earlier figures.

Target, as a ratio in the same run: the warm load at most 3x the bare ``orjson.loads``.
The script exits with status 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import orjson
import yaml_rs

import followup

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from load import best_of, find_registry, registry_files  # noqa: E402 (bench/ is not a package)

TARGET = 3.0  # warm load at most this many times a bare orjson.loads


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recommendations", type=int, default=20_000)
    parser.add_argument("--path", type=Path, help="measure this registry (N recommendations)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        path, origin = find_registry(args.recommendations, Path(scratch), args.path)
        cache = Path(scratch) / "cache"
        texts = [p.read_text("utf-8") for p in registry_files(path)]
        size = sum(len(t.encode("utf-8")) for t in texts)
        encoded = orjson.dumps([yaml_rs.loads(t) for t in texts])
        content = encoded.decode("utf-8")
        cold_registry = followup.load(path, cache=cache)  # fills the cache

        def same(registry: followup.Registry) -> None:
            assert registry == cold_registry, "a warm load differs from a cold one"

        warm = best_of(args.repeat, lambda: followup.load(path, cache=cache), same)
        baseline = best_of(args.repeat, lambda: orjson.loads(encoded))
        stdlib = best_of(args.repeat, lambda: json.loads(content))
        cold = best_of(max(1, args.repeat // 2), lambda: followup.load(path, cache=False))
    ratio = warm / baseline
    print(f"registry: {args.recommendations} recommendations, {size / 1e6:.1f} MB ({origin})")
    print(f"orjson.loads of the same content ({len(content) / 1e6:.1f} MB): {baseline:.3f} s")
    print(f"json.loads of the same content:        {stdlib:.3f} s = {stdlib / baseline:.2f}x")
    print(f"followup.load, warm (cache filled):    {warm:.3f} s = {ratio:.2f}x orjson.loads")
    print(f"  (= {warm / stdlib:.2f}x json.loads)")
    print(f"followup.load, cold (cache=False):     {cold:.3f} s = {cold / baseline:.2f}x")
    met = ratio <= TARGET
    print(f"target: warm load at most {TARGET:.0f}x orjson.loads: {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())

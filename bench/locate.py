"""The located report of hostile registry files: time and memory against a clean load.

Each shape is a review file added to a small valid registry; ``followup.validate`` (the
located report: every problem with its line and column) runs on it in a fresh process,
which reports its wall time and peak memory (the rise of the resident set over the
process after ``import followup``). In the same run, ``followup.load`` of a *clean*
generated registry of the same size (one review file, ``bench/generate.py``) gives the
baseline, and the table shows both ratios. Targets (issue 13): time at most 10x the
clean load, memory under 20x the file's size above a fixed allowance for small files.

Usage::

    python bench/locate.py [--size MIB] [--shapes a,b] [--no-fast] [--full]

``--full`` adds 64 MiB lists (a few minutes). Shapes named ``-17`` are padded to 17
bytes per value, just within ``too-many-values``: the worst files that are read whole.
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402 (bench/ is not a package)

MIB = 1024 * 1024
#: Memory every run may use whatever the size (parser tables, the model, the report).
ALLOWANCE = 48 * MIB
TIME_RATIO, MEMORY_RATIO = 10.0, 20.0

HEAD = (
    "followup: 1\nid: kaz-ccpr-2030\nmechanism: CCPR\nstate: KAZ\n"
    "title: A hostile review\ndate: 2025-07-11\n"
)


def dashes(size: int, width: int = 2) -> str:
    """``recommendations:`` then a ``-`` line per item (padded to ``width``): empty items."""
    head = HEAD + "recommendations:\n"
    return head + ("-" + " " * (width - 2) + "\n") * max(1, (size - len(head)) // width)


def flow_maps(size: int, width: int = 4) -> str:
    """``recommendations: [{}, {}, ...]`` on one line: empty recommendations."""
    head = HEAD + "recommendations: ["
    item = "{}" + " " * (width - 4)
    return head + ", ".join([item] * max(1, (size - len(head)) // width)) + "]\n"


def keys(size: int, width: int = 12) -> str:
    """Unknown keys at the top (12 bytes each: the issue's 450,000 keys in 5.4 MB)."""
    digits = width - 5
    return HEAD + "".join(f"k{i:0{digits}d}: 1\n" for i in range(max(1, size // width)))


def items(size: int, width: int = 4) -> str:
    """``recommendations:`` then ``- x`` lines: a list of text where mappings belong."""
    head = HEAD + "recommendations:\n"
    return head + ("- " + "x" * (width - 3) + "\n") * max(1, (size - len(head)) // width)


def long_line(size: int) -> str:
    """A title of one line as long as the file, then an unknown key after it."""
    return HEAD.replace("A hostile review", "x" * max(1, size - len(HEAD))) + "bad: 1\n"


def deep(size: int) -> str:
    """Flow lists nested far deeper than the 32 levels allowed."""
    depth = max(40, size // 2)
    return HEAD + "x: " + "[" * depth + "]" * depth + "\n"


def tiny(_size: int) -> str:
    """A one-line flow mapping with one unknown key (the floor: Python's own memory)."""
    return "{followup: 1, id: x, mechanism: CCPR, state: KAZ, title: t, date: 2025-07-11, bad: 1}\n"


#: Just over 16 bytes per value: the densest files read whole (``yamlio.BYTES_PER_VALUE``).
WIDE = 17
REFUSED = "too-many-values"

#: name -> (builder, the codes of which the report must hold one: a dense shape is
#: refused when over the values limit, and reported item by item below it)
SHAPES: dict[str, tuple[Callable[[int], str], tuple[str, ...]]] = {
    "dashes": (dashes, (REFUSED, "not-a-mapping")),
    "dashes-17": (lambda size: dashes(size, WIDE), ("not-a-mapping",)),
    "flow-maps": (flow_maps, (REFUSED, "missing-field")),
    "flow-maps-17": (lambda size: flow_maps(size, WIDE), ("missing-field",)),
    "keys": (keys, (REFUSED, "unknown-field")),
    "keys-17": (lambda size: keys(size, WIDE), ("unknown-field",)),
    "items": (items, (REFUSED, "not-a-mapping")),
    "items-17": (lambda size: items(size, WIDE), ("not-a-mapping",)),
    "long-line": (long_line, ("unknown-field",)),
    "deep": (deep, ("too-deep",)),
    "tiny": (tiny, ("unknown-field",)),
}


_CHILD = r"""
import datetime, json, sys, time
def status(field):
    with open("/proc/self/status") as lines:
        for line in lines:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    return 0
import followup
base = status("VmRSS:")
start = time.perf_counter()
today = datetime.date(2026, 11, 25)
fast = sys.argv[3] == "fast"
if sys.argv[2] == "validate":
    report = followup.validate(sys.argv[1], fast=fast, today=today)
else:
    try:
        followup.load(sys.argv[1], fast=fast, today=today, cache=False)
        report = None
    except followup.RegistryError as error:
        report = error.report
seconds = time.perf_counter() - start
problems = [] if report is None else report.problems
print(json.dumps({
    "seconds": seconds,
    "peak": status("VmHWM:") - base,
    "codes": sorted({p.code for p in problems}),
    "located": sum(p.line is not None for p in problems),
    "problems": len(problems),
}))
"""


def run(path: Path, what: str, fast: bool) -> dict[str, Any]:
    """One measurement in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-P", "-c", _CHILD, str(path), what, "fast" if fast else "ruamel"],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, Any] = json.loads(done.stdout)
    return figures


def registry_with(tmp: Path, name: str, text: str) -> Path:
    """A valid one-review registry with ``text`` as a second review file."""
    root = tmp / name
    generate.generate(root, 1, 1)
    (root / "reviews" / "zz-hostile.yaml").write_text(text, encoding="utf-8")
    return root


def clean(tmp: Path, size: int) -> Path:
    """A valid generated registry of about ``size`` bytes in one review file."""
    root = tmp / f"clean-{size}"
    count = max(1, size // 1690)  # about 1,690 bytes per generated recommendation
    generate.generate(root, count, count)
    return root


def main(argv: list[str] | None = None) -> int:
    """Print the table; 1 when a target is missed."""
    parser = argparse.ArgumentParser(description="located reports of hostile files")
    parser.add_argument("--size", type=float, default=4.0, help="MiB per hostile file")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--no-fast", action="store_true", help="ruamel.yaml only")
    parser.add_argument("--full", action="store_true", help="also the 64 MiB list")
    args = parser.parse_args(argv)
    fast = not args.no_fast
    size = int(args.size * MIB)
    plan = [(name, size) for name in args.shapes.split(",")]
    if args.full:
        plan += [("items", 64 * MIB - 4096), ("items-17", 64 * MIB - 4096)]
    missed = 0
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        baselines: dict[int, dict[str, Any]] = {}
        print(
            f"{'shape':<12} {'bytes':>11} {'seconds':>8} {'peak MiB':>9} "
            f"{'time ratio':>10} {'memory/size':>11}  codes"
        )
        for shape, wanted_size in plan:
            build, codes = SHAPES[shape]
            text = build(wanted_size)
            root = registry_with(tmp, f"{shape}-{wanted_size}", text)
            measured = len(text.encode("utf-8"))
            bucket = max(MIB // 4, wanted_size)  # one baseline per size asked for
            if bucket not in baselines:
                baselines[bucket] = run(clean(tmp, bucket), "load", fast)
            base = baselines[bucket]
            got = run(root, "validate", fast)
            seconds, peak = float(got["seconds"]), int(got["peak"])
            ratio = seconds / max(float(base["seconds"]), 1e-3)
            memory = max(0, peak - ALLOWANCE) / measured
            found = set(got["codes"]) & set(codes)
            ok = ratio <= TIME_RATIO and memory < MEMORY_RATIO and bool(found)
            missed += not ok
            print(
                f"{shape:<12} {measured:>11,} {seconds:>8.2f} {peak / MIB:>9.1f} "
                f"{ratio:>9.1f}x {memory:>10.1f}x  {','.join(got['codes'])}"
                f"{'' if ok else '  MISSED'}"
            )
            shutil.rmtree(root)
        for bucket, base in sorted(baselines.items()):
            print(
                f"clean load of {bucket:,} bytes: {float(base['seconds']):.2f} s, "
                f"peak {int(base['peak']) / MIB:.1f} MiB"
            )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())

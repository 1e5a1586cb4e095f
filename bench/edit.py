"""What one edit costs in a large registry: ``followup assess`` on the 20,000 and the
200,000-recommendation registries, against the same edit on a registry holding only
the review file it changes.

Usage::

    python bench/edit.py [--sizes 20000,200000] [--repeat 5]

For each size, the registry (``bench/out/un-N/``, made by ``bench/un_scale.py``'s
generator when missing) is copied to a scratch directory, and so is a registry with
the same manifest and only its first review file (whose recommendations refer to no
other file's). On each, with an empty cache directory: a first ``followup assess``
(every file checked and its check kept: the cold edit), then ``--repeat`` more, each
on a new date (the warm edits: the changed file checked, the others' checks kept). Each
edit is a fresh process, timed whole, with its peak memory (``ru_maxrss``).

Targets, as ratios in the same run: the warm edit on the 200,000 registry at most 3x
the same edit on the one-file registry with a peak under 500 MiB; on the 20,000
registry at most 2x. Exit status 1 when one is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

MIB = 1024**2
TARGETS = {20_000: 2.0, 200_000: 3.0}
PEAK_LIMIT = 500 * MIB
REC = "bench-r000000"  # the first recommendation of the first review file

_EDIT = """
import json, resource, sys
from followup.cli import main
code = main(sys.argv[1:])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"code": code, "peak": peak}), file=sys.stderr)
"""


def _edit(path: Path, cache: Path, day: dt.date) -> dict[str, Any]:
    """One ``followup assess`` in a fresh process: seconds and peak bytes."""
    argv = ["assess", str(path), REC, "--status", "implemented", "--on", day.isoformat()]
    argv += ["--by", "iphr", "--evidence", "https://example.org/evidence/bench"]
    env = {**os.environ, "FOLLOWUP_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _EDIT, *argv], check=False, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    figures = json.loads(done.stderr.strip().splitlines()[-1])
    if figures["code"] != 0:
        raise SystemExit(f"the edit failed on {path}:\n{done.stdout}\n{done.stderr}")
    return {"seconds": seconds, "peak": figures["peak"]}


def _series(path: Path, cache: Path, repeat: int) -> dict[str, Any]:
    """A cold edit, then ``repeat`` warm ones (each a day later)."""
    day = dt.date(2025, 12, 1)
    cold = _edit(path, cache, day)
    warm = [_edit(path, cache, day + dt.timedelta(days=i + 1)) for i in range(repeat)]
    return {
        "cold": cold["seconds"],
        "cold_peak": cold["peak"],
        "warm": statistics.median(w["seconds"] for w in warm),
        "warm_peak": max(w["peak"] for w in warm),
    }


def _registries(size: int, scratch: Path) -> tuple[Path, Path]:
    """Copies of the registry of ``size`` and of its one-file counterpart."""
    from generate import generate

    source = HERE / "out" / f"un-{size}"
    if not (source / "registry.yaml").is_file():
        generate(source, size, 200, 0, 190)
    big = scratch / f"un-{size}"
    shutil.copytree(source, big)
    small = scratch / f"one-of-{size}"
    (small / "reviews").mkdir(parents=True)
    shutil.copy2(source / "registry.yaml", small / "registry.yaml")
    first = sorted((source / "reviews").glob("*.yaml"))[0]
    shutil.copy2(first, small / "reviews" / first.name)
    return big, small


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="20000,200000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    missed = False
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            scratch = Path(tmp)
            big, small = _registries(size, scratch)
            one = _series(small, scratch / "cache-small", args.repeat)
            whole = _series(big, scratch / "cache-big", args.repeat)
        ratio = whole["warm"] / one["warm"]
        target = TARGETS.get(size, 3.0)
        ok = ratio <= target and (size < 200_000 or whole["warm_peak"] < PEAK_LIMIT)
        missed |= not ok
        print(
            f"{size:>7,} recommendations: edit {whole['warm']:.2f} s "
            f"(peak {whole['warm_peak'] / MIB:.0f} MiB), one-file registry "
            f"{one['warm']:.2f} s (peak {one['warm_peak'] / MIB:.0f} MiB): "
            f"{ratio:.2f}x (target <= {target:g}x"
            + (", peak < 500 MiB" if size >= 200_000 else "")
            + f") {'ok' if ok else 'MISSED'}"
        )
        print(
            f"{'':>24}first edit (every file checked, checks kept): {whole['cold']:.1f} s, "
            f"peak {whole['cold_peak'] / MIB:.0f} MiB; one-file {one['cold']:.2f} s"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())

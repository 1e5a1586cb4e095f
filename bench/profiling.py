"""What the benchmark scripts share: a cProfile report as text."""

from __future__ import annotations

import cProfile
import io
import pstats


def report(profiler: cProfile.Profile, top: int) -> str:
    """The ``top`` functions by own time, then by cumulative time."""
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    out.write("\n--- by cumulative time ---\n")
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()

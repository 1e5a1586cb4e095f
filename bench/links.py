"""How long suggested links take: 2,000 recommendations against 2,000, next to a cold load.

Usage::

    python bench/links.py [--recommendations N] [--top K] [--repeat R] [--json OUT]

Generates (or reuses ``bench/out/links-N/``) a synthetic registry of N recommendations
(``bench/generate.py``, default 4,000: one State, reviews of every mechanism in turn)
and, each phase in a fresh process so that each has its own peak memory, times:

- ``load``: ``followup.load(path, cache=False)``, a cold load with full validation (the
  baseline, as in ``bench/load.py``);
- ``suggest``: a (warm) load, then ``followup.links.suggest`` for the first N/2
  recommendations against the other N/2, every kind of link, ``--top`` each: the time of
  the suggestions alone (texts analysed, indexes built, every pair ranked). With
  ``--cross`` the targets are labelled French, so that every pair is compared across
  languages, by stemmed words and character n-grams (the slower path).

Peak memory is the process's maximum resident set size. The figure to watch is the
ratio of ``suggest`` to ``load`` (the machine is noisy; both come from the same run;
the best of ``--repeat`` runs is kept). The generated texts are a shuffle of a
200-word vocabulary: every text shares words with nearly every other, the worst case
for an inverted index (real texts share far fewer).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402 (bench/ has no __init__: a sibling module)

_PHASE = textwrap.dedent(
    """
    import json, resource, sys, time
    sys.path.insert(0, {root!r})
    import followup

    path, phase, top, cross = {path!r}, {phase!r}, {top!r}, {cross!r}
    out = {{}}
    if phase == "load":
        start = time.perf_counter()
        registry = followup.load(path, cache=False)
        out["seconds"] = time.perf_counter() - start
    else:
        from followup import links

        registry = followup.load(path)
        out["rss_before_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        ids = list(registry.recommendations)
        half = len(ids) // 2
        if cross:  # the targets labelled French: compared across languages, n-grams too
            from attrs import evolve
            from followup.model.text import Text

            recs = dict(registry.recommendations)
            for rec_id in ids[half:]:
                recs[rec_id] = evolve(recs[rec_id], text=Text.of({{"fr": str(recs[rec_id].text)}}))
            registry = evolve(registry, recommendations=recs)
        start = time.perf_counter()
        found = links.suggest(registry, ids[:half], ids[half:], top=top)
        out["seconds"] = time.perf_counter() - start
        out["suggestions"] = len(found)
        out["sources"] = half
        out["targets"] = len(ids) - half
    out["recommendations"] = len(registry)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))
    """
)


def _phase(path: Path, phase: str, top: int, cross: bool = False) -> dict[str, Any]:
    code = _PHASE.format(root=str(ROOT), path=str(path), phase=phase, top=top, cross=cross)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def _best(path: Path, phase: str, top: int, repeat: int, cross: bool = False) -> dict[str, Any]:
    runs = [_phase(path, phase, top, cross) for _ in range(repeat)]
    return min(runs, key=lambda r: r["seconds"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recommendations", type=int, default=4000)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--cross",
        action="store_true",
        help="label the targets French: compared across languages (words and n-grams)",
    )
    parser.add_argument("--json", default=None, help="write the figures to this file")
    args = parser.parse_args(argv)
    path = HERE / "out" / f"links-{args.recommendations}"
    if not (path / "registry.yaml").exists():
        generate(path, recommendations=args.recommendations, per_file=250)
    _phase(path, "suggest", args.top)  # fills the warm-load cache; not counted
    load = _best(path, "load", args.top, args.repeat)
    suggest = _best(path, "suggest", args.top, args.repeat, args.cross)
    ratio = suggest["seconds"] / load["seconds"]
    print(f"registry: {path} ({load['recommendations']} recommendations)")
    print(f"cold load:   {load['seconds']:7.2f} s, peak {load['peak_rss_mb']:6.0f} MB")
    print(
        f"suggest:     {suggest['seconds']:7.2f} s, peak {suggest['peak_rss_mb']:6.0f} MB "
        f"({suggest['rss_before_mb']:.0f} MB after the load), "
        f"{suggest['sources']} x {suggest['targets']}, {suggest['suggestions']} suggestions"
    )
    across = " (across languages: words and n-grams)" if args.cross else ""
    print(f"ratio suggest / cold load: {ratio:.1f}x{across}")
    if args.json:
        figures = {"load": load, "suggest": suggest, "ratio": ratio}
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

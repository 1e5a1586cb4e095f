"""Print the Kazakhstan registry's compliance scores by theme, and what moved in a year.

Run: python examples/scores.py [--as-of YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import followup
from followup.scoring import UNKNOWN, change

REGISTRY = Path(__file__).resolve().parent.parent / "registries" / "kazakhstan"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2025, 5, 31))
    args = parser.parse_args()
    registry = followup.load(REGISTRY)
    result = followup.score(registry, "theme", as_of=args.as_of)
    print(f"Implementation by theme as of {args.as_of} (score 0-1; coverage; unknown)")
    for group in result.groups:
        shown = "-" if group.score is None else f"{group.score:.2f}"
        coverage = f"{group.assessed}/{group.total}"
        print(f"  {group.key[0]:<27} {shown:>5}  {coverage:>5}  {group.counts.get(UNKNOWN, 0)}")
    year_before = args.as_of - dt.timedelta(days=365)
    moved = change(registry, year_before, args.as_of)
    print(f"Moved between {year_before} and {args.as_of}:")
    for (source, target), ids in moved.moved.items():
        print(f"  {source} -> {target}: {', '.join(ids)}")


if __name__ == "__main__":
    main()

"""Build the Kazakhstan scorecard for a quarter, print its headline, write its files.

Run: python examples/scorecard.py [--period 2025-Q3] [--language ru] [--out DIR]
(without --out the files go to a temporary directory that is removed at the end)
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import followup
import followup.charts
import followup.scorecard
from followup.i18n import format_number, format_percent

REGISTRY = Path(__file__).resolve().parent.parent / "registries" / "kazakhstan"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--period", default="2025-Q3")
    parser.add_argument("--language", default="en")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    registry = followup.load(REGISTRY)
    card = followup.scorecard.build(registry, args.period, language=args.language)
    lang, head = card.language, card.headline
    score = "-" if head.score is None else format_number(head.score, lang)
    coverage = "-" if head.coverage is None else format_percent(head.coverage, lang)
    print(f"{card.title}: {card.period.label(lang)}, as of {card.as_of}")
    print(f"  score {score}, coverage {coverage} ({head.assessed} of {head.total} assessed)")
    for row in card.themes:
        shown = "-" if row.figures.score is None else format_number(row.figures.score, lang)
        print(f"  {row.key:<27} {shown:>5}")
    for moved in card.moved:
        print(f"  moved: {moved.rec_id} {moved.before} -> {moved.after} on {moved.date}")
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        for path in card.write(out, ["html", "md", "json", "pdf"]):
            print(f"  wrote {Path(str(path)).name}")
        # one chart on its own, from a plain score result
        result = followup.score(registry, "review", as_of=card.as_of)
        figure = followup.charts.status_distribution(result, registry.scales["implementation"])
        print(f"  wrote {followup.charts.save(figure, out / 'status-by-review.svg').name}")


if __name__ == "__main__":
    main()

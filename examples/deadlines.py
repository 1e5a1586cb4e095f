"""Print the follow-up deadlines of the Kazakhstan registry, and what is unverified.

Run: python examples/deadlines.py [REGISTRY] [--as-of YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import followup

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent / "registries" / "kazakhstan"


def deadlines(registry: followup.Registry, as_of: dt.date) -> list[str]:
    """One line per review with a follow-up procedure: due date, state and what is flagged."""
    lines = []
    for review in registry.reviews.values():
        if review.follow_up is None or review.follow_up.due is None:
            continue
        due = review.follow_up.due
        if due < as_of:
            state = f"was due {(as_of - due).days} days ago"
        else:
            state = f"due in {(due - as_of).days} days"
        flagged = [r.id for r in registry.by_review(review.id) if r.follow_up]
        mark = " (due date unverified)" if review.follow_up.unverified else ""
        lines.append(f"{review.id}: follow-up due {due}{mark}, {state}")
        lines.append(
            "  paragraphs under follow-up: "
            + (", ".join(flagged) if flagged else "not established in this registry")
        )
        for rec_id in flagged:
            reply = registry.latest_response(rec_id, as_of)
            lines.append(
                f"    {rec_id}: " + (f"reply {reply.date}" if reply else "no dated reply recorded")
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("registry", nargs="?", default=str(DEFAULT))
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args()
    registry = followup.load(args.registry)
    print(f"Follow-up deadlines as of {args.as_of}:")
    for line in deadlines(registry, args.as_of):
        print(line)


if __name__ == "__main__":
    main()

"""Where the judges disagree: the illustrative registry in examples/judges.

ILLUSTRATIVE DATA, NOT REAL FINDINGS: the registry is invented to show the report.

Run: python examples/agreement.py [REGISTRY] [--as-of YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import followup
from followup.model.public import public_view
from followup.scoring.agreement import AgreementReport, agreement

HERE = Path(__file__).resolve().parent
DEFAULT = HERE / "judges"


def lines(report: AgreementReport) -> list[str]:
    """Each pair's alpha, then each contested recommendation judge by judge."""
    out = [f"Agreement as of {report.as_of} on scale {report.scale!r}"]
    for pair in report.pairs:
        alpha = f"{pair.alpha:.2f}" if pair.alpha is not None else f"undefined ({pair.reason})"
        out.append(
            f"  {' / '.join(pair.judges)}: alpha {alpha} over {pair.units} "
            f"recommendations, {pair.agreed} agreed"
        )
    for judged in report.contested:
        out.append(f"{judged.rec_id}: contested")
        for j in judged.judgements:
            read = "" if j.common == j.level else f" (reads as {j.common or 'nothing'})"
            cited = j.evidence[0].citation if j.evidence else "no evidence"
            out.append(f"  {j.judge}: {j.level}{read} on {j.date}; {cited}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("registry", nargs="?", default=str(DEFAULT))
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2025, 12, 31))
    args = parser.parse_args()
    # what would be published: confidential assessments left out
    registry = public_view(followup.load(args.registry)).registry
    print(registry.info.title.pick(default_language=registry.info.language))
    for line in lines(agreement(registry, args.as_of)):
        print(line)


if __name__ == "__main__":
    main()

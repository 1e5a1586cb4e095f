"""``followup agreement``: where the judges disagree, and how far each pair agrees.

Works on the public view of the registry (confidential assessments left out), unless
``--include-confidential`` is given; the output says which.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from followup.cli._base import EXIT_OK, Subparsers, confidential_arg, date_arg, path_arg, view_of
from followup.cli._levels import scale_of
from followup.i18n import counted
from followup.model.registry import Registry
from followup.registry import load
from followup.scoring.agreement import (
    AgreementReport,
    Judgement,
    OverallAgreement,
    PairAgreement,
    agreement,
)
from followup.scoring.output import for_output

__all__ = ["add_agreement", "judges_agreement", "report_data"]

_THRESHOLDS = (
    "alpha: 1 is perfect agreement, 0 no better than chance, below 0 systematic "
    "disagreement; Krippendorff's rule for coders: rely on 0.800 or more, tentative "
    "conclusions from 0.667 (see docs/agreement.md)"
)


def add_agreement(commands: Subparsers) -> None:
    """``followup agreement``."""
    cmd = commands.add_parser(
        "agreement",
        help="where the judges disagree, and how far each pair agrees (Krippendorff's alpha)",
    )
    path_arg(cmd)
    cmd.add_argument("--as-of", type=date_arg, default=None, help="the date (today)")
    cmd.add_argument("--scale", default=None, help="the common scale (the registry's default)")
    cmd.add_argument("--format", choices=("text", "json"), default="text")
    confidential_arg(cmd, "assessments")


def _judge_name(registry: Registry, judge_id: str) -> str:
    judge = registry.info.judge(judge_id)
    if judge is None:
        return judge_id
    return judge.name.pick(default_language=registry.info.language)


def _alpha_text(item: PairAgreement | OverallAgreement) -> str:
    return f"alpha {item.alpha:.2f}" if item.alpha is not None else f"undefined: {item.reason}"


def _judgement_data(j: Judgement) -> dict[str, Any]:
    return {
        "judge": j.judge,
        "level": j.level,
        "scale": j.scale,
        "common": j.common,
        "date": j.date.isoformat(),
        "fact_date": j.fact_date.isoformat() if j.fact_date else None,
        "evidence": [e.citation for e in j.evidence],
        "unverified": j.unverified,
    }


def _agreement_data(item: PairAgreement | OverallAgreement) -> dict[str, Any]:
    return {
        "judges": list(item.judges),
        "units": item.units,
        "alpha": item.alpha,
        "agreed": item.agreed,
        "reason": item.reason,
    }


def report_data(report: AgreementReport, registry: Registry, view: str) -> dict[str, Any]:
    """The report as plain data (what ``--format json`` prints)."""
    return {
        "as_of": report.as_of.isoformat(),
        "scale": report.scale,
        "view": view,
        "judges": [
            {
                "id": judge_id,
                "name": _judge_name(registry, judge_id),
                "role": str(j.role) if (j := registry.info.judge(judge_id)) else None,
            }
            for judge_id in report.judges
        ],
        "pairs": [_agreement_data(p) for p in report.pairs],
        "overall": _agreement_data(report.overall),
        "judged": [
            {
                "recommendation": item.rec_id,
                "contested": item.contested,
                "judgements": [_judgement_data(j) for j in item.judgements],
            }
            for item in report.judged
        ],
    }


def _write_text(report: AgreementReport, registry: Registry, view: str, out: TextIO) -> None:
    w = out.write
    w(
        f"Agreement between judges as of {report.as_of.isoformat()} on scale "
        f"{report.scale!r} ({view})\n"
    )
    w(
        f"{counted('counted.recommendations', len(report.judged))} judged by two or more judges, "
        f"{len(report.contested)} contested\n"
    )
    if not report.pairs:
        w("no two judges have assessed the same recommendation\n")
        return
    w("\nJudges\n")
    for judge_id in report.judges:
        w(f"  {judge_id}: {_judge_name(registry, judge_id)}\n")
    w("\nAgreement of each pair (Krippendorff's alpha, ordinal)\n")
    rows: list[tuple[str, PairAgreement | OverallAgreement]] = [
        (" / ".join(p.judges), p) for p in report.pairs
    ]
    if len(report.judges) > 2:
        rows.append(("all judges", report.overall))
    width = max(len(name) for name, _ in rows)
    for name, figures in rows:
        w(
            f"  {name:<{width}}  {_alpha_text(figures)}; "
            f"{counted('counted.recommendations', figures.units)}, {figures.agreed} agreed\n"
        )
    w(f"{_THRESHOLDS}\n")
    if not report.contested:
        w("\nNo recommendation is contested.\n")
        return
    w("\nContested recommendations\n")
    for item in report.contested:
        w(f"  {item.rec_id}\n")
        jw = max(len(j.judge) for j in item.judgements)
        levels = [
            j.level if j.common == j.level else f"{j.level} ({j.common or 'not compared'})"
            for j in item.judgements
        ]
        lw = max(len(level) for level in levels)
        for j, level in zip(item.judgements, levels, strict=True):
            fact = f" (fact {j.fact_date.isoformat()})" if j.fact_date else ""
            cited = j.evidence[0].citation if j.evidence else "no evidence cited"
            flag = " [unverified]" if j.unverified else ""
            w(f"    {j.judge:<{jw}}  {level:<{lw}}  {j.date.isoformat()}{fact}  {cited}{flag}\n")


def judges_agreement(args: argparse.Namespace, out: TextIO) -> int:
    """``followup agreement PATH [--as-of D] [--scale S] [--format text|json]
    [--include-confidential]``."""
    seen = view_of(load(args.path), args.include_confidential, "assessments")
    registry, view = seen.registry, seen.label
    scale_of(registry.info, args.scale)
    report = agreement(registry, args.as_of, scale=args.scale)
    if args.format == "json":
        data = report_data(report, registry, view)
        out.write(json.dumps(for_output(data), ensure_ascii=False, indent=2) + "\n")
    else:
        _write_text(report, registry, view, out)
    return EXIT_OK

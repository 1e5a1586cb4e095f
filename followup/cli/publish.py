"""Commands that check and summarise a registry: ``validate``, ``info`` (``info --ids``:
the recommendations with their latest status). ``scorecard`` is in
:mod:`followup.cli.cards`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shlex
from collections import Counter
from collections.abc import Callable
from typing import Any, TextIO

from followup.cli._base import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Subparsers,
    View,
    confidential_arg,
    date_arg,
    path_arg,
    view_of,
)
from followup.i18n import counted
from followup.model.registry import Registry
from followup.registry import load
from followup.registry.report import Report

__all__ = [
    "add_info",
    "add_validate",
    "info",
    "summary",
    "validate",
]


def add_validate(commands: Subparsers) -> None:
    """``followup validate``."""
    validate_cmd = commands.add_parser(
        "validate", help="check a registry and list every problem with its place"
    )
    path_arg(validate_cmd)
    validate_cmd.add_argument("--format", choices=("text", "json"), default="text")
    validate_cmd.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    validate_cmd.add_argument("--quiet", "-q", action="store_true", help="leave out notices")
    validate_cmd.add_argument("--no-fast", action="store_true", help="read with ruamel.yaml only")


def add_info(commands: Subparsers) -> None:
    """``followup info``."""
    info_cmd = commands.add_parser("info", help="summarise what a registry holds")
    path_arg(info_cmd)
    info_cmd.add_argument("--as-of", type=date_arg, default=None, help="date for statuses (today)")
    info_cmd.add_argument(
        "--ids",
        action="store_true",
        help="list the recommendations' ids with their latest status (to assess them)",
    )
    info_cmd.add_argument(
        "--pending",
        action="store_true",
        help="also count the link suggestions not yet decided on (NGO asks against UN "
        "recommendations, reviews against earlier ones; lexical method, top 10 per "
        "recommendation); slower",
    )
    info_cmd.add_argument("--format", choices=("text", "json"), default="text")
    confidential_arg(info_cmd)


def validate(
    args: argparse.Namespace, out: TextIO, check: Callable[..., tuple[Any, Report]]
) -> int:
    """``followup validate PATH``; ``check`` is :func:`followup.check` (the caller's, so
    that it can be replaced in tests)."""
    registry, report = check(args.path, fast=not args.no_fast)
    if registry is not None:  # the decisions on suggested links (links.yaml), if kept
        from followup.registry.linkcheck import check_link_file

        more = check_link_file(args.path, registry)
        if more:
            report = Report.of((*report.problems, *more))
    hidden = 0
    if args.quiet:
        hidden = len(report.notices)
        report = Report.of(p for p in report.problems if p.severity != "notice")
    if args.format == "json":
        out.write(report.to_json() + "\n")
    else:
        text = report.to_text()
        if hidden:  # the summary must not read as if there were none
            text += f" ({hidden} notices left out by --quiet, e.g. unverified facts)"
        out.write(text + "\n")
    if report.errors or (args.strict and report.warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


def summary(registry: Registry, as_of: dt.date) -> dict[str, Any]:
    """The facts ``followup info`` prints, as plain data."""
    reviews = []
    for review in registry.reviews.values():
        recs = registry.by_review(review.id)
        reviews.append(
            {
                "id": review.id,
                "mechanism": str(review.mechanism),
                "state": review.state,
                "date": review.date.isoformat(),
                "title": review.title.pick(default_language=registry.info.language),
                "recommendations": len(recs),
                "follow_up": sum(r.follow_up for r in recs),
                "follow_up_due": (
                    review.follow_up.due.isoformat()
                    if review.follow_up and review.follow_up.due
                    else None
                ),
            }
        )
    mechanisms: Counter[str] = Counter()
    themes: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    unverified = 0
    for rec in registry.recommendations.values():
        mechanisms[str(registry.review_of(rec).mechanism)] += 1
        for theme in rec.themes or ("(no theme)",):
            themes[theme] += 1
        latest = registry.latest_assessment(rec.id, as_of)
        statuses[latest.status if latest else "unknown (not assessed)"] += 1
        unverified += _count_unverified(rec)
    for review in registry.reviews.values():
        unverified += bool(review.unverified)
        unverified += bool(review.follow_up and review.follow_up.unverified)
    return {
        "id": registry.info.id,
        "title": registry.info.title.pick(default_language=registry.info.language),
        "version": registry.info.version,
        "states": list(registry.info.states),
        "as_of": as_of.isoformat(),
        "recommendations": len(registry),
        "reviews": reviews,
        "by_mechanism": dict(mechanisms.most_common()),
        "by_theme": dict(themes.most_common()),
        "by_status": dict(statuses.most_common()),
        "unverified_marks": unverified,
    }


def _count_unverified(rec: Any) -> int:
    count = bool(rec.unverified) + bool(rec.source.unverified)
    for entry in rec.history:
        count += bool(entry.unverified)
        count += sum(bool(e.unverified) for e in entry.evidence)
    return count


def statuses(registry: Registry, as_of: dt.date) -> list[dict[str, Any]]:
    """Each recommendation's id, review and latest assessment as of ``as_of`` (its
    status, scale, date and judge; None for those not assessed), in registry order."""
    rows = []
    for rec in registry.recommendations.values():
        latest = registry.latest_assessment(rec.id, as_of)
        rows.append(
            {
                "id": rec.id,
                "review": rec.review,
                "status": latest.status if latest else None,
                "scale": (latest.scale or registry.info.default_scale) if latest else None,
                "on": latest.date.isoformat() if latest else None,
                "by": latest.by if latest else None,
            }
        )
    return rows


def _ids(view: View, as_of: dt.date, form: str, out: TextIO) -> int:
    """``info --ids``: one line per recommendation (or JSON)."""
    rows = statuses(view.registry, as_of)
    if form == "json":
        data = {"as_of": as_of.isoformat(), **view.data(), "recommendations": rows}
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    out.write(f"{counted('counted.recommendations', len(rows))}, latest status as of ")
    out.write(f"{as_of.isoformat()}; {view.line()}\n")
    width = max((len(row["id"]) for row in rows), default=0)
    for row in rows:
        if row["status"] is None:
            said = "not assessed"
        else:
            scale = "" if row["scale"] == view.registry.info.default_scale else f" ({row['scale']})"
            said = f"{row['status']}{scale}, on {row['on']} by {row['by']}"
        out.write(f"  {row['id']:<{width}}  {said}\n")
    if not rows:
        out.write("  none yet: add them with `followup add-recommendation`\n")
    return EXIT_OK


def info(args: argparse.Namespace, out: TextIO) -> int:
    """``followup info PATH [--as-of D] [--format text|json] [--include-confidential]``:
    on the public view unless ``--include-confidential``."""
    view = view_of(load(args.path), args.include_confidential)
    as_of = args.as_of or dt.date.today()
    if args.ids:
        return _ids(view, as_of, args.format, out)
    data = {**summary(view.registry, as_of), **view.data(), **_links(args, view.registry)}
    if args.format == "json":
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    w = out.write
    w(f"{data['title']}\n")
    w(
        f"  registry {data['id']}, dataset version {data['version']}, "
        f"states: {', '.join(data['states'])}\n"
    )
    w(
        f"  {counted('counted.recommendations', data['recommendations'])} in "
        f"{counted('counted.reviews', len(data['reviews']))}; "
        f"statuses as of {data['as_of']}\n"
    )
    w(f"  {view.line()}\n\n")
    w("Reviews\n")
    for r in data["reviews"]:
        due = f", follow-up due {r['follow_up_due']}" if r["follow_up_due"] else ""
        flagged = f", {r['follow_up']} under follow-up" if r["follow_up"] else ""
        w(
            f"  {r['date']:<10}  {r['id']:<22} {r['mechanism']:<5} "
            f"{counted('counted.recommendations', r['recommendations']):>19}{flagged}{due}\n"
        )
    for title, key in (
        ("By mechanism", "by_mechanism"),
        ("By theme", "by_theme"),
        ("By latest status", "by_status"),
    ):
        w(f"\n{title}\n")
        for name, count in data[key].items():
            w(f"  {count:>5}  {name}\n")
    _write_links(data, w)
    marks = data["unverified_marks"]
    w(
        f"\n{marks} fact{' carries' if marks == 1 else 's carry'} an `unverified` mark: "
        "run `followup validate` to list them before publishing.\n"
        f"`followup info {shlex.quote(args.path)} --ids` lists the recommendations' ids "
        "and statuses.\n"
    )
    return EXIT_OK


def _links(args: argparse.Namespace, registry: Registry) -> dict[str, Any]:
    """The decisions recorded on suggested links, by decision and kind; with
    ``--pending``, the number of suggestions nobody has decided on yet."""
    from followup.model.linkdecision import LinkKind
    from followup.registry.linkfile import read_link_decisions

    decisions = read_link_decisions(args.path)
    data: dict[str, Any] = {
        "link_decisions": {
            name: {k.value: len(pick(k)) for k in LinkKind}
            for name, pick in (("accepted", decisions.accepted), ("rejected", decisions.rejected))
        }
    }
    if getattr(args, "pending", False):
        from followup.links import suggest

        pending = 0
        for kind in ("relates_to", "reiterates"):
            found = suggest(registry, "all", "all", kind, 10, method="lexical", decisions=decisions)
            pending += len(found)
        data["pending_link_suggestions"] = pending
    return data


def _write_links(data: dict[str, Any], w: Callable[[str], object]) -> None:
    decided = data["link_decisions"]
    total = sum(sum(kinds.values()) for kinds in decided.values())
    pending = data.get("pending_link_suggestions")
    if not total and pending is None:
        return
    w("\nSuggested links decided on\n")
    for name, kinds in decided.items():
        parts = ", ".join(f"{n} {kind}" for kind, n in kinds.items() if n) or "none"
        w(f"  {sum(kinds.values()):>5}  {name} ({parts})\n")
    if pending is not None:
        w(
            f"  {pending:>5}  pending: suggestions nobody has decided on yet "
            "(NGO asks and earlier reviews, lexical, top 10 each)\n"
        )

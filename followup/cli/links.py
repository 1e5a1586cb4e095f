"""``followup links suggest|evaluate|review``: suggested links between recommendations,
how well they match gold links, and a person deciding on them. ``suggest`` and
``evaluate`` write nothing; ``review`` writes each decision at once (accepted links into
the recommendations, every decision into the registry's ``links.yaml``).

Works on the public view of the registry (confidential recommendations left out) unless
``--include-confidential`` is given. :mod:`followup.links` is imported when a command
runs, not when the parser is built.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from typing import TYPE_CHECKING, TextIO

from followup.cli._base import EXIT_OK, EXIT_USAGE, Subparsers, confidential_arg, path_arg, view_of
from followup.cli._help import EXAMPLES
from followup.registry import load
from followup.scoring.output import for_output

if TYPE_CHECKING:
    from followup.links import Evaluation, Suggestion
    from followup.model.linkdecision import LinkDecisions
    from followup.model.registry import Registry

__all__ = ["add_links", "links_command"]

_KINDS = ("relates_to", "reiterates", "cluster")
_SELECTOR = (
    "a review id, mechanism:UPR, theme:ID, state:KAZ, all, or recommendation ids "
    "separated by commas"
)
_MORE = "; given again, the selections are joined"

EXAMPLES.setdefault(
    "links",
    (None, "followup links suggest registries/kazakhstan --from kaz-iphr-2025 --to mechanism:CCPR"),
)
EXAMPLES.setdefault(
    "links suggest",
    (
        None,
        "followup links suggest registries/kazakhstan --from kaz-iphr-2025 "
        "--to mechanism:CCPR --top 5 --format json",
    ),
)
EXAMPLES.setdefault(
    "links review",
    (
        None,
        "followup links review registries/kazakhstan --from kaz-iphr-2025 --to mechanism:CCPR "
        "--top 3",
    ),
)
EXAMPLES.setdefault(
    "links evaluate",
    (None, "followup links evaluate registries/kazakhstan --gold gold.jsonl --format json"),
)


def add_links(commands: Subparsers) -> None:
    """``followup links suggest|evaluate|review``."""
    cmd = commands.add_parser(
        "links", help="suggested links between recommendations, for a person to decide on"
    )
    actions = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    suggest = actions.add_parser(
        "suggest",
        help="rank, for each source recommendation, the targets most likely to be the same ask",
        description="For each recommendation of --from, the recommendations of --to most "
        "likely to be the same ask, best first, with a score (lexical similarity, 1 for the "
        "best, plus boosts for shared themes, rights and SDG targets) and the method. "
        "Writes nothing.",
    )
    path_arg(suggest)
    suggest.add_argument(
        "--from", dest="source", action="append", required=True, help=f"sources: {_SELECTOR}{_MORE}"
    )
    suggest.add_argument(
        "--to", dest="target", action="append", required=True, help=f"targets: {_SELECTOR}{_MORE}"
    )
    _common(suggest, top=10)
    review = actions.add_parser(
        "review",
        help="decide on suggestions one by one in the terminal: accept, reject, skip, quit",
        description="Show each suggestion (both texts, score, method, kind) and read one "
        "key: a accepts (the link is written into the source recommendation and the "
        "decision into the registry's links.yaml), r rejects (the pair is never suggested "
        "again), s skips, q quits. Each decision is written at once. Pairs decided before "
        "are not shown. Without a terminal, reads one letter per line from standard input.",
    )
    path_arg(review)
    review.add_argument(
        "--from", dest="source", action="append", required=True, help=f"sources: {_SELECTOR}{_MORE}"
    )
    review.add_argument(
        "--to", dest="target", action="append", required=True, help=f"targets: {_SELECTOR}{_MORE}"
    )
    review.add_argument(
        "--by",
        default=None,
        metavar="NAME",
        help="who decides (default: the registry's compilers judge, else the login name)",
    )
    _common(review, top=5, formats=False)
    evaluate = actions.add_parser(
        "evaluate",
        help="recall@k, MRR and nDCG@10 of the suggestions against gold links",
        description="Suggest links for the sources of the gold file (or --from) and measure "
        "them against it: recall@1/5/10/20, MRR and nDCG@10, macro-averaged over the "
        "sources with a relevant gold link, overall and per language pair. Pairs already "
        "linked in the registry are kept among the candidates (--exclude-linked leaves "
        "them out).",
    )
    path_arg(evaluate)
    evaluate.add_argument(
        "--gold",
        action="append",
        default=None,
        metavar="FILE",
        help='JSON Lines of {"source": ID, "target": ID, "relevance": N}; given again, the '
        "files are read as one (default: the links recorded in the registry, relevance "
        "1); for --kind cluster a gold pair counts both ways",
    )
    evaluate.add_argument(
        "--from", dest="source", action="append", default=None, help=f"sources (the gold's){_MORE}"
    )
    evaluate.add_argument(
        "--to", dest="target", action="append", default=None, help=f"targets (all){_MORE}"
    )
    evaluate.add_argument(
        "--exclude-linked", action="store_true", help="leave out pairs already linked"
    )
    _common(evaluate, top=20)


def _common(parser: argparse.ArgumentParser, top: int, *, formats: bool = True) -> None:
    parser.add_argument(
        "--kind", choices=_KINDS, default=None, help="one kind of link (default: every kind)"
    )
    parser.add_argument(
        "--top", type=int, default=top, help=f"targets per source ({top}); no threshold"
    )
    if formats:
        parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument(
        "--method",
        choices=("auto", "lexical", "semantic", "combined"),
        default="auto",
        help="how pairs are scored; semantic and combined need the links extra "
        "(default auto: semantic when it is installed, else lexical)",
    )
    confidential_arg(parser, "recommendations")


def _clip(text: str, width: int = 72) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _write_suggestions(found: list[Suggestion], registry: Registry, out: TextIO) -> None:
    from followup.links.kinds import WORDING, Kind

    if not found:
        out.write("no candidates: no target may be linked to these sources (see --kind)\n")
        return
    language = registry.info.language
    current, rank = None, 0
    for s in found:
        rank = rank + 1 if s.source == current else 1
        if s.source != current:
            current = s.source
            text = registry.recommendations[s.source].text.pick(default_language=language)
            out.write(f"\n{s.source}: {_clip(text)}\n")
        target = registry.recommendations[s.target].text.pick(s.languages[1], (language,))
        wording = WORDING[Kind(s.kind)]
        out.write(
            f"  {rank:>2}. {s.score:.3f}  {wording} {s.target}  [{s.method}, {s.language_pair}]\n"
        )
        out.write(f"      {_clip(target, 68)}\n")


def _write_evaluation(evaluation: Evaluation, out: TextIO) -> None:
    head = ("pair", "sources", "R@1", "R@5", "R@10", "R@20", "MRR", "nDCG@10")
    rows = [("all", evaluation.overall), *evaluation.by_language.items()]
    width = max(len(head[0]), *(len(name) for name, _ in rows))
    out.write(f"{head[0]:<{width}}  " + "  ".join(f"{h:>7}" for h in head[1:]) + "\n")
    for name, m in rows:
        figures = [m.recall_at(k) for k in (1, 5, 10, 20)] + [m.mrr, m.ndcg]
        out.write(
            f"{name:<{width}}  {m.sources:>7}  " + "  ".join(f"{v:>7.3f}" for v in figures) + "\n"
        )


def _joined(registry: Registry, selectors: list[str]) -> list[str]:
    """The ids the selectors name, each once, in the order named."""
    from followup.links import select

    return list(dict.fromkeys(r.id for s in selectors for r in select(registry, s)))


def links_command(args: argparse.Namespace, out: TextIO) -> int:
    """``followup links suggest|evaluate|review``."""
    from followup import links
    from followup.registry.linkfile import read_link_decisions

    registry = view_of(load(args.path), args.include_confidential, "recommendations").registry
    if args.action in ("suggest", "review"):
        decisions = read_link_decisions(args.path)
        sources, targets = _joined(registry, args.source), _joined(registry, args.target)
        found = links.suggest(
            registry, sources, targets, args.kind, args.top, method=args.method, decisions=decisions
        )
        if args.action == "review":
            return _review(args, registry, decisions, found, out)
        if args.format == "json":
            data = [s.as_dict() for s in found]
            out.write(json.dumps(for_output(data), ensure_ascii=False, indent=2) + "\n")
        else:
            _write_suggestions(found, registry, out)
        return EXIT_OK
    if args.gold is None:
        gold = links.recorded_links(registry, args.kind)
        name = "the links recorded in the registry"
    else:
        gold = ()
        for path in args.gold:
            more = links.read_gold(path)
            links.check_gold(more, registry, path)
            gold += more
        name = ", ".join(args.gold)
    if args.source:
        sources = _joined(registry, args.source)
    else:
        sources = list(dict.fromkeys(g.source for g in gold if g.relevance > 0))
    if not sources:
        raise links.GoldError(f"{name}: no gold link with a relevance above 0 to measure against")
    if args.kind == "cluster":
        gold = links.both_ways(gold)
    chosen = set(sources)
    gold = tuple(g for g in gold if g.source in chosen)  # measured on these sources only
    found = links.suggest(
        registry,
        sources,
        _joined(registry, args.target or ["all"]),
        args.kind,
        args.top,
        exclude_linked=args.exclude_linked,
        method=args.method,
    )
    pairs = functools.partial(links.language_pair, registry)
    evaluation = links.evaluate(found, gold, pairs=pairs)
    if args.format == "json":
        out.write(json.dumps(for_output(evaluation.as_dict()), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(f"Suggestions against {name}, top {args.top} per source\n")
        _write_evaluation(evaluation, out)
    return EXIT_OK


def _review(
    args: argparse.Namespace,
    registry: Registry,
    decisions: LinkDecisions,
    found: list[Suggestion],
    out: TextIO,
) -> int:
    from followup.cli import _linkreview

    by = args.by or _linkreview.default_by(registry)
    if not by or not by.strip():
        _linkreview.say("links review: say who decides with --by NAME")
        return EXIT_USAGE
    with _linkreview.read_keys(sys.stdin) as keys:
        return _linkreview.review(args.path, registry, decisions, found, by, keys, out)

"""Measuring suggestions against gold links: recall@k, MRR and nDCG@10.

Every figure is a macro-average over the sources that have at least one relevant gold
link (relevance above 0); a source with no suggestion at all counts as a miss. For each
source, with its suggestions best first:

- recall@k: the share of its relevant targets found among the first k;
- reciprocal rank: 1 / the rank of the first relevant target (0 when none is suggested);
- nDCG@10: the graded gains ``2**relevance - 1`` of the first ten, each divided by
  ``log2(rank + 1)``, over the same sum for the gold targets in their best order.

Per language pair (``"es/en"``: the source's language, the target's), a source is
measured on its gold links of that pair only (see :func:`evaluate`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from attrs import frozen

from followup.links.gold import GoldLink
from followup.links.suggest import Suggestion
from followup.scoring.output import rounded

__all__ = ["CUTOFFS", "Evaluation", "Metrics", "evaluate", "ndcg", "recall", "reciprocal_rank"]

#: The k of recall@k.
CUTOFFS = (1, 5, 10, 20)
NDCG_AT = 10


def recall(ranked: Sequence[str], relevant: Iterable[str], k: int) -> float:
    """The share of ``relevant`` found among the first ``k`` of ``ranked``."""
    wanted = set(relevant)
    if not wanted:
        raise ValueError("recall needs at least one relevant target")
    return len(wanted.intersection(ranked[:k])) / len(wanted)


def reciprocal_rank(ranked: Sequence[str], relevant: Iterable[str]) -> float:
    """1 / the rank of the first relevant target in ``ranked`` (0 when none is)."""
    wanted = set(relevant)
    for rank, target in enumerate(ranked, start=1):
        if target in wanted:
            return 1 / rank
    return 0.0


def _dcg(grades: Iterable[int]) -> float:
    return sum(
        ((1 << grade) - 1) / math.log2(rank + 1) for rank, grade in enumerate(grades, start=1)
    )


def ndcg(ranked: Sequence[str], grades: Mapping[str, int], k: int = NDCG_AT) -> float:
    """Normalised discounted cumulative gain at ``k``, gains ``2**grade - 1``."""
    ideal = _dcg(sorted(grades.values(), reverse=True)[:k])
    if ideal == 0:
        raise ValueError("nDCG needs at least one target graded above 0")
    return _dcg(grades.get(target, 0) for target in ranked[:k]) / ideal


@frozen
class Metrics:
    """Macro-averaged figures over ``sources`` sources."""

    sources: int
    recall: tuple[tuple[int, float], ...]
    mrr: float
    ndcg: float

    def recall_at(self, k: int) -> float:
        """recall@k (k one of :data:`CUTOFFS`)."""
        return dict(self.recall)[k]

    def as_dict(self) -> dict[str, object]:
        """Plain data: sources, recall@k, mrr, ndcg@10 (figures rounded)."""
        data: dict[str, object] = {"sources": self.sources}
        data.update({f"recall@{k}": rounded(v) for k, v in self.recall})
        data["mrr"] = rounded(self.mrr)
        data[f"ndcg@{NDCG_AT}"] = rounded(self.ndcg)
        return data


@frozen
class Evaluation:
    """The figures over every source, and per language pair (``"en/en"``)."""

    overall: Metrics
    by_language: Mapping[str, Metrics]

    def as_dict(self) -> dict[str, object]:
        """Plain data: ``overall`` and ``by_language``."""
        return {
            "overall": self.overall.as_dict(),
            "by_language": {pair: m.as_dict() for pair, m in self.by_language.items()},
        }


@frozen
class _Scored:
    recall: tuple[float, ...]
    rr: float
    ndcg: float


def _average(items: Sequence[_Scored]) -> Metrics:
    n = len(items)
    if n == 0:
        return Metrics(0, tuple((k, 0.0) for k in CUTOFFS), 0.0, 0.0)
    return Metrics(
        n,
        tuple((k, sum(s.recall[i] for s in items) / n) for i, k in enumerate(CUTOFFS)),
        sum(s.rr for s in items) / n,
        sum(s.ndcg for s in items) / n,
    )


def _score(ranked: Sequence[str], graded: Mapping[str, int]) -> _Scored:
    relevant = [target for target, grade in graded.items() if grade > 0]
    return _Scored(
        tuple(recall(ranked, relevant, k) for k in CUTOFFS),
        reciprocal_rank(ranked, relevant),
        ndcg(ranked, graded),
    )


def evaluate(
    suggestions: Iterable[Suggestion],
    gold: Iterable[GoldLink],
    *,
    pairs: Callable[[str, str], str] | None = None,
) -> Evaluation:
    """recall@1/5/10/20, MRR and nDCG@10 of ``suggestions`` against ``gold``, macro-averaged
    over the sources with a relevant gold link, overall and per language pair.

    Per language pair, each source is measured on its gold links of that pair only,
    against its whole ranked list. ``pairs(source, target)`` gives the pair of a gold
    link (:func:`followup.links.suggest.language_pair` with the registry bound); without
    it, a gold link takes the pair of the suggestion of the same two recommendations,
    or else the pair most of the source's suggestions compared (``none`` when it has no
    suggestion).
    """
    grades: dict[str, dict[str, int]] = {}
    for link in gold:
        grades.setdefault(link.source, {})[link.target] = link.relevance
    per_source: dict[str, list[Suggestion]] = {}
    for s in suggestions:
        per_source.setdefault(s.source, []).append(s)
    everything: list[_Scored] = []
    scored: dict[str, list[_Scored]] = {}
    for source in sorted(grades):
        graded = grades[source]
        if not any(grade > 0 for grade in graded.values()):
            continue
        found = sorted(per_source.get(source, []), key=lambda s: (-s.score, s.target))
        ranked = [s.target for s in found]
        everything.append(_score(ranked, graded))
        by_pair: dict[str, dict[str, int]] = {}
        for target, grade in graded.items():
            by_pair.setdefault(_pair_of(source, target, found, pairs), {})[target] = grade
        for pair, part in sorted(by_pair.items()):
            if any(grade > 0 for grade in part.values()):
                scored.setdefault(pair, []).append(_score(ranked, part))
    return Evaluation(
        _average(everything), {pair: _average(items) for pair, items in sorted(scored.items())}
    )


def _pair_of(
    source: str,
    target: str,
    found: Sequence[Suggestion],
    pairs: Callable[[str, str], str] | None,
) -> str:
    if pairs is not None:
        return pairs(source, target)
    for s in found:
        if s.target == target:
            return s.language_pair
    counts = Counter(s.language_pair for s in found)
    return min(counts, key=lambda p: (-counts[p], p)) if counts else "none"

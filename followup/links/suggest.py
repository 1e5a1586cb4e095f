"""Ranking: for each source recommendation, the targets most likely to be the same ask.

Texts are compared in a language both sides are written in, when there is one (the
source's order of languages decides), else each side in its own first language; the
pair of languages is recorded in each suggestion (:func:`language_pair`).

The score of a pair is its lexical similarity plus boosts. The lexical similarity is
BM25 (:mod:`followup.links.lexical`) over stemmed words when both texts are in the same
language, and over stemmed words and character n-grams (each channel scaled to its best
candidate, then added) across languages; it is then scaled so that the best candidate of
each source and pair of languages scores 1. A boost is added for each attribute the two
share, the Jaccard share of the two sets times its weight in :data:`BOOSTS`: themes,
rights (a recommendation's own and its themes'), SDG targets. A score thus lies between
0 and 1 + the sum of the weights; it ranks the targets of one source and says nothing
across sources. There is no threshold: the list is cut by ``top``; ties go to the lower
target id.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from attrs import evolve, frozen

from followup.links import lexical
from followup.links._pairs import (
    BOOSTS,
    _boost,
    _Features,
    _features,
    _languages,
    _pair,
    _text_in,
    language_pair,
)
from followup.links._text import Analysed, analyse
from followup.links.kinds import Kind, kind_between, linked_pairs, parse_kind
from followup.links.select import LinkError, select
from followup.model.linkdecision import LinkDecisions
from followup.model.records import Recommendation
from followup.model.registry import Registry
from followup.model.text import Text
from followup.scoring.output import rounded

if TYPE_CHECKING:
    from followup.links import semantic

__all__ = ["BOOSTS", "CHANNELS", "Suggestion", "language_pair", "suggest"]

#: Weights of the two lexical channels (stemmed words, character n-grams), for texts
#: compared in two different languages (False) and in the same language (True).
CHANNELS = {False: (1.0, 1.0), True: (1.0, 0.0)}

Selection = str | Iterable[str | Recommendation]


@frozen
class Suggestion:
    """A target suggested for a source: score, the method that gave it, the kind of link,
    and the languages compared (source's, target's)."""

    source: str
    target: str
    score: float
    method: str
    kind: str
    languages: tuple[str, str]

    @property
    def language_pair(self) -> str:
        """The languages compared, source's first: ``"es/en"``."""
        return f"{self.languages[0]}/{self.languages[1]}"

    def as_dict(self) -> dict[str, object]:
        """The JSON form: source, target, score (rounded), method, kind."""
        return {
            "source": self.source,
            "target": self.target,
            "score": rounded(self.score),
            "method": self.method,
            "kind": self.kind,
        }


def _resolve(registry: Registry, selection: Selection) -> tuple[Recommendation, ...]:
    if isinstance(selection, str):
        return select(registry, selection)
    found: list[Recommendation] = []
    for item in selection:
        found.append(registry.recommendation(item) if isinstance(item, str) else item)
    return tuple(dict.fromkeys(found))


class _Targets:
    """The targets, their languages, and one BM25 index per language (built on demand)."""

    def __init__(self, registry: Registry, targets: Sequence[Recommendation]) -> None:
        self.registry = registry
        self.recs = targets
        self.size = len(targets)
        self.default = registry.info.language
        self.ids = [t.id for t in targets]
        self.position = {rec_id: p for p, rec_id in enumerate(self.ids)}
        self.by_id = sorted(range(self.size), key=self.ids.__getitem__)
        self.languages = [_languages(t.text, self.default) for t in targets]
        distinct: dict[_Features, int] = {}
        self.feature_ids = [
            distinct.setdefault(_features(registry, t), len(distinct)) for t in targets
        ]
        self.features = list(distinct)
        self.by_review: dict[str, list[int]] = {}
        for p, rec in enumerate(targets):
            self.by_review.setdefault(rec.review, []).append(p)
        self._indexes: dict[str, tuple[lexical.Index, list[int] | None]] = {}
        self._boosts: dict[_Features, list[float]] = {}
        self._shares: dict[_Features, list[tuple[float, ...]]] = {}
        self._boost_arrays: dict[_Features, Any] = {}

    def index(self, language: str) -> tuple[lexical.Index, list[int] | None]:
        """The index of the targets written in ``language``, and their positions (None
        when they are all the targets, in order)."""
        if language not in self._indexes:
            members = [p for p, langs in enumerate(self.languages) if language in langs]
            texts = [
                analyse(_text_in(self.recs[p].text, language, self.default), language)
                for p in members
            ]
            every = None if len(members) == self.size else members
            self._indexes[language] = (lexical.build_index(texts), every)
        return self._indexes[language]

    def shares(self, mine: _Features) -> list[tuple[float, ...]]:
        """The shares (:meth:`_Features.shares`) of each distinct target feature set with
        a source's, by the targets' ``feature_ids``."""
        if mine not in self._shares:
            self._shares[mine] = [mine.shares(theirs) for theirs in self.features]
        return self._shares[mine]

    def boosts(self, mine: _Features) -> list[float]:
        """The boost of each target for a source with these features."""
        if mine not in self._boosts:
            table = [_boost(shares) for shares in self.shares(mine)]
            self._boosts[mine] = [table[f] for f in self.feature_ids]
        return self._boosts[mine]

    def boost_array(self, mine: _Features) -> Any:
        """:meth:`boosts` as a numpy array (the semantic method ranks in arrays)."""
        import numpy as np

        if mine not in self._boost_arrays:
            self._boost_arrays[mine] = np.asarray(self.boosts(mine), dtype=np.float64)
        return self._boost_arrays[mine]


def _weights_for(source_lang: str, target_lang: str) -> tuple[float, float]:
    return CHANNELS[source_lang == target_lang]


def _normalised(words: list[int], grams: list[int], weights: tuple[float, float]) -> list[float]:
    if not weights[1]:  # words alone: one pass
        scale = 1 / (max(words, default=0) or 1)
        return [scale * w for w in words]
    a = weights[0] / (max(words, default=0) or 1)
    b = weights[1] / (max(grams, default=0) or 1)
    combined = [a * w + b * g for w, g in zip(words, grams, strict=True)]
    best = max(combined, default=0.0) or 1.0
    return [value / best for value in combined]


def _lexical(
    targets: _Targets,
    query: Mapping[str, Analysed],
    groups: Mapping[tuple[str, str], _Group],
    excluded: set[int],
) -> list[float]:
    """Lexical similarity of the source to each target, in 0..1: 1 for the best candidate
    of each pair of languages, 0 for a target that is no candidate."""
    result = [0.0] * targets.size
    for (source_lang, target_lang), group in groups.items():
        index, members = targets.index(target_lang)
        weights = _weights_for(source_lang, target_lang)
        by_words, by_grams = index.scores(query[source_lang], grams=weights[1] > 0)
        if members is None and len(groups) == 1:
            for p in (*group.others, *excluded):
                by_words[p] = by_grams[p] = 0
            return _normalised(by_words, by_grams, weights)
        where = range(targets.size) if members is None else members
        kept = [(i, p) for i, p in enumerate(where) if p in group.members and p not in excluded]
        values = _normalised(
            [by_words[i] for i, _ in kept], [by_grams[i] for i, _ in kept], weights
        )
        for (_, p), value in zip(kept, values, strict=True):
            result[p] = value
    return result


@frozen
class _Group:
    """The targets a source compares in one pair of languages, and the others."""

    members: set[int]
    others: list[int]


def suggest(
    registry: Registry,
    source: Selection,
    target: Selection = "all",
    kind: str | Kind | None = None,
    top: int = 10,
    *,
    exclude_linked: bool = True,
    method: str = "lexical",
    decisions: LinkDecisions | None = None,
) -> list[Suggestion]:
    """For each recommendation of ``source``, the ``top`` recommendations of ``target``
    most likely to be the same ask, best first (sources in the order selected).

    ``source`` and ``target`` are selectors (see :mod:`followup.links.select`) or
    iterables of ids or recommendations. ``kind`` limits the links to one kind (by
    default each pair gets the kind it can have, see :mod:`followup.links.kinds`).
    Pairs already linked in the registry are left out unless ``exclude_linked`` is
    false (as when measuring against the recorded links). Pairs a person decided on in
    ``decisions`` (rejected, or accepted) are left out too.
    """
    try:
        wanted = parse_kind(kind)
    except ValueError as exc:
        raise LinkError(str(exc)) from None
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise LinkError(f"top must be a whole number of 1 or more, not {top!r}")
    if method == "auto":  # semantic when the extra is installed
        from followup.links import semantic

        method = "semantic" if semantic.available() else "lexical"
    if method not in METHODS:
        raise LinkError(f"method must be one of {', '.join(METHODS)} or auto, not {method!r}")
    sources = _resolve(registry, source)
    targets = _Targets(registry, _resolve(registry, target))
    linked: dict[str, set[str]] = {}
    if exclude_linked:
        for pair in linked_pairs(registry.recommendations.values()):
            a, b = sorted(pair)
            linked.setdefault(a, set()).add(b)
            linked.setdefault(b, set()).add(a)
    for _, a, b in decisions.standing() if decisions is not None else ():
        linked.setdefault(a, set()).add(b)
        linked.setdefault(b, set()).add(a)
    eligible: dict[str, dict[int, Kind]] = {}
    order: dict[str, list[int]] = {}  # the eligible targets, by id
    groups_of: dict[tuple[str, tuple[str, ...]], dict[tuple[str, str], _Group]] = {}
    out: list[Suggestion] = []
    meaning = None
    if method != "lexical":  # eligibility first: only the texts compared are embedded
        for rec in sources:
            if rec.review not in eligible:
                eligible[rec.review] = found = _eligible(registry, targets, rec.review, wanted)
                order[rec.review] = [p for p in targets.by_id if p in found]
        meaning = _meaning(sources, targets, eligible)
    for i, rec in enumerate(sources):
        if rec.review not in eligible:
            eligible[rec.review] = found = _eligible(registry, targets, rec.review, wanted)
            order[rec.review] = [p for p in targets.by_id if p in found]
        kinds = eligible[rec.review]
        if not kinds:
            continue
        langs = _languages(rec.text, targets.default)
        key = (rec.review, langs)
        if key not in groups_of:
            members: dict[tuple[str, str], set[int]] = {}
            for p in kinds:
                members.setdefault(_pair(langs, targets.languages[p]), set()).add(p)
            groups_of[key] = {
                pair: _Group(them, [p for p in range(targets.size) if p not in them])
                for pair, them in members.items()
            }
        near = {rec.id, *linked.get(rec.id, ())}
        excluded = {targets.position[i] for i in near if i in targets.position}
        scaled: list[float] | None = None
        if meaning is not None:
            base = order[rec.review]
            chosen = [p for p in base if p not in excluded] if excluded else base
            if method == "semantic":  # ranked in arrays: scaled cosines plus boosts
                mine = _features(registry, rec)
                picked = meaning.best(i, chosen, targets.boost_array(mine), top)
                out.extend(_found(targets, rec, mine, picked, groups_of[key], method, kinds))
                continue
            scaled = meaning.scaled(i, chosen)
        ranked = _rank(
            registry, targets, rec, order[rec.review], groups_of[key], excluded, top, method, scaled
        )
        out.extend(evolve(s, kind=kinds[targets.position[s.target]].value) for s in ranked)
    return out


def _eligible(
    registry: Registry, targets: _Targets, review_id: str, wanted: Kind | None
) -> dict[int, Kind]:
    source_review = registry.reviews[review_id]
    found: dict[int, Kind] = {}
    for target_review, positions in targets.by_review.items():
        kind = kind_between(source_review, registry.reviews[target_review], wanted)
        if kind is not None:
            found.update(dict.fromkeys(positions, kind))
    return found


def _rank(
    registry: Registry,
    targets: _Targets,
    rec: Recommendation,
    candidates: list[int],
    groups: Mapping[tuple[str, str], _Group],
    excluded: set[int],
    top: int,
    method: str = "lexical",
    scaled: list[float] | None = None,
) -> list[Suggestion]:
    """The best ``top`` of ``candidates`` (positions, in id order) for ``rec``; their
    kind is left for the caller to fill in."""
    mine = _features(registry, rec)
    query = {
        source_lang: analyse(_text_in(rec.text, source_lang, targets.default), source_lang)
        for source_lang, _ in groups
    }
    similarity = _lexical(targets, query, groups, excluded)
    if scaled is not None:  # combined: the two on one 0..1 scale, added
        similarity = [a + b for a, b in zip(similarity, scaled, strict=True)]
    totals = [s + b for s, b in zip(similarity, targets.boosts(mine), strict=True)]
    for p in excluded:
        totals[p] = -math.inf
    # nlargest is stable: among equal totals the first candidate, the lower id, wins
    best = [p for p in heapq.nlargest(top, candidates, key=totals.__getitem__) if p not in excluded]
    return _found(targets, rec, mine, [(p, totals[p]) for p in best], groups, method)


def _found(
    targets: _Targets,
    rec: Recommendation,
    mine: _Features,
    picked: Sequence[tuple[int, float]],
    groups: Mapping[tuple[str, str], _Group],
    method: str,
    kinds: Mapping[int, Kind] | None = None,
) -> list[Suggestion]:
    """Suggestions for ``rec`` of the ``picked`` (position, score) targets, best first,
    each naming its method and the boosts that applied, and its kind from ``kinds`` (by
    target position; left blank without it)."""
    found = []
    name = _method_name(method)
    table = targets.shares(mine)
    for p, total in picked:
        pair = next(pair for pair, group in groups.items() if p in group.members)
        shares = table[targets.feature_ids[p]]
        boosts = "".join(f"+{b}" for (b, _), share in zip(BOOSTS, shares, strict=True) if share)
        kind = "" if kinds is None else kinds[p].value
        found.append(Suggestion(rec.id, targets.ids[p], total, name + boosts, kind, pair))
    return found


#: The ways of scoring a pair: lexical (core), semantic and combined (the extra "links");
#: ``auto`` is semantic when the extra is installed, else lexical.
METHODS = ("lexical", "semantic", "combined")


def _method_name(method: str) -> str:
    if method == "lexical":
        return lexical.NAME
    from followup.links import semantic

    return semantic.NAME if method == "semantic" else f"{lexical.NAME}+{semantic.NAME}"


def _first_text(text: Text | str) -> str:
    return text if isinstance(text, str) else text.items[0][1]


def _meaning(
    sources: Sequence[Recommendation], targets: _Targets, eligible: Mapping[str, Mapping[int, Kind]]
) -> semantic.Similarities:
    """The cosines of the sources' texts with the targets' (each in its first language:
    the model puts translations close together); texts no pair needs are not embedded."""
    from followup.links import semantic  # numpy and the model load only now

    needed: set[int] = set()
    for found in eligible.values():
        needed.update(found)
    return semantic.similarity_matrix(
        [_first_text(r.text) if eligible[r.review] else None for r in sources],
        [_first_text(t.text) if p in needed else None for p, t in enumerate(targets.recs)],
    )
